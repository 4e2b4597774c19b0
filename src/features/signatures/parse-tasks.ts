// The signatures' parsing tasks, run in a parsing process (src/parse-child.ts): every
// PDF they open came from outside (an upload, a converted letter), and the local CA's
// work (RSA in JavaScript) would hold the event loop.
import { parseTask } from "../../platform/untrusted/task.js";
import type { Appearance, Pem, PdfVerification } from "../../platform/pdf-signing/index.js";

export type CaOutput = Pem;
export type IssueInput = {
  ca: Pem;
  who: { name: string; organization: string; title?: string; email?: string; nik?: string };
  passphrase: string;
};
export type IssueOutput = { p12Base64: string; subject: string; serial: string; notBefore: string; notAfter: string };
export type SignInput = {
  path: string;
  outPath: string;
  p12Base64: string;
  passphrase: string;
  reason: string;
  location: string;
  name: string;
  appearance: Omit<Appearance, "qrPng"> & { qrPngBase64: string };
};

/** The local CA, made once (features/signatures/providers/local-ca.ts keeps it). */
export const createCaTask = parseTask<{ commonName: string; organization: string }, CaOutput>("createSigningCa", 30_000);
/** A signer's certificate from the local CA, as a PKCS#12 under the signer's passphrase. */
export const issueCertificateTask = parseTask<IssueInput, IssueOutput>("issueSignerCertificate", 30_000);
/** Signs the PDF at `path` with the P12 (wrong passphrase: refused as "wrong-passphrase"); writes `outPath`. */
export const signPdfTask = parseTask<SignInput, { size: number }>("signPdf", 60_000);
/** The signatures in a PDF, checked against the trust anchors. */
export const verifyPdfTask = parseTask<{ path: string; anchors: string[] }, PdfVerification>("verifyPdfSignatures", 60_000);
