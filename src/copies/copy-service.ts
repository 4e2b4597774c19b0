// Numbered copies (salinan bernomor): when a MoU or PKS gets its register number
// (rows 13 and 18), the latest signed document is stamped with the number, its date
// and a QR code to /verifikasi/:token, and kept as a new document on the case, in the
// numbering's own transaction. Anyone holding a copy can check it there without
// logging in; the token names the number and nothing else.
import { randomBytes } from "node:crypto";
import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import type { NumberKind } from "../generated/prisma/enums.js";
import { insertDocuments } from "../documents/document-rows.js";
import type { DocKind } from "../documents/kinds.js";
import { checkUpload, readBlob } from "../documents/storage.js";
import { AppError } from "../http/errors.js";
import { formatDate } from "../time.js";
import { naskahLabel } from "../workflow/kinds.js";
import { stampCopy, StampError } from "./stamp.js";

type Tx = Prisma.TransactionClient;

/** Which signed document a number stamps, and the kind of the copy it makes. */
export const COPY_KINDS: Record<NumberKind, { signed: DocKind; copy: DocKind }> = {
  MOU: { signed: "mou_signed", copy: "mou_bernomor" },
  PKS: { signed: "pks_signed", copy: "pks_bernomor" },
};

/** 128 random bits, URL-safe: unguessable, and it says nothing about the number. */
export const newVerifyToken = () => randomBytes(16).toString("base64url");
export const VERIFY_TOKEN = /^[A-Za-z0-9_-]{22}$/;
export const verifyUrl = (appUrl: string, token: string) => `${appUrl.replace(/\/+$/, "")}/verifikasi/${token}`;

/**
 * Stamps the case's latest signed MoU/PKS with this register number and records the
 * copy. Throws 422 naming the file when it cannot be opened (the caller's transaction
 * then gives the number back).
 */
export async function makeNumberedCopy(tx: Tx, input: { numberId: number; userId: number; appUrl: string; now: Date; rowNo?: number }) {
  const n = await tx.registerNumber.findUniqueOrThrow({ where: { id: input.numberId } });
  const c = await tx.case.findUniqueOrThrow({ where: { id: n.caseId }, select: { id: true, jenis: true, currentRow: true } });
  const kinds = COPY_KINDS[n.kind];
  const label = naskahLabel(c.jenis, n.kind);
  const signed = await tx.document.findFirst({ where: { caseId: c.id, kind: kinds.signed }, orderBy: { version: "desc" } });
  if (!signed) throw new AppError(422, `Belum ada berkas ${label} yang ditandatangani untuk diberi nomor.`, "NO_SIGNED_DOC");
  const token = n.verifyToken ?? newVerifyToken();
  let bytes: Buffer;
  try {
    bytes = await stampCopy(await readBlob(tx, signed.sha256), signed.mime, {
      label,
      number: n.number,
      dateText: formatDate(n.createdAt),
      url: verifyUrl(input.appUrl, token),
    });
  } catch (e) {
    if (!(e instanceof StampError)) throw e;
    throw new AppError(
      422,
      `Berkas ${label} yang ditandatangani ("${signed.originalName}", versi ${signed.version}) ${e.message}, sehingga nomor tidak dapat dibubuhkan. Unggah pindaian PDF atau gambar JPG/PNG yang dapat dibuka sebagai versi baru, lalu beri nomor lagi.`,
      "UNSTAMPABLE",
    );
  }
  const file = await checkUpload(bytes, `Salinan bernomor ${label} ${n.number.replace(/[/\\]/g, "-")}.pdf`);
  const [doc] = await insertDocuments(tx, c.id, input.rowNo ?? c.currentRow ?? 0, input.userId, [{ kind: kinds.copy, file }], input.now);
  await tx.registerNumber.update({ where: { id: n.id }, data: { verifyToken: token, copyId: doc.id } });
  return { document: doc, token };
}

/** The copy that goes out at distribution: the one stamped with the kind's valid number, if any. */
export async function currentCopy(tx: Tx | PrismaClient, caseId: number, kind: NumberKind) {
  const n = await tx.registerNumber.findFirst({ where: { caseId, kind, voidedAt: null }, orderBy: { id: "desc" }, include: { copy: true } });
  return { number: n, copy: n?.copy ?? null };
}

export type Verification = {
  number: string;
  label: string;
  partnerNumber: string | null;
  parties: string[];
  numberedOn: Date;
  signedOn: Date | null;
  startDate: Date | null;
  endDate: Date | null;
  sha256: string | null;
  voidedAt: Date | null;
};

/** What the public verification page shows for a token, or null when there is none. Nothing else of the case. */
export async function verification(prisma: PrismaClient, token: string): Promise<Verification | null> {
  if (!VERIFY_TOKEN.test(token)) return null;
  const n = await prisma.registerNumber.findUnique({
    where: { verifyToken: token },
    select: {
      number: true, kind: true, partnerNumber: true, createdAt: true, voidedAt: true,
      copy: { select: { sha256: true } },
      case: { select: { jenis: true, partnerName: true, signedMouOn: true, mouEnd: true, signedPksOn: true, agreementStart: true, agreementEnd: true } },
    },
  });
  if (!n) return null;
  const c = n.case;
  const mou = n.kind === "MOU";
  return {
    number: n.number,
    label: naskahLabel(c.jenis, n.kind),
    partnerNumber: n.partnerNumber,
    parties: ["Pemerintah Kota Yogyakarta", ...(c.partnerName ? [c.partnerName] : [])],
    numberedOn: n.createdAt,
    signedOn: mou ? c.signedMouOn : c.signedPksOn,
    startDate: mou ? c.signedMouOn : c.agreementStart,
    endDate: mou ? c.mouEnd : c.agreementEnd,
    sha256: n.copy?.sha256 ?? null,
    voidedAt: n.voidedAt,
  };
}
