// The agreement register's part in a transition: a numbered MoU or PKS enters the
// register in the numbering step's transaction.
import type { Prisma } from "../../generated/prisma/client.js";
import { AppError } from "../../platform/errors.js";
import { on } from "../../core/workflow/events.js";

/**
 * Puts the numbered MoU or PKS into the agreement register (rows 13 and 18).
 * MoU: from its signing date to its stated end; PKS: its validity period.
 */
export async function registerAgreement(tx: Prisma.TransactionClient, caseId: number, kind: "MOU" | "PKS", cityNumber: string, partnerNumber: string | null) {
  const c = await tx.case.findUniqueOrThrow({ where: { id: caseId } });
  const start = kind === "MOU" ? c.signedMouOn : c.agreementStart;
  const end = kind === "MOU" ? c.mouEnd : c.agreementEnd;
  if (!start || !end) throw new AppError(409, "Tanggal berlaku belum dicatat pada langkah penandatanganan.", "NO_DATES");
  const data = {
    cityNumber,
    partnerNumber,
    signedOn: kind === "MOU" ? c.signedMouOn : c.signedPksOn,
    startDate: start,
    endDate: end,
    value: kind === "PKS" ? c.estimatedCost : null,
  };
  await tx.agreement.upsert({ where: { caseId_kind: { caseId, kind } }, create: { caseId, kind, ...data }, update: data });
}

export function listen(): void {
  on("NumberGiven", "agreements.register", (tx, e) => registerAgreement(tx, e.case.id, e.kind, e.number, e.partnerNumber));
}
