// A PDF version of a Word document on a case (a generated letter or an uploaded draft):
// LibreOffice converts it outside any transaction, and the PDF is kept as the next
// version of the same document kind, like generate-letter.ts keeps a letter.
import type { PrismaClient } from "../../generated/prisma/client.js";
import { canUpload, loadCaseFor } from "../cases/case-service.js";
import { recordOnTimeline } from "../cases/timeline.js";
import { insertDocuments } from "../../core/documents/document-rows.js";
import { isDocKind, isGeneratedKind } from "../../core/documents/kinds.js";
import { isOpen } from "../../core/sop/case-state.js";
import { documentPolicy } from "../../core/policies/index.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { ALLOWED_TYPES, checkUpload, hasBlob, readBlob } from "../../platform/files/blob-store.js";
import { AppError, conflict, forbidden, notFound } from "../../platform/errors.js";
import { must } from "../../platform/must.js";
import { convertDocxToPdf, officeAvailable, OfficeError } from "../../platform/office/convert-to-pdf.js";
import { UntrustedFileError } from "../../platform/untrusted/errors.js";
import { runUntrusted, withSourceFile } from "../../platform/untrusted/sandbox.js";
import { checkDocxBudgetTask } from "./parse-tasks.js";

const DOCX = must(ALLOWED_TYPES.docx, "the .docx type");
const PDF = "application/pdf";

/** The PDF's name: the Word file's, with .pdf for .docx. */
export const pdfNameOf = (docxName: string) => `${docxName.replace(/\.docx$/i, "")}.pdf`;

/** The timeline's words for a PDF made from `name`, version `version` (also how a repeat is recognised). */
const labelOf = (name: string, version: number) => `Versi PDF dibuat dari ${name} (versi ${version})`;

/** The message for a conversion that gave no PDF, by its reason. */
function refusal(e: OfficeError | UntrustedFileError, name: string): AppError {
  if (e instanceof OfficeError && e.reason === "missing") {
    return new AppError(
      503,
      "Konversi ke PDF belum tersedia di server ini (LibreOffice belum dipasang). Unduh berkas Word-nya, simpan sebagai PDF di komputer Anda, lalu unggah.",
      "OFFICE_MISSING",
    );
  }
  if (e.reason === "timeout" || e.reason === "busy" || e.reason === "crashed") {
    return new AppError(503, `Berkas "${name}" ${e.message}. Silakan coba lagi beberapa saat lagi.`, "OFFICE_BUSY");
  }
  return new AppError(422, `Berkas "${name}" ${e.message}. Periksa berkasnya di Word, atau simpan sebagai PDF di komputer Anda lalu unggah.`, "OFFICE_FAILED");
}

/** The case of a document (where a refusal is shown), or null when there is none. */
export const caseOfDocument = async (prisma: PrismaClient, documentId: number): Promise<number | null> =>
  (await prisma.document.findUnique({ where: { id: documentId }, select: { caseId: true } }))?.caseId ?? null;

export type PdfVersion = { caseId: number; pdf: { id: number; version: number; originalName: string }; existing: boolean };

// A second click while the first conversion runs joins it instead of converting again
// (by user and document: another user's request is checked on its own).
const inFlight = new Map<string, Promise<PdfVersion>>();

/**
 * Converts document `documentId` (a .docx) to PDF and keeps it as the next version of
 * its kind. Throws AppError: 404 (no such document, or on a case the user may not read),
 * 403 (may not add documents), 409 (the case is finished or moved meanwhile), 422 (not a
 * .docx, or it cannot be converted), 503 (LibreOffice missing, busy or too slow).
 */
export async function makePdfVersion(prisma: PrismaClient, user: CurrentUser, documentId: number, now = new Date()): Promise<PdfVersion> {
  const key = `${user.id}:${documentId}`;
  const running = inFlight.get(key);
  if (running) return { ...(await running), existing: true };
  const job = convertAndKeep(prisma, user, documentId, now);
  inFlight.set(key, job);
  try {
    return await job;
  } finally {
    inFlight.delete(key);
  }
}

