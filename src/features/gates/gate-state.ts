// Where a case stands with its approvals (gates): which apply and why, which are
// recorded (and still count), which may be recorded next, and what a signing at
// a row is still missing. Pure: callers load the rows.
import { formatIsoDate } from "../../platform/time.js";
import { fromDbDate } from "../../core/calendar/calendar.js";
import { applicableGates, GATES, type GateDef, type GateFacts, type GateId } from "../../core/sop/kinds.js";

export type GateRecord = {
  id: number;
  gate: string;
  letterNumber: string;
  letterDate: Date;
  documentId: number;
  recordedAt: Date;
  draftDocumentId?: number | null;
  meetingId?: number | null;
};
/** The latest version of each final draft a gate approves (e.g. the final MoU draft). */
export type LatestDraft = { id: number; version: number; at: Date };
export type DraftTimes = Partial<Record<string, LatestDraft>>;

export type GateLine = {
  gate: GateDef;
  why: string;
  record: GateRecord | null;
  /** Recorded, but the draft it approved has a newer version since. */
  stale: boolean;
  /** The latest version of the draft it approves (null: none uploaded yet, so nothing to approve). */
  draft: LatestDraft | null;
  passed: boolean;
  /** The gate that must be recorded first, while it is not. */
  waitsFor: GateDef | null;
};

export function gateLines(c: GateFacts, thresholdMonths: number, records: GateRecord[], drafts: DraftTimes): GateLine[] {
  const lines: GateLine[] = [];
  for (const { gate, why } of applicableGates(c, thresholdMonths)) {
    const record =
      records
        .filter((r) => r.gate === gate.id)
        .sort((a, b) => b.recordedAt.getTime() - a.recordedAt.getTime())
        .at(0) ?? null;
    const draft = (gate.approves ? drafts[gate.approves] : undefined) ?? null;
    // An approval names the version it approved; older records are compared by time.
    const stale = !!record && !!draft && (record.draftDocumentId ? record.draftDocumentId !== draft.id : draft.at > record.recordedAt);
    lines.push({ gate, why, record, stale, draft, passed: !!record && !stale, waitsFor: null });
  }
  for (const l of lines) {
    const before = l.gate.after ? lines.find((x) => x.gate.id === l.gate.after) : undefined;
    if (before && !before.passed) l.waitsFor = before.gate;
  }
  return lines;
}

/** A missing approval named; a stale one (it has a record) says it needs renewing. */
const missingLabel = (l: GateLine): string =>
  l.stale && l.record ? `${l.gate.label} yang baru (draf final diubah sesudah persetujuan ${formatIsoDate(fromDbDate(l.record.letterDate))})` : l.gate.label;

/** What a signing at `row` still needs, as sentences naming each approval. */
export function missingForSigning(lines: GateLine[], row: number): string[] {
  return lines.filter((l) => l.gate.before.includes(row) && !l.passed).map(missingLabel);
}

/** The same, each with how it is obtained (the refusal the Kabag reads before signing). */
export function missingWithHow(lines: GateLine[], row: number): { label: string; how: string }[] {
  return lines.filter((l) => l.gate.before.includes(row) && !l.passed).map((l) => ({ label: missingLabel(l), how: l.gate.obtained }));
}

export const gateById = (id: string): GateDef | null => (Object.hasOwn(GATES, id) ? GATES[id as GateId] : null);
