// The same form sent twice does the work once. Every form carries a key (`_idem`: a
// hidden field, or in the action URL of forms with files, whose body is read later).
// The key is written in the transaction of the change the form makes, so:
//   - when the connection drops after the database committed, the user is told the
//     outcome is unknown (never "nothing changed"), and sending the form again is safe:
//     it answers with the first outcome instead of doing it again or a conflict;
//   - a double click, a browser's "resend" or a second tab sending the same form get
//     the same answer, and two copies racing cannot both commit (the key is unique).
// A form whose transaction was rolled back left no key: sending it again runs it again.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { flash, sessionOf } from "./flash.js";
import { refuseUnread } from "./upload.js";

export const KEY_FIELD = "_idem";
const KEY = /^[A-Za-z0-9_-]{16,64}$/;

/** A fresh key for one form. */
export const newFormKey = () => randomBytes(16).toString("base64url");

export type FormKey = { userId: number; key: string; recorded: boolean };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The key of the form this request sends, when it carries one (a logged-in POST). */
      formKey?: FormKey;
    }
  }
}

const context = new AsyncLocalStorage<FormKey>();

/** Runs `fn` (a route's handler) with the request's form key visible to the transactions it starts. */
export const withFormKey = <T>(req: Request, fn: () => T): T => (req.formKey ? context.run(req.formKey, fn) : fn());

/** Thrown in a transaction when its form's key is already there: the form was sent before and committed. */
export class FormReplayError extends Error {
  override name = "FormReplayError";
}

type TxClient = { $executeRaw: PrismaClient["$executeRaw"] };

/**
 * Makes every interactive transaction of `prisma` write the current form's key first
 * (once per request): the key commits with the change, or not at all.
 */
const WRAPPED = Symbol("recordFormKeys");

export function recordFormKeys(prisma: PrismaClient): void {
  const marked = prisma as unknown as Record<symbol, boolean>;
  if (marked[WRAPPED]) return;
  marked[WRAPPED] = true;
  const original = prisma.$transaction.bind(prisma) as (...args: unknown[]) => Promise<unknown>;
  (prisma as unknown as { $transaction: unknown }).$transaction = (arg: unknown, opts?: unknown) => {
    const form = context.getStore();
    if (typeof arg !== "function" || !form || form.recorded) return original(arg, opts);
    const fn = arg as (tx: TxClient) => Promise<unknown>;
    return original(async (tx: TxClient) => {
      // A copy of this form sent at the same moment waits here for the first to commit, then inserts nothing.
      const inserted = await tx.$executeRaw`
        INSERT INTO "IdempotentRequest" ("userId", "key", "createdAt") VALUES (${form.userId}, ${form.key}, now() AT TIME ZONE 'UTC')
        ON CONFLICT DO NOTHING`;
      if (inserted === 0) throw new FormReplayError();
      return fn(tx);
    }, opts).then((result) => {
      form.recorded = true;
      return result;
    });
  };
}

/** The key a request carries: the form field, or (forms with files) the action URL's `_idem`, taken out of the URL. */
function keyOf(req: Request): string | null {
  const fromBody = (req.body as Record<string, unknown> | undefined)?.[KEY_FIELD];
  if (typeof fromBody === "string") return fromBody;
  const at = req.url.indexOf("?");
  if (at < 0) return null;
  const params = new URLSearchParams(req.url.slice(at + 1));
  const fromUrl = params.get(KEY_FIELD);
  if (fromUrl === null) return null;
  params.delete(KEY_FIELD);
  const rest = params.toString();
  req.url = req.url.slice(0, at) + (rest ? `?${rest}` : "");
  return fromUrl;
}

/** Where to send the user back when the first outcome's page is not known: the page the form was on, or the case it was about. */
export const backTo = (req: Request): string => {
  const ref = req.get("referer");
  if (ref) {
    try {
      const u = new URL(ref);
      if (u.host === req.get("host")) return u.pathname + u.search;
    } catch {
      /* not a URL */
    }
  }
  const onCase = /^\/kasus\/(\d+)\//.exec(req.path);
  return onCase ? `/kasus/${onCase[1]}` : "/";
};

export const REPLAY_MESSAGE = "Formulir ini sudah Anda kirim sebelumnya dan sudah tercatat; tidak dicatat dua kali.";

/** Answers a form sent again with the first outcome: where it led, and what it said. */
async function replay(prisma: PrismaClient, req: Request, res: Response, userId: number, key: string): Promise<boolean> {
  const first = await prisma.idempotentRequest.findUnique({ where: { userId_key: { userId, key } } });
  if (!first) return false;
  const go = () => {
    flash(
      req,
      first.message ? "success" : "info",
      first.message ? `${first.message} (${REPLAY_MESSAGE.charAt(0).toLowerCase()}${REPLAY_MESSAGE.slice(1, -1)})` : REPLAY_MESSAGE,
    );
    res.redirect(303, first.location ?? backTo(req));
  };
  // A body not read yet (a form with files) is discarded first.
  if (!req.complete && !req.readableEnded) refuseUnread(req, res, (() => go()) as NextFunction, null);
  else go();
  return true;
}

/**
 * The middleware: before any route, a logged-in POST that carries a known key is
 * answered with its first outcome; otherwise its key rides along (req.formKey) for the
 * route's transactions (recordFormKeys) and for the outcome (rememberOutcome).
 */
export function formKeys(prisma: PrismaClient) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== "POST" || !req.user) {
      next();
      return;
    }
    const key = keyOf(req);
    if (key === null || !KEY.test(key)) {
      next();
      return;
    }
    try {
      if (await replay(prisma, req, res, req.user.id, key)) return;
    } catch (e) {
      next(e);
      return;
    }
    req.formKey = { userId: req.user.id, key, recorded: false };
    // Where the form led, and what it said, for a second sending: recorded before the redirect goes out.
    const redirect = res.redirect.bind(res) as (...a: unknown[]) => void;
    res.redirect = (...args: unknown[]) => {
      const form = req.formKey;
      if (!form?.recorded) {
        redirect(...args);
        return;
      }
      const location = String(args.length > 1 ? args[1] : args[0]);
      const message = sessionOf(req)?.flash?.at(-1)?.message ?? null;
      void prisma.idempotentRequest
        .update({
          where: { userId_key: { userId: form.userId, key: form.key } },
          data: { location: location.slice(0, 500), message: message?.slice(0, 1000) ?? null },
        })
        .catch(() => undefined)
        .finally(() => redirect(...args));
    };
    next();
  };
}

/** Forgets keys older than a week (the sweep). */
export const forgetOldFormKeys = (prisma: PrismaClient, now = new Date()) =>
  prisma.idempotentRequest.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - 7 * 86_400_000) } } });
