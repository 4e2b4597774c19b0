import { z } from "zod";
import "../../platform/zod-locale.js";
import { parseRupiah, RUPIAH_HELP } from "../../core/case-data/rupiah.js";
import { isoDate } from "../../platform/http/dates.js";
import { requiredText } from "../../platform/http/forms.js";
import { form, id, idParams, text } from "../../platform/http/validate.js";

export const PARTIES = { PEMKOT: "Pemerintah Kota (SKPD)", MITRA: "Mitra" } as const;
export type Party = keyof typeof PARTIES;

/**
 * A quantity as people write it: "1.500" (thousands), "2,5" or "2.5" (decimals).
 * A dot followed by exactly three digits groups thousands, as in Indonesian.
 */
export function parseQuantity(input: string): number | null {
  const s = input.trim().replace(/\s+/g, "");
  if (!s) return null;
  let n: number;
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) n = Number(s.replaceAll(".", "").replace(",", "."));
  else if (/^\d+(,\d+)?$/.test(s)) n = Number(s.replace(",", "."));
  else if (/^\d+\.\d+$/.test(s)) n = Number(s);
  else return null;
  return Number.isFinite(n) && n <= 1e12 ? n : null;
}

const quantity = (label: string, opts: { positive: boolean }) =>
  z
    .string({ error: `${label} wajib diisi` })
    .trim()
    .min(1, `${label} wajib diisi`)
    .transform((v, ctx) => {
      const n = parseQuantity(v);
      if (n === null) {
        ctx.addIssue({ code: "custom", message: `${label}: tulis angka, misalnya 12, 1.500 atau 2,5` });
        return z.NEVER;
      }
      if (opts.positive && n <= 0) {
        ctx.addIssue({ code: "custom", message: `${label} harus lebih dari 0` });
        return z.NEVER;
      }
      return n;
    });

export const obligationSchema = z.object({
  party: z.enum(["PEMKOT", "MITRA"], { error: "Pilih pihak yang berkewajiban" }),
  description: requiredText(5, 500, "Kewajiban"),
  indicator: requiredText(3, 300, "Indikator"),
  target: quantity("Target", { positive: true }),
  unit: requiredText(1, 40, "Satuan"),
  dueOn: isoDate("Tenggat"),
  contribution: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined) return null;
        const n = parseRupiah(v);
        if (n === null || n < 0) {
          ctx.addIssue({ code: "custom", message: `Kontribusi: ${RUPIAH_HELP}` });
          return z.NEVER;
        }
        return n;
      }),
  ),
});
export type ObligationInput = z.infer<typeof obligationSchema>;

export const cancelSchema = z.object({ reason: requiredText(5, 500, "Alasan") });

/** Progress-report fields that carry a realisation: realisasi_<obligation id>. */
export const REALISATION_FIELD = /^realisasi_(\d{1,9})$/;

/** The realisations typed into a progress report (realisasi_<id>, empty = unchanged), or what is wrong with them. */
export function parseRealisations(body: Record<string, unknown>): { values: { obligationId: number; value: number }[]; errors: string[] } {
  const values: { obligationId: number; value: number }[] = [];
  const errors: string[] = [];
  for (const [k, raw] of Object.entries(body)) {
    const m = REALISATION_FIELD.exec(k);
    if (!m || typeof raw !== "string" || raw.trim() === "") continue;
    const n = parseQuantity(raw);
    if (n === null) errors.push(`Realisasi "${raw.trim().slice(0, 20)}": tulis angka, misalnya 12, 1.500 atau 2,5`);
    else values.push({ obligationId: Number(m[1]), value: n });
  }
  return { values, errors };
}

// Route inputs.
export const routes = {
  record: {
    params: idParams,
    body: form({
      party: text(20).optional(),
      description: text(2000).optional(),
      indicator: text(1000).optional(),
      target: text(40).optional(),
      unit: text(200).optional(),
      dueOn: text(40).optional(),
      contribution: text(60).optional(),
    }),
  },
  cancel: { params: z.strictObject({ id }), body: form({ reason: text(2000).optional() }) },
};
