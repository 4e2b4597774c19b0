// The database: embedded PGlite in DATA_DIR by default, PostgreSQL when
// DATABASE_URL is a postgresql:// URL. Same schema, same migrations, same SQL.
import path from "node:path";
import { performance } from "node:perf_hooks";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../../generated/prisma/client.js";
import { isConnectionFailure } from "./errors.js";
import { lockDataDir, type DataDirLock, type LockOptions } from "./lock.js";
import { migrate, type RawSql } from "./migrate.js";
import { PgliteHandle } from "./pglite-handle.js";

type AdapterFactory = NonNullable<Extract<ConstructorParameters<typeof PrismaClient>[0], { adapter?: unknown }>["adapter"]>;
// pglite-prisma-adapter 0.7 is built against @prisma/driver-adapter-utils 7.2, the client
// against 7.10: the runtime interface is the same (proven by the test suite), the declared
// types come from two copies of the package.
const asFactory = (f: unknown) => f as AdapterFactory;

export type Database = {
  kind: "pglite" | "postgres";
  prisma: PrismaClient;
  /** Apply pending migrations (before serving). */
  migrate(): Promise<string[]>;
  /**
   * Plain SQL straight to the driver, without Prisma's per-query planning (Prisma 6's
   * JavaScript engine plans every call on the main thread). For the reads every request
   * makes (session, user); everything else goes through Prisma.
   */
  sql: PlainSql;
  /** Plain SQL in a transaction of its own (an upload's bytes: documents/storage.ts storeBytes). */
  sqlTransaction: PlainTransaction;
  /** True when a trivial query answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /**
   * PGlite only (pglite-handle.ts): checkpoints when WAL has grown, and reopens a
   * database that stopped (a PANIC on a full disk) once it can. Called every few seconds.
   */
  maintain?(opts: { mayReopen: boolean }): Promise<{ stopped: boolean; revived: boolean; checkpoint: boolean }>;
  /** PGlite only: the data folder copied as of one moment into `dest`, while the app serves (nightly backup). */
  snapshotTo?(dest: string): Promise<void>;
  /**
   * Tells `timer` how long each statement took (seconds), from Prisma and from the plain
   * SQL alike: the /metrics histogram (platform/metrics). One timer per database; null stops.
   */
  timeStatements(timer: StatementTimer | null): void;
};

/** Told the duration of each statement, in seconds. */
export type StatementTimer = (seconds: number) => void;

export type PgliteOptions = {
  /** Data folder (the PGlite cluster lives in <dataDir>/pgdata). */
  dataDir?: string;
  /** An already opened instance (tests clone one from a template). */
  pglite?: PGlite;
  /** PostgreSQL's shared_buffers inside PGlite, in MB (PGLITE_SHARED_BUFFERS_MB; PGlite's own default 128). */
  sharedBuffersMb?: number;
  /** Called with every SQL statement and its duration (benchmarks). */
  onQuery?: QueryListener;
  /** The data folder's lock: how long to wait for a silent holder (DATA_LOCK_WAIT_SECONDS), intervals in tests. */
  lock?: LockOptions;
  /** Told when the database stops on a PANIC (pglite-handle.ts), for the log. */
  onStop?: (err: Error) => void;
};

export type QueryListener = (sql: string, ms: number) => void;
export type PlainSql = <T>(text: string, params?: unknown[]) => Promise<T[]>;
/** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
export type PlainTransaction = <T>(fn: (sql: PlainSql) => Promise<T>) => Promise<T>;

/**
 * Interactive transactions may run long when they carry documents: the bytes are
 * written in the transaction (a 50 MB upload takes about 6 s on PGlite), and Prisma's
 * default of 5 s would roll such an upload back. Waiting for a connection stays short.
 */
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 120_000 };

/** A Prisma client over an adapter, reporting each statement to `onQuery` when given. */
function client(adapter: unknown, onQuery?: QueryListener, timing?: Timing): PrismaClient {
  const base = { adapter: asFactory(timing ? timedAdapter(adapter, timing) : adapter), transactionOptions: TRANSACTION_OPTIONS };
  if (!onQuery) return new PrismaClient(base);
  const prisma = new PrismaClient({ ...base, log: [{ emit: "event", level: "query" }] });
  prisma.$on("query", (e) => onQuery(e.query, e.duration));
  return prisma;
}

/** The embedded server's page cache by default (config PGLITE_SHARED_BUFFERS_MB). */
export const DEFAULT_SHARED_BUFFERS_MB = 32;

/**
 * PGlite's start parameters with a smaller page cache. Its default 128 MB of shared_buffers
 * are written at start and stay resident (about 120 MB of the process's memory); pages
 * beyond the cache come from the operating system's file cache.
 */
export const pgliteStartParams = (sharedBuffersMb = DEFAULT_SHARED_BUFFERS_MB) => [...PGlite.defaultStartParams, "-c", `shared_buffers=${sharedBuffersMb}MB`];

