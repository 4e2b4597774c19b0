// Document bytes live in the database (Blob, BlobChunk), content-addressed by
// SHA-256. An upload's bytes are committed before its document row (storeBytes); the
// files the app draws are written in their row's transaction (writeBlob). An upload is
// first checked here: the content decides the type (file-type reads the magic
// bytes), never the name, and the name is only ever shown.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { open, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Response } from "express";
import type { PlainTransaction } from "../db/client.js";
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import { AppError } from "../errors.js";
import { must } from "../must.js";

export const ALLOWED_TYPES: Record<string, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  jpg: "image/jpeg",
  png: "image/png",
};
export const ALLOWED_LABEL = "PDF, DOCX, XLSX, JPG atau PNG";
/**
 * Bytes are stored in pieces of this size. 64 KiB keeps each piece's SQL text (base64, in writeBlob)
 * under V8's large-object size, so the garbage of a large upload is reclaimed by the
 * cheap young-generation collection: a 50 MB upload at 256 KiB pieces grew the process
 * by ~100 MB before a full collection ran. Blobs written earlier in 256 KiB pieces read
 * the same way (pieces are numbered, not sized).
 */
export const CHUNK_BYTES = 64 * 1024;
/** A download reads this many pieces per query. */
const PIECES_PER_READ = 4;

/**
 * A checked upload, ready to be written with its document row. Its bytes are a
 * temporary file (uploads stream to disk: a request never holds a file in memory)
 * or, for generated and demo documents, a buffer.
 */
export type StoredFile = { source: FileSource; sha256: string; size: number; mime: string; originalName: string };
export type FileSource = Buffer | { path: string };

/**
 * The bytes of a source in pieces of `size`, read one at a time into one buffer: a
 * piece is valid until the next one is asked for (hash it, or send it and wait), so a
 * 50 MB file costs one piece of memory, not 800 pieces waiting for the collector.
 */
