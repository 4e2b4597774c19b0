// The roots a signature's certificate must chain to, to be called trusted: the ones
// the operator installs (the BSrE root, the province's) and the local CA, once made.
// Their hash marks every stored check: a new anchor makes the checks stale, and the
// check job reads those files again.
import { createHash, X509Certificate } from "node:crypto";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { AppError } from "../../platform/errors.js";
import { localCaCert } from "./local-ca.js";

export type Anchors = { pems: string[]; hash: string };

export async function trustAnchors(prisma: PrismaClient): Promise<Anchors> {
  const installed = await prisma.trustAnchor.findMany({ orderBy: { id: "asc" }, select: { certPem: true } });
  const local = await localCaCert(prisma);
  const pems = [...(local ? [local] : []), ...installed.map((a) => a.certPem)];
  return { pems, hash: createHash("sha256").update(pems.join("\n")).digest("hex").slice(0, 32) };
}

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/** A root certificate pasted as PEM (at most 16 KB, checked by OpenSSL through node:crypto). */
export function parseAnchor(text: string): { pem: string; fingerprint: string; subject: string; validTo: Date } {
  const pem = PEM.exec(text)?.[0];
  if (!pem) throw new AppError(422, "Tempelkan sertifikat dalam format PEM (diawali -----BEGIN CERTIFICATE-----).", "BAD_ANCHOR");
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw new AppError(422, "Sertifikat tidak dapat dibaca. Periksa bahwa seluruh teks PEM tersalin.", "BAD_ANCHOR");
  }
  if (!cert.ca)
    throw new AppError(422, "Sertifikat ini bukan sertifikat CA (root atau perantara), sehingga tidak dapat menjadi akar kepercayaan.", "BAD_ANCHOR");
  return {
    pem: cert.toString(),
    fingerprint: createHash("sha256").update(cert.raw).digest("hex"),
    subject: cert.subject.replace(/\n/g, ", "),
    validTo: new Date(cert.validTo),
  };
}

export async function addAnchor(prisma: PrismaClient, user: CurrentUser, name: string, text: string) {
  const a = parseAnchor(text);
  const existing = await prisma.trustAnchor.findUnique({ where: { fingerprint: a.fingerprint } });
  if (existing) throw new AppError(422, `Sertifikat ini sudah terpasang sebagai "${existing.name}".`, "DUPLICATE_ANCHOR");
  return prisma.$transaction(async (tx) => {
    const row = await tx.trustAnchor.create({ data: { name, certPem: a.pem, fingerprint: a.fingerprint, addedById: user.id } });
    await tx.adminLog.create({
      data: {
        actorId: user.id,
        action: "signature.anchor-add",
        target: `trustAnchor:${row.id}`,
        detail: { name, subject: a.subject, fingerprint: a.fingerprint },
      },
    });
    return row;
  });
}

export async function removeAnchor(prisma: PrismaClient, user: CurrentUser, id: number) {
  await prisma.$transaction(async (tx) => {
    const row = await tx.trustAnchor.findUnique({ where: { id } });
    if (!row) throw new AppError(404, "Akar kepercayaan itu tidak ada (mungkin sudah dihapus).", "NOT_FOUND");
    await tx.trustAnchor.delete({ where: { id } });
    await tx.adminLog.create({
      data: { actorId: user.id, action: "signature.anchor-remove", target: `trustAnchor:${id}`, detail: { name: row.name, fingerprint: row.fingerprint } },
    });
  });
}

/** For the admin page: each installed anchor with its subject and validity. */
export async function listAnchors(prisma: PrismaClient) {
  const rows = await prisma.trustAnchor.findMany({ orderBy: { id: "asc" } });
  return rows.map((r) => {
    const c = new X509Certificate(r.certPem);
    return {
      id: r.id,
      name: r.name,
      subject: c.subject.replace(/\n/g, ", "),
      validTo: new Date(c.validTo),
      fingerprint: r.fingerprint,
      createdAt: r.createdAt,
    };
  });
}
