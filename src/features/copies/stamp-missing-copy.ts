// A number without its copy (given before numbered copies existed, or whose copy could
// not be stamped) gets it on request: the Penatalaksana presses "Buat salinan bernomor"
// on the case, after uploading a signed scan that opens if that was the problem.
import type { PrismaClient } from "../../generated/prisma/client.js";
import { loadCaseFor } from "../cases/case-service.js";
import { AppError, conflict, forbidden, notFound } from "../../platform/errors.js";
import { casePolicy } from "../../core/policies/index.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { naskahLabel } from "../../core/sop/kinds.js";
import { makeNumberedCopy } from "./copy-service.js";

export async function stampMissingCopy(prisma: PrismaClient, user: CurrentUser, numberId: number, appUrl: string, now = new Date()) {
  const n = await prisma.registerNumber.findUnique({ where: { id: numberId } });
  if (!n) throw notFound("Nomor tidak ditemukan.");
  const c = await loadCaseFor(prisma, user, n.caseId);
  if (!casePolicy.can(user, "stampCopy", c)) throw forbidden("Salinan bernomor dibuat oleh Penatalaksana Kerjasama.");
  if (n.voidedAt) throw conflict(`Nomor ${n.number} sudah dibatalkan; salinan bernomor dibuat untuk nomor yang berlaku.`);
  if (n.copyId) throw conflict(`Nomor ${n.number} sudah memiliki salinan bernomor.`);
  // Asked for by a person: a fresh try, whatever the job's count says.
  await prisma.registerNumber.update({ where: { id: n.id }, data: { copyAttempts: 0 } });
  const made = await makeNumberedCopy(prisma, { numberId: n.id, userId: user.id, appUrl, now });
  if (!made.ok) {
    throw new AppError(
      422,
      `Salinan bernomor ${n.number} belum dapat dibuat: ${made.message}. Unggah pindaian ${naskahLabel(c.jenis, n.kind)} yang ditandatangani (PDF atau JPG/PNG yang dapat dibuka) sebagai versi baru, lalu coba lagi.`,
      "UNSTAMPABLE",
    );
  }
  return { caseId: n.caseId, number: n.number, token: made.token };
}
