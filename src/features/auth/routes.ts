// Login, logout and changing one's own password.
import { Router, type Request, type Response } from "express";
import type passport from "passport";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { flash } from "../../platform/http/flash.js";
import { parseForm } from "../../platform/http/forms.js";
import { form, query, route, text } from "../../platform/http/validate.js";
import { userOf } from "../../platform/http/current-user.js";
import { changeOwnPassword } from "./auth-service.js";
import { deviceCookieName, deviceCookieOptions } from "./device-cookie.js";
import { loggedIn } from "../../core/policies/index.js";
import { changePasswordSchema, loginSchema } from "./schema.js";

/** Only same-site paths may be returned to after login. */
const safeNext = (t: string | undefined): string => (typeof t === "string" && t.startsWith("/") && !t.startsWith("//") && !t.startsWith("/\\") ? t : "/");

/** What passport or the session reported, for the error handler: an Error as it is (they always are), anything else wrapped in one. */
const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(`passport: ${String(e)}`));
/** The middleware passport.authenticate() returns (typed `any` by @types/passport). */
type Authenticate = (req: Request, res: Response, next: (err?: unknown) => void) => void;

const loginPage = { query: query({ next: text(600).optional(), keluar: text(5).optional() }) };
const loginPost = { body: form({ username: text(200).optional(), password: text(200).optional(), next: text(600).optional() }) };
const passwordPost = { body: form({ current: text(200).optional(), next: text(200).optional(), confirm: text(200).optional() }) };

export function authRoutes(prisma: PrismaClient, pp: passport.PassportStatic): Router {
  const r = Router();

  r.get(
    "/login",
    route(loginPage, (req, res, { query }) => {
      if (req.user) {
        res.redirect(safeNext(query.next));
        return;
      }
      res.render("auth/login", { title: "Masuk", username: "", error: null, next: safeNext(query.next), loggedOut: query.keluar === "1" });
    }),
  );

  r.post(
    "/login",
    route(
      loginPost,
      (req, res, { body }) =>
        new Promise<void>((resolve, reject) => {
          const login = loginSchema.safeParse(body);
          const username = login.success ? login.data.username : "";
          const next = safeNext(body.next);
          (
            pp.authenticate("local", (err: unknown, user: Express.User | false, info?: { message?: string; deviceToken?: string }) => {
              if (err) {
                reject(asError(err));
                return;
              }
              if (!user) {
                res
                  .status(401)
                  .render("auth/login", { title: "Masuk", username, error: info?.message ?? "Isi nama pengguna dan kata sandi.", next, loggedOut: false });
                resolve();
                return;
              }
              // Passport regenerates the session here (no fixation); a fresh CSRF token follows.
              req.login(user, (e) => {
                if (e) {
                  reject(asError(e));
                  return;
                }
                // This browser is now known for this user: a later login from it is not held up by an attack from the same address.
                if (info?.deviceToken) res.cookie(deviceCookieName(user.id), info.deviceToken, deviceCookieOptions(req.secure));
                res.redirect(user.mustChangePassword ? "/akun/password" : next);
                resolve();
              });
            }) as Authenticate
          )(req, res, (e) => {
            reject(asError(e));
          });
        }),
    ),
  );

  r.post(
    "/logout",
    route(
      {},
      (req, res) =>
        new Promise<void>((resolve, reject) => {
          req.logout((e) => {
            if (e) {
              reject(asError(e));
              return;
            }
            req.session.destroy(() => {
              res.clearCookie("kd.sid");
              res.redirect("/login?keluar=1");
              resolve();
            });
          });
        }),
    ),
  );

  r.get(
    "/akun/password",
    loggedIn,
    route({}, (req, res) => {
      res.render("auth/password", { title: "Ganti kata sandi", errors: {}, forced: userOf(req).mustChangePassword });
    }),
  );

  r.post(
    "/akun/password",
    loggedIn,
    route(passwordPost, async (req, res, { body }) => {
      const forced = userOf(req).mustChangePassword;
      const f = parseForm(changePasswordSchema, body);
      if (!f.ok) {
        res.status(422).render("auth/password", { title: "Ganti kata sandi", errors: f.errors, forced });
        return;
      }
      const result = await changeOwnPassword(prisma, userOf(req).id, f.data.current, f.data.next, req.sessionID);
      if (!result.ok) {
        res.status(422).render("auth/password", { title: "Ganti kata sandi", errors: { [result.field]: result.message }, forced });
        return;
      }
      flash(req, "success", "Kata sandi berhasil diganti. Sesi Anda di perangkat lain telah diakhiri.");
      res.redirect("/");
    }),
  );

  return r;
}
