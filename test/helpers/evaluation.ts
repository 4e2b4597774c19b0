// A complete set of answers for one evaluation form, built from the item bank
// (so tests follow the bank when an item is added). Overrides win.
import { itemsOf, type EvaluationForm } from "../../src/core/sop/item-bank.js";

export function fullAnswers(which: EvaluationForm, overrides: Record<string, number | string> = {}, score = 4): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const item of itemsOf(which)) {
    out[item.key] = item.kind === "score" ? score : item.kind === "text" ? "Pelaksanaan sesuai rencana kerja, tanpa kendala berarti." : "LANJUT";
  }
  return { ...out, ...overrides };
}

/** The same answers as form fields (strings). */
export const answersForm = (which: EvaluationForm, overrides: Record<string, number | string> = {}, score = 4) =>
  Object.fromEntries(Object.entries(fullAnswers(which, overrides, score)).map(([k, v]) => [k, String(v)]));
