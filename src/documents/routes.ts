// Downloads: the same authorisation as the case; always an attachment, never sniffed.
// The bytes come from the database one chunk at a time.
import { Router } from "express";
import type { Config } from "../config.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { loadCaseFor } from "../cases/case-service.js";
import { notFound } from "../http/errors.js";
import { idParams, route } from "../http/validate.js";
import { loggedIn } from "../policies/index.js";
import { hasBlob, sendBlob } from "./storage.js";

export function documentRoutes(prisma: PrismaClient, _config: Config): Router {
  const r = Router();
  r.get("/dokumen/:id", loggedIn, route({ params: idParams }, async (req, res, { params }) => {
    const doc = await prisma.document.findUnique({ where: { id: params.id } });
    if (!doc) throw notFound("Dokumen tidak ditemukan.");
    await loadCaseFor(prisma, req.user!, doc.caseId); // 404 when the user may not see the case
    if (!(await hasBlob(prisma, doc.sha256))) throw notFound("Isi dokumen ini belum tersedia di penyimpanan. Hubungi administrator.");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Cache-Control", "private, no-store");
    res.attachment(doc.originalName);
    res.setHeader("Content-Type", doc.mime);
    res.setHeader("Content-Length", String(doc.size));
    await sendBlob(prisma, doc.sha256, res);
  }));
  return r;
}