async function* piecesOf(source: FileSource, size: number): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(source)) {
    for (let at = 0; at < source.length; at += size) yield source.subarray(at, at + size);
    return;
  }
  const fh = await open(source.path, "r");
  try {
    const buf = Buffer.allocUnsafe(size);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, size, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

/** A display name without any path, control characters or oddities; never used as a path. */
export function cleanFileName(name: string, ext: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .normalize("NFC")
    // eslint-disable-next-line no-control-regex -- removing control characters from a display name is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff<>:"|?*]/g, "")
    .replace(/^\.+/, "")
    .trim()
    .slice(0, 150);
  const stem = cleaned.replace(/\.[^.]*$/, "") || "dokumen";
  return `${stem}.${ext}`;
}

export async function detectType(source: FileSource): Promise<{ ext: string; mime: string } | null> {
  // Loaded on the first upload, not at start (the server's memory: docs/architecture.md#memory).
  const { fileTypeFromBuffer, fileTypeFromFile } = await import("file-type");
  const t = Buffer.isBuffer(source) ? await fileTypeFromBuffer(source) : await fileTypeFromFile(source.path);
  if (!t || !Object.hasOwn(ALLOWED_TYPES, t.ext)) return null;
  return { ext: t.ext, mime: must(ALLOWED_TYPES[t.ext], `the MIME type of .${t.ext}`) };
}

/** Checks an upload (not empty, an allowed type by content) and computes its hash. Writes nothing. */
export async function checkUpload(source: FileSource, originalName: string): Promise<StoredFile> {
  const size = Buffer.isBuffer(source) ? source.length : (await stat(source.path)).size;
  if (size === 0) throw new AppError(422, `Berkas "${cleanFileName(originalName, "")}" kosong.`, "EMPTY_FILE");
  const type = await detectType(source);
  if (!type) {
    throw new AppError(
      422,
      `Berkas "${cleanFileName(originalName, "").replace(/\.$/, "")}" bukan ${ALLOWED_LABEL} yang sah (isi berkas diperiksa, bukan namanya).`,
      "BAD_FILE_TYPE",
    );
  }
  const hash = createHash("sha256");
  for await (const piece of piecesOf(source, CHUNK_BYTES)) hash.update(piece);
  return {
    source,
    sha256: hash.digest("hex"),
    size,
    mime: type.mime,
    originalName: cleanFileName(originalName, type.ext),
  };
}

/**
 * Stores an upload's bytes ahead of its document, in a transaction of their own, with
 * plain SQL. Through Prisma 6 every 64 KiB piece leaves copies that the garbage
 * collector keeps for a while: a 50 MB upload grew the server by 90-190 MB on
 * PostgreSQL, and the same pieces sent by the driver as binary parameters grew it by
 * nothing measurable. The document's transaction then finds the Blob and writes no
 * bytes (writeBlob). When that transaction fails, the bytes stay without a document:
 * they are stored by content, so sending the same file again reuses them.
 */
export async function storeBytes(run: PlainTransaction, file: Pick<StoredFile, "source" | "sha256" | "size">): Promise<void> {
  await run(async (sql) => {
    // Stored before (or by a concurrent upload, which committed first): only its grace period
    // before the orphan sweep starts again (jobs/sweeps.ts). Times in UTC, as Prisma writes them.
    const [row] = await sql<{ inserted: boolean }>(
      `INSERT INTO "Blob" ("sha256", "size", "createdAt", "lastUsedAt") VALUES ($1, $2, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
       ON CONFLICT ("sha256") DO UPDATE SET "lastUsedAt" = now() AT TIME ZONE 'UTC' RETURNING (xmax = 0) AS "inserted"`,
      [file.sha256, file.size],
    );
    if (!must(row, "the upserted Blob row").inserted) return;
    let n = 0;
    for await (const piece of piecesOf(file.source, CHUNK_BYTES)) {
      await sql(`INSERT INTO "BlobChunk" ("sha256", "n", "bytes") VALUES ($1, $2, $3)`, [file.sha256, n++, piece]);
    }
    if (n === 0) await sql(`INSERT INTO "BlobChunk" ("sha256", "n", "bytes") VALUES ($1, 0, $2)`, [file.sha256, Buffer.alloc(0)]);
  });
}

type Tx = Pick<Prisma.TransactionClient, "blob" | "$executeRaw">;

/**
 * Writes the bytes inside the caller's transaction, once per content: a second
 * document with the same bytes (a shared minutes file, a new version that did not
 * change) points at the same Blob. Concurrent writers of the same content wait on
 * the first and then skip.
 */
export async function writeBlob(tx: Tx, file: Pick<StoredFile, "source" | "sha256" | "size">): Promise<void> {
  const created = await tx.blob.createMany({ data: [{ sha256: file.sha256, size: file.size }], skipDuplicates: true });
  if (created.count === 0) return;
  // Raw SQL with base64: the PGlite adapter passes Prisma's Bytes arguments on as strings.
  const insert = (n: number, piece: Buffer) =>
    tx.$executeRaw`INSERT INTO "BlobChunk" ("sha256", "n", "bytes") VALUES (${file.sha256}, ${n}, decode(${piece.toString("base64")}, 'base64'))`;
  let n = 0;
  for await (const piece of piecesOf(file.source, CHUNK_BYTES)) await insert(n++, piece);
  if (n === 0) await insert(0, Buffer.alloc(0));
}

/** True when the bytes of this content are stored. */
export const hasBlob = async (prisma: Pick<PrismaClient, "blob">, sha256: string) => (await prisma.blob.count({ where: { sha256 } })) > 0;

/** The whole content in memory: only for documents the server itself reworks (stamping a numbered copy). */
export async function readBlob(prisma: Pick<PrismaClient, "blobChunk">, sha256: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let n = 0; ; n += PIECES_PER_READ) {
    const chunks = await prisma.blobChunk.findMany({
      where: { sha256, n: { gte: n, lt: n + PIECES_PER_READ } },
      orderBy: { n: "asc" },
      select: { bytes: true },
    });
    for (const chunk of chunks) parts.push(Buffer.from(chunk.bytes));
    if (chunks.length < PIECES_PER_READ) break;
  }
  return Buffer.concat(parts);
}

