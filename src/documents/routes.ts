// Downloads: the same authorisation as the case; always an attachment, never sniffed.
import { Router } from "express";
import type { Config } from "../config.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { idParams, route } from "../http/validate.js";
import { loggedIn } from "../policies/index.js";
import { loadCaseFor } from "../cases/case-service.js";
import { notFound } from "../http/errors.js";
import { storedPath } from "./storage.js";

export function documentRoutes(prisma: PrismaClient, config: Config): Router {
  const r = Router();
  r.get("/dokumen/:id", loggedIn, route({ params: idParams }, async (req, res, { params }) => {
    const doc = await prisma.document.findUnique({ where: { id: params.id } });
    if (!doc) throw notFound("Dokumen tidak ditemukan.");
    await loadCaseFor(prisma, req.user!, doc.caseId); // 404 when the user may not see the case
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Cache-Control", "private, no-store");
    res.attachment(doc.originalName);
    res.type(doc.mime);
    await new Promise<void>((resolve, reject) =>
      res.sendFile(storedPath(config.dataDir, doc.storedName), { headers: { "Content-Type": doc.mime } }, (err) =>
        err ? reject(notFound("Berkas dokumen tidak ditemukan di penyimpanan.")) : resolve(),
      ),
    );
  }));
  return r;
}
