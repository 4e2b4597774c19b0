// A case's state as the SOP sees it (its kind, status and row) and the order of the
// rows: the facts the workflow and the policies both read, below both of them.
import type { RoleName } from "../users/roles.js";
import { ROW_NUMBERS } from "./sop.js";

export type CaseState = {
  /** Its kind: the labels of rows 11-21 follow its naskah (kinds.ts). */
  jenis?: string | null;
  status: "DRAFT" | "IN_PROGRESS" | "DONE" | "REJECTED" | "REFUSED" | "DECLINED" | "WITHDRAWN";
  currentRow: number | null;
  skpdId: number;
};
export type OpenTask = { rowNo: number; part: string | null; roles: RoleName[]; skpdId: number | null; pausedSince: unknown };

/** A case someone may still act on: a draft or one in progress. */
export const isOpen = (c: Pick<CaseState, "status">) => c.status === "DRAFT" || c.status === "IN_PROGRESS";

/** A row's place in the SOP's order, and the row after it. */
export const rowIndex = (no: number) => (ROW_NUMBERS as readonly number[]).indexOf(no);
export const nextRow = (no: number) => ROW_NUMBERS.at(rowIndex(no) + 1);
