// Login through the city's OpenID Connect provider, and ADMIN's page of the links it made.
// Thin: parse, call the client or the link service, render. Every failure is the login page
// with a message and a 4xx (503 when the provider cannot be reached): the local login stays.
import { timingSafeEqual } from "node:crypto";
import { Router, type Request, type Response } from "express";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Config } from "../../platform/config.js";
import { notFound } from "../../platform/errors.js";
import { flash } from "../../platform/http/flash.js";
import { route } from "../../platform/http/validate.js";
import { safeNext } from "../../platform/http/safe-next.js";
import { perAddressLimit } from "../../platform/http/public-page.js";
import { userOf } from "../../platform/http/current-user.js";
import { adminOnly } from "../../core/policies/index.js";
import { afterFirstFactor, type SsoSession } from "../auth/complete-login.js";
import { createSsoClient, SsoFailure, type PendingSso, type SsoClient } from "./client.js";
import { createUsersAllowed, listLinks, resolveUser, setCreateUsers, unlink } from "./link-service.js";
import { routes as s } from "./schema.js";

declare module "express-session" {
  interface SessionData {
    /** Between the redirect to the provider and its answer (never a cookie of its own). */
    ssoPending?: PendingSso;
  }
}

/** A login started at the provider must come back within this long. */
const PENDING_MS = 10 * 60_000;
/** The `amr` values that say the provider asked for a second factor itself. */
const MFA_AMR = new Set(["mfa", "otp", "hwk", "swk", "sms"]);

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

const OFF = "Masuk lewat SSO tidak diaktifkan di aplikasi ini. Masuk dengan nama pengguna dan kata sandi.";

export type SsoFeature = {
  /** What the login and logout pages need (features/auth: SsoDoor); null when SSO is not configured. */
  door: { label: string; logoutUrl(s: SsoSession): Promise<string | null> } | null;
  routes: Router;
};

export function ssoFeature(deps: { prisma: PrismaClient; config: Config }, client: SsoClient | null = null): SsoFeature {
  const { config } = deps;
  const sso = client ?? (config.oidc ? createSsoClient(config.oidc, config.appUrl) : null);
  const door = sso
    ? {
        label: sso.config.label,
        logoutUrl: (x: SsoSession) => (x.provider === sso.config.providerId ? sso.logoutUrl(x.idToken) : Promise.resolve(null)),
      }
    : null;
  return { door, routes: ssoRoutes(deps, sso) };
}

