// CSRF tokens kept in the session (csrf-sync). Multipart forms are checked after
// multer has parsed them (their token is in the body too).
import { csrfSync } from "csrf-sync";
import type { Request } from "express";

const isMultipart = (req: Request) => (req.headers["content-type"] ?? "").startsWith("multipart/form-data");

export const csrf = csrfSync({
  getTokenFromRequest: (req) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof fromBody === "string") return fromBody;
    const header = req.headers["x-csrf-token"];
    return typeof header === "string" ? header : undefined;
  },
  errorConfig: { statusCode: 403, code: "EBADCSRFTOKEN", message: "csrf" },
});

const guard = csrfSync({
  getTokenFromRequest: (req) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof fromBody === "string") return fromBody;
    const header = req.headers["x-csrf-token"];
    return typeof header === "string" ? header : undefined;
  },
  errorConfig: { statusCode: 403, code: "EBADCSRFTOKEN", message: "csrf" },
  // Multipart bodies are not parsed yet here; requireCsrfAfterUpload checks them.
  skipCsrfProtection: isMultipart,
});

export const csrfProtection = guard.csrfSynchronisedProtection;
/** For multipart routes: run after multer. */
export const requireCsrfAfterUpload = csrf.csrfSynchronisedProtection;
export const generateToken = csrf.generateToken;