/** Writes the content to a file, a few pieces at a time (for a parsing process to read: untrusted/sandbox.ts). */
export async function readBlobToFile(prisma: Pick<PrismaClient, "blobChunk">, sha256: string, file: string): Promise<void> {
  const fh = await open(file, "w", 0o600);
  try {
    for (let n = 0; ; n += PIECES_PER_READ) {
      const chunks = await prisma.blobChunk.findMany({
        where: { sha256, n: { gte: n, lt: n + PIECES_PER_READ } },
        orderBy: { n: "asc" },
        select: { bytes: true },
      });
      for (const chunk of chunks) await fh.write(chunk.bytes);
      if (chunks.length < PIECES_PER_READ) break;
    }
  } finally {
    await fh.close();
  }
}

/** Sends the bytes to the response one chunk at a time (memory stays flat whatever the size). */
export async function sendBlob(prisma: Pick<PrismaClient, "blobChunk">, sha256: string, res: Response): Promise<void> {
  for (let n = 0; ; n += PIECES_PER_READ) {
    const chunks = await prisma.blobChunk.findMany({
      where: { sha256, n: { gte: n, lt: n + PIECES_PER_READ } },
      orderBy: { n: "asc" },
      select: { bytes: true },
    });
    for (const chunk of chunks) {
      if (!res.write(Buffer.from(chunk.bytes))) await new Promise<void>((r) => res.once("drain", () => r()));
    }
    if (chunks.length < PIECES_PER_READ) break;
  }
  res.end();
}

/**
 * Documents uploaded before the bytes moved into the database: their files under
 * DATA_DIR/uploads are copied in (checked against the recorded SHA-256) and the file
 * removed. Run at start; logs one line per 100 files. Returns [copied, missing].
 */
export async function moveDiskUploads(prisma: PrismaClient, dataDir: string, log: (line: string) => void): Promise<[number, number]> {
  const docs = await prisma.document.findMany({ where: { storedName: { not: null } }, select: { id: true, storedName: true, sha256: true, size: true } });
  if (!docs.length) return [0, 0];
  log(`Memindahkan ${docs.length} berkas dokumen dari ${path.join(dataDir, "uploads")} ke basis data...`);
  let copied = 0;
  let missing = 0;
  for (const d of docs) {
    const name = must(d.storedName, "storedName (the query asked for not null)");
    const file = /^[0-9a-f-]{36}\.[a-z]{3,4}$/.test(name) ? path.join(dataDir, "uploads", name) : null;
    const buffer = file && existsSync(file) ? await readFile(file) : null;
    const sha = buffer ? createHash("sha256").update(buffer).digest("hex") : null;
    if (!buffer || !file || sha !== d.sha256) {
      if (!(await hasBlob(prisma, d.sha256))) {
        missing++;
        log(`  dokumen #${d.id}: berkas ${name} ${buffer ? "isinya tidak cocok dengan SHA-256 yang tercatat" : "tidak ditemukan"}; dibiarkan`);
        continue;
      }
    } else {
      await prisma.$transaction((tx) => writeBlob(tx, { source: { path: file }, sha256: d.sha256, size: buffer.length }));
    }
    await prisma.document.update({ where: { id: d.id }, data: { storedName: null } });
    if (file) await rm(file, { force: true });
    copied++;
    if (copied % 100 === 0) log(`  ${copied} dari ${docs.length} berkas dipindahkan`);
  }
  log(`Selesai: ${copied} berkas dipindahkan${missing ? `, ${missing} tidak dapat dipindahkan (lihat di atas)` : ""}.`);
  return [copied, missing];
}
