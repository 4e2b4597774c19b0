// Document kinds: the SOP definition, the upload forms and the case page read this list.
export const DOCUMENT_KINDS = {
  surat: "Surat",
  undangan: "Undangan rapat",
  kak: "Kerangka Acuan Kerja (KAK)",
  studi_kelayakan: "Studi kelayakan",
  sk_ppksd: "SK penunjukan PPKSD (dari kepala SKPD)",
  persetujuan: "Surat persetujuan (TKKSD, DPRD, kementerian)",
  notulen: "Notulen / berita acara rapat TKKSD",
  telaah: "Telaah staf",
  disposisi: "Disposisi Walikota (pindaian)",
  rencana_ks: "Rencana kerja sama",
  draft_surat_penawaran: "Draft surat penawaran",
  surat_penawaran: "Surat penawaran (ditandatangani)",
  tanda_kirim: "Tanda kirim",
  tanda_terima: "Tanda terima",
  surat_jawaban: "Surat jawaban calon mitra",
  draft_mou: "Draft MoU",
  mou_final: "Draft final MoU",
  mou_signed: "MoU yang sudah ditandatangani",
  mou_bernomor: "Salinan bernomor MoU (dibuat sistem)",
  draft_pks: "Draft PKS",
  pks_final: "Draft final PKS",
  pks_signed: "PKS yang sudah ditandatangani",
  pks_bernomor: "Salinan bernomor PKS (dibuat sistem)",
  surat_kuasa: "Surat kuasa Walikota (pindaian)",
  laporan: "Laporan pelaksanaan",
  bukti_kemajuan: "Bukti laporan kemajuan SKPD",
  laporan_evaluasi: "Laporan evaluasi",
  lainnya: "Dokumen lain",
} as const;

export type DocKind = keyof typeof DOCUMENT_KINDS;
export const DOC_KIND_IDS = Object.keys(DOCUMENT_KINDS) as DocKind[];
export const isDocKind = (v: unknown): v is DocKind => typeof v === "string" && Object.hasOwn(DOCUMENT_KINDS, v);

/** Made by the system (the numbered copies): never uploaded, so a copy always carries a number the register gave. */
export const GENERATED_KINDS: readonly DocKind[] = ["mou_bernomor", "pks_bernomor"];
export const isGeneratedKind = (k: DocKind) => GENERATED_KINDS.includes(k);
/** The kinds a user may upload, for the upload form. */
export const UPLOAD_KINDS = Object.fromEntries(Object.entries(DOCUMENT_KINDS).filter(([k]) => !isGeneratedKind(k as DocKind))) as Record<DocKind, string>;
