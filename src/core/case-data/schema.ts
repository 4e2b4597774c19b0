// The proposal form ("data potensi kerjasama"): every field validated, messages in Indonesian.
import { z } from "zod";
import { optionalText, requiredText } from "../../platform/http/forms.js";
import { parseRupiah, RUPIAH_HELP } from "./rupiah.js";
import { readRegionCode, REGION_CODE } from "./regions.js";
import { form, idParams, list, optionalChoice, optionalInt, pageNo, query, text, version } from "../../platform/http/validate.js";
import { ACTION_FIELD_NAMES, ROW_NUMBERS } from "../sop/sop.js";
import { KIND_IDS, KIND_LABELS, PARTNER_TYPES } from "../sop/kinds.js";

/** A yes/no question answered with radio buttons ("ya"/"tidak"). */
const yesNo = (question: string) =>
  z.preprocess(
    (v) => (v === "ya" || v === "true" ? true : v === "tidak" || v === "false" ? false : v === "" ? undefined : v),
    z.boolean({ error: `${question}? Pilih ya atau tidak` }),
  );

/** The kinds' labels, from their definition (src/core/sop/kinds.ts). */
export const JENIS_LABELS = KIND_LABELS;

export const NASKAH_STATUSES = { BARU: "Baru", ADENDUM: "Adendum (perubahan) perjanjian yang ada", PERPANJANGAN: "Perpanjangan perjanjian yang ada" } as const;

/** The types of partner are defined with the kinds (workflow/kinds.ts): each kind names its own. */
export const PARTNER_KINDS = PARTNER_TYPES;

export const PEMBIAYAAN = ["APBD Kota Yogyakarta", "Mitra", "APBD dan mitra (bersama)", "Tanpa pembiayaan", "Lainnya"] as const;

const rupiah = z.preprocess(
  (v) => {
    if (typeof v !== "string") return v;
    if (v.trim() === "") return undefined;
    return parseRupiah(v) ?? NaN;
  },
  z
    .number({ error: `Perkiraan biaya belum terbaca. ${RUPIAH_HELP}` })
    .int()
    .min(0, "Perkiraan biaya tidak boleh negatif")
    .max(1e15, "Perkiraan biaya terlalu besar")
    .optional(),
);

export const proposalSchema = z.object({
  title: requiredText(5, 200, "Judul"),
  jenis: z.enum(KIND_IDS, { error: "Pilih jenis kerja sama" }),
  urusanId: z.preprocess(
    (v) => (typeof v === "string" && /^\d{1,9}$/.test(v) ? Number(v) : v),
    z.number({ error: "Pilih urusan pemerintahan" }).int().positive("Pilih urusan pemerintahan"),
  ),
  naskahStatus: z.preprocess((v) => (v === "" || v === undefined ? "BARU" : v), z.enum(["BARU", "ADENDUM", "PERPANJANGAN"], { error: "Pilih status naskah" })),
  parentCaseId: z.preprocess(
    (v) => (v === "" ? undefined : typeof v === "string" && /^\d{1,9}$/.test(v) ? Number(v) : v),
    z.number({ error: "Pilih perjanjian induk dari daftar" }).int().positive().optional(),
  ),
  ksddNature: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["WAJIB", "SUKARELA"], { error: "Pilih sifat KSDD: wajib atau sukarela" }).optional()),
  burdensPublic: yesNo("Apakah kerja sama membebani masyarakat atau daerah"),
  outsideApbd: yesNo("Apakah pendanaannya belum dianggarkan dalam APBD tahun berjalan"),
  bidang: requiredText(3, 200, "Bidang / sub-urusan"),
  objek: requiredText(3, 500, "Objek kerja sama"),
  ruangLingkup: requiredText(10, 4000, "Ruang lingkup"),
  partnerName: requiredText(3, 200, "Nama calon mitra"),
  partnerKind: z.enum(PARTNER_KINDS, { error: "Pilih jenis calon mitra" }),
  // Optional; whether the code exists is checked against Kemendagri's list (regions.ts regionProblem).
  partnerRegionCode: z.preprocess(
    (v) => (typeof v === "string" ? (readRegionCode(v) ?? undefined) : v),
    z.string().regex(REGION_CODE, "Tulis kode wilayah Kemendagri seperti 33.74 (kota/kabupaten) atau 33 (provinsi), atau pilih dari daftar").optional(),
  ),
  partnerAddress: requiredText(5, 500, "Alamat calon mitra"),
  partnerContact: requiredText(5, 200, "Kontak calon mitra"),
  manfaat: requiredText(10, 4000, "Manfaat"),
  pembiayaan: z.enum(PEMBIAYAAN, { error: "Pilih sumber pembiayaan" }),
  estimatedCost: rupiah,
  durationMonths: z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v === "" ? undefined : v),
    z
      .number({ error: "Jangka waktu wajib diisi dalam bulan" })
      .int("Jangka waktu harus bilangan bulat")
      .min(1, "Jangka waktu minimal 1 bulan")
      .max(360, "Jangka waktu paling lama 360 bulan (30 tahun)"),
  ),
  rpjmdLink: requiredText(3, 1000, "Keterkaitan dengan prioritas RPJMD"),
  liaisonName: requiredText(3, 120, "Nama PPKSD"),
  liaisonPhone: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z
      .string({ error: "Nomor telepon PPKSD wajib diisi" })
      .regex(/^[+0-9][0-9 ()-]{6,19}$/, "Nomor telepon PPKSD tidak valid (contoh: 0274 515 865 atau 08123456789)"),
  ),
});

