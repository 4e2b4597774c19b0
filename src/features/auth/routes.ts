// Login, logout and changing one's own password.
import { Router, type Request, type Response } from "express";
import type passport from "passport";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { flash } from "../../platform/http/flash.js";
import { parseForm } from "../../platform/http/forms.js";
import { form, query, route, text } from "../../platform/http/validate.js";
import { safeNext } from "../../platform/http/safe-next.js";
import { userOf } from "../../platform/http/current-user.js";
import { changeOwnPassword } from "./auth-service.js";
import type { Config } from "../../platform/config.js";
import { afterFirstFactor, pendingLoginOf, type SsoSession } from "./complete-login.js";
import { loggedIn } from "../../core/policies/index.js";
import { changePasswordSchema, loginSchema } from "./schema.js";

/** What passport or the session reported, for the error handler: an Error as it is (they always are), anything else wrapped in one. */
const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(`passport: ${String(e)}`));
/** The middleware passport.authenticate() returns (typed `any` by @types/passport). */
type Authenticate = (req: Request, res: Response, next: (err?: unknown) => void) => void;

const loginPage = { query: query({ next: text(600).optional(), keluar: text(5).optional() }) };
const loginPost = { body: form({ username: text(200).optional(), password: text(200).optional(), next: text(600).optional() }) };
const passwordPost = { body: form({ current: text(200).optional(), next: text(200).optional(), confirm: text(200).optional() }) };

/** The city's single sign-on as the login and logout pages see it (features/sso); null when it is not configured. */
export type SsoDoor = {
  /** The button's label on the login page. */
  label: string;
  /** The provider's logout address for a session that began through it, or null when the provider has none. */
  logoutUrl(s: SsoSession): Promise<string | null>;
} | null;

/** What the login page shows besides the form. */
const loginLocals = (sso: SsoDoor) => ({ title: "Masuk", sso: sso ? { label: sso.label } : null });

export function authRoutes(deps: { prisma: PrismaClient; config: Config }, pp: passport.PassportStatic, sso: SsoDoor = null): Router {
  const { prisma } = deps;
  const r = Router();

  r.get(
    "/login",
    route(loginPage, (req, res, { query }) => {
      if (req.user) {
        res.redirect(safeNext(query.next));
        return;
      }
      // Half-way through a login: its second factor is asked for (second-factor/routes.ts).
      const pending = pendingLoginOf(req);
      if (pending) {
        // A page asked for half-way is where the sign-in goes once the factor is given.
        if (query.next) pending.next = safeNext(query.next);
        res.redirect("/login/faktor-kedua");
        return;
      }
      res.render("auth/login", { ...loginLocals(sso), username: "", error: null, next: safeNext(query.next), loggedOut: query.keluar === "1" });
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
            pp.authenticate("local", { session: false }, (err: unknown, user: Express.User | false, info?: { message?: string }) => {
              if (err) {
                reject(asError(err));
                return;
              }
              if (!user) {
                res
                  .status(401)
                  .render("auth/login", { ...loginLocals(sso), username, error: info?.message ?? "Isi nama pengguna dan kata sandi.", next, loggedOut: false });
                resolve();
                return;
              }
              // The password was right: a second factor next when one is needed, else the session begins (complete-login.ts).
              afterFirstFactor(req, res, deps, { userId: user.id, via: "password", next }).then(resolve, reject);
            }) as Authenticate
          )(req, res, (e) => {
            reject(asError(e));
          });
        }),
    ),
  );

  r.post(
    "/logout",
    route({}, async (req, res) => {
      // Read before the session ends: a session that began through the city's SSO is offered the provider's logout too.
      const ssoSession = req.session.sso;
      await new Promise<void>((resolve, reject) => {
        req.logout((e) => (e ? reject(asError(e)) : resolve()));
      });
      await new Promise<void>((resolve) => {
        req.session.destroy(() => resolve());
      });
      res.clearCookie("kd.sid");
      const providerLogout = ssoSession && sso ? await sso.logoutUrl(ssoSession).catch(() => null) : null;
      if (!providerLogout) {
        res.redirect("/login?keluar=1");
        return;
      }
      // The session is over: the page's header shows no name, menu or logout button (res.locals were set before it ended).
      res.render("auth/logged-out", { title: "Anda sudah keluar", ssoLabel: sso?.label ?? "SSO", providerLogout, currentUser: null, menu: [] });
    }),
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
