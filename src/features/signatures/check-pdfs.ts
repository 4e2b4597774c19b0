// Every PDF the app holds is checked for signatures, after the request that brought it
// has committed: this job finds PDFs without a current check (none yet, or one made
// before the trust anchors changed), claims each with a lease, reads it in a parsing
// process and keeps the result by the file's hash. It also turns signature requests
// left PENDING by a process that died into UNKNOWN, for a person to settle.
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { PdfVerification } from "../../platform/pdf-signing/index.js";
import { readBlobToFile } from "../../platform/files/blob-store.js";
import { UntrustedFileError } from "../../platform/untrusted/errors.js";
import { outputPath, runUntrusted, withSourceFile } from "../../platform/untrusted/sandbox.js";
import { rm } from "node:fs/promises";
import { verifyPdfTask } from "./parse-tasks.js";
import { trustAnchors, type Anchors } from "./trust-anchors.js";

/** A claim on one file's check: several times the parsing task's own limit. */
const LEASE_MS = 5 * 60_000;

/** Checks bytes in a parsing process (throws UntrustedFileError for a file that is not a readable PDF). */
export function verifyBytes(pdf: Buffer | { path: string }, anchors: Anchors, limits: { timeMs?: number } = {}): Promise<PdfVerification> {
  return withSourceFile(pdf, "pdf", (path) => runUntrusted(verifyPdfTask, { path, anchors: anchors.pems }, limits));
}

type Candidate = { sha256: string };

/** Checks up to `limit` PDFs due; returns how many were checked. */
export async function checkPendingPdfs(prisma: PrismaClient, limit = 10, now = new Date()): Promise<number> {
  const anchors = await trustAnchors(prisma);
  const due = await prisma.$queryRaw<Candidate[]>`
    SELECT DISTINCT d."sha256" FROM "Document" d
    LEFT JOIN "PdfSignatureCheck" c ON c."sha256" = d."sha256"
    WHERE d."mime" = 'application/pdf'
      AND (c."sha256" IS NULL
        OR (c."conclusion" IS NOT NULL AND c."anchors" <> ${anchors.hash})
        OR (c."conclusion" IS NULL AND c."leaseUntil" < ${now}))
    LIMIT ${limit}`;
  let checked = 0;
  for (const { sha256 } of due) {
    if (!(await claim(prisma, sha256, anchors.hash, now))) continue;
    const file = outputPath("pdf");
    try {
      await readBlobToFile(prisma, sha256, file);
      const v = await verifyBytes({ path: file }, anchors);
      await prisma.pdfSignatureCheck.update({
        where: { sha256 },
        data: { conclusion: v.conclusion, signatures: v.signatures, anchors: anchors.hash, checkedAt: new Date(), leaseUntil: null, error: null },
      });
    } catch (e) {
      if (!(e instanceof UntrustedFileError)) throw e;
      // Busy: let the lease pass and try later. Anything else is the file's verdict (the sandbox already tried twice).
      if (e.reason === "busy") continue;
      await prisma.pdfSignatureCheck.update({
        where: { sha256 },
        data: {
          conclusion: "UNREADABLE",
          signatures: [],
          anchors: anchors.hash,
          checkedAt: new Date(),
          leaseUntil: null,
          error: `${e.reason}: ${e.message}`.slice(0, 500),
        },
      });
    } finally {
      await rm(file, { force: true });
    }
    checked++;
  }
  return checked;
}

/** The conditional write is the lock: a second checker finds the lease taken. */
async function claim(prisma: PrismaClient, sha256: string, anchors: string, now: Date): Promise<boolean> {
  const until = new Date(now.getTime() + LEASE_MS);
  const n = await prisma.$executeRaw`
    INSERT INTO "PdfSignatureCheck" ("sha256", "anchors", "leaseUntil") VALUES (${sha256}, ${anchors}, ${until})
    ON CONFLICT ("sha256") DO UPDATE SET "leaseUntil" = ${until}, "conclusion" = NULL
    WHERE ("PdfSignatureCheck"."conclusion" IS NOT NULL AND "PdfSignatureCheck"."anchors" <> ${anchors})
       OR ("PdfSignatureCheck"."conclusion" IS NULL AND "PdfSignatureCheck"."leaseUntil" < ${now})`;
  return n === 1;
}

/**
 * A request still PENDING well past the longest a sign call may take: its process died
 * between the call and its answer. Unknown, never resent: a person settles it.
 */
export async function expireStalePending(prisma: PrismaClient, signTimeoutMs: number, now = new Date()): Promise<number> {
  const r = await prisma.signatureRequest.updateMany({
    where: { status: "PENDING", startedAt: { lt: new Date(now.getTime() - signTimeoutMs - 5 * 60_000) } },
    data: { status: "UNKNOWN", error: "no answer recorded: the server stopped during the sign call", finishedAt: now },
  });
  return r.count;
}

/** The stored checks of some files, by hash (for the case page's document list). */
export async function checksOf(prisma: PrismaClient, sha256s: string[]) {
  if (!sha256s.length) return new Map<string, { conclusion: string | null; signatures: unknown }>();
  const rows = await prisma.pdfSignatureCheck.findMany({ where: { sha256: { in: sha256s } }, select: { sha256: true, conclusion: true, signatures: true } });
  return new Map(rows.map((r) => [r.sha256, r]));
}
