// Login checks and password changes. Knows nothing of HTTP.
import dayjs from "../../platform/time.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { verifyDeviceToken } from "./device-cookie.js";
import type { LoginThrottle } from "./login-throttle.js";
import { hashPassword, passwordProblem, verifyPassword } from "./password.js";

export type LoginResult = { ok: true; userId: number } | { ok: false; message: string };

/** One message for a wrong username, a wrong password and a deactivated account: the form never tells which. */
export const WRONG = "Nama pengguna atau kata sandi salah.";

// Spend the same time on unknown users as on known ones.
let dummyHash: Promise<string> | undefined;

/** A login attempt; `deviceTokens` are the browser's device cookies by user id (device-cookie.ts). */
export type LoginAttempt = { username: string; password: string; ip: string; deviceTokens?: ReadonlyMap<number, string> };

/**
 * Checks a login attempt. Failures are throttled per (username, ip) and per ip by
 * `throttle`, the same way for unknown usernames as for real ones; an attempt that
 * carries a valid device cookie of that user is throttled by that cookie's failures
 * instead, so that an attack from the same address (one office behind a NAT) does not
 * lock out people who have logged in from that browser before. A deactivated account
 * is answered exactly like a wrong password, after the same work.
 */
export async function checkLogin(
  prisma: PrismaClient,
  throttle: LoginThrottle,
  deviceSecret: string,
  attempt: LoginAttempt,
  now = new Date(),
): Promise<LoginResult> {
  const name = attempt.username.trim().toLowerCase();
  const { password, ip } = attempt;
  if (!name || !password) return { ok: false, message: "Isi nama pengguna dan kata sandi." };
  const user = await prisma.user.findUnique({ where: { username: name } });
  const nonce = user ? verifyDeviceToken(deviceSecret, attempt.deviceTokens?.get(user.id), user, now) : null;
  const device = nonce !== null && !(await throttle.deviceLocked(nonce)) ? nonce : null;
  if (device === null) {
    const blocked = await throttle.blockedUntil(name, ip);
    if (blocked) return { ok: false, message: blockedMessage(blocked) };
  }
  let good: boolean;
  if (!user) {
    dummyHash ??= hashPassword("not-a-real-password");
    await verifyPassword(await dummyHash, password);
    good = false;
  } else {
    good = await verifyPassword(user.passwordHash, password);
  }
  // A deactivated account takes the wrong password's path: same answer, same counting.
  if (!good || !user || !user.active) {
    if (device !== null) {
      await throttle.deviceFailed(device);
      return { ok: false, message: WRONG };
    }
    const until = await throttle.failed(name, ip);
    return { ok: false, message: until ? blockedMessage(until) : WRONG };
  }
  if (device !== null) await throttle.deviceSucceeded(device);
  else await throttle.succeeded(name, ip);
  // The session (and the device cookie, lastLoginAt) begins in complete-login.ts, after a second factor if one is needed.
  return { ok: true, userId: user.id };
}

function blockedMessage(until: Date): string {
  return (
    "Terlalu banyak percobaan masuk yang gagal dari perangkat ini. " +
    `Coba lagi setelah pukul ${dayjs(until).tz().format("HH.mm")} WIB, atau hubungi administrator bila lupa kata sandi.`
  );
}

export async function changeOwnPassword(
  prisma: PrismaClient,
  userId: number,
  current: string,
  next: string,
  keepSid: string,
): Promise<{ ok: true } | { ok: false; field: string; message: string }> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  if (!(await verifyPassword(user.passwordHash, current))) {
    return { ok: false, field: "current", message: "Kata sandi saat ini salah" };
  }
  if (current === next) return { ok: false, field: "next", message: "Kata sandi baru harus berbeda dari yang lama" };
  const problem = passwordProblem(next, user);
  if (problem) return { ok: false, field: "next", message: problem };
  const passwordHash = await hashPassword(next);
  await prisma.$transaction([
    prisma.user.update({ where: { id: userId }, data: { passwordHash, mustChangePassword: false } }),
    // Every other session of the user ends: whoever knew the old password is out.
    prisma.session.deleteMany({ where: { userId, sid: { not: keepSid } } }),
  ]);
  return { ok: true };
}
