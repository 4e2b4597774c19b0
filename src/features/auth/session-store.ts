// express-session store in the database (table Session). The user id is kept in
// its own column so that deactivating a user can end all of their sessions.
//
// Reading a session also reads its user and the data revision (auth/request-user.ts)
// in the same statement: express-session hands the loaded session to
// `createSession(req, …)`, which passes that user on to passport's deserializeUser
// (`preloadedUser`). A logged-in request thus costs one query, not two.
import type { IncomingMessage } from "node:http";
import session from "express-session";
import type { PlainSql } from "../../platform/db/client.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { todayJakarta } from "../../core/calendar/calendar.js";
import { requestUserColumns, requestUserJoins, toRequestUser, type RequestUser, type RequestUserRow } from "./request-user.js";

type Cb<T = void> = (err?: unknown, value?: T | null) => void;

/**
 * "expiresAt" is a timestamp without time zone holding UTC (as Prisma writes it). Plain
 * SQL converts explicitly, so that the server's TZ (Asia/Jakarta, say) never shifts it.
 */
const UTC = (param: string) => `(${param}::timestamptz AT TIME ZONE 'UTC')`;

/** Not enumerable by express-session's Session (for…in) nor saved (JSON): it only rides from get() to createSession(). */
const PRELOADED = Symbol("preloaded user");
type Preloaded = RequestUser & { userId: number };
const preloaded = new WeakMap<IncomingMessage, Preloaded>();

/** The user and revision read with this request's session, when they are the user `id`'s (taken once). */
export function preloadedUser(req: IncomingMessage, id: number): RequestUser | undefined {
  const p = preloaded.get(req);
  preloaded.delete(req);
  return p && p.userId === id ? p : undefined;
}

/** The idle timeout is counted in minutes: refreshing the expiry once a minute is precise enough. */
export const TOUCH_EVERY_MS = 60_000;

export class PrismaSessionStore extends session.Store {
  private pruneTimer?: NodeJS.Timeout;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly idleMs: number,
    /** Plain SQL for the reads and touches of every request (Database.sql, straight to the driver). */
    private readonly sql: PlainSql,
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
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- reads the expiry express-session computed from maxAge; the deprecation is about setting it
    const e = sess.cookie.expires;
    return e ? new Date(e) : new Date(Date.now() + this.idleMs);
  }

  /**
   * The user a session belongs to: the signed-in one, or the one half-way through a
   * sign-in (auth/complete-login.ts), so that ending a user's sessions ends that too.
   */
  private userIdOf(sess: session.SessionData): number | null {
    const id = (sess as { passport?: { user?: unknown } }).passport?.user ?? sess.pendingLogin?.userId;
    return typeof id === "number" ? id : null;
  }

  override get(sid: string, cb: Cb<session.SessionData>): void {
    // Every request runs this: plain SQL skips Prisma's per-query planning.
    this.sql<RequestUserRow & { data: unknown; expiresAt: Date | string; userId: number | null }>(
      `SELECT ss."data", ss."expiresAt" AT TIME ZONE 'UTC' AS "expiresAt", ss."userId", ${requestUserColumns("$2")}
         FROM "Session" ss ${requestUserJoins(`ss."userId"`)} WHERE ss."sid" = $1`,
      [sid, todayJakarta()],
    )
      .then((rows) => {
        const row = rows.at(0);
        if (!row) {
          cb(null, null);
          return;
        }
        if (new Date(row.expiresAt).getTime() <= Date.now()) {
          return this.prisma.session.deleteMany({ where: { sid } }).then(() => cb(null, null));
        }
        const data = (typeof row.data === "string" ? JSON.parse(row.data) : row.data) as session.SessionData & { [PRELOADED]?: Preloaded };
        if (row.userId !== null) data[PRELOADED] = { ...toRequestUser(row), userId: row.userId };
        cb(null, data);
      })
      .catch((e: unknown) => cb(e));
  }

  override createSession(req: IncomingMessage, data: session.SessionData & { [PRELOADED]?: Preloaded }): session.Session & Partial<session.SessionData> {
    const p = data[PRELOADED];
    if (p) {
      preloaded.set(req, p);
      Reflect.deleteProperty(data, PRELOADED);
    }
    const sess = super.createSession(req as Parameters<session.Store["createSession"]>[0], data);
    this.loaded.add(sess);
    return sess;
  }

  /**
   * Sessions read from the table during this request. Saving one only updates its row: a
   * session ended while the request ran (by the user elsewhere, ADMIN, a reset, a password
   * change) must not come back because the request changed it (a flash message is enough).
   * Only sessions made in this request (a first page, a login's new id) are inserted.
   */
  private readonly loaded = new WeakSet();

  override set(sid: string, sess: session.SessionData, cb?: Cb): void {
    const expiresAt = this.expiry(sess);
    const userId = this.userIdOf(sess);
    // A save writes the expiry too: the next touch within the minute need not.
    this.touched.set(sid, Date.now());
    // Plain SQL: every login and every flash message saves the session.
    this.sql(
      this.loaded.has(sess)
        ? `UPDATE "Session" SET "data" = $2::jsonb, "userId" = $3, "expiresAt" = ${UTC("$4")} WHERE "sid" = $1`
        : `INSERT INTO "Session" ("sid", "data", "userId", "expiresAt") VALUES ($1, $2::jsonb, $3, ${UTC("$4")})
           ON CONFLICT ("sid") DO UPDATE SET "data" = EXCLUDED."data", "userId" = EXCLUDED."userId", "expiresAt" = EXCLUDED."expiresAt"`,
      [sid, JSON.stringify(sess), userId, expiresAt.toISOString()],
    )
      .then(() => cb?.())
      .catch((e: unknown) => cb?.(e));
  }

  /** True while writes are refused (the storage is nearly full: health/storage.ts); set by the app. */
  holdWrites: () => boolean = () => false;

  /** When each session's expiry was last written by this instance. */
  private readonly touched = new Map<string, number>();

  /**
   * Called on every request (rolling sessions). The expiry is written at most once a
   * minute per session: an idle timeout of minutes does not need a write per request.
   */
  override touch(sid: string, sess: session.SessionData, cb?: Cb): void {
    // While the server's storage is nearly full, reading goes on without refreshing the expiry.
    if (this.holdWrites()) {
      cb?.();
      return;
    }
    const now = Date.now();
    const last = this.touched.get(sid);
    if (last !== undefined && now - last < TOUCH_EVERY_MS) {
      cb?.();
      return;
    }
    this.touched.set(sid, now);
    if (this.touched.size > 10_000) this.touched.clear();
    this.sql(`UPDATE "Session" SET "expiresAt" = ${UTC("$1")} WHERE "sid" = $2`, [this.expiry(sess).toISOString(), sid])
      .then(() => cb?.())
      .catch((e: unknown) => cb?.(e));
  }

  override destroy(sid: string, cb?: Cb): void {
    this.prisma.session
      .deleteMany({ where: { sid } })
      .then(() => cb?.())
      .catch((e: unknown) => cb?.(e));
  }
}
