import { Router } from "express";
import type { Database } from "../db/client.js";

/**
 * /healthz: the database and the document storage (the Blob table, which holds the
 * documents' bytes), each "ok" or "unreachable"; 200 when both answer, 503 otherwise.
 */
export function healthRoutes(db: Database): Router {
  const r = Router();
  r.get("/healthz", async (req, res) => {
    const database = await db.ping();
    const documents = database
      ? await db.prisma.blob
          .findFirst({ select: { sha256: true } })
          .then(() => true)
          .catch(() => false)
      : false;
    const ok = database && documents;
    if (!ok) res.setHeader("Retry-After", "30");
    res.status(ok ? 200 : 503).json({
      status: ok ? "ok" : "unavailable",
      database: database ? "ok" : "unreachable",
      documents: documents ? "ok" : "unreachable",
    });
  });
  return r;
}
