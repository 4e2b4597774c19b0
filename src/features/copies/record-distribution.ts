// The distribution rows (sop.ts DISTRIBUTION_ROWS): the Penatalaksana records each
// recipient of the signed, numbered MoU or PKS, with the date sent and the receipt.
// What goes out is the numbered copy of the valid number.
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { NumberKind } from "../../generated/prisma/enums.js";
import { loadCaseFor } from "../cases/case-service.js";
import { insertDocuments } from "../../core/documents/document-rows.js";
import type { StoredFile } from "../../platform/files/blob-store.js";
import { AppError, conflict } from "../../platform/errors.js";
import { authorize } from "../../core/policies/index.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { todayJakarta, toDbDate } from "../../core/calendar/calendar.js";
import { isOpen } from "../../core/sop/case-state.js";
import { appendCaseEvent, lockCase } from "../../core/workflow/case-log.js";
import { naskahLabel } from "../../core/sop/kinds.js";
import { distributionAt, DISTRIBUTION_ROWS } from "../../core/sop/sop.js";
import { must } from "../../platform/must.js";
import { currentCopy } from "./copy-service.js";

export const RECIPIENT_TYPES = { SKPD: "SKPD", MITRA: "Mitra kerja sama", LAINNYA: "Lainnya" } as const;

/** The distribution rows (sop.ts DISTRIBUTION_ROWS): record one recipient with the date sent and the uploaded receipt. */
export async function recordDistribution(
  prisma: PrismaClient,
  user: CurrentUser,
  caseId: number,
  input: { recipientType: keyof typeof RECIPIENT_TYPES; recipientName: string; sentOn: string; receipt: StoredFile },
  now = new Date(),
) {
  return prisma.$transaction(async (tx) => {
    const c = await loadCaseFor(tx, user, caseId);
    authorize(user, "case.distribute", c, "Distribusi dicatat oleh Penatalaksana Kerjasama.");
    const kind: NumberKind | null = distributionAt(c.currentRow);
    if (!kind || !isOpen(c))
      throw conflict(
        `Distribusi dicatat pada langkah ${DISTRIBUTION_ROWS.map((no) => `${no} (${naskahLabel(c.jenis, must(distributionAt(no), "the naskah of a distribution row"))})`).join(" atau ")}.`,
      );
    if (input.sentOn > todayJakarta(now)) throw new AppError(422, "Tanggal kirim tidak boleh di masa depan.", "BAD_DATE");
    // What goes out is the numbered copy of the valid number (older cases may have none).
    const { number, copy } = await currentCopy(tx, caseId, kind);
    if (!number) throw conflict(`Belum ada nomor ${naskahLabel(c.jenis, kind)} yang berlaku: beri nomor pengganti dulu, lalu kirim salinan bernomornya.`);
    const { seq } = await lockCase(tx, caseId);
    // A distribution row (kind is set) is a row.
    const [inserted] = await insertDocuments(
      tx,
      caseId,
      must(c.currentRow, "the distribution row"),
      user.id,
      [{ kind: "tanda_terima", file: input.receipt }],
      now,
    );
    const receipt = must(inserted, "the receipt's document row");
    const d = await tx.distribution.create({
      data: {
        caseId,
        kind,
        recipientType: input.recipientType,
        recipientName: input.recipientName,
        sentOn: toDbDate(input.sentOn),
        receiptId: receipt.id,
        copyId: copy?.id ?? null,
        createdById: user.id,
        createdAt: now,
      },
    });
    await appendCaseEvent(tx, caseId, seq, {
      actorId: user.id,
      role: "PENATALAKSANA",
      action: "distribusi",
      fromRow: c.currentRow,
      toRow: c.currentRow,
      createdAt: now,
      data: {
        label: `Salinan ${naskahLabel(c.jenis, kind)} ${number.number} dikirim ke ${input.recipientName}`,
        distributionId: d.id,
        sentOn: input.sentOn,
        number: number.number,
        ...(copy ? { copyId: copy.id } : {}),
      },
    });
    return d;
  });
}
