// The API's HTTP plumbing: every call is logged (call-log.ts), the bearer token is
// checked and its scope asked, each token has a per-minute budget counted in the
// database (every instance shares it), inputs go through the endpoint's zod schemas,
// and every error is JSON with a stable `code` and an Indonesian `message`.
// No session, no cookie and no CSRF token here: the routes are mounted before them.
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from "express";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { z } from "zod";
import "../../platform/zod-locale.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { AppError } from "../../platform/errors.js";
import type { Logger } from "../../platform/logger.js";
import { integration } from "../../core/policies/index.js";
import type { ApiScope } from "../../core/policies/integration.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { authenticate, identityOf, type Caller } from "./tokens.js";
import { recordCall } from "./call-log.js";

type ApiLocals = { apiCaller?: Caller; apiIdentity?: CurrentUser; unlogged?: boolean };
const locals = (res: Response) => res.locals as ApiLocals;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: { field: string; message: string }[],
  ) {
    super(message);
  }
}

const UNAUTHENTICATED: Record<"missing" | "unknown" | "expired" | "revoked", string> = {
  missing: "Sertakan token integrasi pada header Authorization: Bearer <token>.",
  unknown: "Token tidak dikenal. Periksa token yang dipakai atau minta token baru kepada administrator.",
  expired: "Token sudah kedaluwarsa. Minta token baru kepada administrator.",
  revoked: "Token sudah dicabut. Minta token baru kepada administrator.",
};

/** First on /api/v1: no caching, and the call's log line when the answer has gone. */
export function callLog(prisma: PrismaClient, log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.setHeader("Cache-Control", "no-store");
    res.on("finish", () => {
      // An address past its budget of calls without a valid token is refused without a row each.
      if (locals(res).unlogged) return;
      const durationMs = Number((process.hrtime.bigint() - started) / 1_000_000n);
      recordCall(prisma, {
        tokenId: locals(res).apiCaller?.id ?? null,
        method: req.method,
        path: req.originalUrl.slice(0, 500),
        status: res.statusCode,
        durationMs,
        address: req.ip ?? "unknown",
      }).catch((err: unknown) => log.warn({ err }, "api call log not written"));
    });
    next();
  };
}

/** The token's check, its scope and its budget; the identity the handler reads as. */
export function tokenGuard(prisma: PrismaClient, perMinute: number, anonymousPerMinute: number) {
  const limiter = new RateLimiterPrisma({
    storeClient: prisma,
    tableName: "loginLimit",
    keyPrefix: "api",
    points: perMinute,
    duration: 60,
    clearExpiredByTimeout: false,
  });
  // Calls without a valid token, per address: guessing tokens, or filling the call log.
  const strangers = new RateLimiterPrisma({
    storeClient: prisma,
    tableName: "loginLimit",
    keyPrefix: "api-anon",
    points: anonymousPerMinute,
    duration: 60,
    clearExpiredByTimeout: false,
  });
  return (scope: ApiScope): RequestHandler =>
    async (req: Request, res: Response, next: NextFunction) => {
      const auth = await authenticate(prisma, req.headers.authorization);
      if (!auth.ok) {
        res.setHeader("WWW-Authenticate", 'Bearer realm="api"');
        try {
          await strangers.consume(req.ip ?? "unknown");
        } catch (e) {
          if (!(e instanceof RateLimiterRes)) throw e;
          // Logged once when the budget runs out, then not again until it comes back.
          if (e.consumedPoints > anonymousPerMinute + 1) locals(res).unlogged = true;
          const seconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
          res.setHeader("Retry-After", String(seconds));
          throw new ApiError(429, "RATE_LIMIT", `Terlalu banyak panggilan tanpa token yang sah dari alamat ini. Coba lagi dalam ${seconds} detik.`);
        }
        throw new ApiError(401, "UNAUTHENTICATED", UNAUTHENTICATED[auth.reason]);
      }
      locals(res).apiCaller = auth.caller;
      if (!integration.allows(auth.caller, scope)) throw new ApiError(403, "FORBIDDEN", `Token ini tidak memiliki cakupan "${scope}".`);
      try {
        const r = await limiter.consume(String(auth.caller.id));
        res.setHeader("RateLimit-Limit", String(perMinute));
        res.setHeader("RateLimit-Remaining", String(r.remainingPoints));
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e;
        const seconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
        res.setHeader("Retry-After", String(seconds));
        throw new ApiError(429, "RATE_LIMIT", `Batas ${perMinute} panggilan per menit untuk token ini terlampaui. Coba lagi dalam ${seconds} detik.`);
      }
      locals(res).apiIdentity = identityOf(auth.caller);
      next();
    };
}

type Schemas = { params?: z.ZodType; query?: z.ZodType };
type Parsed<S extends Schemas> = {
  params: S["params"] extends z.ZodType ? z.output<S["params"]> : Record<string, never>;
  query: S["query"] extends z.ZodType ? z.output<S["query"]> : Record<string, never>;
};

/** An endpoint: its inputs parsed with its schemas (a bad path id is a 404, a bad query a 400 naming the fields), its answer sent as JSON. */
export function endpoint<S extends Schemas>(s: S, fn: (user: CurrentUser, input: Parsed<S>) => Promise<unknown>): RequestHandler {
  return async (req: Request, res: Response) => {
    const identity = locals(res).apiIdentity;
    if (!identity) throw new Error("an API endpoint mounted without its token guard");
    const out: Record<string, unknown> = { params: {}, query: {} };
    if (s.params) {
      const r = s.params.safeParse(req.params);
      if (!r.success) throw new ApiError(404, "NOT_FOUND", "Data tidak ditemukan atau di luar cakupan token ini.");
      out.params = r.data;
    }
    const q = (s.query ?? EMPTY).safeParse(req.query);
    if (!q.success) {
      const fields = q.error.issues
        .slice(0, 10)
        .map((i) =>
          i.code === "unrecognized_keys"
            ? { field: i.keys.map((k) => k.slice(0, 40)).join(", "), message: "parameter tidak dikenal" }
            : { field: i.path.map(String).join(".").slice(0, 40) || "query", message: i.message },
        );
      throw new ApiError(400, "BAD_INPUT", "Parameter tidak valid: " + fields.map((f) => `${f.field}: ${f.message}`).join("; ") + ".", fields);
    }
    out.query = q.data;
    res.json(await fn(identity, out as Parsed<S>));
  };
}
const EMPTY = z.strictObject({});

/** Every error on /api/v1 as JSON; a crash is logged and answered as 500 without details. */
export function jsonErrors(log: Logger): ErrorRequestHandler {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- Express knows an error handler by its four parameters
  return (err, req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof ApiError) {
      res.status(err.status).json({ code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) });
      return;
    }
    if (err instanceof AppError) {
      const code = err.status === 404 ? "NOT_FOUND" : err.status === 403 ? "FORBIDDEN" : err.status === 429 ? "RATE_LIMIT" : "BAD_INPUT";
      res.status(err.status).json({ code, message: err.userMessage });
      return;
    }
    log.error({ err }, "api error");
    res.status(500).json({ code: "SERVER_ERROR", message: "Terjadi kesalahan pada sistem. Coba lagi sebentar lagi; bila berulang, hubungi administrator." });
  };
}

/** An address under /api/v1 that is no endpoint. */
export const unknownEndpoint: RequestHandler = () => {
  throw new ApiError(404, "NOT_FOUND", "Alamat API ini tidak ada. Lihat /api/v1/openapi.json untuk daftar alamatnya.");
};
