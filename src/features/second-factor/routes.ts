// The second factor's pages: the code (or setting it up) half-way through a sign-in,
// the user's own changes from "Keamanan akun", and the administrator's reset and list
// of roles that need it. Thin: parse, call the service, render.
import { Router, type Request, type Response } from "express";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Config } from "../../platform/config.js";
import { flash } from "../../platform/http/flash.js";
import { parseForm } from "../../platform/http/forms.js";
import { route } from "../../platform/http/validate.js";
import { userOf } from "../../platform/http/current-user.js";
import { adminOnly, loggedIn } from "../../core/policies/index.js";
import { secondFactorRoles } from "../../core/policies/second-factor.js";
import { ALL_ROLES, ROLE_LABELS } from "../../core/users/roles.js";
import { getSettings } from "../../core/settings/settings-service.js";
import { finishLogin, pendingLoginOf, signedInRecently, signInAgain } from "../auth/complete-login.js";
import { changeRequiredRoles, securityOverview } from "./admin-service.js";
import { FEW_RECOVERY_CODES, MAX_PENDING_FAILURES, SecondFactor, accountName, resetSecondFactor } from "./second-factor-service.js";
import { rolesSchema, routes as s } from "./schema.js";
import { groupedSecret, newTotpSecret, totpUri } from "./totp.js";
import { SecurityKeys } from "./security-keys.js";
import { securityKeyRoutes } from "./security-key-routes.js";

declare module "express-session" {
  interface SessionData {
    /** Recovery codes just made (sealed), shown once on /akun/kode-pemulihan and then dropped, and where to go on from there. */
    freshRecoveryCodes?: { sealed: string; next: string };
    /** A secret being set up from the account page (sealed), until a code confirms it. */
    enrolSecret?: string;
  }
}

/** The QR code of an otpauth:// address, as a data: URL (the CSP allows data: images). qrcode is loaded on first use. */
const qrOf = async (uri: string) => (await import("qrcode")).default.toDataURL(uri, { errorCorrectionLevel: "M", margin: 2, scale: 5 });