// ---- statement timing (the /metrics database histogram) ----------------------
// Why not Prisma's query events (the `onQuery` option above, kept for benchmarks)? With
// `log: query` on, Prisma 7 builds an event for every statement: a Date, the SQL text and
// its parameters serialised with JSON.stringify. Measured (bench/metrics-overhead.ts and a
// micro-benchmark of that code, Node 20): about 1.5 µs per ordinary statement, lost in the
// noise of a PGlite statement (about 1 ms), but about 0.1 ms per 64 KB chunk that
// writeBlob sends as base64 text, and 360 ms per MB for a Buffer parameter (Buffer.toJSON
// turns it into one number per byte before Prisma's replacer sees it); and the events
// never see the plain SQL (db.sql: the session and user reads of every request). Timing
// the driver adapter's queryRaw/executeRaw (and the plain SQL) costs two
// performance.now() calls and one histogram observation per statement, about 0.3 µs
// (bench/metrics-overhead.ts), and nothing that grows with the parameters.

/** The database's one statement timer, set and cleared by timeStatements(). */
type Timing = { timer: StatementTimer | null };

function timed<A extends unknown[], R>(timing: Timing, fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    const timer = timing.timer;
    if (!timer) return fn(...args);
    const t0 = performance.now();
    try {
      return await fn(...args);
    } finally {
      timer((performance.now() - t0) / 1000);
    }
  };
}

type Fn = (...args: unknown[]) => Promise<unknown>;

/** `target` with its methods bound to it (the adapters keep private fields) and `wrap` applied to those named. */
function wrapMethods<T extends object>(target: T, wrap: Record<string, (fn: Fn) => Fn>): T {
  // Made once per method, not at every access.
  const made = new Map<string | symbol, { of: unknown; fn: unknown }>();
  return new Proxy(target, {
    get(t, prop) {
      const v: unknown = Reflect.get(t, prop, t);
      if (typeof v !== "function") return v;
      const hit = made.get(prop);
      if (hit?.of === v) return hit.fn;
      const bound = (v as Fn).bind(t);
      const w = typeof prop === "string" && Object.hasOwn(wrap, prop) ? wrap[prop] : undefined;
      const fn = w ? w(bound) : bound;
      made.set(prop, { of: v, fn });
      return fn;
    },
  });
}

/** A driver adapter factory whose adapters and transactions time queryRaw and executeRaw. */
function timedAdapter(factory: unknown, timing: Timing): unknown {
  const statements = { queryRaw: (fn: Fn) => timed(timing, fn), executeRaw: (fn: Fn) => timed(timing, fn) };
  const connection = (adapter: object) =>
    wrapMethods(adapter, {
      ...statements,
      startTransaction:
        (fn) =>
        async (...args) =>
          wrapMethods((await fn(...args)) as object, statements),
    });
  return wrapMethods(factory as object, {
    connect:
      (fn) =>
      async (...args) =>
        connection((await fn(...args)) as object),
  });
}

export async function openPglite(opts: PgliteOptions): Promise<Database> {
  let lock: DataDirLock | undefined;
  let first = opts.pglite;
  const folder = opts.dataDir ? path.join(opts.dataDir, "pgdata") : null;
  const open = async (): Promise<PGlite> => {
    if (!folder || !lock) throw new Error("an instance given by the caller cannot be reopened");
    const p = await PGlite.create(folder, { startParams: pgliteStartParams(opts.sharedBuffersMb) });
    // Fencing: every statement (plain SQL, transactions, the Prisma adapter) reaches the
    // files through execProtocolRawSync, where the WASM Postgres runs it. A process that
    // lost the folder's lock stops right there, before the statement runs.
    const run = p.execProtocolRawSync.bind(p);
    const held = lock;
    p.execProtocolRawSync = (message: Uint8Array) => {
      held.assertHeld();
      return run(message);
    };
    return p;
  };
  if (!first) {
    if (!opts.dataDir) throw new Error("dataDir or pglite required");
    lock = await lockDataDir(opts.dataDir, opts.lock);
    try {
      first = await open();
    } catch (e) {
      lock.release();
      throw e;
    }
  }
  // Every statement goes through the handle: it stops on a PANIC and reopens (pglite-handle.ts).
  const lite = new PgliteHandle(first, open, (err) => opts.onStop?.(err));
  const raw: RawSql = {
    exec: async (sql) => {
      await lite.exec(sql);
    },
    query: async <T>(sql: string, params?: unknown[]) => (await lite.query<T>(sql, params)).rows,
    exclusive: (fn) => fn(),
  };
  const timing: Timing = { timer: null };
  const prisma = client(new PrismaPGlite(lite as unknown as PGlite), opts.onQuery, timing);
  let closed = false;
  return {
    kind: "pglite",
    prisma,
    // PGlite runs one statement at a time and holds its lock for a Prisma transaction's whole length.
    sql: timed(timing, async <T>(text: string, params?: unknown[]) => (await lite.query<T>(text, params)).rows) as PlainSql,
    // Never from inside a Prisma transaction: both wait for PGlite's one transaction lock.
    sqlTransaction: (fn) =>
      lite.transaction((tx) => fn(timed(timing, async <T>(text: string, params?: unknown[]) => (await tx.query<T>(text, params)).rows) as PlainSql)),
    timeStatements(timer) {
      timing.timer = timer;
    },
    migrate: () => migrate(raw),
    ping: () => pingWith(prisma, () => closed || lite.closed || lite.stopped !== null),
    async maintain({ mayReopen }) {
      if (closed) return { stopped: false, revived: false, checkpoint: false };
      if (lite.stopped) {
        // Reopening needs room for a new WAL segment: only once the storage has it again.
        const revived = mayReopen && folder !== null && (await lite.revive());
        return { stopped: !revived, revived, checkpoint: false };
      }
      return { stopped: false, revived: false, checkpoint: await lite.maintain() };
    },
    async snapshotTo(dest: string) {
      if (!folder) throw new Error("an in-memory database has no folder to copy");
      await lite.snapshotTo(folder, dest);
    },
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      // A folder taken by another process: closing would write a checkpoint into its files.
      if (!lite.closed && !lock?.lost) await lite.current.close().catch(() => undefined);
      lock?.release();
    },
  };
}

