// Text extraction runs after the upload has committed, never in the request: the
// document's transaction only writes a PENDING row (documents/document-rows.ts), and
// this job claims PENDING rows, one at a time (a lease: claimedAt, LEASES.extract in
// platform/job-runtime.ts), and stores their text. The file is read
// in a parsing process within its budget, memory and time (untrusted/sandbox.ts): a
// hostile file costs that process, not the server.
//
// A file is tried at most MAX_ATTEMPTS times. A claim counts before the work, so a
// process that dies while reading (or a server killed meanwhile) counts it too: no file
// is read in a loop across restarts. Between tries it waits (RETRY_AFTER_MS); a file
// over its budget, or one the reader refuses, is marked FAILED at once with the reason.
import { rm } from "node:fs/promises";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { readBlobToFile } from "../../platform/files/blob-store.js";
import { UntrustedFileError } from "../../platform/untrusted/errors.js";
import { outputPath, runUntrusted } from "../../platform/untrusted/sandbox.js";
import { extractTextTask } from "./parse-tasks.js";
import { EXTRACTABLE } from "../../core/documents/extractable.js";
import { LEASES } from "../../platform/job-runtime.js";
import { must } from "../../platform/must.js";

/** A row left WORKING this long by a process that died is claimed again: its claim is a lease (platform/job-runtime.ts). */
const STALE_MS = LEASES.extract;
export const MAX_ATTEMPTS = 3;
/** The pause before the second and the third try. */
export const RETRY_AFTER_MS = [60_000, 10 * 60_000];
/**
 * Larger files are not read (status SKIPPED): a PDF reader holds the whole file and its
 * pages in memory. The default upload limit (UPLOAD_MAX_MB) is 20 MB, so every upload is read then.
 */
export const EXTRACT_MAX_BYTES = 20 * 1024 * 1024;

type Claimed = { sha256: string; attempts: number };

/** Claims the next row due, counting the attempt; null when there is none. */
async function claim(prisma: PrismaClient, now: Date): Promise<Claimed | null> {
  for (let i = 0; i < 5; i++) {
    const candidate = await prisma.blobText.findFirst({
      where: {
        OR: [
          { status: "PENDING", OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] },
          { status: "WORKING", claimedAt: { lt: new Date(now.getTime() - STALE_MS) } },
        ],
      },
      orderBy: { createdAt: "asc" },
      select: { sha256: true, status: true, claimedAt: true, attempts: true },
    });
    if (!candidate) return null;
    // The conditional update is the lock: a second worker finds it taken and looks again.
    const claimed = await prisma.blobText.updateMany({
      where: { sha256: candidate.sha256, status: candidate.status, claimedAt: candidate.claimedAt, attempts: candidate.attempts },
      data: { status: "WORKING", claimedAt: new Date(), attempts: { increment: 1 } },
    });
    if (claimed.count === 1) return { sha256: candidate.sha256, attempts: candidate.attempts + 1 };
  }
  return null;
}

const finish = (prisma: PrismaClient, sha256: string, data: { status: string; text?: string | null; error?: string | null }) =>
  prisma.blobText.update({ where: { sha256 }, data: { text: null, error: null, ...data, doneAt: new Date(), nextAttemptAt: null } });

/** Reads one claimed file and stores the outcome. */
async function extractOne(prisma: PrismaClient, c: Claimed, now: Date): Promise<void> {
  const doc = await prisma.document.findFirst({ where: { sha256: c.sha256 }, select: { mime: true, size: true } });
  if (!doc) {
    await finish(prisma, c.sha256, { status: "FAILED", error: "tidak ada dokumen dengan isi ini" });
    return;
  }
  if (doc.size > EXTRACT_MAX_BYTES) {
    await finish(prisma, c.sha256, { status: "SKIPPED", error: `lebih dari ${EXTRACT_MAX_BYTES / 1024 / 1024} MB` });
    return;
  }
  // A try that did not finish before (the process died): the file may be the reason.
  const tooMany = c.attempts > MAX_ATTEMPTS;
  if (tooMany) {
    await finish(prisma, c.sha256, { status: "FAILED", error: `tidak selesai dibaca dalam ${MAX_ATTEMPTS} kali percobaan` });
    return;
  }
  const file = outputPath("in");
  try {
    await readBlobToFile(prisma, c.sha256, file);
    const r = await runUntrusted(extractTextTask, { path: file, mime: doc.mime });
    await finish(prisma, c.sha256, { status: r.status, text: r.text });
  } catch (e) {
    if (!(e instanceof UntrustedFileError)) throw e;
    const retry = e.reason !== "budget" && e.reason !== "unreadable" && c.attempts < MAX_ATTEMPTS;
    if (retry) {
      // A claim counts its attempt first, so attempts is at least 1 here.
      const wait = must(RETRY_AFTER_MS[Math.min(c.attempts - 1, RETRY_AFTER_MS.length - 1)], "the delay before the next attempt");
      await prisma.blobText.update({
        where: { sha256: c.sha256 },
        data: { status: "PENDING", error: e.message.slice(0, 500), nextAttemptAt: new Date(now.getTime() + wait) },
      });
    } else {
      await finish(prisma, c.sha256, { status: "FAILED", error: e.message.slice(0, 500) });
    }
  } finally {
    await rm(file, { force: true });
  }
}

/** Extracts up to `limit` pending texts; returns how many were claimed. */
export async function extractPending(prisma: PrismaClient, limit = 5, now = new Date()): Promise<number> {
  let done = 0;
  for (; done < limit; done++) {
    const c = await claim(prisma, now);
    if (!c) break;
    await extractOne(prisma, c, now);
  }
  return done;
}

/**
 * Queues the documents whose content has no text row yet (a database restored from a
 * backup made before search, or rows written outside insertDocuments). Idempotent.
 */
export async function enqueueMissing(prisma: PrismaClient): Promise<number> {
  return prisma.$executeRaw`
    INSERT INTO "BlobText" ("sha256", "status") SELECT DISTINCT d."sha256", 'PENDING' FROM "Document" d
     WHERE d."mime" = ANY(${EXTRACTABLE}::text[]) AND NOT EXISTS (SELECT 1 FROM "BlobText" bt WHERE bt."sha256" = d."sha256")
    ON CONFLICT DO NOTHING`;
}
