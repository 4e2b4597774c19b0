// express-session store in the database (table Session). The user id is kept in
// its own column so that deactivating a user can end all of their sessions.
import session from "express-session";
import type { PlainSql } from "../db/client.js";
import type { PrismaClient } from "../generated/prisma/client.js";

type Cb<T = void> = (err?: unknown, value?: T | null) => void;

/** The idle timeout is counted in minutes: refreshing the expiry once a minute is precise enough. */
export const TOUCH_EVERY_MS = 60_000;

export class PrismaSessionStore extends session.Store {
  private pruneTimer?: NodeJS.Timeout;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly idleMs: number,
    /** Plain SQL for the reads and touches of every request (Database.sql). */
    private readonly sql: PlainSql = (text, params) => prisma.$queryRawUnsafe(text, ...(params ?? [])),
  ) {
    super();
  }

  /** Delete expired rows every few minutes (the timer never keeps the process alive). */
  startPruning(everyMs = 10 * 60 * 1000): void {
    this.pruneTimer = setInterval(() => void this.prune().catch(() => undefined), everyMs);
    this.pruneTimer.unref();
  }

  stopPruning(): void {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
  }

  /** Expired sessions and expired login-failure counters. */
  prune(): Promise<unknown> {
    const now = new Date();
    return Promise.all([
      this.prisma.session.deleteMany({ where: { expiresAt: { lt: now } } }),
      this.prisma.loginLimit.deleteMany({ where: { expire: { lt: now } } }),
    ]);
  }

  private expiry(sess: session.SessionData): Date {
    const e = sess.cookie?.expires;
    return e ? new Date(e) : new Date(Date.now() + this.idleMs);
  }

  private userIdOf(sess: session.SessionData): number | null {
    const id = (sess as { passport?: { user?: unknown } }).passport?.user;
    return typeof id === "number" ? id : null;
  }

  override get(sid: string, cb: Cb<session.SessionData>): void {
    // Every request runs this: plain SQL skips Prisma's per-query planning.
    this.sql<{ data: unknown; expiresAt: Date | string }>(`SELECT "data", "expiresAt" FROM "Session" WHERE "sid" = $1`, [sid])
      .then(([row]) => {
        if (!row) return cb(null, null);
        if (new Date(row.expiresAt).getTime() <= Date.now()) {
          return this.prisma.session.deleteMany({ where: { sid } }).then(() => cb(null, null));
        }
        const data = typeof row.data === "string" ? JSON.parse(row.data) : row.data;
        cb(null, data as session.SessionData);
      })
      .catch((e) => cb(e));
  }

  override set(sid: string, sess: session.SessionData, cb?: Cb): void {
    const data = JSON.parse(JSON.stringify(sess));
    const expiresAt = this.expiry(sess);
    const userId = this.userIdOf(sess);
    this.prisma.session
      .upsert({ where: { sid }, create: { sid, data, expiresAt, userId }, update: { data, expiresAt, userId } })
      .then(() => cb?.())
      .catch((e) => cb?.(e));
  }

  /** When each session's expiry was last written by this instance. */
  private readonly touched = new Map<string, number>();

  /**
   * Called on every request (rolling sessions). The expiry is written at most once a
   * minute per session: an idle timeout of minutes does not need a write per request.
   */
  override touch(sid: string, sess: session.SessionData, cb?: Cb): void {
    const now = Date.now();
    const last = this.touched.get(sid);
    if (last !== undefined && now - last < TOUCH_EVERY_MS) {
      cb?.();
      return;
    }
    this.touched.set(sid, now);
    if (this.touched.size > 10_000) this.touched.clear();
    this.sql(`UPDATE "Session" SET "expiresAt" = $1 WHERE "sid" = $2`, [this.expiry(sess), sid])
      .then(() => cb?.())
      .catch((e) => cb?.(e));
  }

  override destroy(sid: string, cb?: Cb): void {
    this.prisma.session
      .deleteMany({ where: { sid } })
      .then(() => cb?.())
      .catch((e) => cb?.(e));
  }
}
