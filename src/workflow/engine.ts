// Pure transition rules: who may do what on a case now. No database, no HTTP.
import type { CurrentUser, RoleName } from "../users/roles.js";
import { actingRole, holdsTask } from "../policies/task.js";
import { actionRoles, requireRowFor, ROW_NUMBERS, WITHDRAW, type ActionDef, type RowDef } from "./sop.js";

export type CaseState = {
  /** Its kind: the labels of rows 11-21 follow its naskah (kinds.ts). */
  jenis?: string | null;
  status: "DRAFT" | "IN_PROGRESS" | "DONE" | "REJECTED" | "REFUSED" | "DECLINED" | "WITHDRAWN";
  currentRow: number | null;
  skpdId: number;
};
export type OpenTask = { rowNo: number; part: string | null; roles: RoleName[]; skpdId: number | null; pausedSince: unknown };

export const isOpen = (c: Pick<CaseState, "status">) => c.status === "DRAFT" || c.status === "IN_PROGRESS";

// Who acts by which role, and who holds a task, are policies (policies/task.ts).
export { actingRole, holdsTask } from "../policies/task.js";

export const rowIndex = (no: number) => (ROW_NUMBERS as readonly number[]).indexOf(no);
export const nextRow = (no: number) => ROW_NUMBERS.at(rowIndex(no) + 1);

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
  return (
    isOpen(c) &&
    c.currentRow !== null &&
    rowIndex(c.currentRow) <= rowIndex(WITHDRAW.lastRow) &&
    actingRole(user, WITHDRAW.roles, c.skpdId) !== null
  );
}

/** May this user pause or resume the clock of this task? Holders of pausable rows only. */
export function canPause(row: RowDef, task: Pick<OpenTask, "roles" | "skpdId">, user: CurrentUser): boolean {
  return !!row.pausable && holdsTask(user, task);
}
