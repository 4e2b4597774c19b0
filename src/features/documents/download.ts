// Which document a user may download: one of a case they may read (else 404, so its
// existence is not revealed), whose bytes are in storage.
import { loadCaseFor } from "../cases/case-service.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { notFound } from "../../platform/errors.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { hasBlob } from "../../platform/files/blob-store.js";

export async function documentForDownload(prisma: PrismaClient, user: CurrentUser, id: number) {
  const doc = await prisma.document.findUnique({ where: { id } });
  if (!doc) throw notFound("Dokumen tidak ditemukan.");
  await loadCaseFor(prisma, user, doc.caseId);
  if (!(await hasBlob(prisma, doc.sha256))) throw notFound("Isi dokumen ini belum tersedia di penyimpanan. Hubungi administrator.");
  return doc;
}
