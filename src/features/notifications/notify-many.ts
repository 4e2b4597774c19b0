// Notifications for many items at once (the daily job, escalations): who holds which
// roles is read in one statement for the whole batch, and every notice of the batch is
// written in one statement, whatever the number of due items.
//
// holdersOn() answers what usersHolding() (notification-service.ts) answers, for any
// roles and SKPD, from one read: active users holding one of the roles (the SKPD role
// only within `skpdId`), and whoever acts today (Plh/Plt) for an absent holder of one
// of the delegable roles, under an appointment that follows policies/delegation.ts.
import { Prisma, type PrismaClient } from "../../generated/prisma/client.js";
import type { Role } from "../../generated/prisma/enums.js";
import { actingAllowed, delegablePositions } from "../../core/policies/delegation.js";
import { holdsTaskRoles } from "../../core/policies/task.js";
import { roleList, type RoleName } from "../../core/users/roles.js";
import type { NotificationKind } from "./notification-service.js";

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

export type Notice = { userIds: number[]; kind: NotificationKind; title: string; link?: string; dedupe?: string };

/**
 * Writes the notifications of many notices in one statement, each user once per notice;
 * a dedupe key makes a reminder appear once only (as notify() does). Returns the rows
 * written (those already there are skipped), with their kind and key.
 */
export async function notifyMany(prisma: Db, notices: Notice[]): Promise<{ kind: string; dedupeKey: string | null }[]> {
  const data = notices.flatMap((n) =>
    [...new Set(n.userIds)].map((userId) => ({
      userId,
      kind: n.kind,
      title: n.title.slice(0, 300),
      link: n.link ?? null,
      dedupeKey: n.dedupe ? `${n.dedupe}:u${userId}` : null,
    })),
  );
  if (!data.length) return [];
  return prisma.notification.createManyAndReturn({ data, skipDuplicates: true, select: { kind: true, dedupeKey: true } });
}

/** How many of `rows` are of `kind`. */
export const countKind = (rows: { kind: string }[], kind: NotificationKind) => rows.filter((r) => r.kind === kind).length;
