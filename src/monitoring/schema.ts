import { z } from "zod";
import "../zod-locale.js";
import { optionalText, requiredText } from "../http/forms.js";
import { form, idParams, text } from "../http/validate.js";

export const RECOMMENDATIONS = { LANJUT: "Dilanjutkan", PERPANJANG: "Diperpanjang", HENTIKAN: "Dihentikan" } as const;

export const SCORE_FIELDS = {
  fitScore: "Kesesuaian dengan tujuan",
  timelinessScore: "Ketepatan waktu",
  partnerScore: "Kontribusi mitra",
  coordinationScore: "Koordinasi",
  outcomeScore: "Hasil dan dampak",
  documentScore: "Kelengkapan dokumen",
} as const;

const score = (label: string) =>
  z.coerce.number({ error: `${label}: pilih nilai 1–5` }).int(`${label}: pilih nilai 1–5`).min(1, `${label}: pilih nilai 1–5`).max(5, `${label}: pilih nilai 1–5`);

export const evaluationSchema = z.object({
  fitScore: score(SCORE_FIELDS.fitScore),
  timelinessScore: score(SCORE_FIELDS.timelinessScore),
  partnerScore: score(SCORE_FIELDS.partnerScore),
  coordinationScore: score(SCORE_FIELDS.coordinationScore),
  outcomeScore: score(SCORE_FIELDS.outcomeScore),
  documentScore: score(SCORE_FIELDS.documentScore),
  findings: requiredText(10, 4000, "Kendala dan temuan"),
  recommendation: z.enum(["LANJUT", "PERPANJANG", "HENTIKAN"], { error: "Pilih rekomendasi" }),
});

export const progressSchema = z.object({
  period: requiredText(3, 60, "Periode"),
  progress: z.coerce.number({ error: "Progres harus angka 0–100" }).int("Progres harus bilangan bulat").min(0, "Progres 0–100").max(100, "Progres 0–100"),
  indicator: requiredText(3, 500, "Indikator"),
  achievement: requiredText(3, 2000, "Capaian"),
  obstacle: optionalText(2000, "Kendala"),
  solution: optionalText(2000, "Solusi"),
});

export type EvaluationInput = z.infer<typeof evaluationSchema>;
export type ProgressInput = z.infer<typeof progressSchema>;

// Route inputs.
export const routes = {
  adhoc: { params: idParams },
  progressSchedule: { params: idParams, body: form({ everyMonths: z.enum(["1", "3", "6", "12"], { error: "Pilih jadwal dari daftar" }).transform(Number) }) },
  evaluation: { params: idParams },
  completeEvaluation: {
    params: idParams,
    body: form({ ...Object.fromEntries(Object.keys(SCORE_FIELDS).map((k) => [k, text(10).optional()])), findings: text(8000).optional(), recommendation: text(20).optional() }),
  },
  progress: {
    params: idParams,
    body: form({ period: text(200).optional(), progress: text(10).optional(), indicator: text(1000).optional(), achievement: text(4000).optional(), obstacle: text(4000).optional(), solution: text(4000).optional() }),
  },
};
