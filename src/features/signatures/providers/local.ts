// The local signer: PAdES with the city's own CA (local-ca.ts), for development, tests
// and cities without BSrE access. The same signing path as BSrE: status, then one sign
// call. The PDF is signed in a parsing process (it may have come from anyone); the
// passphrase opens the signer's PKCS#12 there and goes nowhere else.
import { rm } from "node:fs/promises";
import type { PrismaClient } from "../../../generated/prisma/client.js";
import { UntrustedFileError } from "../../../platform/untrusted/errors.js";
import { outputPath, runUntrusted, takeOutput, withSourceFile } from "../../../platform/untrusted/sandbox.js";
import { activeCertificate, openP12 } from "../local-ca.js";
import { signPdfTask } from "../parse-tasks.js";
import {
  ProviderUnavailable,
  SignRefused,
  type SignatureProvider,
  type SignerIdentity,
  type SignerStatus,
  type SignRequest,
  type SignResult,
} from "./provider.js";

export class LocalProvider implements SignatureProvider {
  readonly id = "local" as const;
  readonly label = "Penanda tangan lokal (CA Pemerintah Kota Yogyakarta)";
  readonly secretKinds = ["passphrase"] as const;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly appSecret: string,
  ) {}

  async status(signer: SignerIdentity): Promise<SignerStatus> {
    const now = new Date();
    if (await activeCertificate(this.prisma, signer.userId, now)) return { state: "READY" };
    const any = await this.prisma.signerCertificate.findFirst({ where: { userId: signer.userId, revokedAt: null } });
    return any
      ? { state: "NO_CERTIFICATE", message: "Sertifikat tanda tangan Anda sudah tidak berlaku. Buat yang baru di Akun → Tanda tangan elektronik." }
      : { state: "NOT_REGISTERED", message: "Anda belum memiliki sertifikat tanda tangan. Buat lebih dahulu di Akun → Tanda tangan elektronik (sekali saja)." };
  }

  async sign(req: SignRequest, opts: { timeoutMs: number }): Promise<SignResult> {
    if (req.secret.kind !== "passphrase") throw new SignRefused("WRONG_SECRET", "Penanda tangan lokal memakai passphrase, bukan OTP.");
    const cert = await activeCertificate(this.prisma, req.signer.userId);
    if (!cert) throw new SignRefused("NO_CERTIFICATE", "Anda belum memiliki sertifikat tanda tangan yang berlaku.");
    const p12Base64 = openP12(this.appSecret, cert.p12);
    if (!p12Base64)
      throw new SignRefused(
        "NO_CERTIFICATE",
        "Sertifikat tanda tangan Anda tidak dapat dibuka di server ini (kunci server berubah). Buat sertifikat baru di Akun → Tanda tangan elektronik.",
      );
    const outPath = outputPath("pdf");
    try {
      await withSourceFile(req.pdf, "pdf", (path) =>
        runUntrusted(
          signPdfTask,
          {
            path,
            outPath,
            p12Base64,
            passphrase: req.secret.value,
            reason: req.reason,
            location: req.location,
            name: req.signer.name,
            appearance: {
              page: req.visible.page,
              x: req.visible.x,
              y: req.visible.y,
              width: req.visible.width,
              height: req.visible.height,
              lines: req.visible.lines,
              qrPngBase64: req.visible.qrPng.toString("base64"),
            },
          },
          { timeMs: opts.timeoutMs },
        ),
      );
      return { pdf: await takeOutput(outPath), providerTime: null };
    } catch (e) {
      await rm(outPath, { force: true });
      if (!(e instanceof UntrustedFileError)) throw e;
      if (e.reason === "locked") throw new SignRefused("WRONG_SECRET", "Passphrase salah. Ketik ulang passphrase sertifikat tanda tangan Anda.");
      // Nothing left this server: another try is safe.
      if (e.transient) throw new ProviderUnavailable(e.message);
      throw new SignRefused("BAD_DOCUMENT", `Berkas PDF ini tidak dapat ditandatangani: berkas ${e.message}.`, e.detail ?? e.message);
    }
  }
}
