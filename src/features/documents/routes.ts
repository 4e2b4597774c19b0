// Downloads: the same authorisation as the case; always an attachment, never sniffed.
// The bytes come from the database one chunk at a time.
import { Router } from "express";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { documentForDownload } from "./download.js";
import { idParams, route } from "../../platform/http/validate.js";
import { loggedIn } from "../../core/policies/index.js";
import { userOf } from "../../platform/http/current-user.js";
import { sendBlob } from "../../platform/files/blob-store.js";

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
  return r;
}
