// Numbered copies (salinan bernomor): when a MoU or PKS gets its register number
// (rows 13 and 18), the latest signed document is stamped with the number, its date
// and a QR code to /verifikasi/:token, and kept as a new document on the case. The
// signed file is checked to open before the number is given (assertStampable), the
// number and its token are committed first, and the copy is stamped right after the
// commit, in a parsing process; a copy that fails is retried by a job and never takes
// or loses a number. Anyone holding a copy can check it without logging in; the token
// names the number and nothing else.
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import type { Jenis, NumberKind } from "../../generated/prisma/enums.js";
import { recordOnTimeline } from "../cases/timeline.js";
import { insertDocuments } from "../../core/documents/document-rows.js";
import { stricterAccessClass, type AccessClass } from "../../core/documents/records.js";
import type { DocKind } from "../../core/documents/kinds.js";
import { checkUpload, readBlobToFile } from "../../platform/files/blob-store.js";
import { AppError } from "../../platform/errors.js";
import { formatDate } from "../../platform/time.js";
import { UntrustedFileError } from "../../platform/untrusted/errors.js";
import { outputPath, runUntrusted, takeOutput } from "../../platform/untrusted/sandbox.js";
import { checkStampableTask, stampCopyTask } from "./parse-tasks.js";
import { naskahLabel } from "../../core/sop/kinds.js";
import { must } from "../../platform/must.js";

type Tx = Prisma.TransactionClient;

/** Which signed document a number stamps, and the kind of the copy it makes. */
export const COPY_KINDS: Record<NumberKind, { signed: DocKind; copy: DocKind }> = {
  MOU: { signed: "mou_signed", copy: "mou_bernomor" },
  PKS: { signed: "pks_signed", copy: "pks_bernomor" },
};

/** 128 random bits, URL-safe: unguessable, and it says nothing about the number. */
export const newVerifyToken = () => randomBytes(16).toString("base64url");
export const VERIFY_TOKEN = /^[A-Za-z0-9_-]{22}$/;
export const verifyUrl = (appUrl: string, token: string) => `${appUrl.replace(/\/+$/, "")}/verifikasi/${token}`;

type Db = PrismaClient | Tx;

/** The latest signed MoU/PKS of a case (the document a number stamps), or null. */
export const signedDocument = (db: Db, caseId: number, kind: NumberKind) =>
  db.document.findFirst({ where: { caseId, kind: COPY_KINDS[kind].signed }, orderBy: { version: "desc" } });

type SignedDoc = NonNullable<Awaited<ReturnType<typeof signedDocument>>>;

const unstampable = (label: string, signed: Pick<SignedDoc, "originalName" | "version">, why: string) =>
  new AppError(
    422,
    `Berkas ${label} yang ditandatangani ("${signed.originalName}", versi ${signed.version}) ${why}, sehingga nomor tidak dapat dibubuhkan. Unggah pindaian PDF atau gambar JPG/PNG yang dapat dibuka sebagai versi baru, lalu beri nomor lagi.`,
    "UNSTAMPABLE",
  );

/** Runs a parsing task on a stored document's bytes (a temporary file, removed afterwards). */
async function onDocumentFile<T>(prisma: Db, sha256: string, fn: (path: string) => Promise<T>): Promise<T> {
  const file = outputPath("in");
  try {
    await readBlobToFile(prisma, sha256, file);
    return await fn(file);
  } finally {
    await rm(file, { force: true });
  }
}

/**
 * Before a number is given: the signed document must open, so that its copy can be
 * stamped. Read in a parsing process, outside any transaction. Throws 422 naming the
 * file (no number is used), 503 when the parsers are busy.
 */
/** The case a register number belongs to. */
export const caseOfNumber = (db: Db, numberId: number) => db.registerNumber.findUniqueOrThrow({ where: { id: numberId }, select: { caseId: true } });

export async function assertStampable(prisma: PrismaClient, caseId: number, kind: NumberKind, jenis: Jenis | null) {
  const label = naskahLabel(jenis, kind);
  const signed = await signedDocument(prisma, caseId, kind);
  if (!signed) throw new AppError(422, `Belum ada berkas ${label} yang ditandatangani untuk diberi nomor.`, "NO_SIGNED_DOC");
  try {
    await onDocumentFile(prisma, signed.sha256, (path) => runUntrusted(checkStampableTask, { path, mime: signed.mime }));
  } catch (e) {
    if (!(e instanceof UntrustedFileError)) throw e;
    if (e.transient) throw new AppError(503, `Berkas ${label} yang ditandatangani ${e.message}. Tidak ada nomor yang dipakai; coba lagi.`, "PARSER_BUSY");
    throw unstampable(label, signed, e.message);
  }
}