async function convertAndKeep(prisma: PrismaClient, user: CurrentUser, documentId: number, now: Date): Promise<PdfVersion> {
  const doc = await prisma.document.findUnique({ where: { id: documentId } });
  if (!doc) throw notFound("Dokumen tidak ditemukan.");
  const c = await loadCaseFor(prisma, user, doc.caseId);
  // Converting reads the content: only for those who may open it (core/policies/document.ts).
  if (!documentPolicy.can(user, "open", { ...doc, case: c })) throw forbidden(documentPolicy.restrictedMessage(doc.accessClass));
  if (!isOpen(c) || c.currentRow === null) throw conflict("Kasus ini sudah selesai; dokumennya tidak dapat ditambah versi baru.");
  if (!(await canUpload(prisma, user, c))) throw forbidden("Versi PDF dibuat oleh pemegang langkah kasus ini atau Bagian Kerjasama.");
  const row = c.currentRow;
  if (doc.mime !== DOCX) {
    throw new AppError(
      422,
      doc.mime === PDF
        ? `"${doc.originalName}" sudah berupa PDF.`
        : `Hanya berkas Word (.docx) yang dapat dibuatkan versi PDF; "${doc.originalName}" bukan berkas Word.`,
      "NOT_DOCX",
    );
  }
  // A numbered copy is made by the system only (and is a PDF already).
  if (!isDocKind(doc.kind) || isGeneratedKind(doc.kind)) throw new AppError(422, `"${doc.originalName}" tidak dapat dibuatkan versi PDF.`, "NOT_DOCX");
  const kind = doc.kind;
  const pdfName = pdfNameOf(doc.originalName);
  const label = labelOf(doc.originalName, doc.version);

  // Made already, and still the latest of its kind: the same PDF, not another version.
  const latest = await prisma.document.findFirst({ where: { caseId: c.id, kind: doc.kind }, orderBy: { version: "desc" } });
  if (latest && latest.mime === PDF && latest.version > doc.version && latest.originalName === pdfName) {
    const made = await prisma.caseEvent.findMany({
      where: { caseId: c.id, action: "buat_dokumen", createdAt: { gte: latest.createdAt } },
      select: { data: true },
    });
    const fromThis = made.some((e) => {
      const d = e.data as { label?: unknown; documents?: { id?: unknown }[] } | null;
      return d?.label === label && d.documents?.some((x) => x.id === latest.id);
    });
    if (fromThis) return { caseId: c.id, pdf: latest, existing: true };
  }

  // Said at once, before the file is read and checked for nothing.
  if (!(await officeAvailable())) throw refusal(new OfficeError("missing", ""), doc.originalName);
  if (!(await hasBlob(prisma, doc.sha256))) throw notFound("Isi dokumen ini belum tersedia di penyimpanan. Hubungi administrator.");
  const bytes = await readBlob(prisma, doc.sha256);
  let pdf: Buffer;
  try {
    // The zip budget in a parsing process (never on the event loop), then LibreOffice.
    await withSourceFile(bytes, "docx", (path) => runUntrusted(checkDocxBudgetTask, { path }));
    pdf = await convertDocxToPdf(bytes);
  } catch (e) {
    if (e instanceof OfficeError || e instanceof UntrustedFileError) throw refusal(e, doc.originalName);
    throw e;
  }
  const file = await checkUpload(pdf, pdfName);
  if (file.mime !== PDF) throw refusal(new OfficeError("failed", "tidak dapat diubah menjadi PDF: hasil konversinya bukan PDF"), doc.originalName);

  return prisma.$transaction(async (tx) => {
    const moved = await tx.case.findUnique({ where: { id: c.id }, select: { version: true } });
    if (moved?.version !== c.version) throw conflict("Kasus ini baru saja berubah sementara PDF dibuat. Muat ulang halaman, lalu buat lagi.");
    const made = must((await insertDocuments(tx, c.id, row, user.id, [{ kind, file, from: doc }], now))[0], "the PDF");
    await recordOnTimeline(tx, c.id, {
      actorId: user.id,
      role: must(user.roles[0], "a role of the author"),
      action: "buat_dokumen",
      createdAt: now,
      data: { label, documents: [{ id: made.id, kind: made.kind, version: made.version }] },
    });
    return { caseId: c.id, pdf: made, existing: false };
  });
}
