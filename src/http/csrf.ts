// CSRF tokens kept in the session (csrf-sync). Multipart forms are checked after
// multer has parsed them (their token is in the body too).
import { csrfSync, type CsrfSyncOptions } from "csrf-sync";
import type { Request } from "express";

const isMultipart = (req: Request) => (req.headers["content-type"] ?? "").startsWith("multipart/form-data");

const options: CsrfSyncOptions = {
  getTokenFromRequest: (req) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof fromBody === "string") return fromBody;
    const header = req.headers["x-csrf-token"];
    return typeof header === "string" ? header : undefined;
  },
  errorConfig: { statusCode: 403, code: "EBADCSRFTOKEN", message: "csrf" },
};

const afterUpload = csrfSync(options);
// Multipart bodies are not parsed yet when the global guard runs; requireCsrfAfterUpload checks them.
const global = csrfSync({ ...options, skipCsrfProtection: isMultipart });

export const csrfProtection = global.csrfSynchronisedProtection;
/** For multipart routes: run after multer. */
export const requireCsrfAfterUpload = afterUpload.csrfSynchronisedProtection;
export const generateToken = global.generateToken;
