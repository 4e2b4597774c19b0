// One validation step per route: params, query and body go through zod schemas
// before the handler. What a route does not declare is refused, so a repeated
// field, an unknown key, a prototype name or a NUL byte is a 400 with a message
// in Indonesian, never a 500 deeper down.
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { z } from "zod";
import "../zod-locale.js";
import { AppError, notFound } from "../errors.js";
import { withFormKey } from "./idempotency.js";

export type Schemas = { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType };
type Out<S, K extends keyof Schemas> = S extends Record<K, infer T extends z.ZodType> ? z.output<T> : Record<string, never>;
export type Input<S extends Schemas> = { params: Out<S, "params">; query: Out<S, "query">; body: Out<S, "body"> };

const hasNul = (v: unknown): boolean =>
  typeof v === "string"
    ? v.includes("\u0000")
    : Array.isArray(v)
      ? v.some(hasNul)
      : !!v && typeof v === "object" && Object.entries(v).some(([k, x]) => k.includes("\u0000") || hasNul(x));

/** The field names and messages of a failed parse, for the 400 page. */
function describe(error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((i) => {
    if (i.code === "unrecognized_keys") return `kolom tidak dikenal: ${i.keys.map((k) => `"${k.slice(0, 40)}"`).join(", ")}`;
    const field = i.path.length ? `"${String(i.path[0]).slice(0, 40)}"` : "isian";
    return `${field}: ${i.message}`;
  });
  return `Permintaan tidak valid (${parts.join("; ")}). Muat ulang halaman dan isi formulirnya lagi.`;
}

// What a route without its own schema accepts: nothing but the CSRF token (built once, not per request).
const NO_QUERY = z.strictObject({});
const NO_BODY = z.strictObject({ _csrf: z.string().optional(), _idem: z.string().max(100).optional() });

/** Parses a request's parts; throws 404 for bad path parameters and 400 for the rest. */
export function parseInput<S extends Schemas>(s: S, req: Request): Input<S> {
  const out: Record<string, unknown> = { params: {}, query: {}, body: {} };
  if (s.params) {
    const r = s.params.safeParse(req.params);
    if (!r.success) throw notFound();
    out.params = r.data;
  }
  for (const part of ["query", "body"] as const) {
    const raw: unknown = (part === "query" ? req.query : req.body) ?? {};
    if (hasNul(raw)) throw new AppError(400, "Isian memuat karakter yang tidak diizinkan (NUL). Ketik ulang isiannya.", "NUL");
    const schema = s[part] ?? (part === "query" ? NO_QUERY : NO_BODY);
    const r = schema.safeParse(raw);
    if (!r.success) throw new AppError(400, describe(r.error), "BAD_INPUT");
    out[part] = r.data;
  }
  return out as Input<S>;
}

/** A route handler that receives its parsed input; anything the schemas refuse never reaches it. */
export function route<S extends Schemas>(s: S, fn: (req: Request, res: Response, input: Input<S>) => unknown): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    let input: Input<S>;
    try {
      input = parseInput(s, req);
    } catch (e) {
      next(e);
      return;
    }
    // The form's key (http/idempotency.ts) reaches the transactions the handler starts.
    await withFormKey(req, () => fn(req, res, input));
  };
}

// Building blocks for route schemas. Each field is one string (a repeated field is refused).

/** One text field of at most `max` characters. */
export const text = (max: number) => z.string().max(max, `paling banyak ${max} karakter`);
/** A checkbox group or multi-select: one value or several, each at most `max` characters. */
export const list = (max = 100, count = 500) =>
  z.preprocess((v): unknown => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(text(max)).max(count, `paling banyak ${count} pilihan`));
/** A POST body: the declared fields plus the CSRF token and the form's key (http/idempotency.ts), nothing else. */
export const form = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject({ _csrf: z.string().max(1000).optional(), _idem: z.string().max(100).optional(), ...shape });
/** A query string: the declared keys, nothing else. */
export const query = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape);
/** A positive integer id as a path parameter (anything else is a 404). */
export const id = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number)
  .pipe(z.number().int().positive());
export const idParams = z.strictObject({ id });
/** The version of a record a form was made from (optimistic locking): a whole number, else a 400 asking to reload. */
export const version = z
  .string()
  .regex(/^\d{1,9}$/, "versi halaman tidak sah; muat ulang halaman")
  .transform(Number);
/** A page number in a query string. */
export const pageNo = z
  .string()
  .regex(/^\d{1,5}$/, "nomor halaman tidak valid")
  .transform(Number)
  .pipe(z.number().int().min(1, "nomor halaman tidak valid").max(10_000, "nomor halaman tidak valid"))
  .optional();
/** An optional filter value from a select: empty means "all". */
export const optionalChoice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), z.enum(values, { error: "pilihan tidak dikenal" }).optional());
/** An optional positive integer in a query string: empty means "all". */
export const optionalInt = (min: number, max: number) =>
  z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .string()
      .regex(/^\d{1,9}$/, "harus angka")
      .transform(Number)
      .pipe(z.number().int().min(min).max(max))
      .optional(),
  );
