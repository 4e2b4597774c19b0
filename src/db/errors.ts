// Database errors, recognised the same way on both adapters: @prisma/adapter-pg
// maps them to Prisma codes (P2002), the PGlite adapter passes PostgreSQL's own.
type Any = { code?: unknown; meta?: Record<string, unknown>; cause?: unknown };

/** The columns of the violated unique constraint ([] if unknown), or null if e is not a unique violation. */
export function uniqueViolation(e: unknown): string[] | null {
  const err = e as Any | null;
  if (!err || typeof err !== "object") return null;
  if (err.code === "P2002") {
    const target = err.meta?.target;
    if (Array.isArray(target)) return target.map(String);
    const fields = (err.meta?.driverAdapterError as { cause?: { constraint?: { fields?: unknown } } } | undefined)?.cause
      ?.constraint?.fields;
    return Array.isArray(fields) ? fields.map(String) : [];
  }
  const cause = err.cause as { code?: unknown; detail?: unknown } | undefined;
  if (cause && cause.code === "23505") {
    // detail: Key (code)=(A) already exists.  /  Key (kind, year, seq)=(...) already exists.
    const m = /Key \(([^)]+)\)=/.exec(String(cause.detail ?? ""));
    return m ? m[1].split(",").map((s) => s.trim().replace(/"/g, "")) : [];
  }
  return null;
}

/** True when the violated unique constraint covers this column. */
export const violatesUnique = (e: unknown, column: string): boolean => uniqueViolation(e)?.includes(column) ?? false;
