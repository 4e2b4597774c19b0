// Text extraction runs after the upload has committed, never in the request: the
// document's transaction only writes a PENDING row (documents/document-rows.ts), and
// this job claims PENDING rows, a few at a time, and stores their text. A row left
// WORKING by a process that died is claimed again after STALE_MS.
import type { PrismaClient } from "../generated/prisma/client.js";
import { readBlob } from "../documents/storage.js";
import type { Logger } from "../logger.js";
import { extractText } from "./text-extract.js";
import { startTicker } from "../jobs/ticker.js";
import { EXTRACTABLE } from "./extractable.js";

const STALE_MS = 10 * 60_000;
/**
 * Larger files are not read (status SKIPPED): a PDF reader holds the whole file and its
 * pages in memory, and a 50 MB scan would grow the process by hundreds of MB for text it
 * rarely has. The default upload limit (UPLOAD_MAX_MB) is 20 MB, so every upload is read then.
 */
export const EXTRACT_MAX_BYTES = 20 * 1024 * 1024;

/** Extracts up to `limit` pending texts; returns how many were done. */
export async function extractPending(prisma: PrismaClient, limit = 5, now = new Date()): Promise<number> {
  let done = 0;
  for (let i = 0; i < limit; i++) {
    // Claim one row: the conditional update is the lock (a second worker finds it taken).
    const candidate = await prisma.blobText.findFirst({
      where: { OR: [{ status: "PENDING" }, { status: "WORKING", claimedAt: { lt: new Date(now.getTime() - STALE_MS) } }] },
      orderBy: { createdAt: "asc" },
      select: { sha256: true, status: true, claimedAt: true },
    });
    if (!candidate) break;
    const claimed = await prisma.blobText.updateMany({
      where: { sha256: candidate.sha256, status: candidate.status, claimedAt: candidate.claimedAt },
      data: { status: "WORKING", claimedAt: new Date() },
    });
    if (claimed.count !== 1) continue;
    const doc = await prisma.document.findFirst({ where: { sha256: candidate.sha256 }, select: { mime: true, size: true } });
    try {
      if (!doc) throw new Error("no document has this content");
      if (doc.size > EXTRACT_MAX_BYTES) {
        await prisma.blobText.update({ where: { sha256: candidate.sha256 }, data: { status: "SKIPPED", error: `lebih dari ${EXTRACT_MAX_BYTES / 1024 / 1024} MB`, doneAt: new Date() } });
        done++;
        continue;
      }
      const r = await extractText(await readBlob(prisma, candidate.sha256), doc.mime);
      await prisma.blobText.update({ where: { sha256: candidate.sha256 }, data: { status: r.status, text: r.text, error: null, doneAt: new Date() } });
    } catch (e) {
      await prisma.blobText.update({ where: { sha256: candidate.sha256 }, data: { status: "FAILED", error: String((e as Error).message ?? e).slice(0, 500), doneAt: new Date() } });
    }
    done++;
  }
  return done;
}

/**
 * Queues the documents whose content has no text row yet (a database restored from a
 * backup made before search, or rows written outside insertDocuments). Idempotent.
 */
export async function enqueueMissing(prisma: PrismaClient): Promise<number> {
  return prisma.$executeRawUnsafe(
    `INSERT INTO "BlobText" ("sha256", "status") SELECT DISTINCT d."sha256", 'PENDING' FROM "Document" d
      WHERE d."mime" = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM "BlobText" bt WHERE bt."sha256" = d."sha256")
     ON CONFLICT DO NOTHING`,
    EXTRACTABLE,
  );
}

/** Polls for pending texts every `everyMs` (and at once, after queueing what is missing); returns the stop function. */
export function startTextExtraction(prisma: PrismaClient, log: Logger, everyMs = 10_000): () => void {
  let checked = false;
  return startTicker(
    everyMs,
    async () => {
      if (!checked) {
        const queued = await enqueueMissing(prisma);
        if (queued) log.info({ queued }, "documents queued for text extraction");
        checked = true;
      }
      // Drain in batches while there is work, yielding between them.
      while ((await extractPending(prisma, 5)) > 0) await new Promise((r) => setImmediate(r));
    },
    (err) => log.error({ err }, "text extraction failed"),
  );
}