/** Blank fields of a draft are "not filled in yet", not errors. */
const blankToUndefined = (v: unknown) =>
  v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === "string" && x.trim() === "" ? undefined : x])) : v;

/**
 * A draft may be saved incomplete: only the title is needed. What is filled in must
 * still fit its column (a number, a choice from the list); everything else is
 * checked by "Simpan dan kirim".
 */
export const draftSchema = z.preprocess(
  blankToUndefined,
  proposalSchema.partial().extend({
    title: requiredText(5, 200, "Judul"),
    liaisonPhone: optionalText(40, "Nomor telepon PPKSD"),
    ...Object.fromEntries(
      (["bidang", "objek", "ruangLingkup", "partnerName", "partnerAddress", "partnerContact", "manfaat", "rpjmdLink", "liaisonName"] as const).map((k) => [
        k,
        optionalText(4000, "Isian"),
      ]),
    ),
  }),
);
export const note = optionalText(2000, "Catatan");

export type ProposalInput = z.infer<typeof proposalSchema>;
export type DraftInput = z.infer<typeof draftSchema>;
export const PROPOSAL_FIELDS = Object.keys(proposalSchema.shape) as (keyof ProposalInput)[];

// Route inputs: the shape of each request, checked before the handler.

export const CASE_STATUSES = ["DRAFT", "IN_PROGRESS", "DONE", "REJECTED", "REFUSED", "DECLINED", "WITHDRAWN"] as const;
const proposalBody = form({
  ...Object.fromEntries(PROPOSAL_FIELDS.map((k) => [k, text(4000).optional()])),
  intent: optionalChoice(["simpan", "kirim"] as const),
  version: text(12).optional(),
});
export const routes = {
  list: { query: query({ q: text(200).optional(), status: optionalChoice(CASE_STATUSES), row: optionalInt(1, Math.max(...ROW_NUMBERS)), hal: pageNo }) },
  newProposal: {},
  createProposal: { body: proposalBody },
  editProposal: { params: idParams },
  updateProposal: { params: idParams, body: proposalBody },
  show: { params: idParams },
  action: {
    params: idParams,
    // The version the form was made from, also in its action URL (checked before the body is read).
    query: query({ v: text(12).optional() }),
    body: form({
      version,
      action: text(60),
      reason: text(4000).optional(),
      // The values the SOP's actions ask for (sop.ts ACTION_FIELD_NAMES), each checked by the transition.
      ...Object.fromEntries(ACTION_FIELD_NAMES.map((n) => [n, text(400).optional()])),
      confirm: z.literal("ya").optional(),
    }),
  },
  document: { params: idParams, body: form({ kind: text(40).optional() }) },
  comment: { params: idParams, body: form({ body: text(8000).optional() }) },
  pause: { params: idParams, body: form({ reason: text(2000).optional() }) },
  resume: { params: idParams },
  distribution: { params: idParams, body: form({ recipientType: text(20).optional(), recipientName: text(400).optional(), sentOn: text(20).optional() }) },
  voidNumber: { params: idParams, body: form({ reason: text(2000).optional() }) },
  replacementNumber: { params: idParams, body: form({ kind: z.enum(["MOU", "PKS"]) }) },
  bulk: { body: form({ row: text(4), action: text(60).optional(), pick: list(40, 500), reason: text(2000).optional() }) },
};