export function secondFactorRoutes(prisma: PrismaClient, config: Config): Router {
  const r = Router();
  const factor = new SecondFactor(prisma, config.sessionSecret);
  const deps = { prisma, config };
  const keys = new SecurityKeys(prisma, factor, config.appUrl);
  // Security keys (WebAuthn), beside the code: security-key-routes.ts.
  r.use(securityKeyRoutes(prisma, config, keys));

  /** The code page of a sign-in; a user with a security key is offered it too (public/js/webauthn.js). */
  const verifyPage = async (res: Response, status: number, userId: number, error: string | null) => {
    res.status(status).render("second-factor/verify", { title: "Faktor kedua", error, hasKeys: await keys.has(userId) });
  };

  /** The set-up page: the secret as a QR code and in groups of four for typing. */
  const enrolPage = async (res: Response, status: number, o: { secret: string; account: string; action: string; error?: string; atLogin: boolean }) => {
    res.status(status).render("second-factor/enrol", {
      title: "Atur faktor kedua",
      qr: await qrOf(totpUri(o.secret, o.account)),
      secretText: groupedSecret(o.secret),
      action: o.action,
      error: o.error ?? null,
      atLogin: o.atLogin,
    });
  };
  const accountOf = (userId: number) => accountName(prisma, userId);
  /** Recovery codes to show once, sealed while they wait in the session. */
  const freshCodes = (codes: string[], next: string) => ({ sealed: factor.sealForSession(JSON.stringify(codes)), next });

  /** The pending sign-in's secret to set up: made on first sight, then kept (sealed) in the session. */
  const pendingSecret = (req: Request): string => {
    const p = pendingLoginOf(req);
    const kept = factor.openFromSession(p?.enrolSecret);
    if (kept) return kept;
    const secret = newTotpSecret();
    if (p) p.enrolSecret = factor.sealForSession(secret);
    return secret;
  };

  r.get(
    "/login/faktor-kedua",
    route(s.page, async (req, res) => {
      const p = pendingLoginOf(req);
      if (!p) {
        res.redirect(req.user ? "/" : "/login");
        return;
      }
      if (p.need === "enroll") {
        await enrolPage(res, 200, { secret: pendingSecret(req), account: await accountOf(p.userId), action: "/login/faktor-kedua", atLogin: true });
        return;
      }
      await verifyPage(res, 200, p.userId, null);
    }),
  );

  r.post(
    "/login/faktor-kedua",
    route(s.code, async (req, res, { body }) => {
      const p = pendingLoginOf(req);
      if (!p && req.user) {
        res.redirect("/");
        return;
      }
      if (!p) {
        flash(req, "error", "Waktu untuk memasukkan kode sudah habis. Masuk lagi dengan nama pengguna dan kata sandi.");
        req.session.pendingLogin = undefined;
        res.redirect("/login");
        return;
      }
      const input = body.code ?? "";
      if (p.need === "enroll") {
        const secret = pendingSecret(req);
        const done = await factor.enrol(p.userId, secret, input);
        if (!done.ok && done.alreadySet) {
          req.session.pendingLogin = undefined;
          flash(req, "error", done.message);
          res.redirect("/login");
          return;
        }
        if (!done.ok) {
          await enrolPage(res, 422, { secret, account: await accountOf(p.userId), action: "/login/faktor-kedua", error: done.message, atLogin: true });
          return;
        }
        await finishLogin(req, res, deps, p, {
          factor: "totp",
          then: "/akun/kode-pemulihan",
          carry: (session) => {
            session.freshRecoveryCodes = freshCodes(done.codes, p.next);
          },
        });
        return;
      }
      const checked = await factor.check(p.userId, input);
      if (!checked.ok) {
        p.failures += 1;
        if (p.failures >= MAX_PENDING_FAILURES) {
          req.session.pendingLogin = undefined;
          flash(req, "error", "Terlalu banyak kode yang salah. Masuk lagi dengan nama pengguna dan kata sandi.");
          res.redirect("/login");
          return;
        }
        await verifyPage(res, 422, p.userId, checked.message);
        return;
      }
      const left = checked.recoveryLeft;
      await finishLogin(req, res, deps, p, {
        factor: checked.factor,
        // The app's secret cannot be read any more (SESSION_SECRET changed): set the app up again first.
        ...(checked.unreadable ? { then: "/akun/faktor-kedua/atur" } : {}),
        carry: (session) => {
          if (checked.unreadable) {
            (session.flash ??= []).push({
              kind: "info",
              message: "Kode aplikasi autentikator Anda tidak dapat diperiksa lagi oleh server. Atur ulang aplikasinya sekarang dengan kode QR di bawah.",
            });
          }
          if (left !== undefined && left <= FEW_RECOVERY_CODES) {
            (session.flash ??= []).push({
              kind: "info",
              message: `Anda masuk dengan kode pemulihan. Sisa kode pemulihan: ${left}. Buat kode baru di halaman Keamanan akun.`,
            });
          }
        },
      });
    }),
  );

  // Recovery codes just made: shown once.
  r.get(
    "/akun/kode-pemulihan",
    loggedIn,
    route(s.page, (req, res) => {
      const fresh = req.session.freshRecoveryCodes;
      delete req.session.freshRecoveryCodes;
      const opened = factor.openFromSession(fresh?.sealed);
      if (!fresh || !opened) {
        res.redirect("/akun/keamanan");
        return;
      }
      res.render("second-factor/recovery-codes", { title: "Kode pemulihan", codes: JSON.parse(opened) as string[], next: fresh.next });
    }),
  );

  // Setting the factor up from the account page (where no role requires it yet, or again after a reset).
  r.get(
    "/akun/faktor-kedua/atur",
    loggedIn,
    route(s.page, async (req, res) => {
      const me = userOf(req);
      if ((await factor.secretReadable(me.id)) === true) {
        flash(req, "info", "Faktor kedua Anda sudah aktif.");
        res.redirect("/akun/keamanan");
        return;
      }
      // Someone with a stolen session must not bind their own app to the account.
      if (!signedInRecently(req)) {
        await signInAgain(req, res, "/akun/faktor-kedua/atur", "Untuk mengatur faktor kedua, masuk lagi dulu dengan kata sandi Anda.");
        return;
      }
      const secret = factor.openFromSession(req.session.enrolSecret) ?? newTotpSecret();
      req.session.enrolSecret = factor.sealForSession(secret);
      await enrolPage(res, 200, { secret, account: me.username, action: "/akun/faktor-kedua/atur", atLogin: false });
    }),
  );

  r.post(
    "/akun/faktor-kedua/atur",
    loggedIn,
    route(s.code, async (req, res, { body }) => {
      const me = userOf(req);
      const secret = factor.openFromSession(req.session.enrolSecret);
      if (!signedInRecently(req)) {
        await signInAgain(req, res, "/akun/faktor-kedua/atur", "Untuk mengatur faktor kedua, masuk lagi dulu dengan kata sandi Anda.");
        return;
      }
      if (!secret) {
        flash(req, "error", "Halaman pengaturan sudah kedaluwarsa. Pindai kode QR yang baru.");
        res.redirect("/akun/faktor-kedua/atur");
        return;
      }
      const done = await factor.enrol(me.id, secret, body.code ?? "", { tell: true });
      if (!done.ok && done.alreadySet) {
        delete req.session.enrolSecret;
        flash(req, "info", "Faktor kedua Anda sudah aktif.");
        res.redirect("/akun/keamanan");
        return;
      }
      if (!done.ok) {
        await enrolPage(res, 422, { secret, account: me.username, action: "/akun/faktor-kedua/atur", error: done.message, atLogin: false });
        return;
      }
      delete req.session.enrolSecret;
      req.session.secondFactor = "totp";
      req.session.freshRecoveryCodes = freshCodes(done.codes, "/akun/keamanan");
      flash(req, "success", "Faktor kedua aktif. Mulai sekarang, setiap kali masuk Anda diminta kode dari aplikasi autentikator.");
      res.redirect("/akun/kode-pemulihan");
    }),
  );

  r.post(
    "/akun/kode-pemulihan/baru",
    loggedIn,
    route(s.code, async (req, res, { body }) => {
      const done = await factor.renewRecoveryCodes(userOf(req).id, body.code ?? "");
      if (!done.ok) {
        flash(req, "error", `Kode pemulihan baru belum dibuat: ${done.message}`);
        res.redirect("/akun/keamanan");
        return;
      }
      req.session.freshRecoveryCodes = freshCodes(done.codes, "/akun/keamanan");
      flash(req, "success", "Kode pemulihan baru dibuat; kode yang lama tidak berlaku lagi.");
      res.redirect("/akun/kode-pemulihan");
    }),
  );

  r.post(
    "/akun/faktor-kedua/matikan",
    loggedIn,
    route(s.code, async (req, res, { body }) => {
      const done = await factor.turnOff(userOf(req).id, body.code ?? "");
      if (done.ok) delete req.session.secondFactor;
      flash(req, done.ok ? "success" : "error", done.ok ? "Faktor kedua dimatikan." : `Faktor kedua tidak dimatikan: ${done.message}`);
      res.redirect("/akun/keamanan");
    }),
  );

  // ADMIN: reset a user's factor; which roles need one.
  r.post(
    "/admin/pengguna/:id/faktor-kedua/atur-ulang",
    adminOnly("user"),
    route(s.userAction, async (req, res, { params }) => {
      const done = await resetSecondFactor(prisma, userOf(req).id, params.id);
      flash(req, done.ok ? "success" : "error", done.ok ? "Faktor kedua pengguna diatur ulang, semua sesinya diakhiri, dan ia diberi tahu." : done.message);
      res.redirect(`/admin/pengguna/${params.id}`);
    }),
  );

  const rolesPage = async (res: Response, status: number, error: string | null) => {
    const settings = await getSettings(prisma);
    res.status(status).render("second-factor/admin", {
      title: "Faktor kedua",
      required: secondFactorRoles(settings["secondFactor.roles"]),
      allRoles: ALL_ROLES,
      roleLabels: ROLE_LABELS,
      users: await securityOverview(prisma),
      error,
    });
  };

  r.get(
    "/admin/faktor-kedua",
    adminOnly("settings"),
    route(s.page, (req, res) => rolesPage(res, 200, null)),
  );

  r.post(
    "/admin/faktor-kedua",
    adminOnly("settings"),
    route(s.roles, async (req, res, { body }) => {
      const f = parseForm(rolesSchema, body);
      if (!f.ok) {
        await rolesPage(res, 422, Object.values(f.errors)[0] ?? "Pilihan peran tidak valid.");
        return;
      }
      const ended = await changeRequiredRoles(prisma, userOf(req).id, f.data.roles);
      flash(
        req,
        "success",
        `Daftar peran yang wajib memakai faktor kedua disimpan.${ended ? ` ${ended} sesi pengguna peran itu yang masuk tanpa faktor kedua diakhiri.` : ""}`,
      );
      res.redirect("/admin/faktor-kedua");
    }),
  );

  return r;
}
