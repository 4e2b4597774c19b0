// Who may see and do what with a case (a proposal and everything that follows).
// `can` decides on one loaded case; `scope` is the same rule as a query filter
// for lists and counts. Nothing else in the app compares roles for cases.
import { Prisma } from "../../generated/prisma/client.js";
import { hasRole, P3ADK_ROLES, type CurrentUser } from "../users/roles.js";
import { isProposalRow, isRunningRow } from "../sop/sop.js";

export type CaseSubject = {
  skpdId: number;
  status: "DRAFT" | "IN_PROGRESS" | "DONE" | "REJECTED" | "REFUSED" | "DECLINED" | "WITHDRAWN";
  createdById: number;
  currentRow: number | null;
};
export type CaseAction =
  | "list"
  | "propose"
  | "read"
  | "edit"
  | "comment"
  | "upload"
  | "distribute"
  | "voidNumber"
  | "replaceNumber"
  | "stampCopy"
  | "reportProgress"
  | "setProgressSchedule";

const isOpen = (c: Pick<CaseSubject, "status">) => c.status === "DRAFT" || c.status === "IN_PROGRESS";
export const isOwnSkpd = (user: CurrentUser, skpdId: number) => user.roles.includes("SKPD") && user.skpdId === skpdId;
/** An SKPD-only user: lists, filters and figures show only their own unit. */
export const onlySkpd = (user: CurrentUser) => user.roles.every((r) => r === "SKPD");
const readOnly = (user: CurrentUser) => user.roles.every((r) => r === "PIMPINAN");

/**
 * Reading: its own SKPD, and everyone else in the city's cooperation process.
 * A draft is the SKPD's own until sent: besides the SKPD only its creator (who
 * started a renewal for it) and ADMIN see it.
 */
function canRead(user: CurrentUser, c: CaseSubject): boolean {
  if (isOwnSkpd(user, c.skpdId)) return true;
  if (c.status === "DRAFT") return hasRole(user, "ADMIN") || c.createdById === user.id;
  return !onlySkpd(user);
}

export function can(user: CurrentUser, action: CaseAction, c?: CaseSubject): boolean {
  switch (action) {
    case "list":
      return user.roles.length > 0;
    case "propose":
      return user.roles.includes("SKPD") && user.skpdId !== null;
    default:
      break;
  }
  if (!c || !canRead(user, c)) return false;
  switch (action) {
    case "read":
      return true;
    case "edit":
      return isOpen(c) && isProposalRow(c.currentRow) && isOwnSkpd(user, c.skpdId);
    case "comment":
      return !readOnly(user);
    case "upload":
      // The cooperation section at any time; the current holders are checked against the open tasks by the service.
      return isOpen(c) && !readOnly(user);
    case "distribute":
      // Recorded at the distribution rows (sop.ts distributionAt); the service says so (409) when the case is elsewhere.
      return isOpen(c) && hasRole(user, "PENATALAKSANA");
    case "voidNumber":
      return hasRole(user, "PENATALAKSANA", "ADMIN");
    case "replaceNumber":
    case "stampCopy":
      return hasRole(user, "PENATALAKSANA");
    case "reportProgress":
      return c.status === "IN_PROGRESS" && isRunningRow(c.currentRow) && isOwnSkpd(user, c.skpdId);
    case "setProgressSchedule":
      return c.status === "IN_PROGRESS" && isRunningRow(c.currentRow) && hasRole(user, ...P3ADK_ROLES);
  }
  return false;
}

/** May the user's roles ever report progress (the route's guard, before the case is loaded)? The case decides by `can(user, "reportProgress", c)`. */
export const reportsProgress = (user: CurrentUser) => user.roles.includes("SKPD");

/** May the user add documents at any time, whoever holds the case now? */
export const uploadsAnyTime = (user: CurrentUser) => hasRole(user, ...P3ADK_ROLES);

/** The cases a user may read, as a filter (the same rule as `can(user, "read", c)`). */
export function scope(user: CurrentUser): Prisma.CaseWhereInput {
  // An SKPD user: their unit's cases, and a draft they started for another unit (a renewal begun before their unit changed).
  if (onlySkpd(user)) return { OR: [{ skpdId: user.skpdId ?? -1 }, { status: "DRAFT", createdById: user.id }] };
  if (hasRole(user, "ADMIN")) return {};
  return { OR: [{ status: { not: "DRAFT" } }, { createdById: user.id }, ...(user.roles.includes("SKPD") && user.skpdId ? [{ skpdId: user.skpdId }] : [])] };
}

/**
 * The same rule as `scope`, as an SQL fragment over the case alias `c` (a fixed
 * identifier written in code, never input), for the raw queries of full-text search.
 * Values travel as the query's parameters.
 */
export function scopeSql(user: CurrentUser, c = "c"): Prisma.Sql {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(c)) throw new Error(`not an SQL alias: ${c}`);
  const col = (name: string) => Prisma.raw(`${c}."${name}"`);
  if (onlySkpd(user)) return Prisma.sql`(${col("skpdId")} = ${user.skpdId ?? -1} OR (${col("status")} = 'DRAFT' AND ${col("createdById")} = ${user.id}))`;
  if (hasRole(user, "ADMIN")) return Prisma.sql`TRUE`;
  const or = [Prisma.sql`${col("status")} <> 'DRAFT'`, Prisma.sql`${col("createdById")} = ${user.id}`];
  if (user.roles.includes("SKPD") && user.skpdId) or.push(Prisma.sql`${col("skpdId")} = ${user.skpdId}`);
  return Prisma.sql`(${Prisma.join(or, " OR ")})`;
}
