// The letters and drafts the system writes from a case's data: which SOP rows each
// belongs to, which document kind the result becomes, and its default template
// (views/letters/<key>.docx; ADMIN may replace it, see template-store.ts).
import type { DocKind } from "../documents/kinds.js";

export type LetterKey = "telaah_staf" | "surat_penawaran" | "draft_naskah" | "tanda_terima" | "laporan_evaluasi";
export type LetterDef = {
  key: LetterKey;
  label: string;
  /** The rows at which the letter is offered on the case page. */
  rows: number[];
  /** The document kind the generated file is kept as, by row. */
  docKind: (row: number) => DocKind;
  /** The output file's name (without extension). */
  fileName: (naskah: string) => string;
};

export const LETTERS: Record<LetterKey, LetterDef> = {
  telaah_staf: { key: "telaah_staf", label: "Telaah staf untuk Walikota", rows: [5, 8], docKind: () => "telaah", fileName: () => "Telaah staf" },
  surat_penawaran: {
    key: "surat_penawaran", label: "Surat penawaran kerja sama (dengan tembusan)", rows: [7, 10], docKind: () => "draft_surat_penawaran", fileName: () => "Draft surat penawaran",
  },
  draft_naskah: {
    key: "draft_naskah", label: "Draf naskah dengan identitas para pihak", rows: [11, 16],
    docKind: (row) => (row >= 16 ? "draft_pks" : "draft_mou"), fileName: (naskah) => `Draf ${naskah}`,
  },
  tanda_terima: { key: "tanda_terima", label: "Tanda terima distribusi salinan", rows: [15, 19], docKind: () => "tanda_kirim", fileName: (naskah) => `Tanda terima salinan ${naskah}` },
  laporan_evaluasi: { key: "laporan_evaluasi", label: "Laporan evaluasi pelaksanaan", rows: [20, 21], docKind: () => "laporan_evaluasi", fileName: () => "Laporan evaluasi" },
};
export const LETTER_KEYS = Object.keys(LETTERS) as [LetterKey, ...LetterKey[]];
export const isLetterKey = (v: string): v is LetterKey => Object.hasOwn(LETTERS, v);
export const lettersAt = (row: number | null) => (row === null ? [] : LETTER_KEYS.filter((k) => LETTERS[k].rows.includes(row)).map((k) => LETTERS[k]));
