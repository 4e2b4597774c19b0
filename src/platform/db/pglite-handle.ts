// The embedded database as the rest of the app holds it: one handle that forwards to
// the PGlite instance of the moment and keeps it healthy.
//
// - A PANIC (or FATAL) inside PGlite, such as a WAL segment that cannot be written on
//   a full disk, leaves the WASM Postgres in a state where its next message spins
//   forever on the only thread: no request, not even /healthz or SIGTERM, is served
//   again. The handle sees the first such error, sends nothing more to that instance
//   (every statement fails at once as "stopped": a 503), and reopens the folder in the
//   same process once there is room again (`revive`): the app recovers without a
//   restart. Postgres recovers the folder on open; nothing committed is lost.
// - PGlite runs Postgres in single-user mode, which has no checkpointer: without a
//   CHECKPOINT, WAL grows with every write until the process stops (each upload costs
//   twice its size on disk). `maintain` checkpoints when WAL since the last checkpoint
//   is over WAL_LIMIT; the server calls it every few seconds.
// - `snapshotTo` copies the folder as of one moment while the app keeps serving: a
//   CHECKPOINT, the data files, then the WAL written since, which Postgres replays when
//   the copy is opened (full_page_writes is on), as a base backup does.
import { cp, mkdir, readdir } from "node:fs/promises";
import path from "node:path";
import type { PGlite, Transaction } from "@electric-sql/pglite";

/** WAL past the last checkpoint beyond which a checkpoint is written. */
export const WAL_LIMIT = 8 * 1024 * 1024;

export class PgliteStoppedError extends Error {
  override name = "PgliteStoppedError";
  readonly code = "PGLITE_STOPPED";
  constructor(readonly reason: string) {
    super(`PGlite stopped: ${reason}`);
  }
}

type Severity = { severity?: string; message?: string };

export class PgliteHandle {
  private instance: PGlite;
  private stoppedWith: PgliteStoppedError | null = null;
  private reviving: Promise<boolean> | null = null;
  private snapshots = 0;

  constructor(
    first: PGlite,
    /** Opens the folder again (after a stop). */
    private readonly reopen: () => Promise<PGlite>,
    /** Told once per stop, with the reason. */
    private readonly onStop: (err: PgliteStoppedError) => void = () => undefined,
  ) {
    this.instance = this.guard(first);
  }

  /** Stops sending to an instance after its first PANIC or FATAL (see the top of this file). */
  private guard(lite: PGlite): PGlite {
    const wrap =
      <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        if (this.stoppedWith && this.instance === lite) throw this.stoppedWith;
        try {
          return await fn(...args);
        } catch (e) {
          const s = (e as Severity | null)?.severity;
          if ((s === "PANIC" || s === "FATAL") && this.instance === lite && !this.stoppedWith) {
            this.stoppedWith = new PgliteStoppedError((e as Error).message);
            this.onStop(this.stoppedWith);
          }
          throw e;
        }
      };
    lite.execProtocolStream = wrap(lite.execProtocolStream.bind(lite));
    lite.execProtocol = wrap(lite.execProtocol.bind(lite));
    return lite;
  }

  /** The instance (for what the handle does not forward: tests, migrations). */
  get current(): PGlite {
    return this.instance;
  }

  get stopped(): PgliteStoppedError | null {
    return this.stoppedWith;
  }

  get closed(): boolean {
    return this.instance.closed;
  }

  query: PGlite["query"] = (...args) => this.instance.query(...args);
  exec: PGlite["exec"] = (...args) => this.instance.exec(...args);
  transaction = <T>(fn: (tx: Transaction) => Promise<T>): Promise<T> => this.instance.transaction(fn);

  /**
   * After a stop: closes the stopped instance (it has been sent nothing since, so it
   * closes at once) and opens the folder again. False when it cannot yet (the disk is
   * still full): the caller tries again later.
   */
  revive(): Promise<boolean> {
    if (!this.stoppedWith) return Promise.resolve(true);
    this.reviving ??= (async () => {
      try {
        const old = this.instance;
        if (!old.closed) await old.close().catch(() => undefined);
        this.instance = this.guard(await this.reopen());
        this.stoppedWith = null;
        return true;
      } catch {
        return false;
      } finally {
        this.reviving = null;
      }
    })();
    return this.reviving;
  }

  /** WAL written since the last checkpoint, in bytes. */
  async walSinceCheckpoint(): Promise<number> {
    const r = await this.query<{ since: string }>(`SELECT (pg_current_wal_insert_lsn() - redo_lsn)::bigint::text AS "since" FROM pg_control_checkpoint()`);
    return Number(r.rows[0]?.since ?? 0);
  }

  /** A checkpoint when WAL has grown past `limit` (never while a snapshot is being copied). Returns whether one was written. */
  async maintain(limit = WAL_LIMIT): Promise<boolean> {
    if (this.stoppedWith || this.snapshots > 0 || this.instance.closed) return false;
    if ((await this.walSinceCheckpoint()) <= limit) return false;
    await this.exec("CHECKPOINT");
    return true;
  }

  /**
   * Copies the data folder into `dest` as of one moment, without stopping the app:
   * a checkpoint, the data files, then pg_wal (no checkpoint may run meanwhile, so no
   * WAL the copy needs is recycled). Opening the copy replays that WAL.
   */
  async snapshotTo(source: string, dest: string): Promise<void> {
    if (this.stoppedWith) throw this.stoppedWith;
    this.snapshots++;
    try {
      await this.exec("CHECKPOINT");
      await mkdir(dest, { recursive: true });
      for (const entry of await readdir(source)) {
        if (entry === "pg_wal" || entry === "postmaster.pid") continue;
        await cp(path.join(source, entry), path.join(dest, entry), { recursive: true });
      }
      await cp(path.join(source, "pg_wal"), path.join(dest, "pg_wal"), { recursive: true });
    } finally {
      this.snapshots--;
    }
  }
}