/**
 * In the numbering's transaction: the number's verification token, and a copy owed.
 * The copy itself is stamped after the commit (makeNumberedCopy): the transaction that
 * holds the year's counter row never waits on a file.
 */
export async function oweNumberedCopy(tx: Tx, numberId: number): Promise<string> {
  const n = await tx.registerNumber.findUniqueOrThrow({ where: { id: numberId }, select: { verifyToken: true } });
  const token = n.verifyToken ?? newVerifyToken();
  await tx.registerNumber.update({ where: { id: numberId }, data: { verifyToken: token, copyDue: true, copyAttempts: 0, copyNextAt: null, copyError: null } });
  return token;
}

/**
 * A number recorded from SRIKANDI: the signed PDF uploaded with it is the copy as it
 * is (stamping it would break its electronic signature). Linked in the numbering's
 * transaction; nothing is owed. It gets a verification token like any number (the
 * page names the number), though no QR code carries it.
 */
export async function linkExternalCopy(tx: Tx, numberId: number, documentId: number): Promise<void> {
  const n = await tx.registerNumber.update({
    where: { id: numberId },
    data: { copyId: documentId, verifyToken: newVerifyToken(), copyDue: false, copyAttempts: 0, copyNextAt: null, copyError: null },
  });
  // The copy is the signed naskah with its number: never less restricted than the signed MoU/PKS (docs/records.md).
  const [signed, copy] = await Promise.all([signedDocument(tx, n.caseId, n.kind), tx.document.findUniqueOrThrow({ where: { id: documentId } })]);
  if (!signed) return;
  const accessClass = stricterAccessClass(copy.accessClass as AccessClass, signed.accessClass);
  if (accessClass !== copy.accessClass) await tx.document.update({ where: { id: documentId }, data: { accessClass } });
}

/** How long to wait before the next try to stamp a copy that failed (tries 1, 2, 3...). */
const COPY_RETRY_MS = [60_000, 10 * 60_000, 60 * 60_000];
export const MAX_COPY_ATTEMPTS = 4;

export type CopyOutcome = { ok: true; document: { id: number; kind: string; version: number }; token: string } | { ok: false; message: string };

/**
 * Stamps the case's latest signed MoU/PKS with this register number and records the
 * copy (after the number's own commit). Idempotent: a number that has its copy keeps
 * it. On failure the number stays, the reason is kept on it for the case page, and a
 * job tries again later (stampDueCopies); the copy never takes another number.
 */
export async function makeNumberedCopy(prisma: PrismaClient, input: { numberId: number; userId: number; appUrl: string; now?: Date }): Promise<CopyOutcome> {
  const now = input.now ?? new Date();
  const n = await prisma.registerNumber.findUniqueOrThrow({
    where: { id: input.numberId },
    include: { case: { select: { id: true, jenis: true, currentRow: true } } },
  });
  if (n.copyId) {
    const doc = await prisma.document.findUniqueOrThrow({ where: { id: n.copyId }, select: { id: true, kind: true, version: true } });
    // The copy and its token are linked in the same update (below).
    return { ok: true, document: doc, token: must(n.verifyToken, "the token of a linked copy") };
  }
  const label = naskahLabel(n.case.jenis, n.kind);
  const fail = async (message: string, final = false) => {
    const attempts = n.copyAttempts + 1;
    const giveUp = final || attempts >= MAX_COPY_ATTEMPTS;
    await prisma.registerNumber.update({
      where: { id: n.id },
      data: {
        copyAttempts: attempts,
        copyError: message.slice(0, 500),
        copyDue: !giveUp,
        copyNextAt: giveUp
          ? null
          : new Date(now.getTime() + must(COPY_RETRY_MS[Math.min(attempts - 1, COPY_RETRY_MS.length - 1)], "a retry delay (attempts start at 1)")),
      },
    });
    return { ok: false as const, message };
  };
  const signed = await signedDocument(prisma, n.caseId, n.kind);
  if (!signed) return fail(`belum ada berkas ${label} yang ditandatangani`, true);
  const token = n.verifyToken ?? newVerifyToken();
  let bytes: Buffer;
  try {
    const outPath = outputPath("pdf");
    try {
      await onDocumentFile(prisma, signed.sha256, (path) =>
        runUntrusted(stampCopyTask, {
          path,
          mime: signed.mime,
          outPath,
          stamp: { label, number: n.number, dateText: formatDate(n.createdAt), url: verifyUrl(input.appUrl, token) },
        }),
      );
    } catch (e) {
      await rm(outPath, { force: true });
      throw e;
    }
    bytes = await takeOutput(outPath);
  } catch (e) {
    if (!(e instanceof UntrustedFileError)) throw e;
    // A file the reader refuses will not open on the next try either: only a new upload helps.
    return fail(`berkas "${signed.originalName}" (versi ${signed.version}) ${e.message}`, !e.transient && e.reason !== "timeout");
  }
  const file = await checkUpload(bytes, `Salinan bernomor ${label} ${n.number.replace(/[/\\]/g, "-")}.pdf`);
  return prisma.$transaction(async (tx) => {
    // Two makers at once (the request and the job): the first to link its copy wins.
    const claimed = await tx.registerNumber.updateMany({
      where: { id: n.id, copyId: null },
      data: { copyDue: false, copyError: null, copyNextAt: null, verifyToken: token },
    });
    if (claimed.count !== 1) {
      const done = await tx.registerNumber.findUniqueOrThrow({ where: { id: n.id }, select: { copyId: true } });
      // Not claimed: the other maker linked its copy.
      const doc = await tx.document.findUniqueOrThrow({
        where: { id: must(done.copyId, "the copy the other maker linked") },
        select: { id: true, kind: true, version: true },
      });
      return { ok: true as const, document: doc, token };
    }
    const [inserted] = await insertDocuments(tx, n.caseId, n.case.currentRow ?? 0, input.userId, [{ kind: COPY_KINDS[n.kind].copy, file, from: signed }], now);
    const doc = must(inserted, "the copy's document row");
    await tx.registerNumber.update({ where: { id: n.id }, data: { copyId: doc.id } });
    await recordOnTimeline(tx, n.caseId, {
      actorId: input.userId,
      role: "PENATALAKSANA",
      action: "salinan_bernomor",
      createdAt: now,
      data: { label: `Salinan bernomor ${n.number} dibuat`, number: n.number, documents: [{ id: doc.id, kind: doc.kind, version: doc.version }] },
    });
    return { ok: true as const, document: { id: doc.id, kind: doc.kind, version: doc.version }, token };
  });
}

