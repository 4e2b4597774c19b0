// Signing a case document electronically: one paraf or signature, by the holder of the
// document's next signing step (core/sop/signing.ts), through the configured
// provider. The request is written before the provider is called and settled after
// it: a call without an answer in time leaves it UNKNOWN, and the document cannot be
// signed again until a person settles it (settle-unknown.ts): never resent blindly.
// The passphrase or OTP is passed to the provider and nowhere else.
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { viaDelegation, type CurrentUser, type RoleName } from "../../core/users/roles.js";
import { SIGN_PURPOSES, signingRuleOf, type SignStep } from "../../core/sop/signing.js";
import { DOCUMENT_KINDS, type DocKind } from "../../core/documents/kinds.js";
import { signingState } from "../../core/policies/signature.js";
import { insertDocuments } from "../../core/documents/document-rows.js";
import { checkUpload, readBlob } from "../../platform/files/blob-store.js";
import { AppError, conflict, forbidden } from "../../platform/errors.js";
import { formatDateTime } from "../../platform/time.js";
import type { Logger } from "../../platform/logger.js";
import { must } from "../../platform/must.js";
import { recordOnTimeline } from "../cases/timeline.js";
import { notify } from "../notifications/notification-service.js";
import { usersHolding } from "../notifications/holders.js";
import { signingSubject } from "./signing-subject.js";
import { signerOf } from "./pages.js";
import { verifyBytes } from "./check-pdfs.js";
import { trustAnchors } from "./trust-anchors.js";
import { ProviderUnavailable, SignOutcomeUnknown, SignRefused, type SignatureProvider, type SignSecret, type VisibleSignature } from "./providers/provider.js";

/** Wrong passphrases or OTPs per signer within the window before signing is refused for a while. */
export const MAX_WRONG_SECRETS = 5;
const WRONG_SECRET_WINDOW_MS = 15 * 60_000;

export type SigningDeps = { prisma: PrismaClient; provider: SignatureProvider; appUrl: string; timeoutMs: number; log?: Logger };

export const newSignatureToken = () => randomBytes(16).toString("base64url");
export const signatureUrl = (appUrl: string, token: string) => `${appUrl.replace(/\/+$/, "")}/verifikasi/ttd/${token}`;

/** The position a step is signed as: "Plh Kepala Bagian Kerjasama (...)" when held for someone away. */
function signerAs(user: CurrentUser, step: SignStep, role: RoleName): string {
  const via = viaDelegation(user, role);
  return via ? `${via.kind === "PLH" ? "Plh" : "Plt"} ${step.as} (${via.absentName})` : step.as;
}

/**
 * Where a signature goes on the last page: the paraf small at the left, the signature
 * at the right with its QR code; each one already on the file moves the next one up.
 */
export function placement(purpose: SignStep["purpose"], index: number): Pick<VisibleSignature, "page" | "x" | "y" | "width" | "height"> {
  const row = 36 + index * 78;
  return purpose === "paraf" ? { page: 9999, x: 36, y: row, width: 170, height: 64 } : { page: 9999, x: 300, y: row, width: 260, height: 72 };
}

export type SignOutcome =
  | { status: "SIGNED"; document: { id: number; kind: string; version: number; originalName: string }; purpose: string }
  | { status: "UNKNOWN"; requestId: number };