function ssoRoutes(deps: { prisma: PrismaClient; config: Config }, sso: SsoClient | null): Router {
  const { prisma, config } = deps;
  const r = Router();

  /** The login page with what went wrong; logged without tokens or claims. */
  const refused = (req: Request, res: Response, f: { status: number; reason: string; userMessage: string; detail?: object }) => {
    req.log.warn({ sso: { reason: f.reason, ...f.detail } }, "single sign-on refused");
    res.status(f.status).render("auth/login", {
      title: "Masuk",
      sso: sso ? { label: sso.config.label } : null,
      username: "",
      error: f.userMessage,
      next: "/",
      loggedOut: false,
    });
  };

  r.get(
    "/login/sso",
    // Each start writes a session row before anyone is known: the budget of the pages without login (PUBLIC_REQUESTS_PER_MINUTE).
    perAddressLimit({ perMinute: config.publicPerMinute, keyPrefix: "sso-start" }),
    route(s.start, async (req, res, { query }) => {
      if (!sso) throw notFound(OFF);
      if (req.user) {
        res.redirect(safeNext(query.next));
        return;
      }
      try {
        const { url, pending } = await sso.begin(safeNext(query.next));
        req.session.ssoPending = pending;
        // Saved before the browser leaves: its answer comes back to this session.
        await new Promise<void>((resolve, reject) => {
          req.session.save((e: unknown) => (e ? reject(e instanceof Error ? e : new Error("session could not be saved")) : resolve()));
        });
        res.redirect(url);
      } catch (e) {
        if (e instanceof SsoFailure) {
          refused(req, res, e);
          return;
        }
        throw e;
      }
    }),
  );

  r.get(
    "/login/sso/callback",
    route(s.callback, async (req, res, { query }) => {
      if (!sso) throw notFound(OFF);
      // Used once, whatever happens next.
      const pending = req.session.ssoPending;
      delete req.session.ssoPending;
      if (query.error) {
        refused(req, res, {
          status: 401,
          reason: "provider answered with an error",
          detail: { error: query.error.slice(0, 100) },
          userMessage: `Masuk lewat ${sso.config.label} dibatalkan atau ditolak. Coba lagi, atau masuk dengan nama pengguna dan kata sandi.`,
        });
        return;
      }
      // Back to a used answer (the browser's back button) while logged in: nothing to do.
      if (!pending && req.user) {
        res.redirect("/");
        return;
      }
      if (!pending || Date.now() - pending.at > PENDING_MS) {
        refused(req, res, {
          status: 400,
          reason: pending ? "pending login expired" : "no pending login in this session",
          userMessage: "Permintaan masuk lewat SSO ini tidak dikenali atau sudah kedaluwarsa. Klik “Masuk dengan SSO” sekali lagi.",
        });
        return;
      }
      if (!query.state || !sameText(query.state, pending.state)) {
        refused(req, res, {
          status: 400,
          reason: "state does not match this session's",
          userMessage: "Jawaban dari SSO tidak cocok dengan permintaan masuk dari peramban ini. Klik “Masuk dengan SSO” sekali lagi.",
        });
        return;
      }
      try {
        // The address the provider redirected to, as registered (APP_URL), with its answer.
        const callbackUrl = new URL(sso.redirectUri);
        callbackUrl.search = new URL(req.originalUrl, "http://x").search;
        const answer = await sso.finish(callbackUrl, pending);
        const who = await resolveUser(prisma, sso.config, answer.subject, answer.claims);
        if (!who.ok) {
          refused(req, res, who);
          return;
        }
        req.log.info({ sso: { userId: who.userId, linked: who.linked } }, "single sign-on");
        const amr = Array.isArray(answer.claims.amr) ? answer.claims.amr : [];
        const providerMfa = sso.config.trustProviderMfa && amr.some((a) => typeof a === "string" && MFA_AMR.has(a));
        await afterFirstFactor(req, res, deps, {
          userId: who.userId,
          via: "sso",
          next: pending.next,
          sso: { provider: sso.config.providerId, ...(answer.idToken ? { idToken: answer.idToken } : {}), providerMfa },
        });
      } catch (e) {
        if (e instanceof SsoFailure) {
          refused(req, res, e);
          return;
        }
        throw e;
      }
    }),
  );

  r.use("/admin/sso", adminOnly("user"));

  r.get(
    "/admin/sso",
    route(s.admin, async (req, res) => {
      const [links, createUsers] = await Promise.all([listLinks(prisma), createUsersAllowed(prisma)]);
      res.render("admin/sso", { title: "Tautan SSO", links, createUsers, oidc: config.oidc });
    }),
  );

  r.post(
    "/admin/sso/:id/lepas",
    route(s.unlink, async (req, res, { params }) => {
      const link = await unlink(prisma, userOf(req).id, params.id);
      flash(
        req,
        link ? "success" : "info",
        link
          ? `Tautan SSO ${link.user.username} dilepas. Saat ia masuk lewat SSO lagi, akunnya dicocokkan ulang (NIP atau e-mail) atau ditolak.`
          : "Tautan ini sudah dilepas sebelumnya.",
      );
      res.redirect("/admin/sso");
    }),
  );

  r.post(
    "/admin/sso/buat-pengguna",
    route(s.createUsers, async (req, res, { body }) => {
      await setCreateUsers(prisma, userOf(req).id, body.allow === "1");
      flash(
        req,
        "success",
        body.allow === "1"
          ? "Pengguna SSO yang belum punya akun kini dibuatkan akun saat pertama masuk."
          : "Pengguna SSO yang belum punya akun kini ditolak saat masuk.",
      );
      res.redirect("/admin/sso");
    }),
  );

  return r;
}
