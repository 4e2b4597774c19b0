// multer in memory with limits; its errors become clear Indonesian messages.
import type { NextFunction, Request, RequestHandler, Response } from "express";
import multer from "multer";
import { AppError } from "./errors.js";
import { stripNul } from "./forms.js";

export function uploadAny(maxBytes: number): RequestHandler {
  const m = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxBytes, files: 10, fields: 60, fieldSize: 64 * 1024 },
  }).any();
  const mb = (maxBytes / 1024 / 1024).toLocaleString("id-ID", { maximumFractionDigits: 1 });
  return (req: Request, res: Response, next: NextFunction) => {
    m(req, res, (err?: unknown) => {
      if (!err) {
        stripNul(req.body);
        return next();
      }
      if (err instanceof multer.MulterError) {
        if (err.code === "LIMIT_FILE_SIZE") return next(new AppError(413, `Berkas terlalu besar. Ukuran maksimal ${mb} MB.`, "TOO_LARGE"));
        if (err.code === "LIMIT_FILE_COUNT") return next(new AppError(413, "Terlalu banyak berkas dalam satu kiriman (maksimal 10).", "TOO_MANY"));
        return next(new AppError(400, "Unggahan tidak dapat diproses. Periksa berkas dan coba lagi.", "BAD_UPLOAD"));
      }
      next(err);
    });
  };
}

export const filesOf = (req: Request): Express.Multer.File[] => (Array.isArray(req.files) ? req.files : []);
