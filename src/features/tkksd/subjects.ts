// What a TKKSD meeting decides, as data: the row-4 decision on a cooperation
// potential, and the approval of a final MoU or PKS draft (kinds.ts GATES). Each
// decision says what closing the meeting does with it.
import type { GateId } from "../../core/sop/kinds.js";
import { signingRow, TKKSD_ROW } from "../../core/sop/sop.js";

export type DecisionId = "ADOPT" | "RETURN" | "REJECT";
export type Effect =
  /** A transition at the case's row, held by the TKKSD. */
  | { kind: "transition"; action: string }
  /** The TKKSD approval gate, recorded with the minutes as its letter. */
  | { kind: "gate"; gate: GateId }
  /** Not approved: noted on the timeline; the row's holder (the Kabag) decides what follows. */
  | { kind: "note" };
export type DecisionDef = { label: string; needsReason: boolean; effect: Effect };
export type SubjectId = "POTENSI" | "TKKSD_MOU" | "TKKSD_PKS";
export type SubjectDef = { id: SubjectId; label: string; row: number; decisions: Partial<Record<DecisionId, DecisionDef>> };

export const SUBJECTS: Record<SubjectId, SubjectDef> = {
  POTENSI: {
    id: "POTENSI",
    label: `Penetapan data potensi kerja sama (langkah ${TKKSD_ROW})`,
    row: TKKSD_ROW,
    decisions: {
      ADOPT: { label: "Ditetapkan sebagai potensi kerja sama Pemkot", needsReason: false, effect: { kind: "transition", action: "lanjut" } },
      RETURN: { label: "Dikembalikan ke SKPD untuk klarifikasi", needsReason: true, effect: { kind: "transition", action: "kembalikan" } },
      REJECT: { label: "Tidak ditetapkan", needsReason: true, effect: { kind: "transition", action: "tolak" } },
    },
  },
  TKKSD_MOU: {
    id: "TKKSD_MOU",
    label: `Persetujuan draf final MoU (sebelum langkah ${signingRow("MOU")})`,
    row: signingRow("MOU"),
    decisions: {
      ADOPT: { label: "Disetujui untuk ditandatangani", needsReason: false, effect: { kind: "gate", gate: "TKKSD_MOU" } },
      RETURN: { label: "Belum disetujui: perlu diubah", needsReason: true, effect: { kind: "note" } },
    },
  },
  TKKSD_PKS: {
    id: "TKKSD_PKS",
    label: `Persetujuan draf final PKS (sebelum langkah ${signingRow("PKS")})`,
    row: signingRow("PKS"),
    decisions: {
      ADOPT: { label: "Disetujui untuk ditandatangani", needsReason: false, effect: { kind: "gate", gate: "TKKSD_PKS" } },
      RETURN: { label: "Belum disetujui: perlu diubah", needsReason: true, effect: { kind: "note" } },
    },
  },
};

export const subjectOf = (id: string): SubjectDef | null => (Object.hasOwn(SUBJECTS, id) ? SUBJECTS[id as SubjectId] : null);

/** The rows at which a case waits for the TKKSD (4, 12 and 17). */
export const SUBJECT_ROWS: number[] = Object.values(SUBJECTS).map((s) => s.row);
/** What the TKKSD decides on a case at `row`, or null at a row that waits for no TKKSD decision. */
export const subjectAt = (row: number | null): SubjectDef | null => Object.values(SUBJECTS).find((s) => s.row === row) ?? null;
