import { z } from "zod";
import "../../platform/zod-locale.js";
import { optionalText, requiredText } from "../../platform/http/forms.js";
import { form, idParams, text } from "../../platform/http/validate.js";
import { REALISATION_FIELD } from "../obligations/schema.js";
import { ITEMS, itemsOf, type EvaluationForm } from "../../core/sop/item-bank.js";

/**
 * The answers of one evaluation form, as the item bank defines it. Items whose score
 * the obligations give (`fixed`) are not asked: the service fills them in.
 */
export function answersSchema(which: EvaluationForm, fixed: string[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const item of itemsOf(which)) {
    if (item.kind === "score") {
      if (fixed.includes(item.key)) continue;
      const msg = `${item.label}: pilih nilai 1–5`;
      shape[item.key] = z.coerce.number({ error: msg }).int(msg).min(1, msg).max(5, msg);
    } else if (item.kind === "text") {
      shape[item.key] = requiredText(item.min, item.max, item.label);
    } else {
      shape[item.key] = z.enum(Object.keys(item.options) as [string, ...string[]], { error: `Pilih ${item.label.toLowerCase()}` });
    }
  }
  return z.object(shape);
}
export type Answers = Record<string, number | string>;

const PROGRESS_FIELDS = new Set(["_csrf", "_idem", "period", "progress", "indicator", "achievement", "obstacle", "solution"]);

export const progressSchema = z.object({
  period: requiredText(3, 60, "Periode"),
  progress: z.coerce.number({ error: "Progres harus angka 0–100" }).int("Progres harus bilangan bulat").min(0, "Progres 0–100").max(100, "Progres 0–100"),
  indicator: requiredText(3, 500, "Indikator"),
  achievement: requiredText(3, 2000, "Capaian"),
  obstacle: optionalText(2000, "Kendala"),
  solution: optionalText(2000, "Solusi"),
});

export type ProgressInput = z.infer<typeof progressSchema>;

// Route inputs.
export const routes = {
  adhoc: { params: idParams },
  progressSchedule: { params: idParams, body: form({ everyMonths: z.enum(["1", "3", "6", "12"], { error: "Pilih jadwal dari daftar" }).transform(Number) }) },
  evaluation: { params: idParams, query: z.strictObject({ laporan: z.literal("1").optional() }) },
  evaluationPdf: { params: idParams },
  completeEvaluation: {
    params: idParams,
    body: form(Object.fromEntries(ITEMS.map((i) => [i.key, text(i.kind === "text" ? 8000 : 20).optional()]))),
  },
  progress: {
    params: idParams,
    // Besides its own fields, one realisation per obligation: realisasi_<id>.
    body: form({
      period: text(200).optional(),
      progress: text(10).optional(),
      indicator: text(1000).optional(),
      achievement: text(4000).optional(),
      obstacle: text(4000).optional(),
      solution: text(4000).optional(),
    })
      .catchall(text(40))
      .superRefine((b, ctx) => {
        for (const k of Object.keys(b)) {
          if (!PROGRESS_FIELDS.has(k) && !REALISATION_FIELD.test(k)) ctx.addIssue({ code: "custom", path: [k], message: "isian tidak dikenal" });
        }
      }),
  },
};
