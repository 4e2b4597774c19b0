// Background work on files, after the requests that brought them have committed: the
// text of new documents for search, numbered copies still owed (a failed stamp, or a
// server stopped between a number and its copy), and, every hour, the sweeps of bytes
// and temporary files nothing refers to (sweeps.ts). One loop, every few seconds; each
// step claims its rows with a lease (the one policy of platform/job-runtime.ts: text extraction
// by LEASES.extract, owed copies by their guarded update), so several instances never do
// the same work twice.
import type { Config } from "../../platform/config.js";
import { stampDueCopies } from "../copies/copy-service.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Logger } from "../../platform/logger.js";
import { enqueueMissing, extractPending } from "../search/extract-job.js";
import { uploadTmpDir } from "../../platform/http/upload.js";
import { parseTmpDir } from "../../platform/untrusted/sandbox.js";
import { sweepAll } from "./sweeps.js";
import { checkPendingPdfs, expireStalePending } from "../signatures/check-pdfs.js";
import { startTicker } from "./ticker.js";

const SWEEP_EVERY_MS = 3_600_000;

export function startFileJobs(prisma: PrismaClient, config: Config, log: Logger, everyMs = 10_000): () => void {
  let checked = false;
  let lastSweep = 0;
  return startTicker(
    "file-jobs",
    everyMs,
    async () => {
      if (!checked) {
        const queued = await enqueueMissing(prisma);
        if (queued) log.info({ queued }, "documents queued for text extraction");
        checked = true;
      }
      // Drain in batches while there is work, yielding between them.
      while ((await extractPending(prisma, 5)) > 0) await new Promise((r) => setImmediate(r));
      // Signatures in new PDFs (or all of them after the trust anchors changed), a batch per tick.
      const pdfs = await checkPendingPdfs(prisma, 20);
      if (pdfs) log.debug({ pdfs }, "PDF signatures checked");
      const lost = await expireStalePending(prisma, config.signTimeoutSeconds * 1000);
      if (lost) log.warn({ lost }, "signature requests left pending by a stopped server are now unknown");
      const copies = await stampDueCopies(prisma, config.appUrl);
      if (copies) log.info({ copies }, "owed numbered copies tried");
      if (Date.now() - lastSweep > SWEEP_EVERY_MS) {
        lastSweep = Date.now();
        const swept = await sweepAll(prisma, { uploads: uploadTmpDir(config.dataDir), parse: parseTmpDir(config.dataDir), backups: config.backupDir });
        if (swept.blobs || swept.files) log.info(swept, "unreferenced bytes and stale temporary files removed");
      }
    },
    (err) => log.error({ err }, "file jobs failed"),
  );
}
