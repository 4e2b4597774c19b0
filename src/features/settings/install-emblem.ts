// ADMIN installs the letterhead's emblem: the upload is checked (its type from its
// content), decoded only in a parsing process (its size in pixels, or why it cannot be
// read), then stored with the setting and the admin log in one transaction.
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { AppError } from "../../platform/errors.js";
import { checkUpload, writeBlob } from "../../platform/files/blob-store.js";
import { UntrustedFileError } from "../../platform/untrusted/errors.js";
import { runUntrusted } from "../../platform/untrusted/sandbox.js";
import { emblemSetting, emblemUploadProblem } from "../letters/emblem.js";
import { checkImageTask } from "../letters/parse-tasks.js";

export type EmblemOutcome = { ok: true; width: number; height: number } | { ok: false; problem: string };

export async function installEmblem(prisma: PrismaClient, user: CurrentUser, upload: { path: string; originalname: string }): Promise<EmblemOutcome> {
  let file;
  try {
    file = await checkUpload({ path: upload.path }, upload.originalname);
  } catch (e) {
    if (e instanceof AppError && e.status === 422) return { ok: false, problem: `${e.userMessage} Lambang berupa gambar PNG atau JPEG.` };
    throw e;
  }
  const problem = emblemUploadProblem(file);
  if (problem) return { ok: false, problem };
  let size;
  try {
    size = await runUntrusted(checkImageTask, { path: upload.path, mime: file.mime });
  } catch (e) {
    if (!(e instanceof UntrustedFileError)) throw e;
    if (e.reason === "busy") throw new AppError(503, `Gambar "${file.originalName}" ${e.message}.`, "PARSER_BUSY");
    return { ok: false, problem: `Berkas "${file.originalName}" ${e.message}.` };
  }
  const value = emblemSetting(file.sha256, file.mime, size);
  await prisma.$transaction(async (tx) => {
    await writeBlob(tx, file);
    await tx.setting.upsert({ where: { key: "letters.emblem" }, create: { key: "letters.emblem", value }, update: { value } });
    await tx.adminLog.create({
      data: {
        actorId: user.id,
        action: "settings.emblem",
        target: "letters.emblem",
        detail: { name: file.originalName, sha256: file.sha256, width: size.width, height: size.height },
      },
    });
  });
  return { ok: true, ...size };
}
