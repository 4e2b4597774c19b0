// multer with limits; its errors become clear Indonesian messages. Files stream to
// a temporary folder (never held in memory) and are removed when the response ends.
// Only routes declared with `upload()` accept multipart bodies: the global CSRF
// guard refuses multipart everywhere else, and `upload()` checks the token as
// soon as multer has parsed the body.
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import multer from "multer";
import { checkUpload, type StoredFile } from "../files/blob-store.js";
import { AppError } from "../errors.js";
import { requireCsrfAfterUpload } from "./csrf.js";
import { declareUploadRoute } from "./upload-routes.js";
import { storageFull } from "../files/disk-space.js";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Stores a checked upload's bytes ahead of its document's transaction (app.ts; documents/storage.ts storeBytes). */
      storeBytes?: (file: StoredFile) => Promise<void>;
      /** Throws 507 when the server's storage has no room for `incoming` bytes (app.ts; health/storage.ts). */
      storageRoom?: (incoming: number) => Promise<void>;
      /** The user's daily upload budget (app.ts; documents/upload-budget.ts): `check` throws 429 past it, `record` counts what is stored. */
      uploadBudget?: { check(userId: number, incoming: number): Promise<void>; record(userId: number, bytes: number): Promise<void> };
    }
  }
}

/**
 * Decides, before the body is read, whether this request may send files here at all:
 * the resource exists and the user may act on it. Throws the AppError to answer.
 */
export type UploadGuard = (req: Request) => Promise<void> | void;

/**
 * One uploaded file, checked (its type by content, its hash) and its bytes stored
 * before the route's transaction writes the document: a large scan never passes
 * through Prisma. Refused files store nothing.
 */
export async function checkUploadedFile(req: Request, f: Express.Multer.File): Promise<StoredFile> {
  const file = await checkUpload({ path: f.path }, f.originalname);
  // What is stored counts against the user's daily budget (checked before the body was read).
  if (req.user) await req.uploadBudget?.record(req.user.id, file.size);
  await req.storeBytes?.(file);
  return file;
}

/** Control characters, and the bidirectional and zero-width ones that change how a name reads. */
export const INVISIBLE = /[\p{Cc}\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;

/** Where uploads wait while their request runs (multer creates it; emptied at start, see server.ts). */
export const uploadTmpDir = (dataDir: string) => path.join(dataDir, "tmp", "uploads");

/**
 * Removes what a killed process left in the upload folder (files older than an hour:
 * another instance sharing the folder may be receiving one right now).
 */
export async function removeStaleUploads(dataDir: string, olderThanMs = 3_600_000): Promise<number> {
  const dir = uploadTmpDir(dataDir);
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    const s = await stat(file).catch(() => null);
    if (s && Date.now() - s.mtimeMs > olderThanMs) {
      await rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}

/** The routes declared with upload(), by their path pattern (each app built registers the same ones). */

function parse(maxBytes: number, dir: string): RequestHandler {
  const m = multer({
    dest: dir,
    // Browsers send file names in UTF-8 without saying so ("Surat – Undangan.pdf", "京都市.pdf").
    defParamCharset: "utf8",
    limits: { fileSize: maxBytes, files: 10, fields: 60, fieldSize: 64 * 1024, parts: 80 },
  }).any();
  const mb = (maxBytes / 1024 / 1024).toLocaleString("id-ID", { maximumFractionDigits: 1 });
  return (req: Request, res: Response, next: NextFunction) => {
    // Whatever happens next (stored, refused, the client gone), the temporary files go.
    res.once("close", () => {
      for (const f of filesOf(req)) void rm(f.path, { force: true }).catch(() => undefined);
    });
    m(req, res, (err?: unknown) => {
      if (!err) {
        // A file name is only ever shown, never used as a path: drop control characters (NUL
        // included) and the invisible ones that make a name read otherwise ("\u202Egnp.exe").
        for (const f of filesOf(req)) f.originalname = f.originalname.replace(INVISIBLE, "").slice(0, 255);
        next();
        return;
      }
      // The server's disk, not the user's file: said so, and logged.
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOSPC" || code === "EDQUOT") {
        req.log.error({ err }, "upload storage full");
        next(storageFull(null, true));
        return;
      }
      if (err instanceof multer.MulterError) {
        if (err.code === "LIMIT_FILE_SIZE") {
          next(new AppError(413, `Berkas terlalu besar. Ukuran maksimal ${mb} MB.`, "TOO_LARGE"));
          return;
        }
        if (err.code === "LIMIT_FILE_COUNT") {
          next(new AppError(413, "Terlalu banyak berkas dalam satu kiriman (maksimal 10).", "TOO_MANY"));
          return;
        }
        next(new AppError(400, "Unggahan tidak dapat diproses. Periksa berkas dan coba lagi.", "BAD_UPLOAD"));
        return;
      }
      // busboy's own errors: a truncated or malformed body ("Unexpected end of form", bad boundary).
      next(new AppError(400, "Unggahan terputus atau rusak. Pilih berkasnya lagi, lalu kirim ulang.", "BAD_UPLOAD"));
    });
  };
}

/**
 * Before a byte of the body is read: the route's guard (may this user send files to
 * this resource?) and the user's daily budget. A refused request is answered at once
 * and its connection closed: nothing of it is written to disk or to the database.
 */
function authorizeFirst(guard?: UploadGuard): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (guard) await guard(req);
      const declared = Number(req.headers["content-length"] ?? 0);
      const incoming = Number.isFinite(declared) ? declared : 0;
      if (req.user) await req.uploadBudget?.check(req.user.id, incoming);
      await req.storageRoom?.(incoming);
      next();
    } catch (e) {
      refuseUnread(req, res, next, e);
    }
  };
}

/** A refused body is discarded up to this size before the answer (so that browsers show it); past it, the connection is closed. */
const DISCARD_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Answers `err` to a request whose body was not read, without keeping any of it: the
 * body is discarded as it arrives (nothing reaches the disk or the database), and the
 * answer goes when it has ended, so that the browser reads the page rather than a
 * broken connection. A body larger than DISCARD_MAX_BYTES is cut off instead.
 */
export function refuseUnread(req: Request, res: Response, next: NextFunction, err: unknown): void {
  if (req.complete || req.readableEnded) {
    next(err);
    return;
  }
  let seen = 0;
  let answered = false;
  const answer = () => {
    if (answered) return;
    answered = true;
    req.off("data", onData);
    next(err);
  };
  const onData = (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > DISCARD_MAX_BYTES) {
      res.setHeader("Connection", "close");
      answer();
    }
  };
  req.on("data", onData);
  req.once("end", answer);
  req.once("error", answer);
  req.once("close", answer);
}

/**
 * The middleware of a route that accepts files: the guard and the budget before the
 * body is read, then parse the multipart body and check the CSRF token it carries.
 * `path` must be the route's own path.
 */
export function upload(path: string, config: { uploadMaxBytes: number; dataDir: string }, guard?: UploadGuard): RequestHandler[] {
  declareUploadRoute(path);
  return [authorizeFirst(guard), parse(config.uploadMaxBytes, uploadTmpDir(config.dataDir)), requireCsrfAfterUpload];
}

export const filesOf = (req: Request): Express.Multer.File[] => (Array.isArray(req.files) ? req.files : []);
