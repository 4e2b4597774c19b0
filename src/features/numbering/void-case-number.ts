// Voiding a register number: never reused, with a reason, audited on the case.
import type { PrismaClient } from "../../generated/prisma/client.js";
import { loadCaseFor } from "../cases/case-service.js";
import { AppError, notFound } from "../../platform/errors.js";
import { authorize } from "../../core/policies/index.js";
import { recordedRole } from "../../core/policies/task.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { appendCaseEvent, lockCase } from "../../core/workflow/case-log.js";
import { voidNumber } from "./numbering-service.js";

/** Void a register number (never reused) with a reason; audited on the case. */
export async function voidCaseNumber(prisma: PrismaClient, user: CurrentUser, numberId: number, reason: string) {
  const r = reason.trim();
  return prisma.$transaction(async (tx) => {
    const existing = await tx.registerNumber.findUnique({ where: { id: numberId }, select: { caseId: true } });
    if (!existing) throw notFound("Nomor tidak ditemukan.");
    const owner = await loadCaseFor(tx, user, existing.caseId);
    authorize(user, "case.voidNumber", owner, "Nomor dibatalkan oleh Penatalaksana Kerjasama atau Administrator.");
    if (r.length < 5) throw new AppError(422, "Tuliskan alasan pembatalan nomor (minimal 5 karakter).", "REASON");
    const n = await voidNumber(tx, { id: numberId, userId: user.id, reason: r });
    const { case: c, seq } = await lockCase(tx, n.caseId);
    await appendCaseEvent(tx, n.caseId, seq, {
      actorId: user.id,
      role: recordedRole(user, "PENATALAKSANA", "ADMIN"),
      action: "batal_nomor",
      fromRow: c.currentRow,
      toRow: c.currentRow,
      reason: r,
      data: { label: `Nomor ${n.number} dibatalkan`, number: n.number },
    });
    return n;
  });
}
