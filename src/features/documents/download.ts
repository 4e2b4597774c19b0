// Which document a user may download: one of a case they may read (else 404, so its
// existence is not revealed) whose access class lets them open it (else 403), whose
// bytes are in storage.
import { loadCaseFor } from "../cases/case-service.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { forbidden, notFound } from "../../platform/errors.js";
import { documentPolicy } from "../../core/policies/index.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { hasBlob } from "../../platform/files/blob-store.js";

export async function documentForDownload(prisma: PrismaClient, user: CurrentUser, id: number) {
  const doc = await prisma.document.findUnique({ where: { id } });
  if (!doc) throw notFound("Dokumen tidak ditemukan.");
  const c = await loadCaseFor(prisma, user, doc.caseId);
  // Its access class narrows who of the case's readers may open it (core/policies/document.ts).
  if (!documentPolicy.can(user, "open", { ...doc, case: c })) throw forbidden(documentPolicy.restrictedMessage(doc.accessClass));
  if (!(await hasBlob(prisma, doc.sha256))) throw notFound("Isi dokumen ini belum tersedia di penyimpanan. Hubungi administrator.");
  return doc;
}
