// Inputs of the records pages: the metadata of a document kind, one document's access
// class, the retention report's year, a disposal decision. Strict objects; the forms'
// messages are in Indonesian and shown beside their fields.
import { z } from "zod";
import "../../platform/zod-locale.js";
import { requiredText } from "../../platform/http/forms.js";
import { form, idParams, query, text } from "../../platform/http/validate.js";
import { isoDate } from "../../platform/http/dates.js";
import { ACCESS_CLASS_IDS, DISPOSITION_IDS } from "../../core/documents/records.js";
import { DOC_KIND_IDS } from "../../core/documents/kinds.js";

const years = (label: string) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z
      .string({ error: `${label} wajib diisi` })
      .regex(/^\d{1,2}$/, `${label} ditulis sebagai bilangan bulat 0–99 tahun`)
      .transform(Number),
  );

/** The metadata of one document kind, as ADMIN edits it. */
export const kindRecordSchema = z
  .object({
    /** Permendagri 83/2022: groups of digits separated by dots, e.g. 100.3.7 or 000.1.2.3. */
    classificationCode: requiredText(3, 30, "Kode klasifikasi").refine(
      (v) => /^\d{3}(\.\d{1,3}){0,4}$/.test(v),
      "Kode klasifikasi ditulis seperti 100.3.7 (Permendagri 83/2022): tiga angka, lalu kelompok angka dipisah titik",
    ),
    activeYears: years("Retensi aktif"),
    inactiveYears: years("Retensi inaktif"),
    disposition: z.enum(DISPOSITION_IDS, { error: "Pilih keterangan akhir: musnah, permanen atau dinilai kembali" }),
    accessClass: z.enum(ACCESS_CLASS_IDS, { error: "Pilih klasifikasi akses: biasa, terbatas atau rahasia" }),
  })
  .refine((v) => v.activeYears + v.inactiveYears > 0, { path: ["activeYears"], error: "Retensi aktif dan inaktif tidak boleh sama-sama 0 tahun" });
export type KindRecordInput = z.infer<typeof kindRecordSchema>;

/** One document's access class, changed by ADMIN or the Kabag, with the reason. */
export const accessClassSchema = z.object({
  accessClass: z.enum(ACCESS_CLASS_IDS, { error: "Pilih klasifikasi akses: biasa, terbatas atau rahasia" }),
  reason: requiredText(3, 500, "Alasan perubahan"),
});

export const DISPOSAL_DECISIONS = {
  musnah: "Musnah",
  permanen_serahkan: "Permanen, diserahkan ke lembaga kearsipan",
  dinilai_kembali: "Dinilai kembali",
} as const;
export type DisposalDecisionKind = keyof typeof DISPOSAL_DECISIONS;
const DECISION_IDS = Object.keys(DISPOSAL_DECISIONS) as [DisposalDecisionKind, ...DisposalDecisionKind[]];

/** ADMIN's decision on a document whose retention has run out. */
export const disposalSchema = z.object({
  decision: z.enum(DECISION_IDS, { error: "Pilih keputusan: musnah, permanen (diserahkan) atau dinilai kembali" }),
  decreeNumber: requiredText(3, 100, "Nomor berita acara atau keputusan"),
  decreeDate: z.preprocess((v) => (typeof v === "string" ? v.trim() : v), isoDate("Tanggal berita acara atau keputusan")),
  reason: requiredText(5, 1000, "Alasan"),
});
export type DisposalInput = z.infer<typeof disposalSchema>;

/** A year on the report: four digits (anything else is refused with a message on the page). */
const yearText = text(10).optional();

// Route inputs.
const kindParams = z.strictObject({ kind: z.enum(DOC_KIND_IDS as [string, ...string[]]) });
export const routes = {
  kinds: {},
  updateKind: {
    params: kindParams,
    body: form({
      classificationCode: text(100).optional(),
      activeYears: text(20).optional(),
      inactiveYears: text(20).optional(),
      disposition: text(40).optional(),
      accessClass: text(40).optional(),
    }),
  },
  accessClass: { params: idParams, body: form({ accessClass: text(40).optional(), reason: text(2000).optional() }) },
  retention: { query: query({ tahun: yearText }) },
  retentionExport: { query: query({ tahun: yearText }) },
  decide: {
    params: idParams,
    body: form({
      tahun: text(10).optional(),
      decision: text(40).optional(),
      decreeNumber: text(400).optional(),
      decreeDate: text(40).optional(),
      reason: text(4000).optional(),
    }),
  },
};

/** The report's year, typed in the filter: empty is this year. */
export const yearSchema = z.object({
  tahun: z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined),
    z
      .string()
      .regex(/^\d{4}$/, "Tahun ditulis dengan empat angka, mis. 2027")
      .transform(Number)
      .refine((y) => y >= 1945 && y <= 2200, "Tahun di luar rentang 1945–2200")
      .optional(),
  ),
});
