// Security keys (WebAuthn): the JSON endpoints public/js/webauthn.js talks to, at sign-in
// (beside the code field) and on "Keamanan akun" (adding one), and removing one (a form).
// The CSRF token travels in the X-CSRF-Token header (platform/http/csrf.ts). Thin: parse,
// call the service, answer.
import express, { Router, type Request, type Response } from "express";
import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Config } from "../../platform/config.js";
import { flash } from "../../platform/http/flash.js";
import { route } from "../../platform/http/validate.js";
import { userOf } from "../../platform/http/current-user.js";
import { loggedIn } from "../../core/policies/index.js";
import { finishLogin, pendingLoginOf, signedInRecently, signInAgain } from "../auth/complete-login.js";
import { MAX_PENDING_FAILURES } from "./second-factor-service.js";
import { REGISTRATION_CHALLENGE_MS, type SecurityKeys } from "./security-keys.js";
import { routes as s } from "./schema.js";

declare module "express-session" {
  interface SessionData {
    /** The challenge of a security key being added from "Keamanan akun", taken by the first answer. */
    keyRegistration?: { challenge: string; at: number };
  }
}

const EXPIRED_SIGN_IN = "Waktu untuk masuk sudah habis. Masuk lagi dengan nama pengguna dan kata sandi.";
const SIGN_IN_AGAIN = "Untuk menambah kunci keamanan, masuk lagi dulu dengan kata sandi Anda.";

export function securityKeyRoutes(prisma: PrismaClient, config: Config, keys: SecurityKeys): Router {
  const r = Router();
  const deps = { prisma, config };
  const json = express.json({ limit: "32kb" });

  /** No sign-in waiting for a code: to the login page (or home, when the sign-in already finished). */
  const noPending = (req: Request, res: Response) => {
    if (req.user) res.json({ redirect: "/" });
    else res.status(401).json({ error: EXPIRED_SIGN_IN, redirect: "/login" });
  };

  r.post(
    "/login/faktor-kedua/kunci/opsi",
    json,
    route(s.keyOptions, async (req, res) => {
      const p = pendingLoginOf(req);
      if (p?.need !== "verify") {
        noPending(req, res);
        return;
      }
      const options = await keys.signInOptions(p.userId);
      if (!options) {
        res.status(422).json({ error: "Akun ini belum punya kunci keamanan. Masukkan kode dari aplikasi autentikator." });
        return;
      }
      p.keyChallenge = options.challenge;
      res.json(options);
    }),
  );

  r.post(
    "/login/faktor-kedua/kunci",
    json,
    route(s.keySignIn, async (req, res, { body }) => {
      const p = pendingLoginOf(req);
      if (p?.need !== "verify") {
        noPending(req, res);
        return;
      }
      // Taken by this answer, right or wrong: a challenge is answered once.
      const challenge = p.keyChallenge;
      delete p.keyChallenge;
      const done = await keys.signIn(p.userId, challenge, body.response);
      if (!done.ok) {
        p.failures += 1;
        if (p.failures >= MAX_PENDING_FAILURES) {
          req.session.pendingLogin = undefined;
          const message = "Terlalu banyak percobaan yang salah. Masuk lagi dengan nama pengguna dan kata sandi.";
          flash(req, "error", message);
          res.status(401).json({ error: message, redirect: "/login" });
          return;
        }
        res.status(done.limited ? 429 : 422).json({ error: done.message });
        return;
      }
      await finishLogin(req, res, deps, p, { factor: "webauthn", json: true });
    }),
  );

  r.post(
    "/akun/kunci-keamanan/opsi",
    loggedIn,
    json,
    route(s.keyOptions, async (req, res) => {
      // Someone with a stolen session must not add their own key to the account.
      if (!signedInRecently(req)) {
        await signInAgain(req, res, "/akun/keamanan", SIGN_IN_AGAIN, true);
        return;
      }
      const made = await keys.registrationOptions(userOf(req).id);
      if (!made.ok) {
        res.status(422).json({ error: made.message });
        return;
      }
      req.session.keyRegistration = { challenge: made.options.challenge, at: Date.now() };
      res.json(made.options);
    }),
  );

  r.post(
    "/akun/kunci-keamanan",
    loggedIn,
    json,
    route(s.keyAdd, async (req, res, { body }) => {
      if (!signedInRecently(req)) {
        await signInAgain(req, res, "/akun/keamanan", SIGN_IN_AGAIN, true);
        return;
      }
      const kept = req.session.keyRegistration;
      delete req.session.keyRegistration;
      if (!kept || Date.now() - kept.at > REGISTRATION_CHALLENGE_MS) {
        res.status(422).json({ error: "Permintaan ke kunci keamanan sudah kedaluwarsa atau sudah dipakai. Coba tambahkan lagi." });
        return;
      }
      const done = await keys.register(userOf(req).id, kept.challenge, body.response as RegistrationResponseJSON, body.name ?? "");
      if (!done.ok) {
        res.status(422).json({ error: done.message });
        return;
      }
      flash(req, "success", "Kunci keamanan ditambahkan. Saat masuk berikutnya, Anda dapat memakainya sebagai ganti kode dari aplikasi.");
      res.json({ redirect: "/akun/keamanan" });
    }),
  );

  r.post(
    "/akun/kunci-keamanan/:id/hapus",
    loggedIn,
    route(s.keyRemove, async (req, res, { params }) => {
      await keys.remove(userOf(req).id, params.id);
      flash(req, "success", "Kunci keamanan dihapus.");
      res.redirect("/akun/keamanan");
    }),
  );

  return r;
}
