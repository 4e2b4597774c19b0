// Work waiting in the background queues, read when /metrics is scraped: one statement
// of COUNTs, bounded in time. When the database does not answer in time (down, or
// PGlite busy with a long transaction) the gauges keep their last values and
// kd_queue_depth_up says 0: the scrape still answers, quickly.
import { Gauge, type Registry } from "prom-client";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { PREFIX } from "../../platform/metrics/registry.js";

/** A scrape waits this long for the counts at most. */
export const QUEUE_READ_TIMEOUT_MS = 1_000;

export type QueueDepths = { outbox: number; textExtraction: number; textExtractionFailed: number; numberedCopies: number };

/** The queues' lengths, in one statement. */
export async function readQueueDepths(prisma: PrismaClient): Promise<QueueDepths> {
  const [row] = await prisma.$queryRaw<{ outbox: number; extract: number; failed: number; copies: number }[]>`
    SELECT
      -- The e-mail outbox (notifications/mailer.ts): not yet e-mailed to an active user with an address.
      (SELECT count(*)::int FROM "Notification" n JOIN "User" u ON u."id" = n."userId"
        WHERE n."emailedAt" IS NULL AND u."email" IS NOT NULL AND u."active") AS "outbox",
      -- Document text for search (search/extract-job.ts): waiting or being read.
      (SELECT count(*)::int FROM "BlobText" WHERE "status" IN ('PENDING', 'WORKING')) AS "extract",
      (SELECT count(*)::int FROM "BlobText" WHERE "status" = 'FAILED') AS "failed",
      -- Numbered copies owed (copies/copy-service.ts stampDueCopies).
      (SELECT count(*)::int FROM "RegisterNumber" WHERE "copyDue" AND "copyId" IS NULL AND "voidedAt" IS NULL) AS "copies"`;
  return { outbox: row?.outbox ?? 0, textExtraction: row?.extract ?? 0, textExtractionFailed: row?.failed ?? 0, numberedCopies: row?.copies ?? 0 };
}

/** Registers the queue gauges on `registry`; they read the database at each scrape. */
export function registerQueueDepths(registry: Registry, prisma: PrismaClient, timeoutMs = QUEUE_READ_TIMEOUT_MS): void {
  // Both gauges are collected at once (prom-client collects in parallel): they share one read.
  let reading: Promise<QueueDepths | null> | null = null;
  const read = () =>
    (reading ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), timeoutMs);
        timer.unref();
      });
      try {
        return await Promise.race([readQueueDepths(prisma).catch(() => null), late]);
      } finally {
        clearTimeout(timer);
        reading = null;
      }
    })());
  new Gauge({
    name: `${PREFIX}queue_depth`,
    help: "Items waiting in each background queue: outbox (e-mails not yet sent), text_extraction (documents whose text is not yet read), text_extraction_failed (unreadable, not retried), numbered_copies (copies owed)",
    labelNames: ["queue"] as const,
    registers: [registry],
    async collect() {
      const d = await read();
      if (!d) return;
      this.set({ queue: "outbox" }, d.outbox);
      this.set({ queue: "text_extraction" }, d.textExtraction);
      this.set({ queue: "text_extraction_failed" }, d.textExtractionFailed);
      this.set({ queue: "numbered_copies" }, d.numberedCopies);
    },
  });
  new Gauge({
    name: `${PREFIX}queue_depth_up`,
    help: "Whether the queue depths were read at this scrape (1) or the database did not answer in time and they are stale (0)",
    registers: [registry],
    async collect() {
      this.set((await read()) ? 1 : 0);
    },
  });
}
