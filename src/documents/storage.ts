// Files on disk: outside the web root, under generated names, with their SHA-256.
// The content decides the type (file-type reads the magic bytes), never the name.
import { createHash, randomUUID } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileTypeFromBuffer } from "file-type";
import { AppError } from "../http/errors.js";

export const ALLOWED_TYPES: Record<string, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  jpg: "image/jpeg",
  png: "image/png",
};
export const ALLOWED_LABEL = "PDF, DOCX, XLSX, JPG atau PNG";

export type StoredFile = { storedName: string; sha256: string; size: number; mime: string; originalName: string };

export const uploadsDir = (dataDir: string) => path.join(dataDir, "uploads");
export const storedPath = (dataDir: string, storedName: string) => {
  // storedName is always ours (uuid.ext), but never trust a path from the database either.
  if (!/^[0-9a-f-]{36}\.[a-z]{3,4}$/.test(storedName)) throw new Error("bad stored name");
  return path.join(uploadsDir(dataDir), storedName);
};

/** A display name without any path, control characters or oddities; never used as a path. */
export function cleanFileName(name: string, ext: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "")
    .replace(/^\.+/, "")
    .trim()
    .slice(0, 150);
  const stem = cleaned.replace(/\.[^.]*$/, "") || "dokumen";
  return `${stem}.${ext}`;
}

export async function detectType(buffer: Buffer): Promise<{ ext: string; mime: string } | null> {
  const t = await fileTypeFromBuffer(buffer);
  if (!t || !Object.hasOwn(ALLOWED_TYPES, t.ext)) return null;
  return { ext: t.ext, mime: ALLOWED_TYPES[t.ext] };
}

/** Checks and writes an upload. Writes to a temporary name first, so a failure leaves nothing half-written. */
export async function storeUpload(dataDir: string, buffer: Buffer, originalName: string): Promise<StoredFile> {
  if (buffer.length === 0) throw new AppError(422, `Berkas "${cleanFileName(originalName, "")}" kosong.`, "EMPTY_FILE");
  const type = await detectType(buffer);
  if (!type) {
    throw new AppError(
      422,
      `Berkas "${cleanFileName(originalName, "").replace(/\.$/, "")}" bukan ${ALLOWED_LABEL} yang sah (isi berkas diperiksa, bukan namanya).`,
      "BAD_FILE_TYPE",
    );
  }
  const dir = uploadsDir(dataDir);
  await mkdir(dir, { recursive: true });
  const storedName = `${randomUUID()}.${type.ext}`;
  const tmp = path.join(dir, `.${storedName}.tmp`);
  try {
    await writeFile(tmp, buffer, { flag: "wx" });
    await rename(tmp, storedPath(dataDir, storedName));
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return {
    storedName,
    sha256: createHash("sha256").update(buffer).digest("hex"),
    size: buffer.length,
    mime: type.mime,
    originalName: cleanFileName(originalName, type.ext),
  };
}

export async function removeStored(dataDir: string, files: StoredFile[]): Promise<void> {
  await Promise.all(files.map((f) => rm(storedPath(dataDir, f.storedName), { force: true })));
}
