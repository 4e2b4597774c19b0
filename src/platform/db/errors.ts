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
    const cause = (err.meta?.driverAdapterError as { cause?: { constraint?: { fields?: unknown; index?: unknown }; table?: unknown } } | undefined)?.cause;
    const fields = cause?.constraint?.fields;
    if (Array.isArray(fields)) return fields.map(String);
    // @prisma/adapter-pg 7 names only the index: "<Table>_<col>_<col>_key" (Prisma's default
    // names; the schema's columns are camelCase, so "_" separates them).
    const index = cause?.constraint?.index;
    if (typeof index === "string" && typeof cause?.table === "string" && index.startsWith(`${cause.table}_`) && index.endsWith("_key")) {
      return index.slice(cause.table.length + 1, -"_key".length).split("_");
    }
    return [];
  }
  const cause = err.cause as { code?: unknown; detail?: unknown } | undefined;
  if (cause && cause.code === "23505") {
    // detail: Key (code)=(A) already exists.  /  Key (kind, year, seq)=(...) already exists.
    const columns = /Key \(([^)]+)\)=/.exec(typeof cause.detail === "string" ? cause.detail : "")?.[1];
    return columns ? columns.split(",").map((s) => s.trim().replace(/"/g, "")) : [];
  }
  return null;
}

/** True when the violated unique constraint covers this column. */
export const violatesUnique = (e: unknown, column: string): boolean => uniqueViolation(e)?.includes(column) ?? false;

const CONNECTION_CODES = new Set([
  // Prisma: cannot reach, timed out, server closed the connection, pool timeout
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  "P2024",
  // Node sockets
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
  // PostgreSQL: connection exceptions (08xxx) and the server shutting down (57P01–57P03)
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "57P01",
  "57P02",
  "57P03",
  // PGlite stopped after a PANIC, until it is reopened (db/pglite-handle.ts)
  "PGLITE_STOPPED",
]);
const CONNECTION_TEXT =
  /connection terminated|connection is closed|can't reach database|server closed the connection|pglite is closed|terminating connection|not queryable|connection error|pglite stopped/i;

/** Is this error the database being unreachable (rather than a bug or bad data)? */
export function isConnectionFailure(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== "object" || depth > 4) return false;
  const err = e as Any & { message?: unknown; kind?: unknown };
  if (typeof err.code === "string" && CONNECTION_CODES.has(err.code)) return true;
  if (err.kind === "DatabaseNotReachable" || err.kind === "ConnectionClosed" || err.kind === "SocketTimeout") return true;
  if (typeof err.message === "string" && CONNECTION_TEXT.test(err.message)) return true;
  return isConnectionFailure(err.cause, depth + 1) || isConnectionFailure(err.meta?.driverAdapterError, depth + 1);
}

/** Is this error the database's disk being full (PostgreSQL's disk_full, 53100)? */
export function isDiskFull(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== "object" || depth > 4) return false;
  const err = e as Any & { message?: unknown; kind?: unknown };
  if (err.code === "53100") return true;
  if (typeof err.message === "string" && /no space left on device|could not extend file/i.test(err.message)) return true;
  return isDiskFull(err.cause, depth + 1) || isDiskFull(err.meta?.driverAdapterError, depth + 1);
}
