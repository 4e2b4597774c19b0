// A replacement number after a void, and its numbered copy.
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { NumberKind } from "../../generated/prisma/enums.js";
import { loadCaseFor } from "../cases/case-service.js";
import { DEFAULT_APP_URL } from "../../platform/config.js";
import { conflict } from "../../platform/errors.js";
import { allocateNumber } from "../numbering/numbering-service.js";
import { authorize } from "../../core/policies/index.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { appendCaseEvent, lockCase } from "../../core/workflow/case-log.js";
import { assertStampable, makeNumberedCopy, oweNumberedCopy, signedDocument } from "./copy-service.js";

/**
 * After a void: a replacement number for the same agreement (a new sequence number; the
 * old stays void). The replacement gets its own numbered copy and verification page
 * (the old page says "voided"), stamped after the commit, when there is a signed
 * document (an agreement entered as legacy may have none yet); that document is checked
 * to open first, so a number is not used for a copy that cannot be made.
 */
export async function replacementNumber(prisma: PrismaClient, user: CurrentUser, caseId: number, kind: NumberKind, appUrl = DEFAULT_APP_URL, now = new Date()) {
  const before = await loadCaseFor(prisma, user, caseId);
  authorize(user, "case.replaceNumber", before, "Nomor diberikan oleh Penatalaksana Kerjasama.");
  const hasSigned = (await signedDocument(prisma, caseId, kind)) !== null;
  if (hasSigned) await assertStampable(prisma, caseId, kind, before.jenis);
  const n = await prisma.$transaction(async (tx) => {
    const c = await loadCaseFor(tx, user, caseId);
    const all = await tx.registerNumber.findMany({ where: { caseId, kind } });
    if (!all.length) throw conflict("Kasus ini belum pernah diberi nomor jenis ini; nomor diberikan pada langkah penomoran.");
    if (all.some((x) => !x.voidedAt)) throw conflict("Masih ada nomor yang berlaku untuk kasus ini.");
    const { seq } = await lockCase(tx, caseId);
    const given = await allocateNumber(tx, { kind, caseId, jenis: c.jenis ?? "KSDPK", userId: user.id, partnerNumber: all.at(-1)?.partnerNumber, now });
    await tx.agreement.updateMany({ where: { caseId, kind }, data: { cityNumber: given.number } });
    if (hasSigned) await oweNumberedCopy(tx, given.id);
    await appendCaseEvent(tx, caseId, seq, {
      actorId: user.id,
      role: "PENATALAKSANA",
      action: "nomor_pengganti",
      fromRow: c.currentRow,
      toRow: c.currentRow,
      createdAt: now,
      data: { label: `Nomor pengganti ${given.number}`, number: given.number },
    });
    return given;
  });
  const copy = hasSigned ? await makeNumberedCopy(prisma, { numberId: n.id, userId: user.id, appUrl, now }) : null;
  return { ...n, copy: copy && !copy.ok ? { ok: false as const, message: copy.message } : null };
}
