// A signature whose outcome is unknown (the provider did not answer in time, or the
// server stopped during the call) is settled by a person who checked with the
// provider or its application: "not signed" frees the document to be signed again;
// "signed" records that the signed file came by another way (uploaded as a new
// version). Either way the case log says who decided and why.
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { authorize } from "../../core/policies/index.js";
import { AppError, notFound } from "../../platform/errors.js";
import { must } from "../../platform/must.js";
import { recordOnTimeline } from "../cases/timeline.js";
import { loadCaseFor } from "../cases/case-service.js";
import { purposesOn } from "./signing-subject.js";
import { signingRuleOf } from "../../core/sop/signing.js";
import { PDF } from "../../core/policies/signature.js";

export type Settlement = { outcome: "not_signed"; note: string } | { outcome: "signed_elsewhere"; note: string; resultDocumentId: number };

/** The versions that may be the signed result of a request: PDFs of its kind (or the signed kind) uploaded after it began. */
export async function possibleResults(prisma: PrismaClient, req: { caseId: number; startedAt: Date; document: { kind: string } }) {
  const rule = signingRuleOf(req.document.kind);
  const kinds = [req.document.kind, ...(rule?.signedKind ? [rule.signedKind] : [])];
  return prisma.document.findMany({
    where: { caseId: req.caseId, kind: { in: kinds }, mime: PDF, createdAt: { gte: req.startedAt } },
    orderBy: { id: "desc" },
    select: { id: true, kind: true, version: true, originalName: true, createdAt: true },
  });
}

export async function settleUnknown(prisma: PrismaClient, user: CurrentUser, requestId: number, s: Settlement, now = new Date()) {
  const req = await prisma.signatureRequest.findUnique({ where: { id: requestId }, include: { document: true } });
  if (!req) throw notFound("Permintaan tanda tangan tidak ditemukan.");
  const c = await loadCaseFor(prisma, user, req.caseId);
  authorize(
    user,
    "signature.settle",
    { case: c, kind: req.document.kind, mime: req.document.mime, isLatest: true, done: await purposesOn(prisma, req.documentId), signerId: req.userId },
    "Hasil yang tidak diketahui diselesaikan oleh penanda tangannya sendiri, Kepala Bagian Kerjasama, atau Administrator.",
  );
  let resultDocumentId: number | null = null;
  if (s.outcome === "signed_elsewhere") {
    const chosen = (await possibleResults(prisma, req)).find((d) => d.id === s.resultDocumentId);
    if (!chosen)
      throw new AppError(
        422,
        "Pilih berkas PDF bertanda tangan yang diunggah setelah penandatanganan itu dimulai. Unggah lebih dahulu bila belum.",
        "BAD_RESULT",
      );
    // The file must carry one intact signature more than the one sent, and nothing changed since: else the order (paraf first) could be skipped.
    const [sent, got] = await Promise.all([
      prisma.pdfSignatureCheck.findUnique({ where: { sha256: req.document.sha256 } }),
      prisma.document
        .findUniqueOrThrow({ where: { id: chosen.id }, select: { sha256: true } })
        .then((d) => prisma.pdfSignatureCheck.findUnique({ where: { sha256: d.sha256 } })),
    ]);
    if (!sent?.conclusion || !got?.conclusion)
      throw new AppError(422, "Tanda tangan pada berkas itu belum selesai diperiksa. Coba lagi sebentar lagi.", "NOT_CHECKED");
    const count = (c: { signatures: unknown }) => (Array.isArray(c.signatures) ? c.signatures.length : 0);
    if (!["VALID", "UNTRUSTED"].includes(got.conclusion) || count(got) <= count(sent))
      throw new AppError(
        422,
        "Berkas itu tidak memuat tanda tangan baru yang utuh di atas berkas yang dikirim untuk ditandatangani. Pilih berkas hasil penandatanganan yang benar.",
        "NOT_SIGNED_RESULT",
      );
    resultDocumentId = s.resultDocumentId;
  }
  await prisma.$transaction(async (tx) => {
    const done = await tx.signatureRequest.updateMany({
      // Only an unknown outcome: a request still PENDING is a call in progress (a stopped server's turns UNKNOWN, check-pdfs.ts).
      where: { id: requestId, status: "UNKNOWN" },
      data: {
        status: s.outcome === "not_signed" ? "FAILED" : "SIGNED",
        openFor: null,
        settledById: user.id,
        settledNote: s.note,
        resultDocumentId,
        finishedAt: req.finishedAt ?? now,
      },
    });
    if (done.count !== 1)
      throw new AppError(
        409,
        "Permintaan tanda tangan ini sedang berjalan atau sudah diselesaikan. Muat ulang halaman untuk melihat keadaannya.",
        "ALREADY_SETTLED",
      );
    await recordOnTimeline(tx, req.caseId, {
      actorId: user.id,
      role: must(user.roles[0], "a role of the user"),
      action: "tanda_tangan_diselesaikan",
      reason: s.note,
      createdAt: now,
      data: {
        label:
          s.outcome === "not_signed"
            ? "Penandatanganan yang tidak jelas hasilnya dinyatakan tidak terjadi; dokumen dapat ditandatangani lagi"
            : "Penandatanganan yang tidak jelas hasilnya dinyatakan sudah terjadi; berkas bertanda tangannya dipilih dari versi yang diunggah",
        requestId,
        purpose: req.purpose,
        provider: req.provider,
        signer: user.fullName,
        documents: [{ id: req.documentId, kind: req.document.kind, version: req.document.version }],
      },
    });
    await tx.adminLog.create({
      data: { actorId: user.id, action: "signature.settle", target: `signatureRequest:${requestId}`, detail: { outcome: s.outcome, note: s.note } },
    });
  });
}
