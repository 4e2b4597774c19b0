// Who may do what on a case now: the actions of its row this user may take, withdrawing,
// pausing a task's clock. Pure rules over the SOP (workflow/sop.ts): no database, no HTTP.
import type { CurrentUser, RoleName } from "../users/roles.js";
import { actingRole, holdsTask } from "./task.js";
import { actionRoles, requireRowFor, WITHDRAW, type ActionDef, type RowDef } from "../sop/sop.js";
import { isOpen, rowIndex, type CaseState, type OpenTask } from "../sop/case-state.js";

export type { CaseState, OpenTask } from "../sop/case-state.js";
export { isOpen, nextRow, rowIndex } from "../sop/case-state.js";

// Who acts by which role, and who holds a task (task.ts), for the callers of these rules.
export { actingRole, holdsTask } from "./task.js";

export type Available = { action: ActionDef; role: RoleName };

/** The actions of the current row that this user may take now (parts only while their task is open). */
export function availableActions(c: CaseState, tasks: OpenTask[], user: CurrentUser): Available[] {
  if (!isOpen(c) || c.currentRow === null) return [];
  const row = requireRowFor(c.jenis, c.currentRow);
  const out: Available[] = [];
  for (const a of row.actions) {
    if (a.effect === "part" && !tasks.some((t) => t.rowNo === row.no && t.part === a.part)) continue;
    const role = actingRole(user, actionRoles(row, a), c.skpdId);
    if (role) out.push({ action: a, role });
  }
  return out;
}

export function canWithdraw(c: CaseState, user: CurrentUser): boolean {
  return isOpen(c) && c.currentRow !== null && rowIndex(c.currentRow) <= rowIndex(WITHDRAW.lastRow) && actingRole(user, WITHDRAW.roles, c.skpdId) !== null;
}

/** May this user pause or resume the clock of this task? Holders of pausable rows only. */
export function canPause(row: RowDef, task: Pick<OpenTask, "roles" | "skpdId">, user: CurrentUser): boolean {
  return !!row.pausable && holdsTask(user, task);
}
