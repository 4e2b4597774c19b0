// Device cookies (OWASP, "Slow down online guessing attacks with device cookies"):
// after a successful login the browser gets a signed, HttpOnly cookie bound to that
// user. A later login attempt for the same user that carries it is not held up by the
// blocks on its source address (a whole office behind one NAT would otherwise be
// locked out by an attack from that address), only by a failure limit of its own
// (login-throttle.ts). Browsers without one are throttled as before.
//
// One cookie per user (`kd.dev.<userId>`), so that colleagues sharing a computer keep
// theirs. Its value is `<nonce>.<expiry>.<hmac>`; the HMAC covers the user's id and
// username, so the cookie is worth nothing for another account or once renamed. It is
// sent only to /login. Nothing is stored: the nonce only keys the failure counter.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { CookieOptions } from "express";

export const DEVICE_COOKIE_PREFIX = "kd.dev.";
export const DEVICE_COOKIE_DAYS = 180;
const DAY_MS = 24 * 3600 * 1000;

export type DeviceUser = { id: number; username: string };

export const deviceCookieName = (userId: number) => `${DEVICE_COOKIE_PREFIX}${userId}`;

export const deviceCookieOptions = (secure: boolean): CookieOptions => ({
  httpOnly: true,
  sameSite: "lax",
  secure,
  path: "/login",
  maxAge: DEVICE_COOKIE_DAYS * DAY_MS,
});

const sign = (secret: string, user: DeviceUser, nonce: string, expires: number) =>
  createHmac("sha256", secret).update(`device-cookie|${user.id}|${user.username.toLowerCase()}|${nonce}|${expires}`).digest("base64url");

/** A new cookie value for `user`, valid for DEVICE_COOKIE_DAYS. */
export function issueDeviceToken(secret: string, user: DeviceUser, now = new Date()): string {
  const nonce = randomBytes(18).toString("base64url");
  const expires = Math.floor((now.getTime() + DEVICE_COOKIE_DAYS * DAY_MS) / 1000);
  return `${nonce}.${expires}.${sign(secret, user, nonce, expires)}`;
}

/** The cookie's nonce when `token` was issued by this app to `user` and has not expired; otherwise null (a forged cookie counts as none). */
export function verifyDeviceToken(secret: string, token: string | undefined, user: DeviceUser, now = new Date()): string | null {
  // No match, or (never, when it matches) an empty group: no token.
  const [, nonce, exp, mac] = /^([A-Za-z0-9_-]{24})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token ?? "") ?? [];
  if (!nonce || !exp || !mac) return null;
  const expires = Number(exp);
  if (expires * 1000 <= now.getTime()) return null;
  const want = Buffer.from(sign(secret, user, nonce, expires));
  const got = Buffer.from(mac);
  return want.length === got.length && timingSafeEqual(want, got) ? nonce : null;
}

/** The device cookies in a Cookie header, by user id. */
export function deviceTokensOf(cookieHeader: string | undefined): Map<number, string> {
  const tokens = new Map<number, string>();
  for (const part of (cookieHeader ?? "").split(";")) {
    const eq = part.indexOf("=");
    const name = part.slice(0, eq).trim();
    if (eq < 0 || !name.startsWith(DEVICE_COOKIE_PREFIX)) continue;
    const id = Number(name.slice(DEVICE_COOKIE_PREFIX.length));
    if (Number.isSafeInteger(id) && id > 0) tokens.set(id, part.slice(eq + 1).trim());
  }
  return tokens;
}
