// Numbers from SRIKANDI (the national records application): who may record one.
// The holders of the SOP's numbering steps (rows whose action gives a number), as
// the SOP names them: at a numbering step, for the MoU or PKS itself while that step
// is theirs; on an outgoing letter of a case they may read, at any time.
import type { CurrentUser, RoleName } from "../users/roles.js";
import { actionRoles, requireRowFor, SOP } from "../sop/sop.js";
import { isOpen, type CaseState } from "../sop/case-state.js";
import { actingRole } from "./task.js";
import { can as canCase, type CaseSubject } from "./case.js";

export type SrikandiAction = "recordNumbering" | "holdsNumbering" | "recordLetter";
export type SrikandiSubject = CaseSubject & Pick<CaseState, "jenis">;

/** The roles that hold a numbering step somewhere in the SOP. */
export const NUMBERING_HOLDERS: readonly RoleName[] = [
  ...new Set(SOP.flatMap((row) => row.actions.filter((a) => a.numbering).flatMap((a) => actionRoles(row, a)))),
];

/** The numbering action of the case's current row that this user holds, or null. */
export function numberingActionFor(user: CurrentUser, c: SrikandiSubject) {
  if (!isOpen(c) || c.currentRow === null || !canCase(user, "read", c)) return null;
  const row = requireRowFor(c.jenis, c.currentRow);
  const action = row.actions.find((a) => a.numbering && actingRole(user, actionRoles(row, a), c.skpdId) !== null);
  return action?.numbering ? { row, action, kind: action.numbering } : null;
}

export function can(user: CurrentUser, action: SrikandiAction, c: SrikandiSubject): boolean {
  switch (action) {
    case "recordNumbering":
      return numberingActionFor(user, c) !== null;
    case "holdsNumbering":
      // The form's guard before the body is read: a holder of the numbering steps on a case they may read.
      // Whether the case is at its numbering step now is recordNumbering, asked after the version (a second tab gets 409).
      return canCase(user, "read", c) && actingRole(user, NUMBERING_HOLDERS, c.skpdId) !== null;
    case "recordLetter":
      return canCase(user, "read", c) && c.status !== "DRAFT" && actingRole(user, NUMBERING_HOLDERS, c.skpdId) !== null;
  }
}