export async function signDocument(
  deps: SigningDeps,
  user: CurrentUser & { email?: string | null; nik?: string | null },
  documentId: number,
  secret: SignSecret,
  now = new Date(),
): Promise<SignOutcome> {
  const { prisma, provider } = deps;
  const s = await signingSubject(prisma, user, documentId);
  const state = signingState(user, s.subject);
  if (state.reason) throw state.forbidden ? forbidden(state.reason) : conflict(state.reason);
  const step = must(state.step, "the step the policy allowed");
  const role = must(state.role, "the role the policy allowed");
  const rule = must(signingRuleOf(s.doc.kind), "the signing rule of a signable kind");
  if (s.open) throw conflict(openMessage(s.open.user.fullName));
  if (!provider.secretKinds.includes(secret.kind))
    throw new AppError(422, `${provider.label} tidak menerima ${secret.kind === "totp" ? "OTP" : "passphrase"}.`, "BAD_SECRET_KIND");

  // Wrong passphrases are counted per signer: a guesser (someone who knows the account's password) is slowed to a stop.
  const wrong = await prisma.signatureRequest.count({
    where: { userId: user.id, status: "FAILED", error: { startsWith: "WRONG_SECRET" }, startedAt: { gte: new Date(now.getTime() - WRONG_SECRET_WINDOW_MS) } },
  });
  if (wrong >= MAX_WRONG_SECRETS)
    throw new AppError(
      429,
      "Passphrase atau OTP salah terlalu sering. Tunggu 15 menit sebelum mencoba lagi; bila lupa passphrase, buat sertifikat baru.",
      "TOO_MANY_WRONG",
    );
  const signer = await signerOf(prisma, user);
  const status = await provider.status(signer);
  if (status.state !== "READY") throw new AppError(status.state === "UNAVAILABLE" ? 503 : 422, status.message, `SIGNER_${status.state}`);

  // The request first, committed: whatever happens to the call, it is on record.
  const as = signerAs(user, step, role);
  const token = newSignatureToken();
  let request;
  try {
    request = await prisma.signatureRequest.create({
      data: {
        caseId: s.doc.caseId,
        documentId: s.doc.id,
        openFor: s.doc.id,
        userId: user.id,
        purpose: step.purpose,
        signerAs: as,
        provider: provider.id,
        verifyToken: token,
        startedAt: now,
      },
    });
  } catch (e) {
    // One open request per document (openFor is unique): another tab is signing it now.
    if ((e as { code?: string }).code === "P2002")
      throw conflict("Dokumen ini sedang ditandatangani dari jendela atau perangkat lain. Tunggu sebentar, lalu muat ulang halaman.");
    throw e;
  }

  const url = signatureUrl(deps.appUrl, token);
  const existing = s.subject.done.filter((p) => p === step.purpose).length;
  const visible: VisibleSignature = {
    ...placement(step.purpose, existing),
    // Loaded when first used, like every drawing library (test/unit/lazy-libraries.test.ts).
    qrPng: await (await import("qrcode")).default.toBuffer(url, { errorCorrectionLevel: "M", margin: 1, width: 240 }),
    lines:
      step.purpose === "paraf"
        ? [`Paraf: ${user.fullName}`, as, formatDateTime(now)]
        : ["Ditandatangani secara elektronik oleh", user.fullName, as, formatDateTime(now), url],
  };
  const pdf = await readBlob(prisma, s.doc.sha256);
  // How many signatures the file carries before: the provider's file must carry one more, intact.
  const before = pdf.includes("/ByteRange") ? countSignatures(pdf) : 0;
  const settle = (data: { status: "FAILED" | "UNKNOWN"; error: string }) =>
    prisma.signatureRequest.update({
      where: { id: request.id },
      // An unknown outcome keeps the document closed to signing until a person settles it.
      data: { ...data, error: data.error.slice(0, 500), finishedAt: new Date(), ...(data.status === "FAILED" ? { openFor: null } : {}) },
    });

  let signed: Buffer;
  let providerTime: Date | null;
  try {
    const r = await provider.sign(
      { pdf, signer, secret, reason: step.purpose === "paraf" ? `Paraf ${as}` : `Ditandatangani oleh ${as}`, location: "Yogyakarta", visible },
      { timeoutMs: deps.timeoutMs },
    );
    signed = r.pdf;
    providerTime = r.providerTime;
  } catch (e) {
    if (e instanceof SignRefused) {
      await settle({ status: "FAILED", error: `${e.code}: ${e.detail || e.userMessage}` });
      throw new AppError(e.code === "PROVIDER_ERROR" ? 502 : 422, e.userMessage, `SIGN_${e.code}`);
    }
    if (e instanceof ProviderUnavailable) {
      await settle({ status: "FAILED", error: `not sent: ${e.detail}` });
      throw new AppError(
        503,
        `Layanan tanda tangan (${provider.label}) tidak dapat dihubungi, sehingga dokumen belum dikirim dan belum ditandatangani. Coba lagi beberapa saat lagi.`,
        "SIGN_UNAVAILABLE",
      );
    }
    // Sent and no answer, or anything else after sending: the outcome is unknown.
    await settle({ status: "UNKNOWN", error: e instanceof SignOutcomeUnknown ? e.detail : String(e) });
    deps.log?.warn({ requestId: request.id, documentId, provider: provider.id, err: e instanceof Error ? e.message : String(e) }, "signature outcome unknown");
    return { status: "UNKNOWN", requestId: request.id };
  }

  // The file the provider gave back must carry an intact signature more than it was sent with.
  const anchors = await trustAnchors(prisma);
  let check = null;
  for (let attempt = 0; attempt < 2 && !check; attempt++) {
    try {
      check = await verifyBytes(signed, anchors);
    } catch {
      // The parsing process was busy or slow: once more after a moment, then the outcome is unknown.
      if (attempt === 0) await new Promise((r) => setTimeout(r, 2000));
    }
  }
  const last = check?.signatures.at(-1);
  if (!check || !last || !last.integrityValid || check.signatureCount <= before) {
    await settle({ status: "UNKNOWN", error: "the provider's file does not carry an intact new signature" });
    deps.log?.error({ requestId: request.id, documentId, provider: provider.id }, "signed file failed its own check");
    return { status: "UNKNOWN", requestId: request.id };
  }

  const final = rule.steps.at(-1) === step;
  const kind: DocKind = final && rule.signedKind ? rule.signedKind : (s.doc.kind as DocKind);
  const base = s.doc.originalName.replace(/\.pdf$/i, "").replace(/ \((paraf|ditandatangani)\)$/, "");
  const file = await checkUpload(signed, `${base} (${step.purpose === "paraf" ? "paraf" : "ditandatangani"}).pdf`);
  const next = rule.steps[rule.steps.indexOf(step) + 1];
  const doc = await prisma.$transaction(async (tx) => {
    const d = must(
      (await insertDocuments(tx, s.doc.caseId, must(s.case.currentRow, "an open case's row"), user.id, [{ kind, file, from: s.doc }], now))[0],
      "the signed document",
    );
    // Still this call's: nobody settled it meanwhile (a settled request is never signed over).
    const mine = await tx.signatureRequest.updateMany({
      where: { id: request.id, status: "PENDING" },
      data: { status: "SIGNED", openFor: null, resultDocumentId: d.id, finishedAt: new Date(), providerTime },
    });
    if (mine.count !== 1) throw conflict("Penandatanganan ini sudah diselesaikan oleh orang lain sementara berjalan. Muat ulang halaman dokumen.");
    await tx.pdfSignatureCheck.upsert({
      where: { sha256: file.sha256 },
      create: { sha256: file.sha256, conclusion: check.conclusion, signatures: check.signatures, anchors: anchors.hash, checkedAt: new Date() },
      update: { conclusion: check.conclusion, signatures: check.signatures, anchors: anchors.hash, checkedAt: new Date(), leaseUntil: null, error: null },
    });
    await recordOnTimeline(tx, s.doc.caseId, {
      actorId: user.id,
      role,
      action: "tanda_tangan",
      createdAt: now,
      data: {
        label: `${DOCUMENT_KINDS[s.doc.kind as DocKind]}: ${SIGN_PURPOSES[step.purpose].toLowerCase()} elektronik ${as} (${provider.label})`,
        requestId: request.id,
        purpose: step.purpose,
        provider: provider.id,
        signer: user.fullName,
        documents: [{ id: d.id, kind: d.kind, version: d.version }],
      },
    });
    if (next) {
      const ids = await usersHolding(tx, next.roles, null);
      await notify(tx, ids, {
        kind: "SIGNATURE",
        title: `${DOCUMENT_KINDS[kind]} "${s.case.title.slice(0, 120)}" menunggu ${next.purpose === "paraf" ? "paraf" : "tanda tangan"} Anda`,
        link: `/dokumen/${d.id}/tandatangan`,
        dedupe: `sign:${d.id}`,
      });
    }
    return d;
  });
  return { status: "SIGNED", document: { id: doc.id, kind: doc.kind, version: doc.version, originalName: doc.originalName }, purpose: step.purpose };
}

/** Signature dictionaries in a file, as the verifier finds them (its byte ranges). */
const countSignatures = (pdf: Buffer) => pdf.toString("latin1").match(/\/ByteRange\s*\[/g)?.length ?? 0;

export const openMessage = (who: string) =>
  `Penandatanganan dokumen ini oleh ${who} belum jelas hasilnya (layanan tidak menjawab tepat waktu). Agar tidak ditandatangani dua kali, dokumen ini tidak dapat ditandatangani lagi sampai hasil itu diperiksa dan diselesaikan di halaman tanda tangannya.`;
