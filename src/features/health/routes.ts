import { Router } from "express";
import type { Database } from "../../platform/db/client.js";
import type { StorageMonitor } from "../../platform/files/disk-space.js";

const MB = 1024 * 1024;

/**
 * /healthz: the database, the document storage (the Blob table, which holds the
 * documents' bytes) and the free space in DATA_DIR. 200 when the database and the
 * documents answer ("degraded" while the storage is below its reserve: reading goes
 * on, writing is refused); 503 with Retry-After when either does not answer.
 */
export function healthRoutes(db: Database, storage?: StorageMonitor): Router {
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
    const s = storage?.state;
    if (!ok) res.setHeader("Retry-After", "30");
    res.status(ok ? 200 : 503).json({
      status: ok ? (s?.low ? "degraded" : "ok") : "unavailable",
      database: database ? "ok" : "unreachable",
      documents: documents ? "ok" : "unreachable",
      ...(s
        ? {
            storage: s.low ? "low" : "ok",
            storageFreeMb: s.freeBytes === null ? null : Math.floor(s.freeBytes / MB),
            storageReserveMb: Math.floor(s.reserveBytes / MB),
          }
        : {}),
    });
  });
  return r;
}
