// What the public verification pages show: a signature by its token (the QR code on the
// signed page), and the signatures in a PDF someone holds, checked in a parsing
// process and matched with the documents the city keeps. Nothing of a case but the
// document's kind, the signer, the time and the file's fingerprint.
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { PdfVerification, SignatureInfo } from "../../platform/pdf-signing/index.js";
import { DOCUMENT_KINDS } from "../../core/documents/kinds.js";
import { SIGN_PURPOSES } from "../../core/sop/signing.js";
import { verifyBytes } from "./check-pdfs.js";
import { trustAnchors } from "./trust-anchors.js";

export const SIGNATURE_TOKEN = /^[A-Za-z0-9_-]{22}$/;

/** The result of a check, in words for the page: its headline and tone. */
export const CONCLUSIONS: Record<string, { label: string; tone: "success" | "warning" | "error" | "info" }> = {
  VALID: { label: "Tanda tangan elektronik sah dan dokumen tidak berubah sejak ditandatangani", tone: "success" },
  UNTRUSTED: { label: "Dokumen tidak berubah, tetapi sertifikat penanda tangan tidak berasal dari penerbit yang dipercaya", tone: "warning" },
  MODIFIED: { label: "Dokumen diubah setelah ditandatangani", tone: "error" },
  INVALID: { label: "Tanda tangan rusak: isi dokumen tidak sama dengan yang ditandatangani", tone: "error" },
  NO_SIGNATURE: { label: "Tidak ada tanda tangan elektronik dalam berkas ini", tone: "info" },
  UNREADABLE: { label: "Berkas tidak dapat dibaca sebagai PDF", tone: "error" },
};

const kindLabel = (k: string) => (DOCUMENT_KINDS as Record<string, string | undefined>)[k] ?? "Dokumen";

export async function signatureByToken(prisma: PrismaClient, token: string) {
  if (!SIGNATURE_TOKEN.test(token)) return null;
  const r = await prisma.signatureRequest.findUnique({
    where: { verifyToken: token },
    select: {
      purpose: true,
      signerAs: true,
      provider: true,
      status: true,
      startedAt: true,
      finishedAt: true,
      user: { select: { fullName: true } },
      document: { select: { kind: true } },
      resultDocument: { select: { kind: true, sha256: true } },
    },
  });
  if (!r) return null;
  const check = r.resultDocument ? await prisma.pdfSignatureCheck.findUnique({ where: { sha256: r.resultDocument.sha256 } }) : null;
  return {
    signed: r.status === "SIGNED",
    status: r.status,
    purpose: (SIGN_PURPOSES as Record<string, string | undefined>)[r.purpose] ?? r.purpose,
    signer: r.user.fullName,
    as: r.signerAs,
    provider: r.provider === "bsre" ? "BSrE (BSSN)" : "Penanda tangan lokal Pemerintah Kota Yogyakarta",
    at: r.finishedAt ?? r.startedAt,
    kind: kindLabel(r.resultDocument?.kind ?? r.document.kind),
    sha256: r.resultDocument?.sha256 ?? null,
    conclusion: check?.conclusion ?? null,
  };
}

export type FileCheck = {
  sha256: string;
  verification: PdfVerification | null;
  unreadable: string | null;
  /** The city's documents with exactly these bytes. */
  known: { kind: string; version: number; signatures: { purpose: string; signer: string; as: string; at: Date }[] }[];
};

/** Checks a PDF someone holds (the upload's temporary file), and finds it among the city's documents. */
export async function checkFile(prisma: PrismaClient, file: { path: string }, sha256: string): Promise<FileCheck> {
  const anchors = await trustAnchors(prisma);
  let verification: PdfVerification | null = null;
  let unreadable: string | null = null;
  try {
    verification = await verifyBytes(file, anchors, { timeMs: 20_000 });
  } catch (e) {
    unreadable = e instanceof Error ? e.message : "tidak dapat dibaca";
  }
  const docs = await prisma.document.findMany({
    where: { sha256 },
    select: {
      kind: true,
      version: true,
      signedBy: { where: { status: "SIGNED" }, select: { purpose: true, signerAs: true, finishedAt: true, user: { select: { fullName: true } } } },
    },
    take: 5,
  });
  return {
    sha256,
    verification,
    unreadable,
    known: docs.map((d) => ({
      kind: kindLabel(d.kind),
      version: d.version,
      signatures: d.signedBy.map((s) => ({
        purpose: (SIGN_PURPOSES as Record<string, string | undefined>)[s.purpose] ?? s.purpose,
        signer: s.user.fullName,
        as: s.signerAs,
        at: s.finishedAt ?? new Date(0),
      })),
    })),
  };
}

/** One signature's lines for the page, in Indonesian. */
export function describeSignature(s: SignatureInfo) {
  const facts: string[] = [];
  facts.push(s.integrityValid ? "Isi yang ditandatangani utuh" : "Isi tidak sama dengan yang ditandatangani");
  if (s.changedAfter === "signed_revisions") facts.push("Sesudahnya hanya ditambah tanda tangan lain");
  if (s.changedAfter === "unsigned_changes") facts.push("Sesudahnya berkas diubah tanpa tanda tangan");
  facts.push(s.certificateTrusted ? "Sertifikat dari penerbit yang dipercaya" : "Sertifikat tidak dari penerbit yang dipercaya");
  if (!s.certificateValidAtSigning) facts.push("Sertifikat tidak berlaku pada waktu penandatanganan");
  facts.push(s.timestamped ? "Bercap waktu (timestamp)" : "Tanpa cap waktu dari pihak ketiga");
  return {
    signer: s.signerName ?? "(tidak terbaca)",
    issuer: s.issuerName ?? "—",
    at: s.signedAt ? new Date(s.signedAt) : null,
    reason: s.reason,
    ok: s.integrityValid && s.certificateTrusted && s.certificateValidAtSigning && s.changedAfter !== "unsigned_changes",
    facts,
    problem: s.problem,
  };
}
