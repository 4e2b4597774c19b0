// Which template a letter uses: ADMIN's uploaded replacement (bytes in Blob), else
// the default shipped in views/letters/. A replacement is checked before it is kept.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { ALLOWED_TYPES, readBlob, writeBlob, type StoredFile } from "../../platform/files/blob-store.js";
import { AppError, forbidden } from "../../platform/errors.js";
import { VIEWS_DIR } from "../../platform/paths.js";
import { admin as adminPolicy } from "../../core/policies/index.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { LETTER_KEYS, LETTERS, type LetterKey } from "./letters.js";
import { checkTemplate } from "./fill.js";
import { UntrustedFileError } from "../../platform/untrusted/errors.js";

const defaults = new Map<LetterKey, Promise<Buffer>>();
export const defaultTemplate = (key: LetterKey) => {
  let p = defaults.get(key);
  if (!p) defaults.set(key, (p = readFile(path.join(VIEWS_DIR, "letters", `${key}.docx`))));
  return p;
};

type Db = Pick<PrismaClient, "letterTemplate" | "blobChunk">;

export async function currentTemplate(prisma: Db, key: LetterKey): Promise<Buffer> {
  const own = await prisma.letterTemplate.findUnique({ where: { key } });
  return own ? readBlob(prisma, own.sha256) : defaultTemplate(key);
}

export async function listTemplates(prisma: PrismaClient) {
  const own = new Map((await prisma.letterTemplate.findMany()).map((t) => [t.key, t]));
  return LETTER_KEYS.map((k) => ({ ...LETTERS[k], custom: own.get(k) ?? null }));
}

const mayManage = (user: CurrentUser) => {
  if (!adminPolicy.can(user, "manage", "letterTemplate")) throw forbidden("Templat surat diatur oleh administrator.");
};

/** Keeps an uploaded .docx as the letter's template, or refuses it (422) naming what is wrong; nothing changes then. */
export async function replaceTemplate(prisma: PrismaClient, user: CurrentUser, key: LetterKey, file: StoredFile) {
  mayManage(user);
  if (file.mime !== ALLOWED_TYPES.docx) throw new AppError(422, `Templat harus berupa dokumen Word (.docx); "${file.originalName}" bukan.`, "NOT_DOCX");
  let problems: string[];
  try {
    problems = await checkTemplate(file.source, LETTERS[key].scope);
  } catch (e) {
    if (!(e instanceof UntrustedFileError)) throw e;
    if (e.reason === "busy") throw new AppError(503, `Templat "${file.originalName}" ${e.message}.`, "PARSER_BUSY");
    problems = [`berkas ${e.message}`];
  }
  if (problems.length) throw new AppError(422, `Templat "${file.originalName}" ditolak: ${problems.join("; ")}.`, "BAD_TEMPLATE");
  await prisma.$transaction(async (tx) => {
    await writeBlob(tx, file);
    const data = { sha256: file.sha256, originalName: file.originalName, size: file.size, uploadedById: user.id, createdAt: new Date() };
    await tx.letterTemplate.upsert({ where: { key }, create: { key, ...data }, update: data });
    await tx.adminLog.create({ data: { actorId: user.id, action: "templat.ganti", target: key, detail: { name: file.originalName, sha256: file.sha256 } } });
  });
}

/** Back to the shipped template. */
export async function restoreDefault(prisma: PrismaClient, user: CurrentUser, key: LetterKey) {
  mayManage(user);
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.letterTemplate.deleteMany({ where: { key } });
    if (count) await tx.adminLog.create({ data: { actorId: user.id, action: "templat.bawaan", target: key } });
  });
}
