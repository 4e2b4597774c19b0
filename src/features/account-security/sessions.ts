// A user's sessions as they and an administrator see them: the device and address each
// began on (auth/session-client.ts), when, and when it was last used; ending one, all
// but the current, or (ADMIN) all of a user's. A session is named on the page by a
// hash of its id, never the id itself (that is the cookie's secret).
import { createHash } from "node:crypto";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { SessionClient } from "../auth/session-client.js";
import { notFound } from "../../platform/errors.js";

export type SessionRow = {
  handle: string;
  device: string;
  ip: string;
  via: string | null;
  startedAt: Date | null;
  lastUsedAt: Date;
  current: boolean;
  secondFactor: string | null;
};

export const handleOf = (sid: string) => createHash("sha256").update(`session|${sid}`).digest("base64url").slice(0, 22);

type Data = { client?: Partial<SessionClient>; secondFactor?: string; pendingLogin?: unknown };

/**
 * The user's unexpired sessions, the current one first, then the most recently used.
 * The store refreshes a session's expiry on use (at most once a minute, rolling), so
 * its last use is its expiry less the idle timeout.
 */
export async function sessionsOf(prisma: PrismaClient, userId: number, currentSid: string | null, idleMs: number, now = new Date()): Promise<SessionRow[]> {
  const rows = await prisma.session.findMany({ where: { userId, expiresAt: { gt: now } }, orderBy: { expiresAt: "desc" } });
  return rows
    .map((r) => {
      const d = (typeof r.data === "string" ? JSON.parse(r.data) : r.data) as Data | null;
      const c = d?.client;
      return {
        handle: handleOf(r.sid),
        device:
          typeof c?.device === "string"
            ? c.device
            : d?.pendingLogin
              ? "Masuk belum selesai (kata sandi benar, menunggu faktor kedua)"
              : "Tidak diketahui (sesi dari sebelum pencatatan perangkat)",
        ip: typeof c?.ip === "string" ? c.ip : "—",
        via: typeof c?.via === "string" ? c.via : null,
        startedAt: typeof c?.at === "number" ? new Date(c.at) : null,
        lastUsedAt: new Date(Math.min(now.getTime(), r.expiresAt.getTime() - idleMs)),
        current: r.sid === currentSid,
        secondFactor: typeof d?.secondFactor === "string" ? d.secondFactor : null,
      };
    })
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/** Ends the user's session named `handle` (never the current one: that is "Keluar"). True when one ended. */
export async function endSession(prisma: PrismaClient, userId: number, handle: string, currentSid: string): Promise<boolean> {
  const rows = await prisma.session.findMany({ where: { userId }, select: { sid: true } });
  const target = rows.find((r) => r.sid !== currentSid && handleOf(r.sid) === handle);
  if (!target) return false;
  const { count } = await prisma.session.deleteMany({ where: { sid: target.sid, userId } });
  return count === 1;
}

/** Ends every session of the user but `keepSid`; returns how many. */
export async function endOtherSessions(prisma: PrismaClient, userId: number, keepSid: string): Promise<number> {
  return (await prisma.session.deleteMany({ where: { userId, sid: { not: keepSid } } })).count;
}

/** ADMIN ends every session of a user (logged); returns how many. */
export async function endAllSessions(prisma: PrismaClient, actorId: number, userId: number): Promise<number> {
  if (!(await prisma.user.findUnique({ where: { id: userId }, select: { id: true } }))) throw notFound("Pengguna tidak ditemukan.");
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { userId } });
    await tx.adminLog.create({ data: { actorId, action: "user.sessions-ended", target: `user:${userId}`, detail: { sessions: count } } });
    return count;
  });
}
