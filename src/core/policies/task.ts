// Tasks: which open tasks a user holds, and by which role they act on one. A task is
// held by its roles; the SKPD role only for the task's own unit. A position held
// today for someone away (Plh/Plt, delegation.ts) counts like an own role, but an own
// role is preferred when both fit. Inboxes, the case page, pausing and transitions ask
// here (the inbox's SQL, inbox/inbox-service.ts, is the same rule as a query).
import { actingLabel, hasRole, type CurrentUser, type RoleName } from "../users/roles.js";
import { ownRoles } from "./delegation.js";

type TaskHolders = { roles: readonly RoleName[]; skpdId: number | null };

/**
 * The role by which `user` may act among `roles` on a case of `caseSkpdId`:
 * an SKPD user acts only for their own unit. Null when they may not.
 */
export function actingRole(user: CurrentUser, roles: readonly RoleName[], caseSkpdId: number): RoleName | null {
  // The user's own roles first; a position held for someone away (Plh/Plt) only when none fits.
  const own = ownRoles(user);
  for (const r of roles) if (r !== "SKPD" && own.includes(r)) return r;
  for (const r of roles) {
    if (r === "SKPD") continue;
    if (user.roles.includes(r)) return r;
  }
  if (roles.includes("SKPD") && user.roles.includes("SKPD") && user.skpdId === caseSkpdId) return "SKPD";
  return null;
}

/** Does the user hold this task (their inbox shows it; they may pause it)? */
export function holdsTask(user: CurrentUser, t: TaskHolders): boolean {
  return t.roles.some((r) => (r === "SKPD" ? user.roles.includes("SKPD") && user.skpdId === t.skpdId : user.roles.includes(r)));
}

/** "Plh Kepala Bagian Kerjasama (Agus)" when the user holds the task only for someone away; null when they hold it in their own right. */
export function heldAsActing(user: CurrentUser, t: TaskHolders): string | null {
  if (!user.acting?.length) return null;
  const own = ownRoles(user);
  if (t.roles.some((r) => own.includes(r) && (r !== "SKPD" || t.skpdId === user.skpdId))) return null;
  for (const a of user.acting) {
    const role = t.roles.find((r) => a.roles.includes(r));
    if (role) return actingLabel(a, role);
  }
  return null;
}

/** What the SOP expects of this user at a row where they hold no action (rows 11, 16, 21: `expects`). */
export const expectationFor = <E extends { role: RoleName }>(user: CurrentUser, expects: readonly E[] | undefined): E | undefined =>
  expects?.find((x) => user.roles.includes(x.role));

/** On a case page: what the SOP expects of this user at the case's row (the SKPD's part only for the proposing SKPD's user). */
export const expectationOnCase = <E extends { role: RoleName }>(user: CurrentUser, caseSkpdId: number, expects: readonly E[] | undefined): E | undefined =>
  expects?.find((x) => (x.role === "SKPD" ? user.roles.includes("SKPD") && user.skpdId === caseSkpdId : user.roles.includes(x.role)));

/** Collective rows' actions are taken in bulk from the inbox by staff, never by an SKPD user for many cases. */
export const actsInBulk = (user: CurrentUser) => user.roles.some((r) => r !== "SKPD");

/**
 * The role an action outside the SOP rows is recorded under on the timeline: `preferred`
 * when the user holds it, else `otherwise` (the policy has already let them act).
 */
export const recordedRole = <P extends RoleName, O extends RoleName>(user: CurrentUser, preferred: P, otherwise: O): P | O =>
  hasRole(user, preferred) ? preferred : otherwise;

/** The unit whose SKPD tasks the user holds, or null (the inbox's SQL filter, inbox/inbox-service.ts). */
export const heldSkpd = (user: CurrentUser): number | null => (user.roles.includes("SKPD") ? user.skpdId : null);

/** A new task's unit: the case's SKPD when the SKPD is among its holders, else none (workflow/transition-service.ts openTasks). */
export const taskSkpdId = (holders: readonly RoleName[], caseSkpdId: number): number | null => (holders.includes("SKPD") ? caseSkpdId : null);

/**
 * Does a user (a stored row: own roles and unit) hold a task of `roles` for unit
 * `skpdId`? Own roles only: acting (Plh/Plt) grants are added from the delegations
 * (notifications/notify-many.ts holdersOn).
 */
export const holdsTaskRoles = (u: { roles: readonly string[]; skpdId: number | null }, roles: readonly string[], skpdId: number | null): boolean =>
  u.roles.some((r) => r !== "SKPD" && roles.includes(r)) || (roles.includes("SKPD") && skpdId !== null && u.roles.includes("SKPD") && u.skpdId === skpdId);
