// The city's own signing CA, for the local signer: made once, when first needed, in a
// parsing process (RSA key and certificate), its key sealed with SESSION_SECRET. A
// signer's certificate is issued by it into a PKCS#12 under the signer's passphrase,
// which is never stored: only the signer can sign with it.
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { open, seal } from "../../platform/secret-box.js";
import { runUntrusted } from "../../platform/untrusted/sandbox.js";
import { notify } from "../notifications/notification-service.js";
import { AppError } from "../../platform/errors.js";
import { signature } from "../../core/policies/index.js";
import { createCaTask, issueCertificateTask } from "./parse-tasks.js";
import type { Pem } from "../../platform/pdf-signing/index.js";

const CA_NAME = { commonName: "CA Tanda Tangan Elektronik Pemerintah Kota Yogyakarta (lokal)", organization: "Pemerintah Kota Yogyakarta" };

/** The local CA's certificate, when it has been made (a trust anchor of its own). */
export async function localCaCert(prisma: PrismaClient): Promise<string | null> {
  return (await prisma.localSigningCa.findUnique({ where: { id: 1 }, select: { certPem: true } }))?.certPem ?? null;
}

/** The local CA, made on first use; two makers at once keep the first one's. */
export async function localCa(prisma: PrismaClient, appSecret: string): Promise<Pem> {
  let row = await prisma.localSigningCa.findUnique({ where: { id: 1 } });
  if (!row) {
    const made = await runUntrusted(createCaTask, CA_NAME);
    await prisma.localSigningCa.createMany({
      data: [{ id: 1, certPem: made.certPem, keySealed: seal(appSecret, made.keyPem, "signing-ca-key") }],
      skipDuplicates: true,
    });
    row = await prisma.localSigningCa.findUniqueOrThrow({ where: { id: 1 } });
  }
  const keyPem = open(appSecret, row.keySealed, "signing-ca-key");
  if (!keyPem)
    throw new AppError(
      503,
      "Kunci CA tanda tangan lokal tidak dapat dibuka (SESSION_SECRET berubah?). Administrator perlu memeriksa pengaturan server.",
      "SIGNING_CA_LOCKED",
    );
  return { certPem: row.certPem, keyPem };
}

/** The signer's PKCS#12 (base64) from its stored form, or null when SESSION_SECRET changed. */
export const openP12 = (appSecret: string, stored: Uint8Array) => open(appSecret, Buffer.from(stored).toString("utf8"), "signer-p12");

/** The user's certificate that signs now: not revoked, within its validity. */
export const activeCertificate = (prisma: PrismaClient, userId: number, now = new Date()) =>
  prisma.signerCertificate.findFirst({
    where: { userId, revokedAt: null, notBefore: { lte: now }, notAfter: { gt: now } },
    orderBy: { id: "desc" },
  });

export const MIN_PASSPHRASE = 8;

/**
 * Issues the user a new certificate under `passphrase` (the old one is revoked: a
 * forgotten passphrase is replaced, never recovered). Returns the new certificate's row.
 */
export async function enrolSigner(prisma: PrismaClient, appSecret: string, user: CurrentUser, passphrase: string, now = new Date()) {
  if (!signature.signsDocuments(user)) throw new AppError(403, "Sertifikat tanda tangan hanya untuk pejabat yang menandatangani dokumen.", "FORBIDDEN");
  if (passphrase.length < MIN_PASSPHRASE) throw new AppError(422, `Passphrase minimal ${MIN_PASSPHRASE} karakter.`, "SHORT_PASSPHRASE");
  const me = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { email: true, nik: true } });
  const ca = await localCa(prisma, appSecret);
  const out = await runUntrusted(issueCertificateTask, {
    ca,
    who: {
      name: user.fullName,
      organization: "Pemerintah Kota Yogyakarta",
      ...(me.email ? { email: me.email } : {}),
      ...(me.nik ? { nik: me.nik } : {}),
    },
    passphrase,
  });
  return prisma.$transaction(async (tx) => {
    await tx.signerCertificate.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: now } });
    await tx.adminLog.create({ data: { actorId: user.id, action: "signature.enrol", target: `user:${user.id}` } });
    // The official hears of every new certificate (in the app and by e-mail): one made by someone who learnt their password shows.
    await notify(tx, [user.id], {
      kind: "SECURITY",
      title:
        "Sertifikat tanda tangan elektronik baru dibuat untuk akun Anda. Bila bukan Anda yang membuatnya, segera hubungi administrator dan ganti kata sandi.",
      link: "/akun/tanda-tangan",
    });
    return tx.signerCertificate.create({
      data: {
        userId: user.id,
        // Sealed with the server's key as well as the signer's passphrase: a copy of the database (a backup) is not enough to try passphrases on.
        p12: Buffer.from(seal(appSecret, out.p12Base64, "signer-p12"), "utf8"),
        subject: out.subject,
        serial: out.serial,
        notBefore: new Date(out.notBefore),
        notAfter: new Date(out.notAfter),
        createdAt: now,
      },
    });
  });
}