export function openPostgres(url: string, onQuery?: QueryListener): Promise<Database> {
  // One pool for Prisma and for the plain reads.
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // A connection the server ends (a restart, a failover, pg_terminate_backend,
  // idle_in_transaction_session_timeout) emits 'error'. The pool listens while a
  // client is idle; a checked-out client with no listener would throw it and end the
  // process. Every client listens for its whole life: the statement it was running
  // fails with its own error (a 503 for that request), and the pool discards the
  // client when it is released (pg-pool drops clients that are not queryable).
  pool.on("error", () => undefined);
  pool.on("connect", (c) => {
    c.on("error", () => undefined);
    discardWhenBroken(c);
  });
  const timing: Timing = { timer: null };
  const prisma = client(new PrismaPg(pool), onQuery, timing);
  let closed = false;
  return Promise.resolve<Database>({
    kind: "postgres",
    prisma,
    sql: timed(timing, async <T>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as T[]) as PlainSql,
    timeStatements(timer) {
      timing.timer = timer;
    },
    async sqlTransaction(fn) {
      const c = await pool.connect();
      let broken: Error | undefined;
      try {
        await c.query("BEGIN");
        const result = await fn(timed(timing, async <T>(text: string, params?: unknown[]) => (await c.query(text, params)).rows as T[]) as PlainSql);
        await c.query("COMMIT");
        return result;
      } catch (e) {
        // A connection that cannot even roll back is closed rather than reused.
        await c.query("ROLLBACK").catch((err: unknown) => {
          broken = err instanceof Error ? err : new Error(`ROLLBACK failed: ${String(err)}`);
        });
        throw e;
      } finally {
        c.release(broken);
      }
    },
    async migrate() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const raw: RawSql = {
        exec: async (sql) => {
          await client.query(sql);
        },
        query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
        // Several app instances may start at once: one migrates, the others wait.
        async exclusive(fn) {
          await client.query("SELECT pg_advisory_lock(7240011)");
          try {
            return await fn();
          } finally {
            await client.query("SELECT pg_advisory_unlock(7240011)");
          }
        },
      };
      try {
        return await migrate(raw);
      } finally {
        await client.end();
      }
    },
    ping: () => pingWith(prisma, () => closed),
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      // A connection killed mid-statement can keep end() waiting: give it a few seconds.
      await Promise.race([pool.end(), new Promise((r) => setTimeout(r, 5000).unref())]);
    },
  });
}

/**
 * A statement that failed because the connection broke (the server terminated the session,
 * 57P01; the socket closed) marks its client unusable at once. @prisma/adapter-pg 7 releases
 * a transaction's client without an error after a rollback, often before pg has seen the
 * socket close; pg-pool would then hand the dead client to the next request. A client that
 * is not queryable is dropped on release.
 */
export function discardWhenBroken(c: pg.PoolClient | pg.Client): void {
  const query = c.query.bind(c) as (...args: unknown[]) => unknown;
  (c as { query: unknown }).query = (...args: unknown[]) => {
    const result = query(...args);
    if (result instanceof Promise) {
      result.catch((e: unknown) => {
        if (isConnectionFailure(e)) (c as unknown as { _queryable: boolean })._queryable = false;
      });
    }
    return result;
  };
}

export function openDatabase(
  cfg: { databaseUrl?: string; dataDir: string; dataLockWaitSeconds?: number; pgliteSharedBuffersMb?: number },
  onStop?: (err: Error) => void,
): Promise<Database> {
  return cfg.databaseUrl
    ? openPostgres(cfg.databaseUrl)
    : openPglite({
        dataDir: cfg.dataDir,
        sharedBuffersMb: cfg.pgliteSharedBuffersMb,
        lock: cfg.dataLockWaitSeconds === undefined ? undefined : { waitMs: cfg.dataLockWaitSeconds * 1000 },
        onStop,
      });
}

async function pingWith(prisma: PrismaClient, isClosed: () => boolean): Promise<boolean> {
  if (isClosed()) return false;
  try {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), 3000).unref());
    await Promise.race([prisma.$queryRaw`SELECT 1`, timeout]);
    return true;
  } catch {
    return false;
  }
}
