// What nothing refers to any more is removed, a grace period after it was last used:
//   - document bytes (Blob) that no document, decree, minutes, template or report
//     refers to: an upload refused after its bytes were stored, or a process killed
//     between the bytes and the row. A writer that is about to refer to such bytes
//     either stored or sent them again within the grace period (storeBytes sets
//     lastUsedAt), or finds them gone and fails on the foreign key: a row never refers
//     to removed bytes;
//   - temporary files of requests and parsing jobs a killed process left behind, and
//     backups it did not finish (*.tmp);
//   - the keys of forms sent more than a week ago (http/idempotency.ts).
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { forgetOldFormKeys } from "../../platform/http/idempotency.js";
import { forgetOldCalls } from "../api/call-log.js";

/** Bytes no row refers to are kept this long after their last use. */
export const BLOB_GRACE_MS = 24 * 3_600_000;
/** Temporary files older than this belong to no running request (the longest upload or parse takes minutes). */
export const TEMP_GRACE_MS = 3_600_000;

const FK_VIOLATION = "23503";
const isFkViolation = (e: unknown): boolean => {
  const err = e as { code?: string; meta?: { code?: string }; cause?: unknown; message?: string } | null;
  if (!err) return false;
  return err.code === FK_VIOLATION || err.meta?.code === FK_VIOLATION || /foreign key/i.test(err.message ?? "") || isFkViolation(err.cause);
};

/**
 * Removes up to `limit` Blobs that nothing refers to and that were last used before
 * the grace period; returns how many were removed and their bytes.
 */
export async function sweepOrphanBlobs(prisma: PrismaClient, graceMs = BLOB_GRACE_MS, limit = 200): Promise<{ removed: number; bytes: number }> {
  const secs = Math.floor(graceMs / 1000);
  const candidates = await prisma.$queryRaw<{ sha256: string; size: number }[]>`
    SELECT b."sha256", b."size" FROM "Blob" b
     WHERE b."lastUsedAt" < (now() AT TIME ZONE 'UTC') - make_interval(secs => ${secs})
       AND NOT EXISTS (SELECT 1 FROM "Document" d WHERE d."sha256" = b."sha256")
       AND NOT EXISTS (SELECT 1 FROM "Delegation" g WHERE g."decreeSha256" = b."sha256")
       AND NOT EXISTS (SELECT 1 FROM "TkksdMeeting" m WHERE m."minutesSha256" = b."sha256")
       AND NOT EXISTS (SELECT 1 FROM "LetterTemplate" l WHERE l."sha256" = b."sha256")
       AND NOT EXISTS (SELECT 1 FROM "ReportSubmission" r WHERE r."xlsxSha256" = b."sha256" OR r."pdfSha256" = b."sha256")
     ORDER BY b."lastUsedAt" LIMIT ${limit}`;
  let removed = 0;
  let bytes = 0;
  for (const c of candidates) {
    try {
      // Checked again as it is deleted: used since (lastUsedAt), or referred to since (the foreign keys refuse).
      const n = await prisma.$executeRaw`
        DELETE FROM "Blob" WHERE "sha256" = ${c.sha256} AND "lastUsedAt" < (now() AT TIME ZONE 'UTC') - make_interval(secs => ${secs})`;
      if (n) {
        await prisma.blobText.deleteMany({ where: { sha256: c.sha256 } });
        removed++;
        bytes += c.size;
      }
    } catch (e) {
      if (!isFkViolation(e)) throw e;
    }
  }
  return { removed, bytes };
}

/** Removes files older than `graceMs` in `dir` whose names match `pattern`; returns how many. */
export async function sweepFolder(dir: string, graceMs = TEMP_GRACE_MS, pattern: RegExp = /./, now = Date.now()): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    if (!pattern.test(name)) continue;
    const file = path.join(dir, name);
    const s = await stat(file).catch(() => null);
    if (s?.isFile() && now - s.mtimeMs > graceMs) {
      await rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}

export type SweepFolders = { uploads: string; parse: string; backups: string };

/** One round of every sweep; returns what was removed. */
export async function sweepAll(prisma: PrismaClient, folders: SweepFolders, graceMs = { blobs: BLOB_GRACE_MS, files: TEMP_GRACE_MS }) {
  const blobs = await sweepOrphanBlobs(prisma, graceMs.blobs);
  await forgetOldFormKeys(prisma);
  await forgetOldCalls(prisma);
  const files =
    (await sweepFolder(folders.uploads, graceMs.files)) +
    (await sweepFolder(folders.parse, graceMs.files)) +
    // A backup is written to <name>.tmp and renamed when complete: a .tmp left for a day was killed.
    (await sweepFolder(folders.backups, Math.max(graceMs.files, 24 * 3_600_000), /\.tmp$/));
  return { blobs: blobs.removed, blobBytes: blobs.bytes, files };
}
