// What "Keamanan akun" shows: the second factor's state and security keys, the sessions, the SSO links.
import type { PrismaClient } from "../../generated/prisma/client.js";
import { requiredFor } from "../second-factor/second-factor-service.js";
import { sessionsOf } from "./sessions.js";

export async function securityPage(prisma: PrismaClient, userId: number, currentSid: string, idleMs: number) {
  const [u, sessions, identities, keys] = await Promise.all([
    prisma.user.findUniqueOrThrow({
      where: { id: userId },
      select: { roles: true, totpEnabledAt: true, nip: true, email: true, _count: { select: { recoveryCodes: { where: { usedAt: null } } } } },
    }),
    sessionsOf(prisma, userId, currentSid, idleMs),
    prisma.userIdentity.findMany({ where: { userId }, orderBy: { createdAt: "asc" } }),
    prisma.securityKey.findMany({ where: { userId }, orderBy: { id: "asc" }, select: { id: true, name: true, createdAt: true, lastUsedAt: true } }),
  ]);
  return {
    factor: { enabledAt: u.totpEnabledAt, recoveryLeft: u._count.recoveryCodes, required: await requiredFor(prisma, u.roles) },
    keys,
    sessions,
    identities,
    nip: u.nip,
    email: u.email,
  };
}
