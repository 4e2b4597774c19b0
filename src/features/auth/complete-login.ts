// What happens once a first factor succeeded (a password here, or the city's single
// sign-on in features/sso): when the user has a second factor, or their role requires
// one, the session only holds a pending login and every page but the second-factor
// page stays closed (features/second-factor); otherwise, and once the second factor is
// given, `finishLogin` begins the session. Both ways in end here, so that the rules of
// a session's start (no fixation, the device cookie, the notice of a new device, the
// forced password change) are written once.
import type { Request, Response } from "express";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Config } from "../../platform/config.js";
import { deviceCookieName, deviceCookieOptions, deviceTokensOf, issueDeviceToken, verifyDeviceToken } from "./device-cookie.js";
import { loadCurrentUser } from "./passport.js";
import { noticeNewDevice } from "./new-device.js";
import { clientOf, type LoginVia, type SessionClient } from "./session-client.js";

export type { LoginVia };

/** What the single sign-on keeps in the session: the provider's logout needs its ID token. */
export type SsoSession = { provider: string; idToken?: string };

export type FirstFactor = {
  userId: number;
  via: LoginVia;
  /** A same-site path to go to afterwards. */
  next: string;
  sso?: SsoSession & {
    /** The provider says it asked for a second factor itself (its `amr`), and the city trusts it (OIDC_TRUST_PROVIDER_MFA). */
    providerMfa: boolean;
  };
};

/**
 * A login waiting for its second factor (in the session, never in a cookie of its own):
 * a code, or setting the factor up first (`enrolSecret`: the new secret, sealed, until
 * a code confirms it).
 */
export type PendingLogin = FirstFactor & {
  since: number;
  failures: number;
  need: Exclude<SecondFactorNeed, "none">;
  enrolSecret?: string;
  /** The challenge sent to the user's security keys (features/second-factor/security-keys.ts), taken by the first answer. */
  keyChallenge?: string;
};

declare module "express-session" {
  interface SessionData {
    pendingLogin?: PendingLogin;
    /** The second factor this session began with (none when no factor was asked). */
    secondFactor?: SecondFactorGiven;
    /** The device and address a session began on, for the user's list of sessions. */
    client?: SessionClient;
    sso?: SsoSession;
  }
}

/** How a session's second factor was given: a code from the app, a recovery code, a security key (WebAuthn), or by the provider of the single sign-on. */
export type SecondFactorGiven = "totp" | "recovery" | "webauthn" | "provider";

/** What a user's second factor asks of a login: nothing, a code, or enrolling first. Answered by features/second-factor. */
export type SecondFactorNeed = "none" | "verify" | "enroll";
export type SecondFactorPort = { need(prisma: PrismaClient, userId: number): Promise<SecondFactorNeed> };

let secondFactor: SecondFactorPort = { need: () => Promise.resolve("none") };
/** Wired once at start (src/wiring.ts): the auth feature does not import the second-factor feature. */
export const setSecondFactorPort = (p: SecondFactorPort) => {
  secondFactor = p;
};

/** A pending login is dropped after this long: the second factor is given at once or the login starts again. */
export const PENDING_LOGIN_MS = 10 * 60_000;

/** The request's pending login, if it has one that has not expired. */
export function pendingLoginOf(req: Request, now = Date.now()): PendingLogin | undefined {
  const p = req.session.pendingLogin;
  return p && now - p.since < PENDING_LOGIN_MS ? p : undefined;
}

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(`session: ${JSON.stringify(e)}`));

const regenerate = (req: Request) =>
  new Promise<void>((resolve, reject) => {
    req.session.regenerate((e: unknown) => (e ? reject(asError(e)) : resolve()));
  });

/** Saved before the redirect goes out: the browser follows it at once, and the next request must find this state. */
const save = (req: Request) =>
  new Promise<void>((resolve, reject) => {
    req.session.save((e: unknown) => (e ? reject(asError(e)) : resolve()));
  });

/**
 * After a first factor: a pending login and the second-factor page when one is needed,
 * else the session begins.
 */
