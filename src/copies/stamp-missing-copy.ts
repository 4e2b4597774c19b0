// A number given before numbered copies existed (or whose copy was never made) gets
// its copy on request: the Penatalaksana presses "Buat salinan bernomor" on the case.
import type { PrismaClient } from "../generated/prisma/client.js";
import { loadCaseFor } from "../cases/case-service.js";
import { recordOnTimeline } from "../cases/timeline.js";
import { conflict, forbidden, notFound } from "../http/errors.js";
import { casePolicy } from "../policies/index.js";
import type { CurrentUser } from "../users/roles.js";
import { makeNumberedCopy } from "./copy-service.js";

export async function stampMissingCopy(prisma: PrismaClient, user: CurrentUser, numberId: number, appUrl: string, now = new Date()) {
  return prisma.$transaction(async (tx) => {
    const n = await tx.registerNumber.findUnique({ where: { id: numberId } });
    if (!n) throw notFound("Nomor tidak ditemukan.");
    const c = await loadCaseFor(tx, user, n.caseId);
    if (!casePolicy.can(user, "stampCopy", c)) throw forbidden("Salinan bernomor dibuat oleh Penatalaksana Kerjasama.");
    if (n.voidedAt) throw conflict(`Nomor ${n.number} sudah dibatalkan; salinan bernomor dibuat untuk nomor yang berlaku.`);
    if (n.copyId) throw conflict(`Nomor ${n.number} sudah memiliki salinan bernomor.`);
    const { document, token } = await makeNumberedCopy(tx, { numberId: n.id, userId: user.id, appUrl, now });
    await recordOnTimeline(tx, n.caseId, {
      actorId: user.id, role: "PENATALAKSANA", action: "salinan_bernomor", createdAt: now,
      data: { label: `Salinan bernomor ${n.number} dibuat`, number: n.number, documents: [{ id: document.id, kind: document.kind, version: document.version }] },
    });
    return { caseId: n.caseId, number: n.number, token };
  });
}
