// A document as the signing policy sees it: its case, whether it is the latest version
// of its kind, the paraf and signatures already on it (carried from the versions it
// was signed from), and a signature whose outcome is still open.
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { loadCaseFor } from "../cases/case-service.js";
import { forbidden, notFound } from "../../platform/errors.js";
import { documentPolicy } from "../../core/policies/index.js";
import type { SignPurpose } from "../../core/sop/signing.js";
import type { SignatureSubject } from "../../core/policies/signature.js";

/** How many versions back a chain of signatures is followed (each step makes one). */
const MAX_CHAIN = 10;

/** The purposes signed into `documentId`, oldest first: each signed version came from the one before. */
export async function purposesOn(prisma: PrismaClient, documentId: number): Promise<SignPurpose[]> {
  const done: SignPurpose[] = [];
  let id = documentId;
  for (let i = 0; i < MAX_CHAIN; i++) {
    const req: { documentId: number; purpose: string } | null = await prisma.signatureRequest.findFirst({
      where: { resultDocumentId: id, status: "SIGNED" },
      select: { documentId: true, purpose: true },
    });
    if (!req) break;
    done.unshift(req.purpose as SignPurpose);
    id = req.documentId;
  }
  return done;
}

export async function signingSubject(prisma: PrismaClient, user: CurrentUser, documentId: number) {
  const doc = await prisma.document.findUnique({ where: { id: documentId } });
  if (!doc) throw notFound("Dokumen tidak ditemukan.");
  // Reading the case is the first condition: a document of a case the user may not read is not found.
  const c = await loadCaseFor(prisma, user, doc.caseId);
  // Signing shows and reads the content: only for those who may open it (core/policies/document.ts).
  if (!documentPolicy.can(user, "open", { ...doc, case: c })) throw forbidden(documentPolicy.restrictedMessage(doc.accessClass));
  const [latest, done, open, onward] = await Promise.all([
    prisma.document.aggregate({ where: { caseId: doc.caseId, kind: doc.kind }, _max: { version: true } }),
    purposesOn(prisma, doc.id),
    prisma.signatureRequest.findFirst({
      where: { documentId: doc.id, status: { in: ["PENDING", "UNKNOWN"] } },
      include: { user: { select: { fullName: true } } },
    }),
    prisma.signatureRequest.count({ where: { documentId: doc.id, status: "SIGNED" } }),
  ]);
  const subject: SignatureSubject = { case: c, kind: doc.kind, mime: doc.mime, isLatest: latest._max.version === doc.version, done, signedOnward: onward > 0 };
  return { doc, case: c, subject, open };
}