export async function afterFirstFactor(req: Request, res: Response, deps: { prisma: PrismaClient; config: Config }, ff: FirstFactor): Promise<void> {
  const need = await secondFactor.need(deps.prisma, ff.userId);
  if (need === "none") {
    await finishLogin(req, res, deps, ff);
    return;
  }
  if (need === "verify" && ff.sso?.providerMfa) {
    await finishLogin(req, res, deps, ff, { factor: "provider" });
    return;
  }
  // A new session id for the pending state too: nothing planted before the password carries over.
  await regenerate(req);
  req.session.pendingLogin = { ...ff, since: Date.now(), failures: 0, need };
  await save(req);
  res.redirect("/login/faktor-kedua");
}

/**
 * Begins the session of `ff.userId` (passport regenerates it: no fixation), records the
 * device and address it began on and the second factor given, renews the browser's
 * device cookie and tells the user when the browser was not known for them; then to
 * `opts.then` (the recovery codes to keep), the forced password change, or where the
 * login was going. `opts.carry` adds to the new session what the page after needs.
 * `opts.json`: the answer is `{ redirect }` for a page script to follow (a security key's sign-in).
 */
export async function finishLogin(
  req: Request,
  res: Response,
  deps: { prisma: PrismaClient; config: Config },
  ff: FirstFactor,
  opts: { factor?: SecondFactorGiven; then?: string; carry?: (s: Request["session"]) => void; json?: boolean } = {},
): Promise<void> {
  const go = (to: string) => (opts.json ? res.json({ redirect: to }) : res.redirect(to));
  const user = await loadCurrentUser(deps.prisma, ff.userId);
  if (!user) {
    // Deactivated between the factors: the login page, as after a wrong password.
    req.session.pendingLogin = undefined;
    go("/login");
    return;
  }
  const secret = deps.config.sessionSecret;
  const known = verifyDeviceToken(secret, deviceTokensOf(req.headers.cookie).get(user.id), user) !== null;
  await new Promise<void>((resolve, reject) => {
    req.login(user, (e: unknown) => (e ? reject(asError(e)) : resolve()));
  });
  const client = clientOf(req, ff.via);
  req.session.client = client;
  if (opts.factor) req.session.secondFactor = opts.factor;
  opts.carry?.(req.session);
  if (ff.sso) req.session.sso = { provider: ff.sso.provider, ...(ff.sso.idToken ? { idToken: ff.sso.idToken } : {}) };
  await deps.prisma.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  // This browser is now known for this user: a later login from it is not held up by an attack from the same address (device-cookie.ts).
  res.cookie(deviceCookieName(user.id), issueDeviceToken(secret, user), deviceCookieOptions(req.secure));
  if (!known) await noticeNewDevice(deps.prisma, user.id, client);
  await save(req);
  go(user.mustChangePassword && !opts.then ? "/akun/password" : (opts.then ?? ff.next));
}

/** Changes that could lock the owner out (setting up a second factor) need a sign-in this recent. */
export const RECENT_SIGN_IN_MS = 15 * 60_000;

/** Did this session begin within RECENT_SIGN_IN_MS (a stolen session cookie is usually older)? */
export function signedInRecently(req: Request, now = Date.now()): boolean {
  const at = req.session.client?.at;
  return typeof at === "number" && now - at < RECENT_SIGN_IN_MS;
}

/**
 * Ends the session and sends the user to sign in again, then on to `next`, with a message
 * saying why (the new session passport makes on logout carries it). `json`: the answer is
 * `{ redirect }` for a page script to follow.
 */
export async function signInAgain(req: Request, res: Response, next: string, why: string, json = false): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    req.logout((e: unknown) => (e ? reject(asError(e)) : resolve()));
  });
  (req.session.flash ??= []).push({ kind: "info", message: why });
  await save(req);
  const to = `/login?next=${encodeURIComponent(next)}`;
  if (json) res.status(401).json({ error: why, redirect: to });
  else res.redirect(to);
}