/** The job: copies owed whose next try is due (after a failure, or a server stopped between the number and its copy). */
export async function stampDueCopies(prisma: PrismaClient, appUrl: string, now = new Date(), limit = 5): Promise<number> {
  const due = await prisma.registerNumber.findMany({
    where: {
      copyDue: true,
      copyId: null,
      voidedAt: null,
      OR: [{ copyNextAt: null }, { copyNextAt: { lte: now } }],
      createdAt: { lte: new Date(now.getTime() - 30_000) },
    },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true, createdById: true },
  });
  for (const n of due) await makeNumberedCopy(prisma, { numberId: n.id, userId: n.createdById, appUrl, now });
  return due.length;
}

/** The copy that goes out at distribution: the one stamped with the kind's valid number, if any. */
export async function currentCopy(tx: Tx | PrismaClient, caseId: number, kind: NumberKind) {
  const n = await tx.registerNumber.findFirst({ where: { caseId, kind, voidedAt: null }, orderBy: { id: "desc" }, include: { copy: true } });
  return { number: n, copy: n?.copy ?? null };
}

export type Verification = {
  number: string;
  label: string;
  partnerNumber: string | null;
  parties: string[];
  numberedOn: Date;
  signedOn: Date | null;
  startDate: Date | null;
  endDate: Date | null;
  sha256: string | null;
  voidedAt: Date | null;
};

/** What the public verification page shows for a token, or null when there is none. Nothing else of the case. */
export async function verification(prisma: PrismaClient, token: string): Promise<Verification | null> {
  if (!VERIFY_TOKEN.test(token)) return null;
  const n = await prisma.registerNumber.findUnique({
    where: { verifyToken: token },
    select: {
      number: true,
      kind: true,
      partnerNumber: true,
      createdAt: true,
      voidedAt: true,
      copy: { select: { sha256: true } },
      case: { select: { jenis: true, partnerName: true, signedMouOn: true, mouEnd: true, signedPksOn: true, agreementStart: true, agreementEnd: true } },
    },
  });
  if (!n) return null;
  const c = n.case;
  const mou = n.kind === "MOU";
  return {
    number: n.number,
    label: naskahLabel(c.jenis, n.kind),
    partnerNumber: n.partnerNumber,
    parties: ["Pemerintah Kota Yogyakarta", ...(c.partnerName ? [c.partnerName] : [])],
    numberedOn: n.createdAt,
    signedOn: mou ? c.signedMouOn : c.signedPksOn,
    startDate: mou ? c.signedMouOn : c.agreementStart,
    endDate: mou ? c.mouEnd : c.agreementEnd,
    sha256: n.copy?.sha256 ?? null,
    voidedAt: n.voidedAt,
  };
}
