// A legacy agreement, from the form or from one row of the import file.
import { z } from "zod";
import { KIND_IDS, KINDS } from "../../core/sop/kinds.js";
import "../../platform/zod-locale.js";
import { isRealIsoDate } from "../../platform/http/dates.js";
import { requiredText, optionalText } from "../../platform/http/forms.js";
import { form, idParams, optionalChoice, optionalInt, pageNo, query, text } from "../../platform/http/validate.js";
import { AGREEMENT_STATUS, type AgreementStatus } from "./status.js";
import { readRupiah, RUPIAH_HELP } from "../../core/case-data/rupiah.js";

const isoDate = (label: string) =>
  z.preprocess(
    (v) => {
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? "" : v.toISOString().slice(0, 10);
      if (typeof v !== "string") return v;
      const t = v.trim();
      if (t === "") return undefined;
      // The groups are all there (and not empty) whenever the pattern matches.
      const [, d, m, y] = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t) ?? [];
      return d && m && y ? `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}` : t;
    },
    z
      .string({ error: `${label} wajib diisi` })
      .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}: tanggal tidak valid (pakai TTTT-BB-HH atau HH/BB/TTTT)`)
      .refine(isRealIsoDate, `${label}: tanggal tidak ada di kalender`),
  );

/**
 * The value in rupiah, read by the one rupiah parser (cases/rupiah.ts): a number cell
 * must be whole rupiah; text is read the Indonesian way ("Rp 25.000.000,00", "1,5
 * miliar"). What it cannot read without doubt is refused, never guessed.
 */
const rupiahValue = z.unknown().transform((v, ctx): number | undefined => {
  if (v === undefined || v === null || (typeof v === "string" && v.trim() === "")) return undefined;
  const n = readRupiah(v);
  if (n === null) {
    const shown = typeof v === "string" ? `"${v.trim().slice(0, 40)}"` : typeof v === "number" ? String(v) : "ini";
    const why = typeof v === "number" ? "bukan jumlah rupiah bulat (tanpa sen)" : "belum terbaca sebagai rupiah";
    ctx.addIssue({ code: "custom", message: `Nilai ${shown} ${why}. ${RUPIAH_HELP}` });
    return z.NEVER;
  }
  if (n > 1e15) {
    ctx.addIssue({ code: "custom", message: "Nilai terlalu besar" });
    return z.NEVER;
  }
  return n;
});

/**
 * The document kind as the register writes it, for every kind of cooperation: "MoU" and
 * "PKS", and Sinergi's "Nota Kesepakatan" and "Rencana Kerja" (workflow/kinds.ts).
 */
const NASKAH_KINDS = new Map<string, "MOU" | "PKS">([
  ["mou", "MOU"],
  ["pks", "PKS"],
  ...Object.values(KINDS).flatMap(
    (k) =>
      [
        [k.naskah.first.toLowerCase(), "MOU"],
        [k.naskah.second.toLowerCase(), "PKS"],
      ] as [string, "MOU" | "PKS"][],
  ),
]);
const NASKAH_LABELS = [...new Set(Object.values(KINDS).flatMap((k) => [k.naskah.first, k.naskah.second]))];

export const legacySchema = z
  .object({
    kind: z.preprocess(
      (v) => (typeof v === "string" ? (NASKAH_KINDS.get(v.replace(/\s+/g, " ").trim().toLowerCase()) ?? v) : v),
      z.enum(["MOU", "PKS"], { error: `Jenis dokumen harus ${NASKAH_LABELS.slice(0, -1).join(", ")} atau ${NASKAH_LABELS.at(-1)}` }),
    ),
    title: requiredText(5, 200, "Judul"),
    jenis: z.preprocess(
      (v) => (typeof v === "string" ? v.trim().toUpperCase() : v),
      z.enum(KIND_IDS, { error: `Jenis kerja sama harus salah satu dari ${KIND_IDS.join(", ")}` }),
    ),
    skpdCode: z.preprocess(
      (v) => (typeof v === "string" ? v.trim().toUpperCase() : v),
      z.string({ error: "Kode SKPD wajib diisi" }).min(2, "Kode SKPD wajib diisi"),
    ),
    partnerName: requiredText(3, 200, "Nama mitra"),
    cityNumber: requiredText(3, 120, "Nomor Pemkot"),
    partnerNumber: optionalText(120, "Nomor mitra"),
    signedOn: isoDate("Tanggal tanda tangan"),
    startDate: isoDate("Mulai berlaku"),
    endDate: isoDate("Berakhir"),
    value: rupiahValue,
  })
  .refine((v) => v.endDate > v.startDate, { path: ["endDate"], error: "Tanggal berakhir harus sesudah mulai berlaku" })
  .refine((v) => v.signedOn <= v.startDate || v.signedOn <= v.endDate, { path: ["signedOn"], error: "Tanggal tanda tangan tidak masuk akal" });

export type LegacyInput = z.infer<typeof legacySchema>;

/**
 * The columns of the import template, in order; the register export writes the same
 * columns first, so that what the app exports it imports. `aliases`: headers of older
 * templates, still read.
 */
export const LEGACY_COLUMNS: { key: keyof LegacyInput; header: string; aliases?: string[]; example: string | number }[] = [
  { key: "kind", header: "Jenis dokumen", aliases: ["Jenis dokumen (MoU/PKS)"], example: "PKS" },
  { key: "title", header: "Judul", example: "Pengelolaan sampah terpadu" },
  { key: "jenis", header: `Jenis kerja sama (${KIND_IDS.join("/")})`, example: "KSDPK" },
  { key: "skpdCode", header: "Kode SKPD", example: "DLH" },
  { key: "partnerName", header: "Nama mitra", example: "PT Bersih Lestari" },
  { key: "cityNumber", header: "Nomor Pemkot", example: "100.3.7.1/5/P3ADK/III/2025" },
  { key: "partnerNumber", header: "Nomor mitra", example: "BL/PKS/07/2025" },
  { key: "signedOn", header: "Tanggal tanda tangan", example: "2025-03-10" },
  { key: "startDate", header: "Mulai berlaku", example: "2025-04-01" },
  { key: "endDate", header: "Berakhir", example: "2028-03-31" },
  { key: "value", header: "Nilai (Rp)", example: 500000000 },
];

/** Columns the register export adds after the template's for people to read; the import ignores them by these headers. */
export const REGISTER_ONLY_HEADERS = ["Status", "Data lama"] as const;

// Route inputs.

const filters = query({
  q: text(200).optional(),
  status: optionalChoice(Object.keys(AGREEMENT_STATUS) as [AgreementStatus, ...AgreementStatus[]]),
  kind: optionalChoice(["MOU", "PKS"] as const),
  jenis: optionalChoice(KIND_IDS),
  skpd: optionalInt(1, 1e9),
  tahun: optionalInt(2000, 2100),
  hal: pageNo,
});
export const routes = {
  list: { query: filters },
  export: { query: filters },
  template: {},
  legacyForm: {},
  legacyCreate: { body: form(Object.fromEntries(LEGACY_COLUMNS.map((c) => [c.key, text(400).optional()]))) },
  importForm: {},
  importCheck: { body: form({}) },
  importConfirm: { body: form({ token: text(100).optional() }) },
  show: { params: idParams },
  endEarly: { params: idParams, body: form({ on: text(20).optional(), reason: text(2000).optional() }) },
  renew: { params: idParams },
  letEnd: { params: idParams, body: form({ note: text(1000).optional() }) },
};
