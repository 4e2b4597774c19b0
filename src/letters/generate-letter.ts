// A letter or draft generated from the case's data at its current row, kept as the
// next version of its document kind (like an upload) and noted on the timeline.
import type { PrismaClient } from "../generated/prisma/client.js";
import { canUpload, loadCaseFor } from "../cases/case-service.js";
import { recordOnTimeline } from "../cases/timeline.js";
import { insertDocuments } from "../documents/document-rows.js";
import { checkUpload } from "../documents/storage.js";
import { conflict, forbidden } from "../http/errors.js";
import type { CurrentUser } from "../users/roles.js";
import { todayJakarta } from "../workflow/calendar.js";
import { naskahLabel } from "../workflow/kinds.js";
import { LETTERS, type LetterKey } from "./letters.js";
import { letterData } from "./placeholders.js";
import { renderLetter } from "./render.js";
import { currentTemplate } from "./template-store.js";

export async function generateLetter(prisma: PrismaClient, user: CurrentUser, caseId: number, key: LetterKey, now = new Date()) {
  const letter = LETTERS[key];
  return prisma.$transaction(async (tx) => {
    const c = await loadCaseFor(tx, user, caseId);
    if (!(await canUpload(tx, user, c))) throw forbidden("Dokumen kasus ini dibuat oleh pemegang langkahnya atau Bagian Kerjasama.");
    const row = c.currentRow;
    if (row === null || !letter.rows.includes(row)) {
      throw conflict(`${letter.label} dibuat pada langkah ${letter.rows.join(" atau ")}; kasus ini ${row === null ? "sudah selesai" : `di langkah ${row}`}.`);
    }
    const template = await currentTemplate(tx, key);
    const data = await letterData(tx, caseId, row, user.fullName, todayJakarta(now));
    const bytes = renderLetter(template, data);
    const naskah = naskahLabel(c.jenis, row >= 16 ? "PKS" : "MOU");
    const file = await checkUpload(bytes, `${letter.fileName(naskah)} - ${c.title.slice(0, 80)}.docx`);
    const [doc] = await insertDocuments(tx, caseId, row, user.id, [{ kind: letter.docKind(row), file }], now);
    await recordOnTimeline(tx, caseId, {
      actorId: user.id, role: user.roles[0], action: "buat_dokumen", createdAt: now,
      data: { label: `${letter.label} dibuat dari templat`, documents: [{ id: doc.id, kind: doc.kind, version: doc.version }] },
    });
    return doc;
  });
}
