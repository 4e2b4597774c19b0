// "Keamanan akun": the user's second factor, their sessions (ending one or all the
// others), and their link to the city's single sign-on; and ADMIN ending all of a
// user's sessions. Thin: parse, call the services, render.
import { Router } from "express";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Config } from "../../platform/config.js";
import { flash } from "../../platform/http/flash.js";
import { route } from "../../platform/http/validate.js";
import { routes } from "./schema.js";
import { userOf } from "../../platform/http/current-user.js";
import { adminOnly, loggedIn } from "../../core/policies/index.js";
import { securityPage } from "./security-page.js";
import { endAllSessions, endOtherSessions, endSession } from "./sessions.js";

export function accountSecurityRoutes(prisma: PrismaClient, config: Config): Router {
  const r = Router();
  const idleMs = config.sessionIdleMinutes * 60_000;

  r.get(
    "/akun/keamanan",
    loggedIn,
    route(routes.page, async (req, res) => {
      res.render("account/security", { title: "Keamanan akun", ...(await securityPage(prisma, userOf(req).id, req.sessionID, idleMs)) });
    }),
  );

  r.post(
    "/akun/sesi/:handle/akhiri",
    loggedIn,
    route(routes.endOne, async (req, res, { params }) => {
      const ended = await endSession(prisma, userOf(req).id, params.handle, req.sessionID);
      flash(req, ended ? "success" : "info", ended ? "Sesi itu diakhiri: perangkat tersebut harus masuk lagi." : "Sesi itu sudah berakhir.");
      res.redirect("/akun/keamanan");
    }),
  );

  r.post(
    "/akun/sesi/akhiri-lainnya",
    loggedIn,
    route(routes.endOthers, async (req, res) => {
      const n = await endOtherSessions(prisma, userOf(req).id, req.sessionID);
      flash(req, "success", n ? `${n} sesi lain diakhiri. Sesi di perangkat ini tetap berjalan.` : "Tidak ada sesi lain yang berjalan.");
      res.redirect("/akun/keamanan");
    }),
  );

  r.post(
    "/admin/pengguna/:id/sesi/akhiri",
    adminOnly("user"),
    route(routes.endAll, async (req, res, { params }) => {
      const n = await endAllSessions(prisma, userOf(req).id, params.id);
      if (params.id === userOf(req).id) {
        // One's own sessions include this one: back to the login page.
        res.redirect("/login");
        return;
      }
      flash(req, "success", n ? `${n} sesi pengguna ini diakhiri.` : "Pengguna ini tidak punya sesi yang berjalan.");
      res.redirect(`/admin/pengguna/${params.id}`);
    }),
  );

  return r;
}
