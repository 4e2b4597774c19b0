// Pages the internet sees without logging in (verification of numbered copies, the
// public register). They carry nothing of the visitor (no user, no menu, no form
// token, no cookie), so a proxy may cache them for `maxAge` seconds; an answer to a
// logged-in browser (whose session cookie is refreshed) is never cached. Each source
// address has a budget of requests per minute, kept in memory (each instance its
// own); over it: 429 with Retry-After and a message.
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "../errors.js";

/** A budget of requests per minute per key (in memory, each instance its own); over it: 429 with Retry-After and `message`. */
function budget(o: { perMinute: number; keyPrefix: string }, keyOf: (req: Request) => string, message: (seconds: number) => string): RequestHandler {
  const limiter = new RateLimiterMemory({ keyPrefix: o.keyPrefix, points: o.perMinute, duration: 60 });
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      await limiter.consume(keyOf(req));
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) {
        next(e);
        return;
      }
      const seconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      res.setHeader("Retry-After", String(seconds));
      next(new AppError(429, message(seconds), "RATE_LIMIT"));
      return;
    }
    next();
  };
}

/** A budget of requests per minute and source address. */
export const perAddressLimit = (o: { perMinute: number; keyPrefix: string }): RequestHandler =>
  budget(
    o,
    (req) => req.ip ?? "unknown",
    (seconds) => `Terlalu banyak permintaan dari alamat Anda. Coba lagi dalam ${seconds} detik.`,
  );

/** A budget of requests per minute for everyone together: work that takes the parsing process. */
export const sharedLimit = (o: { perMinute: number; keyPrefix: string }): RequestHandler =>
  budget(
    o,
    () => "all",
    (seconds) => `Pemeriksaan berkas sedang banyak. Coba lagi dalam ${seconds} detik.`,
  );

export function publicPage(o: { perMinute?: number; maxAge?: number } = {}): RequestHandler {
  const limit = perAddressLimit({ perMinute: o.perMinute ?? 120, keyPrefix: "public" });
  return (req: Request, res: Response, next: NextFunction) => {
    void limit(req, res, (e?: unknown) => {
      if (e) {
        next(e);
        return;
      }
      res.locals.currentUser = null;
      res.locals.menu = [];
      // The lazy form token would set the anonymous CSRF cookie; a public page has no form.
      Object.defineProperty(res.locals, "csrfToken", { value: "", enumerable: true, configurable: true });
      // A browser that is logged in gets its session cookie refreshed with every answer (rolling
      // sessions): such an answer must never sit in a shared cache, where others would get the cookie.
      const hasSession = /(?:^|;\s*)kd\.sid=/.test(req.headers.cookie ?? "");
      res.setHeader("Cache-Control", hasSession ? "private, no-store" : `public, max-age=${o.maxAge ?? 60}`);
      res.setHeader("X-Robots-Tag", "noindex");
      next();
    });
  };
}
