// What the signer's certificate page and ADMIN's signatures page show, and the signer
// as the providers know them (name, e-mail, NIK).
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Config } from "../../platform/config.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { signature } from "../../core/policies/index.js";
import { activeCertificate } from "./local-ca.js";
import { listAnchors } from "./trust-anchors.js";
import type { SignatureProvider, SignerIdentity } from "./providers/provider.js";

export async function signerOf(prisma: PrismaClient, user: CurrentUser): Promise<SignerIdentity & { fullName: string }> {
  const me = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { email: true, nik: true } });
  return { userId: user.id, name: user.fullName, fullName: user.fullName, email: me.email, nik: me.nik };
}

export async function certificatePage(prisma: PrismaClient, provider: SignatureProvider, config: Config, user: CurrentUser) {
  const signer = await signerOf(prisma, user);
  const cert = provider.id === "local" ? await activeCertificate(prisma, user.id) : null;
  return {
    provider: { id: provider.id, label: provider.label },
    identifyBy: config.bsre?.identifyBy ?? null,
    me: { email: signer.email, nik: signer.nik },
    status: await provider.status(signer),
    cert: cert ? { subject: cert.subject, serial: cert.serial, notAfter: cert.notAfter, createdAt: cert.createdAt } : null,
    signs: signature.signsDocuments(user),
  };
}

export async function adminPage(prisma: PrismaClient, provider: SignatureProvider, config: Config) {
  const open = await prisma.signatureRequest.findMany({
    where: { status: { in: ["UNKNOWN", "PENDING"] } },
    orderBy: { id: "desc" },
    take: 50,
    select: { id: true, status: true, startedAt: true, documentId: true, caseId: true, purpose: true, user: { select: { fullName: true } } },
  });
  return {
    provider: { id: provider.id, label: provider.label, url: config.bsre?.url ?? null, identifyBy: config.bsre?.identifyBy ?? null },
    anchors: await listAnchors(prisma),
    localCa: (await prisma.localSigningCa.count()) > 0,
    open,
  };
}

/** The document a signature request was made on (where its settling form lives). */
export async function documentOfRequest(prisma: PrismaClient, requestId: number): Promise<number | null> {
  return (await prisma.signatureRequest.findUnique({ where: { id: requestId }, select: { documentId: true } }))?.documentId ?? null;
}
