// A letter or draft generated from the case's data at its current row, kept as the
// next version of its document kind (like an upload) and noted on the timeline.
import type { PrismaClient } from "../../generated/prisma/client.js";
import { canUpload, loadCaseFor } from "../cases/case-service.js";
import { recordOnTimeline } from "../cases/timeline.js";
import { insertDocuments } from "../../core/documents/document-rows.js";
import { checkUpload } from "../../platform/files/blob-store.js";
import { AppError, conflict, forbidden } from "../../platform/errors.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { todayJakarta } from "../../core/calendar/calendar.js";
import { naskahLabel } from "../../core/sop/kinds.js";
import { naskahAt } from "../../core/sop/sop.js";
import { LETTERS, type LetterKey } from "./letters.js";
import { letterData } from "./placeholders.js";
import { fillTemplate } from "./fill.js";
import { UntrustedFileError } from "../../platform/untrusted/errors.js";
import { currentTemplate } from "./template-store.js";
import { currentEmblem } from "./emblem.js";
import { must } from "../../platform/must.js";
import { srikandiLetterNumber } from "../srikandi/record-letter.js";

export async function generateLetter(prisma: PrismaClient, user: CurrentUser, caseId: number, key: LetterKey, now = new Date()) {
  const letter = LETTERS[key];
  // Read what the letter needs, fill it in a parsing process (no transaction waits on it),
  // then keep it only if the case has not moved meanwhile.
  const c = await loadCaseFor(prisma, user, caseId);
  if (!(await canUpload(prisma, user, c))) throw forbidden("Dokumen kasus ini dibuat oleh pemegang langkahnya atau Bagian Kerjasama.");
  const row = c.currentRow;
  if (row === null || !letter.rows.includes(row)) {
    throw conflict(`${letter.label} dibuat pada langkah ${letter.rows.join(" atau ")}; kasus ini ${row === null ? "sudah selesai" : `di langkah ${row}`}.`);
  }
  const template = await currentTemplate(prisma, key);
  const data = await letterData(prisma, caseId, row, user.fullName, todayJakarta(now));
  // A letter numbered in SRIKANDI carries that number; the app gives it none of its own.
  const srikandi = await srikandiLetterNumber(prisma, caseId, key);
  if (srikandi) data.nomor_surat = srikandi.number;
  let bytes: Buffer;
  try {
    bytes = await fillTemplate(template, data, await currentEmblem(prisma));
  } catch (e) {
    if (!(e instanceof UntrustedFileError)) throw e;
    throw new AppError(
      e.reason === "busy" ? 503 : 422,
      `${letter.label} belum dapat dibuat: templatnya ${e.message}. Administrator dapat memeriksa templat di menu Templat surat.`,
      "TEMPLATE_FAILED",
    );
  }
  const naskah = naskahLabel(c.jenis, naskahAt(row));
  const file = await checkUpload(bytes, `${letter.fileName(naskah)} - ${c.title.slice(0, 80)}.docx`);
  return prisma.$transaction(async (tx) => {
    const now2 = await tx.case.findUnique({ where: { id: caseId }, select: { version: true } });
    if (now2?.version !== c.version) throw conflict("Kasus ini baru saja berubah sementara dokumen dibuat. Muat ulang halaman, lalu buat lagi.");
    const doc = must((await insertDocuments(tx, caseId, row, user.id, [{ kind: letter.docKind(row), file }], now))[0], "the inserted letter");
    await recordOnTimeline(tx, caseId, {
      actorId: user.id,
      role: must(user.roles[0], "a role of the author"),
      action: "buat_dokumen",
      createdAt: now,
      data: { label: `${letter.label} dibuat dari templat`, documents: [{ id: doc.id, kind: doc.kind, version: doc.version }] },
    });
    return doc;
  });
}
