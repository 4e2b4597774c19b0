// Downloads: the same authorisation as the case; always an attachment, never sniffed.
// The bytes come from the database one chunk at a time. And a Word document's PDF
// version, made by LibreOffice (make-pdf.ts), with the outcome flashed on the case page.
import { Router } from "express";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { documentForDownload } from "./download.js";
import { idParams, route } from "../../platform/http/validate.js";
import { loggedIn } from "../../core/policies/index.js";
import { userOf } from "../../platform/http/current-user.js";
import { sendBlob } from "../../platform/files/blob-store.js";
import { AppError } from "../../platform/errors.js";
import { flash } from "../../platform/http/flash.js";
import { caseOfDocument, makePdfVersion } from "./make-pdf.js";

export function documentRoutes(prisma: PrismaClient): Router {
  const r = Router();
  r.get(
    "/dokumen/:id",
    loggedIn,
    route({ params: idParams }, async (req, res, { params }) => {
      const doc = await documentForDownload(prisma, userOf(req), params.id);
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.setHeader("Cache-Control", "private, no-store");
      res.attachment(doc.originalName);
      res.setHeader("Content-Type", doc.mime);
      res.setHeader("Content-Length", String(doc.size));
      await sendBlob(prisma, doc.sha256, res);
    }),
  );
  r.post(
    "/dokumen/:id/pdf",
    loggedIn,
    route({ params: idParams }, async (req, res, { params }) => {
      const user = userOf(req);
      try {
        const done = await makePdfVersion(prisma, user, params.id);
        const what = `${done.pdf.originalName} (versi ${done.pdf.version})`;
        flash(req, "success", done.existing ? `Versi PDF sudah ada: ${what}.` : `Versi PDF dibuat: ${what}.`);
        res.redirect(`/kasus/${done.caseId}#dokumen`);
      } catch (e) {
        // Refused or not converted on a case the user may read: back to it with the reason.
        // A document the user may not see (404) or may not change (403) answers as any other page.
        if (!(e instanceof AppError) || e.status === 404 || e.status === 403) throw e;
        const caseId = await caseOfDocument(prisma, params.id);
        if (caseId === null) throw e;
        flash(req, "error", e.userMessage);
        res.redirect(`/kasus/${caseId}#dokumen`);
      }
    }),
  );
  return r;
}
