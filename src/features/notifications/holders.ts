// Who may be told: active users holding one of the roles (the SKPD role only within
// its SKPD), and whoever acts on the day (Plh/Plt) for an absent holder of one of the
// delegable roles, under an appointment that follows policies/delegation.ts. One rule,
// read in one statement for a whole batch (the daily job, escalations) and used for a
// single notice too (usersHolding).
import { Prisma, type PrismaClient } from "../../generated/prisma/client.js";
import type { Role } from "../../generated/prisma/enums.js";
import { actingAllowed, delegablePositions } from "../../core/policies/delegation.js";
import { holdsTaskRoles } from "../../core/policies/task.js";
import { roleList, type RoleName } from "../../core/users/roles.js";
import { todayJakarta } from "../../core/calendar/calendar.js";

type Db = PrismaClient | Prisma.TransactionClient;

export type Holders = (roles: Role[], skpdId: number | null) => number[];

type Row = {
  kind: "u" | "d";
  id: number;
  roles: string[] | null;
  skpdId: number | null;
  absentId: number | null;
  absentRoles: string[] | null;
  createdById: number | null;
};

/** Everyone who may be told, as of `today` (YYYY-MM-DD, WIB): one statement. */
export async function holdersOn(prisma: Db, today: string): Promise<Holders> {
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT 'u' AS "kind", u."id", u."roles"::text[] AS "roles", u."skpdId", NULL::int AS "absentId", NULL::text[] AS "absentRoles", NULL::int AS "createdById"
      FROM "User" u WHERE u."active"
    UNION ALL
    SELECT 'd', d."actingId", p."roles"::text[], NULL::int, d."absentId", a."roles"::text[], d."createdById"
      FROM "Delegation" d JOIN "User" a ON a."id" = d."absentId" JOIN "User" p ON p."id" = d."actingId"
     WHERE d."endedAt" IS NULL AND d."fromDay" <= ${today}::date AND d."untilDay" >= ${today}::date AND a."active" AND p."active"`;
  const users = rows.filter((r) => r.kind === "u").map((r) => ({ id: r.id, roles: roleList(r.roles ?? []), skpdId: r.skpdId }));
  // Whether an appointment may be acted on does not depend on the roles asked for: decided once.
  const acting = rows
    .filter((r) => r.kind === "d")
    .map((r) => ({
      id: r.id,
      absentRoles: roleList(r.absentRoles ?? []),
      allowed: actingAllowed({
        actingId: r.id,
        actingRoles: roleList(r.roles ?? []),
        absentId: Number(r.absentId),
        absentRoles: roleList(r.absentRoles ?? []),
        recorderId: Number(r.createdById),
      }),
    }))
    .filter((d) => d.allowed);
  const cache = new Map<string, number[]>();
  return (roles, skpdId) => {
    const key = `${[...roles].sort().join(",")}|${skpdId ?? ""}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const nonSkpd = roles.filter((r) => r !== "SKPD") as string[];
    const delegable: string[] = delegablePositions(nonSkpd as RoleName[]);
    const ids = new Set<number>();
    for (const u of users) {
      if (holdsTaskRoles(u, roles, skpdId)) ids.add(u.id);
    }
    for (const d of acting) if (d.absentRoles.some((r) => delegable.includes(r))) ids.add(d.id);
    const list = [...ids];
    cache.set(key, list);
    return list;
  };
}

/** The users holding `roles` (SKPD role only for `skpdId`) on `today`: one notice's recipients. */
export async function usersHolding(prisma: Db, roles: Role[], skpdId: number | null, today = todayJakarta()): Promise<number[]> {
  return (await holdersOn(prisma, today))(roles, skpdId);
}
