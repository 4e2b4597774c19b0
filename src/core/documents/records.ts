// The records metadata of each document kind (SRIKANDI's pillars): the archive
// classification code (Permendagri 83/2022), the retention schedule (Jadwal Retensi
// Arsip: active years, inactive years, final disposition) and the access class
// (SKKAAD). ADMIN keeps them per kind (DocumentKindRecord, features/records); every
// document copies its kind's when it is written (document-rows.ts). The defaults
// below are what the migration seeded; docs/records.md gives the reasons.
import type { Prisma } from "../../generated/prisma/client.js";
import { DOC_KIND_IDS, type DocKind } from "./kinds.js";

export const ACCESS_CLASSES = { biasa: "Biasa", terbatas: "Terbatas", rahasia: "Rahasia" } as const;
export type AccessClass = keyof typeof ACCESS_CLASSES;
export const ACCESS_CLASS_IDS = Object.keys(ACCESS_CLASSES) as [AccessClass, ...AccessClass[]];
export const isAccessClass = (v: unknown): v is AccessClass => typeof v === "string" && Object.hasOwn(ACCESS_CLASSES, v);
/** The stricter of two classes (an unknown one counts as rahasia, as in core/policies/document.ts). */
export function stricterAccessClass(a: AccessClass, b: string): AccessClass {
  const rank = (x: string) => (isAccessClass(x) ? ACCESS_CLASS_IDS.indexOf(x) : ACCESS_CLASS_IDS.length - 1);
  return rank(b) > rank(a) ? (isAccessClass(b) ? b : "rahasia") : a;
}

export const DISPOSITIONS = { musnah: "Musnah", permanen: "Permanen", dinilai_kembali: "Dinilai kembali" } as const;
export type Disposition = keyof typeof DISPOSITIONS;
export const DISPOSITION_IDS = Object.keys(DISPOSITIONS) as [Disposition, ...Disposition[]];

export type KindRecord = {
  classificationCode: string;
  activeYears: number;
  inactiveYears: number;
  disposition: Disposition;
  accessClass: AccessClass;
};

/** The app's cooperation code, already in the agreement numbers. */
const KS = "100.3.7";
const r = (activeYears: number, inactiveYears: number, disposition: Disposition, accessClass: AccessClass = "biasa"): KindRecord => ({
  classificationCode: KS,
  activeYears,
  inactiveYears,
  disposition,
  accessClass,
});

/** The seeded defaults (the migration wrote the same rows; test/integration/records.test.ts compares). */
export const DEFAULT_RECORDS: Record<DocKind, KindRecord> = {
  surat: r(2, 3, "musnah"),
  undangan: r(1, 2, "musnah"),
  kak: r(2, 5, "dinilai_kembali"),
  studi_kelayakan: r(2, 5, "dinilai_kembali", "terbatas"),
  sk_ppksd: r(2, 5, "musnah"),
  persetujuan: r(2, 8, "permanen"),
  notulen: r(2, 8, "permanen", "terbatas"),
  telaah: r(2, 5, "dinilai_kembali", "terbatas"),
  disposisi: r(2, 8, "permanen", "terbatas"),
  rencana_ks: r(2, 5, "dinilai_kembali"),
  draft_surat_penawaran: r(1, 2, "musnah"),
  surat_penawaran: r(2, 5, "musnah"),
  tanda_kirim: r(1, 2, "musnah"),
  tanda_terima: r(2, 3, "musnah"),
  surat_jawaban: r(2, 5, "musnah"),
  draft_mou: r(1, 2, "musnah"),
  mou_final: r(1, 2, "musnah"),
  mou_signed: r(2, 8, "permanen"),
  mou_bernomor: r(2, 8, "permanen"),
  draft_pks: r(1, 2, "musnah"),
  pks_final: r(1, 2, "musnah"),
  pks_signed: r(2, 8, "permanen"),
  pks_bernomor: r(2, 8, "permanen"),
  surat_kuasa: r(2, 8, "permanen", "terbatas"),
  laporan: r(2, 5, "dinilai_kembali"),
  bukti_kemajuan: r(2, 3, "musnah"),
  laporan_evaluasi: r(2, 8, "permanen"),
  lainnya: r(2, 3, "dinilai_kembali"),
};

/** A stored row as the app reads it (an unknown value falls back to the kind's default). */
const fromRow = (
  kind: DocKind,
  row: { classificationCode: string; activeYears: number; inactiveYears: number; disposition: string; accessClass: string },
): KindRecord => ({
  classificationCode: row.classificationCode,
  activeYears: row.activeYears,
  inactiveYears: row.inactiveYears,
  disposition: Object.hasOwn(DISPOSITIONS, row.disposition) ? (row.disposition as Disposition) : DEFAULT_RECORDS[kind].disposition,
  accessClass: isAccessClass(row.accessClass) ? row.accessClass : DEFAULT_RECORDS[kind].accessClass,
});

type Reader = Pick<Prisma.TransactionClient, "documentKindRecord">;

/** Every kind's metadata, in the kinds' order: the stored row, or the default for a kind added since the migration. */
export async function kindRecords(db: Reader): Promise<Map<DocKind, KindRecord>> {
  const rows = new Map((await db.documentKindRecord.findMany()).map((x) => [x.kind, x]));
  return new Map(
    DOC_KIND_IDS.map((k) => {
      const row = rows.get(k);
      return [k, row ? fromRow(k, row) : DEFAULT_RECORDS[k]];
    }),
  );
}

/** One kind's metadata, as a new document of that kind carries it. */
export async function kindRecord(db: Reader, kind: DocKind): Promise<KindRecord> {
  const row = await db.documentKindRecord.findUnique({ where: { kind } });
  return row ? fromRow(kind, row) : DEFAULT_RECORDS[kind];
}
