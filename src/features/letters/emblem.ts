// The city's emblem for the letterhead, uploaded by ADMIN (settings page): a PNG or
// JPEG of at most 1 MB and 3000 × 3000 pixels. The server checks only the size and
// the file's first bytes; the image itself is read in a parsing process (task
// checkImage, which decodes it with pdf-lib), never in the server. The checked image
// is kept in Blob and named in the setting "letters.emblem".
import type { PrismaClient } from "../../generated/prisma/client.js";
import { readBlob, type StoredFile } from "../../platform/files/blob-store.js";
import { AppError } from "../../platform/errors.js";
import { FileProblem } from "../../platform/untrusted/errors.js";
import type { Emblem } from "./render.js";

export const EMBLEM_MAX_BYTES = 1024 * 1024;
export const EMBLEM_MAX_PIXELS = 3000;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Why the image cannot be the emblem ("Berkas X ..." completes it); thrown in the parsing process. */
class ImageProblem extends FileProblem {}

/** Width and height of a PNG or JPEG, after decoding it (pdf-lib). Runs in a parsing process. */
export async function checkImage(bytes: Uint8Array, mime: string): Promise<{ width: number; height: number }> {
  if (mime === "image/png") {
    // The header's size first: a huge image is refused before it is decoded.
    const b = Buffer.from(bytes);
    if (b.length < 24 || !b.subarray(0, 8).equals(PNG)) throw new ImageProblem("bukan gambar PNG yang sah");
    const w = b.readUInt32BE(16);
    const h = b.readUInt32BE(20);
    if (!w || !h || w > EMBLEM_MAX_PIXELS || h > EMBLEM_MAX_PIXELS)
      throw new ImageProblem(`berukuran ${w} × ${h} piksel; paling besar ${EMBLEM_MAX_PIXELS} × ${EMBLEM_MAX_PIXELS}`);
  }
  const { PDFDocument } = await import("pdf-lib");
  const doc = await PDFDocument.create();
  let image;
  try {
    image = mime === "image/png" ? await doc.embedPng(bytes) : await doc.embedJpg(bytes);
  } catch {
    throw new ImageProblem("rusak atau bukan gambar PNG/JPEG yang dapat dibaca");
  }
  if (image.width > EMBLEM_MAX_PIXELS || image.height > EMBLEM_MAX_PIXELS)
    throw new ImageProblem(`berukuran ${image.width} × ${image.height} piksel; paling besar ${EMBLEM_MAX_PIXELS} × ${EMBLEM_MAX_PIXELS}`);
  // Decoding a PNG happens when it is written: do it here, not later in a letter.
  await doc.save();
  return { width: image.width, height: image.height };
}

/** The refusal when the upload cannot be the emblem before it is parsed (size, type); null when it may be checked. */
export function emblemUploadProblem(file: StoredFile): string | null {
  if (file.size > EMBLEM_MAX_BYTES)
    return `Lambang paling besar 1 MB; "${file.originalName}" ${(file.size / 1024 / 1024).toLocaleString("id-ID", { maximumFractionDigits: 1 })} MB.`;
  if (file.mime !== "image/png" && file.mime !== "image/jpeg") return `Lambang berupa gambar PNG atau JPEG; "${file.originalName}" bukan.`;
  return null;
}

/** The setting's value: "<sha256> <mime> <width> <height>". */
export const emblemSetting = (sha256: string, mime: string, size: { width: number; height: number }) => `${sha256} ${mime} ${size.width} ${size.height}`;

/** The emblem to place on letterheads, or null (a letterhead without it). */
export async function currentEmblem(prisma: Pick<PrismaClient, "setting" | "blobChunk">): Promise<Emblem | null> {
  const v = (await prisma.setting.findUnique({ where: { key: "letters.emblem" } }))?.value ?? "";
  const [, sha256, mime, width, height] = v.match(/^([0-9a-f]{64}) (image\/png|image\/jpeg) (\d{1,4}) (\d{1,4})$/) ?? [];
  if (!sha256 || !mime || !width || !height) return null;
  const bytes = await readBlob(prisma, sha256).catch(() => null);
  if (!bytes?.length) return null;
  return { base64: bytes.toString("base64"), mime: mime as Emblem["mime"], width: Number(width), height: Number(height) };
}

export const emblemError = (message: string) => new AppError(422, message, "BAD_EMBLEM");
