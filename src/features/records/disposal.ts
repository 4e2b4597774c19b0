// Nothing is destroyed without an ADMIN's recorded decision. ADMIN records one for a
// document whose retention has run out (its inactive period ends this year or ended
// before): musnah, permanen (handed to the archive institution) or dinilai kembali,
// with the berita acara or decree number and date and the reason; logged in the admin
// log. The app itself destroys nothing: the Document row, its bytes and its hash stay,
// and the decision is the record (docs/records.md says why).
import type { PrismaClient } from "../../generated/prisma/client.js";
import { authorize } from "../../core/policies/index.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { conflict, notFound } from "../../platform/errors.js";
import { toDbDate } from "../../platform/time.js";
import { isDue, retentionOf, thisYear } from "./retention.js";
import { DISPOSAL_DECISIONS, type DisposalInput } from "./schema.js";

export async function decideDisposal(prisma: PrismaClient, user: CurrentUser, documentId: number, input: DisposalInput) {
  authorize(user, "records.decideDisposal", undefined, "Keputusan penyusutan arsip dicatat oleh Administrator.");
  const doc = await prisma.document.findUnique({ where: { id: documentId }, select: { id: true, caseId: true, originalName: true, sha256: true, kind: true } });
  if (!doc) throw notFound("Dokumen tidak ditemukan.");
  const r = await retentionOf(prisma, documentId);
  if (!r)
    throw conflict(`Masa retensi "${doc.originalName}" belum mulai dihitung (kasusnya masih berjalan tanpa perjanjian): belum ada yang dapat diputuskan.`);
  if (!isDue(r))
    throw conflict(
      `Masa retensi inaktif "${doc.originalName}" baru berakhir 31 Desember ${r.finalYear}: keputusan dicatat mulai tahun itu (sekarang ${thisYear()}).`,
    );
  return prisma.$transaction(async (tx) => {
    const d = await tx.disposalDecision.create({
      data: {
        documentId,
        decision: input.decision,
        decreeNumber: input.decreeNumber,
        decreeDate: toDbDate(input.decreeDate),
        reason: input.reason,
        decidedById: user.id,
      },
    });
    await tx.adminLog.create({
      data: {
        actorId: user.id,
        action: "records.disposal",
        target: `document:${documentId}`,
        detail: {
          caseId: doc.caseId,
          name: doc.originalName,
          kind: doc.kind,
          sha256: doc.sha256,
          decision: input.decision,
          decisionLabel: DISPOSAL_DECISIONS[input.decision],
          decreeNumber: input.decreeNumber,
          decreeDate: input.decreeDate,
          reason: input.reason,
          finalYear: r.finalYear,
        },
      },
    });
    return d;
  });
}
