// ADMIN's view of second factors: who has one, and which roles must.
import type { PrismaClient } from "../../generated/prisma/client.js";
import { changeSettings, getSettings } from "../../core/settings/settings-service.js";
import { ALWAYS_SECOND_FACTOR, secondFactorRequired, secondFactorRoles } from "../../core/policies/second-factor.js";
import type { RoleName } from "../../core/users/roles.js";

export type SecurityRow = {
  id: number;
  username: string;
  fullName: string;
  roles: RoleName[];
  active: boolean;
  enabledAt: Date | null;
  recoveryLeft: number;
  required: boolean;
};

/** Every user with their second factor's state, those who need one and lack it first. */
export async function securityOverview(prisma: PrismaClient): Promise<SecurityRow[]> {
  const [users, settings] = await Promise.all([
    prisma.user.findMany({
      select: {
        id: true,
        username: true,
        fullName: true,
        roles: true,
        active: true,
        totpEnabledAt: true,
        _count: { select: { recoveryCodes: { where: { usedAt: null } } } },
      },
      orderBy: { username: "asc" },
    }),
    getSettings(prisma),
  ]);
  const required = secondFactorRoles(settings["secondFactor.roles"]);
  return users
    .map((u) => ({
      id: u.id,
      username: u.username,
      fullName: u.fullName,
      roles: u.roles,
      active: u.active,
      enabledAt: u.totpEnabledAt,
      recoveryLeft: u._count.recoveryCodes,
      required: secondFactorRequired(u.roles, required),
    }))
    .sort((a, b) => Number(b.required && !b.enabledAt) - Number(a.required && !a.enabledAt));
}

/**
 * Saves the roles that need a second factor (ADMIN always) and ends the sessions of
 * their users that began without one: those users give it at their next sign-in. A
 * sign-in half-way is left alone: it is waiting for a factor already.
 * Returns how many sessions ended.
 */
export async function changeRequiredRoles(prisma: PrismaClient, actorId: number, roles: RoleName[]): Promise<number> {
  const chosen = secondFactorRoles([...ALWAYS_SECOND_FACTOR, ...roles].join(","));
  const before = secondFactorRoles((await getSettings(prisma))["secondFactor.roles"]);
  await changeSettings(
    prisma,
    actorId,
    { "secondFactor.roles": chosen.join(",") },
    { action: "second-factor.roles", target: "setting:secondFactor.roles", detail: { before, after: chosen } },
  );
  return prisma.$executeRaw`
    DELETE FROM "Session" s USING "User" u
     WHERE s."userId" = u."id" AND u."roles"::text[] && ${chosen}::text[] AND s."data"->>'secondFactor' IS NULL
       AND s."data"->'pendingLogin' IS NULL`;
}

/**
 * A user given a role that needs a second factor (admin/admin-service.ts): their sessions
 * that began without one end, and the next sign-in asks for it. Returns how many ended.
 */
export async function endSessionsIfNowRequired(db: Pick<PrismaClient, "setting" | "$executeRaw">, userId: number, roles: readonly RoleName[]): Promise<number> {
  const required = secondFactorRoles((await getSettings(db))["secondFactor.roles"]);
  if (!secondFactorRequired(roles, required)) return 0;
  return db.$executeRaw`DELETE FROM "Session" WHERE "userId" = ${userId} AND "data"->>'secondFactor' IS NULL AND "data"->'pendingLogin' IS NULL`;
}
