// One document's access class, changed by ADMIN or the Kabag (core/policies/document.ts,
// "classify") with a reason, recorded in the admin log.
import type { PrismaClient } from "../../generated/prisma/client.js";
import { authorize } from "../../core/policies/index.js";
import type { AccessClass } from "../../core/documents/records.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { loadCaseFor } from "../cases/case-service.js";
import { notFound } from "../../platform/errors.js";

/** The document, when the user may change its class (else 404 for a case they may not read, 403 otherwise). */
export async function documentToClassify(prisma: PrismaClient, user: CurrentUser, documentId: number) {
  const doc = await prisma.document.findUnique({ where: { id: documentId } });
  if (!doc) throw notFound("Dokumen tidak ditemukan.");
  const c = await loadCaseFor(prisma, user, doc.caseId);
  authorize(user, "document.classify", { ...doc, case: c }, "Kelas akses dokumen diubah oleh Administrator atau Kepala Bagian Kerjasama.");
  return doc;
}

export async function changeAccessClass(prisma: PrismaClient, user: CurrentUser, documentId: number, input: { accessClass: AccessClass; reason: string }) {
  const doc = await documentToClassify(prisma, user, documentId);
  if (doc.accessClass === input.accessClass) return { doc, changed: false };
  await prisma.$transaction([
    prisma.document.update({ where: { id: doc.id }, data: { accessClass: input.accessClass } }),
    prisma.adminLog.create({
      data: {
        actorId: user.id,
        action: "records.document.accessClass",
        target: `document:${doc.id}`,
        detail: { caseId: doc.caseId, name: doc.originalName, before: doc.accessClass, after: input.accessClass, reason: input.reason },
      },
    }),
  ]);
  return { doc, changed: true };
}
