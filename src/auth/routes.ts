// Login, logout and changing one's own password.
import { Router, type Request } from "express";
import type passport from "passport";
import type { PrismaClient } from "../generated/prisma/client.js";
import { flash } from "../http/flash.js";
import { parseForm } from "../http/forms.js";
import { changeOwnPassword } from "./auth-service.js";
import { requireLogin } from "./policy.js";
import { changePasswordSchema, loginSchema } from "./schema.js";

/** Only same-site paths may be returned to after login. */
function safeReturnTo(req: Request): string {
  const t = req.session.returnTo;
  delete req.session.returnTo;
  return typeof t === "string" && t.startsWith("/") && !t.startsWith("//") ? t : "/";
}

export function authRoutes(prisma: PrismaClient, pp: passport.PassportStatic): Router {
  const r = Router();

  r.get("/login", (req, res) => {
    if (req.user) return res.redirect("/");
    res.render("auth/login", { title: "Masuk", username: "", error: null });
  });

  r.post("/login", (req, res, next) => {
    const form = loginSchema.safeParse(req.body ?? {});
    const username = form.success ? form.data.username : "";
    const returnTo = req.session.returnTo;
    pp.authenticate("local", (err: unknown, user: Express.User | false, info?: { message?: string }) => {
      if (err) return next(err);
      if (!user) {
        return res
          .status(401)
          .render("auth/login", { title: "Masuk", username, error: info?.message ?? "Isi nama pengguna dan kata sandi." });
      }
      // Passport regenerates the session here (no fixation); a fresh CSRF token follows.
      req.login(user, (e) => {
        if (e) return next(e);
        req.session.returnTo = returnTo;
        if (user.mustChangePassword) return res.redirect("/akun/password");
        res.redirect(safeReturnTo(req));
      });
    })(req, res, next);
  });

  r.post("/logout", (req, res, next) => {
    req.logout((e) => {
      if (e) return next(e);
      req.session.destroy(() => {
        res.clearCookie("kd.sid");
        res.redirect("/login?keluar=1");
      });
    });
  });

  r.get("/akun/password", requireLogin, (req, res) => {
    res.render("auth/password", { title: "Ganti kata sandi", errors: {}, forced: req.user!.mustChangePassword });
  });

  r.post("/akun/password", requireLogin, async (req, res) => {
    const forced = req.user!.mustChangePassword;
    const form = parseForm(changePasswordSchema, req.body);
    if (!form.ok) return res.status(422).render("auth/password", { title: "Ganti kata sandi", errors: form.errors, forced });
    const result = await changeOwnPassword(prisma, req.user!.id, form.data.current, form.data.next);
    if (!result.ok) {
      return res
        .status(422)
        .render("auth/password", { title: "Ganti kata sandi", errors: { [result.field]: result.message }, forced });
    }
    flash(req, "success", "Kata sandi berhasil diganti.");
    res.redirect("/");
  });

  return r;
}
