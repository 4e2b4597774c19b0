// CSRF tokens. Logged-in users: a token kept in the session (csrf-sync).
// Anonymous visitors (the login form) have no session row: their token is an
// HMAC of a random value kept in an HttpOnly cookie (a signed double submit).
// Multipart bodies are parsed only on upload routes, which check the token after
// multer; any other route refuses them because their token cannot be read.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { csrfSync, type CsrfSyncOptions } from "csrf-sync";
import type { NextFunction, Request, Response } from "express";
import { isUploadRoute } from "./upload-routes.js";

const isMultipart = (req: Request) => (req.headers["content-type"] ?? "").toLowerCase().startsWith("multipart/form-data");
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
export const ANON_COOKIE = "kd.pre";

const getTokenFromRequest = (req: Request): string | undefined => {
  const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
  if (typeof fromBody === "string") return fromBody;
  const header = req.headers["x-csrf-token"];
  return typeof header === "string" ? header : undefined;
};

const options: CsrfSyncOptions = {
  getTokenFromRequest: (req) => getTokenFromRequest(req),
  errorConfig: { statusCode: 403, code: "EBADCSRFTOKEN", message: "csrf" },
};

const sync = csrfSync(options);
const csrfError = () => Object.assign(new Error("csrf"), { code: "EBADCSRFTOKEN", status: 403 });

/** Does this request belong to a logged-in session? */
const hasUserSession = (req: Request) => !!(req.session as { passport?: { user?: unknown } } | undefined)?.passport?.user;

function anonToken(secret: string, nonce: string): string {
  return createHmac("sha256", secret).update(`login-csrf:${nonce}`).digest("base64url");
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return undefined;
}

/** The token for the forms of this response; sets the anonymous cookie when needed. */
export function tokenFor(secret: string) {
  return (req: Request, res: Response): string => {
    if (hasUserSession(req)) return sync.generateToken(req);
    let nonce = readCookie(req, ANON_COOKIE);
    if (!nonce || !/^[A-Za-z0-9_-]{20,64}$/.test(nonce)) {
      nonce = randomBytes(24).toString("base64url");
      res.cookie(ANON_COOKIE, nonce, { httpOnly: true, sameSite: "lax", secure: req.secure, path: "/" });
    }
    return anonToken(secret, nonce);
  };
}

/** Every state-changing request carries a valid token, whatever its content type. */
export function csrfProtection(secret: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (SAFE.has(req.method)) {
      next();
      return;
    }
    if (isMultipart(req)) {
      // Checked by the route's upload() after parsing; refused where no upload is expected.
      if (isUploadRoute(req.path)) next();
      else next(csrfError());
      return;
    }
    checkToken(secret, req, res, next);
  };
}

function checkToken(secret: string, req: Request, res: Response, next: NextFunction): void {
  if (hasUserSession(req)) {
    sync.csrfSynchronisedProtection(req, res, next);
    return;
  }
  const nonce = readCookie(req, ANON_COOKIE);
  const given = getTokenFromRequest(req);
  if (!nonce || typeof given !== "string") {
    next(csrfError());
    return;
  }
  const want = Buffer.from(anonToken(secret, nonce));
  const got = Buffer.from(given);
  next(want.length === got.length && timingSafeEqual(want, got) ? undefined : csrfError());
}

/** For upload routes: run after multer. */
export function requireCsrfAfterUpload(req: Request, res: Response, next: NextFunction): void {
  const secret = (req.app.get("csrfSecret") as string | undefined) ?? "";
  checkToken(secret, req, res, next);
}
