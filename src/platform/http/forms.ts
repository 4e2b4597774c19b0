// Form helpers: parse a body with a zod schema into either data or
// per-field Indonesian messages, keeping what the user typed.
import { z } from "zod";
import "../zod-locale.js";

export type FieldErrors = Record<string, string>;
export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const r = schema.safeParse(body ?? {});
  if (r.success) return { ok: true, data: r.data };
  const errors: FieldErrors = {};
  for (const issue of r.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "_form";
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/** Checkbox groups arrive as a string, an array or nothing. */
export const stringList = z.preprocess((v): unknown => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()));

/** An empty text field means "not given". */
export const optionalText = (max: number, label: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v),
    z.string().max(max, `${label} paling banyak ${max} karakter`).optional(),
  );

export const requiredText = (min: number, max: number, label: string) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z
      .string({ error: `${label} wajib diisi` })
      .min(min, min <= 1 ? `${label} wajib diisi` : `${label} minimal ${min} karakter`)
      .max(max, `${label} paling banyak ${max} karakter`),
  );

/** A search box value: trimmed, without control characters (PostgreSQL text cannot hold NUL), at most 100 characters. */
export const searchText = (v: unknown): string =>
  typeof v === "string"
    ? v
        .replace(/(?![\u0080-\u009f])\p{Cc}/gu, " ")
        .trim()
        .slice(0, 100)
    : "";
