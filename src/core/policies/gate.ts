// Approvals before signing (kinds.ts GATES): recorded by the roles each gate names,
// on an open case that has not passed its last signing (row 17); read by whoever
// reads the case.
import { hasRole, type CurrentUser } from "../users/roles.js";
import { GATES, type GateDef } from "../sop/kinds.js";
import { collectsApprovals } from "../sop/sop.js";
import { can as canCase, type CaseSubject } from "./case.js";

export type GateAction = "record";

/** Approvals are still collected (sop.ts APPROVAL_ROWS: from the Walikota's approval up to the PKS signing). */
const collecting = (c: CaseSubject) => c.status === "IN_PROGRESS" && collectsApprovals(c.currentRow);

export function can(user: CurrentUser, action: GateAction, c: CaseSubject, gate?: GateDef): boolean {
  if (!canCase(user, "read", c)) return false;
  // One rule per action: a new action fails to compile until it has its rule.
  const rules: Record<GateAction, () => boolean> = {
    record: () => collecting(c) && (gate ? hasRole(user, ...gate.recordedBy) : hasRole(user, "PENATALAKSANA", "PENELAAH", "KASUBBAG", "KABAG", "TKKSD")),
  };
  return rules[action]();
}

/** Does the user record some approval (the route's guard, before the case is loaded)? */
export const recordsAnyGate = (user: CurrentUser) => Object.values(GATES).some((g) => hasRole(user, ...g.recordedBy));
