// Electronic signatures: the signing page of a document (mobile first), settling a
// signature whose outcome is unknown, the signer's certificate (local signer), ADMIN's
// trust anchors, and the public verification pages. Thin: parse, call, render.
import { Router, type Request, type Response } from "express";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Config } from "../../platform/config.js";
import type { Logger } from "../../platform/logger.js";
import { AppError } from "../../platform/errors.js";
import { flash } from "../../platform/http/flash.js";
import { perAddressLimit, publicPage, sharedLimit } from "../../platform/http/public-page.js";
import { filesOf, upload } from "../../platform/http/upload.js";
import { route } from "../../platform/http/validate.js";
import { userOf } from "../../platform/http/current-user.js";
import { adminOnly, loggedIn, signature } from "../../core/policies/index.js";
import { checkUpload } from "../../platform/files/blob-store.js";
import { signedInRecently, signInAgain } from "../auth/complete-login.js";
import { routes as s } from "./schema.js";
import { signingPage } from "./signing-page.js";
import { signDocument } from "./sign-document.js";
import { settleUnknown } from "./settle-unknown.js";
import { enrolSigner } from "./local-ca.js";
import { addAnchor, removeAnchor } from "./trust-anchors.js";
import { adminPage, certificatePage, documentOfRequest } from "./pages.js";
import { CONCLUSIONS, checkFile, describeSignature, signatureByToken } from "./verification.js";
import { makeProvider } from "./providers/index.js";
import type { SignatureProvider } from "./providers/provider.js";

/** The public check reads files anyone sends: smaller than an upload, and a shorter time in the parsing process. */
const PUBLIC_CHECK_MAX_BYTES = 10 * 1024 * 1024;

export type SignaturesFeature = { routes: Router; provider: SignatureProvider };

