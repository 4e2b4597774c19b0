// The schemas of the integration API (/api/v1): each endpoint's path parameters,
// query and response. The routes validate with them and the OpenAPI document
// (openapi.ts) is generated from them, so the two cannot drift. Also the ADMIN
// form that makes a token.
import { z } from "zod";
import "../../platform/zod-locale.js";
import { API_SCOPES } from "../../core/policies/integration.js";
import { form, idParams, list, text } from "../../platform/http/validate.js";
import { isoDate as formDate } from "../../platform/http/dates.js";

// ---------------------------------------------------------------------------
// Building blocks

const digits = (what: string, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${what} harus bilangan bulat positif`)
    .transform(Number)
    .pipe(z.number().int().min(1, `${what} paling kecil 1`).max(max, `${what} paling besar ${max}`));

/** The largest page an endpoint returns. */
export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 50;

const limit = digits("limit", MAX_LIMIT)
  .optional()
  .meta({ description: `Banyaknya data per halaman (1–${MAX_LIMIT}, bawaan ${DEFAULT_LIMIT}).` });
const cursor = digits("cursor", 999_999_999).optional().meta({ description: "Nilai `nextCursor` dari halaman sebelumnya; kosong untuk halaman pertama." });
const caseIdFilter = digits("caseId", 999_999_999).optional().meta({ description: "Hanya data milik kasus ini." });

/** A path id: a positive whole number (anything else is a 404, as everywhere in the app). */
const pathId = idParams.shape.id.meta({ description: "Nomor data (bilangan bulat positif)." });
export const idPath = z.strictObject({ id: pathId });

const isoDate = z.iso.date().meta({ description: "Tanggal (YYYY-MM-DD), waktu Jakarta." });
const isoDateTime = z.iso.datetime().meta({ description: "Waktu (ISO 8601, UTC)." });
const rupiah = z.number().int().meta({ description: "Jumlah dalam rupiah, bilangan bulat." });

const page = <T extends z.ZodType>(item: T, id: string) =>
  z
    .strictObject({
      data: z.array(item),
      nextCursor: z.string().nullable().meta({ description: "Kirim sebagai `cursor` untuk halaman berikutnya; null bila sudah habis." }),
    })
    .meta({ id });

// ---------------------------------------------------------------------------
// Resources

export const CASE_STATUSES = ["DRAFT", "IN_PROGRESS", "DONE", "REJECTED", "REFUSED", "DECLINED", "WITHDRAWN"] as const;
export const JENIS = ["KSDD", "KSDPK", "SINERGI", "KSDPL", "KSDLL"] as const;
export const AGREEMENT_STATUSES = ["ACTIVE", "EXPIRING", "EXPIRED", "ENDED_EARLY", "EXTENDED"] as const;

const skpd = z.strictObject({ id: z.number().int(), code: z.string(), name: z.string() }).meta({ id: "Skpd", description: "Perangkat daerah pelaksana." });

export const caseItem = z
  .strictObject({
    id: z.number().int(),
    title: z.string(),
    status: z.enum(CASE_STATUSES).meta({ description: "DRAFT, IN_PROGRESS (berjalan), DONE, atau salah satu akhir yang tidak berlanjut." }),
    currentRow: z.number().int().nullable().meta({ description: "Nomor langkah SOP yang sedang berjalan; null bila kasus sudah berakhir." }),
    jenis: z.enum(JENIS).nullable().meta({ description: "Jenis kerja sama (KSDD, KSDPK, SINERGI, KSDPL, KSDLL)." }),
    urusan: z.string().nullable(),
    partnerName: z.string().nullable(),
    skpd,
    submittedAt: isoDateTime.nullable(),
    endedAt: isoDateTime.nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: "Case", description: "Satu kasus kerja sama (usulan dan seluruh langkahnya)." });

export const agreementItem = z
  .strictObject({
    id: z.number().int(),
    caseId: z.number().int(),
    kind: z.enum(["MOU", "PKS"]).meta({ description: "MOU (kesepakatan bersama) atau PKS (perjanjian kerja sama)." }),
    title: z.string(),
    partnerName: z.string().nullable(),
    skpd,
    cityNumber: z.string().nullable(),
    partnerNumber: z.string().nullable(),
    signedOn: isoDate.nullable(),
    startDate: isoDate,
    endDate: isoDate,
    value: rupiah.nullable(),
    endedEarlyOn: isoDate.nullable(),
    status: z.enum(AGREEMENT_STATUSES).meta({ description: "Status register, dihitung dari tanggal: ACTIVE, EXPIRING, EXPIRED, ENDED_EARLY, EXTENDED." }),
    legacy: z.boolean().meta({ description: "Dicatat sebagai perjanjian lama (tanpa alur SOP)." }),
  })
  .meta({ id: "Agreement", description: "Satu naskah (MoU atau PKS) dalam register perjanjian." });

export const caseDetail = caseItem
  .extend({
    agreements: z.array(agreementItem),
  })
  .meta({ id: "CaseDetail", description: "Satu kasus beserta naskah perjanjiannya." });

export const obligationItem = z
  .strictObject({
    id: z.number().int(),
    caseId: z.number().int(),
    party: z.enum(["PEMKOT", "MITRA"]).meta({ description: "Pihak yang berkewajiban: PEMKOT (Pemerintah Kota) atau MITRA." }),
    description: z.string(),
    indicator: z.string(),
    target: z.number(),
    unit: z.string(),
    dueOn: isoDate,
    contribution: rupiah.nullable(),
    realised: z.number().meta({ description: "Realisasi terakhir yang dilaporkan SKPD, dalam satuan indikator." }),
    realisedAt: isoDateTime.nullable(),
    cancelledAt: isoDateTime.nullable(),
  })
  .meta({ id: "Obligation", description: "Kewajiban satu pihak berdasarkan PKS dan realisasinya." });

export const evaluationItem = z
  .strictObject({
    id: z.number().int(),
    caseId: z.number().int(),
    period: z.string().meta({ description: '"2026-S1" (semester I), "2026-YE" (akhir tahun) atau "2026-03-14-IN" (insidentil).' }),
    dueOn: isoDate,
    score: z.number().nullable().meta({ description: "Nilai rata-rata penilaian Bagian Kerjasama (1–5); null sebelum selesai." }),
    recommendation: z.string().nullable(),
    completedAt: isoDateTime.nullable(),
    selfScore: z.number().nullable().meta({ description: "Nilai rata-rata laporan mandiri SKPD (1–5)." }),
    selfRecommendation: z.string().nullable(),
    selfCompletedAt: isoDateTime.nullable(),
  })
  .meta({ id: "Evaluation", description: "Evaluasi satu periode atas perjanjian yang berjalan." });

export const errorBody = z
  .strictObject({
    code: z.string().meta({ description: "Kode tetap untuk program: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_INPUT, RATE_LIMIT, SERVER_ERROR." }),
    message: z.string().meta({ description: "Penjelasan dalam Bahasa Indonesia." }),
    fields: z
      .array(z.strictObject({ field: z.string(), message: z.string() }))
      .optional()
      .meta({ description: "Untuk BAD_INPUT: isian yang ditolak dan alasannya." }),
  })
  .meta({ id: "Error", description: "Jawaban setiap kesalahan." });

// ---------------------------------------------------------------------------
// Endpoints: their input schemas (validated by the routes) and responses (in the document)

export const API = {
  listCases: {
    query: z.strictObject({ limit, cursor, status: z.enum(CASE_STATUSES, { error: "status tidak dikenal" }).optional() }),
    response: page(caseItem, "CasePage"),
  },
  getCase: { params: idPath, response: caseDetail },
  listAgreements: {
    query: z.strictObject({ limit, cursor, status: z.enum(AGREEMENT_STATUSES, { error: "status tidak dikenal" }).optional() }),
    response: page(agreementItem, "AgreementPage"),
  },
  getAgreement: { params: idPath, response: agreementItem },
  listObligations: { query: z.strictObject({ limit, cursor, caseId: caseIdFilter }), response: page(obligationItem, "ObligationPage") },
  listEvaluations: { query: z.strictObject({ limit, cursor, caseId: caseIdFilter }), response: page(evaluationItem, "EvaluationPage") },
};

export type CaseItem = z.output<typeof caseItem>;
export type AgreementItem = z.output<typeof agreementItem>;
export type ObligationItem = z.output<typeof obligationItem>;
export type EvaluationItem = z.output<typeof evaluationItem>;
export type Page<T> = { data: T[]; nextCursor: string | null };

// ---------------------------------------------------------------------------
// ADMIN's form

/** The longest a token may live. */
export const MAX_TOKEN_DAYS = 366;

/** The form as sent: loose text fields, each bounded (parsed by `tokenFields` to show each field's error on the page). */
export const tokenForm = form({
  name: text(200).optional(),
  purpose: text(1000).optional(),
  scopes: list(40, 10),
  skpdId: text(12).optional(),
  expiresOn: text(20).optional(),
});

/** What a token needs, field by field, in Indonesian. */
export const tokenFields = z.object({
  name: z.string().trim().min(3, "Nama paling sedikit 3 karakter.").max(100, "Nama paling banyak 100 karakter."),
  purpose: z.string().trim().min(3, "Isi pemilik atau keperluan token.").max(500, "Keperluan paling banyak 500 karakter."),
  scopes: z
    .array(z.enum(API_SCOPES, { error: "Cakupan tidak dikenal." }))
    .min(1, "Pilih paling sedikit satu cakupan.")
    .transform((v) => [...new Set(v)]),
  skpdId: z.union([
    z.literal("").transform(() => null),
    z
      .string()
      .regex(/^\d{1,9}$/, "SKPD tidak dikenal.")
      .transform(Number),
  ]),
  expiresOn: formDate("Tanggal berakhir"),
});
export const tokenIdParams = idParams;
