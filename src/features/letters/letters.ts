// The letters and drafts the system writes from a case's data: which SOP rows each
// belongs to, which document kind the result becomes, and its default template
// (views/letters/<key>.docx; ADMIN may replace it, see template-store.ts).
import type { DocKind } from "../../core/documents/kinds.js";
import type { LetterScope } from "./placeholders.js";
import { naskahAt } from "../../core/sop/sop.js";
import { TELAAH_OCCASIONS } from "./occasions.js";

export type LetterKey = "telaah_staf" | "surat_penawaran" | "draft_naskah" | "tanda_terima" | "laporan_evaluasi" | "undangan_tkksd" | "berita_acara_tkksd";
export type LetterDef = {
  key: LetterKey;
  label: string;
  /** Whose data fills it: a case's, or a TKKSD meeting's (downloaded from the meeting page). */
  scope: LetterScope;
  /** The rows at which the letter is offered on the case page. */
  rows: number[];
  /** The document kind the generated file is kept as, by row. */
  docKind: (row: number) => DocKind;
  /** The output file's name (without extension). */
  fileName: (naskah: string) => string;
};

export const LETTERS: Record<LetterKey, LetterDef> = {
  telaah_staf: {
    key: "telaah_staf",
    scope: "case",
    label: "Telaah staf untuk Walikota",
    rows: Object.keys(TELAAH_OCCASIONS).map(Number),
    docKind: () => "telaah",
    fileName: () => "Telaah staf",
  },
  surat_penawaran: {
    key: "surat_penawaran",
    scope: "case",
    label: "Surat penawaran kerja sama (dengan tembusan)",
    rows: [7, 10],
    docKind: () => "draft_surat_penawaran",
    fileName: () => "Draft surat penawaran",
  },
  draft_naskah: {
    key: "draft_naskah",
    scope: "case",
    label: "Draf naskah dengan identitas para pihak",
    rows: [11, 16],
    docKind: (row) => (naskahAt(row) === "PKS" ? "draft_pks" : "draft_mou"),
    fileName: (naskah) => `Draf ${naskah}`,
  },
  tanda_terima: {
    key: "tanda_terima",
    scope: "case",
    label: "Tanda terima distribusi salinan",
    rows: [15, 19],
    docKind: () => "tanda_kirim",
    fileName: (naskah) => `Tanda terima salinan ${naskah}`,
  },
  laporan_evaluasi: {
    key: "laporan_evaluasi",
    scope: "case",
    label: "Laporan evaluasi pelaksanaan",
    rows: [20, 21],
    docKind: () => "laporan_evaluasi",
    fileName: () => "Laporan evaluasi",
  },
  // A meeting's: row 4 and the final drafts; kept as the minutes' document kind when attached.
  undangan_tkksd: {
    key: "undangan_tkksd",
    scope: "meeting",
    label: "Undangan rapat TKKSD",
    rows: [4],
    docKind: () => "undangan",
    fileName: () => "Undangan rapat TKKSD",
  },
  berita_acara_tkksd: {
    key: "berita_acara_tkksd",
    scope: "meeting",
    label: "Berita acara rapat TKKSD",
    rows: [4],
    docKind: () => "notulen",
    fileName: () => "Berita acara rapat TKKSD",
  },
};
export const LETTER_KEYS = Object.keys(LETTERS) as [LetterKey, ...LetterKey[]];
export const isLetterKey = (v: string): v is LetterKey => Object.hasOwn(LETTERS, v);
/** The case letters offered at a row (meeting letters are on the meeting's page). */
export const lettersAt = (row: number | null) =>
  row === null ? [] : LETTER_KEYS.filter((k) => LETTERS[k].scope === "case" && LETTERS[k].rows.includes(row)).map((k) => LETTERS[k]);