export function signaturesFeature(deps: { prisma: PrismaClient; config: Config; log: Logger }): SignaturesFeature {
  const { prisma, config } = deps;
  const provider = makeProvider(prisma, config, deps.log);
  const r = Router();
  const signing = { prisma, provider, appUrl: config.appUrl, timeoutMs: config.signTimeoutSeconds * 1000, log: deps.log };

  const renderSign = async (req: Request, res: Response, id: number, error?: string) => {
    const page = await signingPage(prisma, provider, userOf(req), id);
    res.status(error ? 422 : 200).render("signatures/sign", { title: `Tanda tangan: ${page.doc.kind}`, ...page, error: error ?? null });
  };

  r.get(
    "/dokumen/:id/tandatangan",
    loggedIn,
    route(s.page, async (req, res, { params }) => renderSign(req, res, params.id)),
  );

  r.post(
    "/dokumen/:id/tandatangan",
    loggedIn,
    route(s.sign, async (req, res, { params, body }) => {
      let out;
      try {
        out = await signDocument(signing, userOf(req), params.id, { kind: body.secretKind, value: body.secret });
      } catch (e) {
        // A refusal the signer can fix (wrong passphrase, no certificate): the page again, saying why.
        if (e instanceof AppError && [422, 429, 502, 503].includes(e.status)) {
          await renderSign(req, res, params.id, e.userMessage);
          return;
        }
        throw e;
      }
      if (out.status === "UNKNOWN") {
        flash(
          req,
          "error",
          "Layanan tanda tangan tidak menjawab tepat waktu, sehingga belum diketahui apakah dokumen sudah ditandatangani. Jangan mengulang: periksa dulu di aplikasi atau layanan tanda tangan, lalu selesaikan di bawah.",
        );
        res.redirect(`/dokumen/${params.id}/tandatangan`);
        return;
      }
      flash(
        req,
        "success",
        `${out.purpose === "paraf" ? "Paraf" : "Tanda tangan"} elektronik dibubuhkan: ${out.document.originalName} (versi ${out.document.version}).`,
      );
      res.redirect(`/dokumen/${out.document.id}/tandatangan`);
    }),
  );

  r.post(
    "/tandatangan/:id/selesaikan",
    loggedIn,
    route(s.settle, async (req, res, { params, body }) => {
      const documentId = await documentOfRequest(prisma, params.id);
      if (documentId === null) throw new AppError(404, "Permintaan tanda tangan tidak ditemukan.", "NOT_FOUND");
      try {
        await settleUnknown(
          prisma,
          userOf(req),
          params.id,
          body.outcome === "signed_elsewhere"
            ? { outcome: body.outcome, note: body.note, resultDocumentId: body.resultDocumentId ?? 0 }
            : { outcome: body.outcome, note: body.note },
        );
      } catch (e) {
        if (!(e instanceof AppError) || (e.status !== 422 && e.status !== 409)) throw e;
        flash(req, "error", e.userMessage);
        res.redirect(`/dokumen/${documentId}/tandatangan`);
        return;
      }
      flash(req, "success", "Hasil penandatanganan dicatat.");
      res.redirect(`/dokumen/${documentId}/tandatangan`);
    }),
  );

  // The signer's certificate (local signer) or their status at BSrE.
  const renderCertificate = async (req: Request, res: Response, error?: string) => {
    res.status(error ? 422 : 200).render("signatures/certificate", {
      title: "Tanda tangan elektronik",
      ...(await certificatePage(prisma, provider, config, userOf(req))),
      error: error ?? null,
    });
  };
  r.get(
    "/akun/tanda-tangan",
    loggedIn,
    route(s.certificate, async (req, res) => renderCertificate(req, res)),
  );
  r.post(
    "/akun/tanda-tangan",
    loggedIn,
    route(s.enrol, async (req, res, { body }) => {
      if (provider.id !== "local") throw new AppError(409, "Sertifikat diterbitkan oleh BSrE, bukan oleh aplikasi ini.", "NOT_LOCAL");
      if (!signature.signsDocuments(userOf(req)))
        throw new AppError(403, "Sertifikat tanda tangan hanya untuk pejabat yang menandatangani dokumen.", "FORBIDDEN");
      if (!signedInRecently(req)) {
        await signInAgain(req, res, "/akun/tanda-tangan", "Untuk membuat sertifikat tanda tangan, masuk lagi lebih dahulu.");
        return;
      }
      if (body.passphrase !== body.confirm) {
        await renderCertificate(req, res, "Passphrase dan ulangannya tidak sama.");
        return;
      }
      await enrolSigner(prisma, config.sessionSecret, userOf(req), body.passphrase);
      flash(req, "success", "Sertifikat tanda tangan dibuat. Simpan passphrase Anda baik-baik: aplikasi tidak menyimpannya dan tidak dapat memulihkannya.");
      res.redirect("/akun/tanda-tangan");
    }),
  );

  // ADMIN: the provider in use, the trust anchors, and signatures whose outcome is open.
  const admin = adminOnly("signatures");
  const renderAdmin = async (req: Request, res: Response, error?: string) => {
    res
      .status(error ? 422 : 200)
      .render("signatures/admin", { title: "Tanda tangan elektronik", ...(await adminPage(prisma, provider, config)), error: error ?? null });
  };
  r.get(
    "/admin/tanda-tangan",
    admin,
    route(s.admin, async (req, res) => renderAdmin(req, res)),
  );
  r.post(
    "/admin/tanda-tangan/akar",
    admin,
    route(s.addAnchor, async (req, res, { body }) => {
      try {
        await addAnchor(prisma, userOf(req), body.name, body.pem);
      } catch (e) {
        if (!(e instanceof AppError) || e.status !== 422) throw e;
        await renderAdmin(req, res, e.userMessage);
        return;
      }
      flash(req, "success", `Akar kepercayaan "${body.name}" dipasang. Semua PDF akan diperiksa ulang terhadapnya.`);
      res.redirect("/admin/tanda-tangan");
    }),
  );
  r.post(
    "/admin/tanda-tangan/akar/:id/hapus",
    admin,
    route(s.removeAnchor, async (req, res, { params }) => {
      await removeAnchor(prisma, userOf(req), params.id);
      flash(req, "success", "Akar kepercayaan dilepas. Semua PDF akan diperiksa ulang.");
      res.redirect("/admin/tanda-tangan");
    }),
  );

  // Public: a signature by the QR code's token, and a PDF someone holds.
  const publicVerify = publicPage({ perMinute: config.publicPerMinute, maxAge: 60 });
  r.get(
    "/verifikasi/ttd/:token",
    publicVerify,
    route(s.verifyToken, async (req, res, { params }) => {
      const v = await signatureByToken(prisma, params.token);
      res.status(v ? 200 : 404).render("signatures/verify-token", { title: "Verifikasi tanda tangan elektronik", v, conclusions: CONCLUSIONS });
    }),
  );
  // The file check has a form (its token is the anonymous CSRF cookie's): not a cacheable public page.
  // Each check takes the parsing process: a smaller budget per address than the pages.
  const fileCheck = [
    perAddressLimit({ perMinute: Math.min(10, config.publicPerMinute), keyPrefix: "verify-file" }),
    sharedLimit({ perMinute: 30, keyPrefix: "verify-file-all" }),
  ];
  r.get(
    "/verifikasi",
    perAddressLimit({ perMinute: config.publicPerMinute, keyPrefix: "verify-form" }),
    route(s.verifyForm, (req, res) => {
      res.render("signatures/verify-file", { title: "Periksa tanda tangan elektronik", result: null, conclusions: CONCLUSIONS });
    }),
  );
  r.post(
    "/verifikasi",
    ...fileCheck,
    ...upload("/verifikasi", config),
    route(s.verifyFile, async (req, res) => {
      const f = filesOf(req).find((x) => x.fieldname === "file");
      if (!f) throw new AppError(422, "Pilih berkas PDF yang akan diperiksa.", "NO_FILE");
      if (f.size > PUBLIC_CHECK_MAX_BYTES)
        throw new AppError(413, `Berkas terlalu besar untuk diperiksa di sini (paling besar ${PUBLIC_CHECK_MAX_BYTES / 1024 / 1024} MB).`, "TOO_LARGE");
      const stored = await checkUpload({ path: f.path }, f.originalname);
      if (stored.mime !== "application/pdf") throw new AppError(422, "Yang dapat diperiksa adalah berkas PDF.", "NOT_PDF");
      const result = await checkFile(prisma, { path: f.path }, stored.sha256);
      res.render("signatures/verify-file", {
        title: "Periksa tanda tangan elektronik",
        conclusions: CONCLUSIONS,
        result: {
          name: f.originalname,
          sha256: result.sha256,
          unreadable: result.unreadable,
          conclusion: result.verification?.conclusion ?? (result.unreadable ? "UNREADABLE" : null),
          signatures: (result.verification?.signatures ?? []).map(describeSignature),
          known: result.known,
        },
      });
    }),
  );

  return { routes: r, provider };
}
