// Who is asking, read on every logged-in request: the user (with the positions they
// hold today for someone away) and the data revision (cache/revision.ts). The same
// columns are read with the session row (auth/session-store.ts), so a logged-in
// request costs one round trip to the database; `loadRequestUser` reads them on their
// own where there is no session (calendar feeds, tests).
import type { PlainSql } from "../../platform/db/client.js";
import { revisionOf, type Revision } from "../../platform/cache/revision.js";
import { grantedActing, rolesWithActing } from "../../core/policies/delegation.js";
import { roleList, type Acting, type CurrentUser, type DelegationKind } from "../../core/users/roles.js";
import { todayJakarta } from "../../core/calendar/calendar.js";
import { must } from "../../platform/must.js";

export type RequestUser = { user: CurrentUser | null; revision: Revision };

export type RequestUserRow = {
  id: number | null;
  username: string;
  fullName: string;
  roles: string[] | string;
  skpdId: number | null;
  active: boolean;
  mustChangePassword: boolean;
  skpdName: string | null;
  skpdCode: string | null;
  rev: bigint | number | string;
  acting: { id: number; kind: DelegationKind; absentId: number; absentName: string; roles: string[] | string; createdById: number }[] | string | null;
};

/**
 * The columns of a RequestUserRow, for a FROM that has `u` (the user, possibly null
 * from a LEFT JOIN), `k` (their SKPD) and `r` (the revision sequence). `day` is the
 * parameter holding today's date in Jakarta: the positions held that day for someone
 * away (Plh/Plt), with the absent holder's name and roles and who recorded it, so that
 * `toRequestUser` grants only those that follow the rule of who may act for whom.
 */
export const requestUserColumns = (day: string) =>
  `u."id", u."username", u."fullName", u."roles"::text[] AS "roles", u."skpdId", u."active", u."mustChangePassword",
   k."name" AS "skpdName", k."code" AS "skpdCode", r."last_value" AS "rev",
   (SELECT json_agg(json_build_object('id', d."id", 'kind', d."kind", 'absentId', d."absentId", 'absentName', a."fullName", 'roles', a."roles"::text[], 'createdById', d."createdById") ORDER BY d."id")
      FROM "Delegation" d JOIN "User" a ON a."id" = d."absentId"
     WHERE d."actingId" = u."id" AND d."endedAt" IS NULL AND a."active"
       AND d."fromDay" <= ${day}::date AND d."untilDay" >= ${day}::date) AS "acting"`;

/** The joins that give `u`, `k` and `r`, for the user whose id is the SQL expression `userId`. */
export const requestUserJoins = (userId: string) =>
  `CROSS JOIN "data_revision" r LEFT JOIN "User" u ON u."id" = ${userId} LEFT JOIN "Skpd" k ON k."id" = u."skpdId"`;

/**
 * A deactivated or deleted user comes back as null (and is logged out). An appointment
 * that breaks the rule of who may act for whom (policies/delegation.ts), such as one
 * written before the rule or straight into the database, grants nothing.
 */
export function toRequestUser(u: RequestUserRow): RequestUser {
  const revision = revisionOf(u.rev);
  if (u.id === null || !u.active) return { user: null, revision };
  const ownRoles = roleList(u.roles);
  const rawActing: unknown = typeof u.acting === "string" ? JSON.parse(u.acting) : (u.acting ?? []);
  const acting: Acting[] = grantedActing(u.id, ownRoles, rawActing as NonNullable<Exclude<RequestUserRow["acting"], string>>);
  const roles = rolesWithActing(ownRoles, acting);
  return {
    user: {
      ...(acting.length ? { acting, ownRoles } : {}),
      id: u.id,
      username: u.username,
      fullName: u.fullName,
      roles,
      skpdId: u.skpdId,
      skpdName: u.skpdName,
      skpdCode: u.skpdCode,
      mustChangePassword: u.mustChangePassword,
    },
    revision,
  };
}

/** The user and the data revision in one round trip, without a session. */
export async function loadRequestUser(sql: PlainSql, id: number, now = new Date()): Promise<RequestUser> {
  const [u] = await sql<RequestUserRow>(`SELECT ${requestUserColumns("$2")} FROM (SELECT 1) one ${requestUserJoins("$1")}`, [id, todayJakarta(now)]);
  // One row always: the joins hang off `(SELECT 1) one`.
  return toRequestUser(must(u, "the request-user row"));
}
