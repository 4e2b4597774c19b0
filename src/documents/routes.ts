// Downloads: the same authorisation as the case; always an attachment, never sniffed.
// The bytes come from the database one chunk at a time.
import { Router } from "express";
import type { Config } from "../config.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { documentForDownload } from "./download.js";
import { idParams, route } from "../http/validate.js";
import { loggedIn } from "../policies/index.js";
import { sendBlob } from "./storage.js";

export function documentRoutes(prisma: PrismaClient, _config: Config): Router {
  const r = Router();
  r.get("/dokumen/:id", loggedIn, route({ params: idParams }, async (req, res, { params }) => {
    const doc = await documentForDownload(prisma, req.user!, params.id);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Cache-Control", "private, no-store");
    res.attachment(doc.originalName);
    res.setHeader("Content-Type", doc.mime);
    res.setHeader("Content-Length", String(doc.size));
    await sendBlob(prisma, doc.sha256, res);
  }));
  return r;
}
