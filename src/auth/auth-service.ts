// Login checks and password changes. Knows nothing of HTTP.
import dayjs from "../time.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { hashPassword, verifyPassword } from "./password.js";

export type LoginPolicy = { maxFailures: number; lockMinutes: number };
export type LoginResult = { ok: true; userId: number } | { ok: false; message: string };

const WRONG = "Nama pengguna atau kata sandi salah.";

// Spend the same time on unknown users as on known ones.
let dummyHash: Promise<string> | undefined;

export async function checkLogin(
  prisma: PrismaClient,
  policy: LoginPolicy,
  username: string,
  password: string,
  now = new Date(),
): Promise<LoginResult> {
  const name = username.trim().toLowerCase();
  if (!name || !password) return { ok: false, message: "Isi nama pengguna dan kata sandi." };
  const user = await prisma.user.findUnique({ where: { username: name } });
  if (!user) {
    dummyHash ??= hashPassword("not-a-real-password");
    await verifyPassword(await dummyHash, password);
    return { ok: false, message: WRONG };
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    return { ok: false, message: lockedMessage(user.lockedUntil) };
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    const updated = await prisma.user.update({
      where: { id: user.id },
      data: { failedLogins: { increment: 1 } },
    });
    if (updated.failedLogins >= policy.maxFailures) {
      const until = new Date(now.getTime() + policy.lockMinutes * 60_000);
      await prisma.user.update({ where: { id: user.id }, data: { lockedUntil: until, failedLogins: 0 } });
      return { ok: false, message: lockedMessage(until) };
    }
    const left = policy.maxFailures - updated.failedLogins;
    return {
      ok: false,
      message: left <= 2 ? `${WRONG} Setelah ${left} kali gagal lagi, akun dikunci sementara.` : WRONG,
    };
  }
  if (!user.active) return { ok: false, message: "Akun ini telah dinonaktifkan. Hubungi administrator." };
  await prisma.user.update({
    where: { id: user.id },
    data: { failedLogins: 0, lockedUntil: null, lastLoginAt: now },
  });
  return { ok: true, userId: user.id };
}

function lockedMessage(until: Date): string {
  return (
    "Akun dikunci sementara karena terlalu banyak percobaan masuk yang gagal. " +
    `Coba lagi setelah pukul ${dayjs(until).tz().format("HH.mm")} WIB.`
  );
}

export async function changeOwnPassword(
  prisma: PrismaClient,
  userId: number,
  current: string,
  next: string,
): Promise<{ ok: true } | { ok: false; field: string; message: string }> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  if (!(await verifyPassword(user.passwordHash, current))) {
    return { ok: false, field: "current", message: "Kata sandi saat ini salah" };
  }
  if (current === next) return { ok: false, field: "next", message: "Kata sandi baru harus berbeda dari yang lama" };
  if (next.toLowerCase().includes(user.username)) {
    return { ok: false, field: "next", message: "Kata sandi tidak boleh memuat nama pengguna" };
  }
  await prisma.user.update({
    where: { id: userId },
    data: { passwordHash: await hashPassword(next), mustChangePassword: false },
  });
  return { ok: true };
}
