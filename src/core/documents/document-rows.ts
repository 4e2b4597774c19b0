// A document row and its bytes, written in the caller's transaction: each upload
// becomes the next version of its kind on the case.
import type { Prisma } from "../../generated/prisma/client.js";
import type { DocKind } from "./kinds.js";
import { writeBlob, type StoredFile } from "../../platform/files/blob-store.js";
import { isExtractable } from "./extractable.js";
import { kindRecord, stricterAccessClass } from "./records.js";

/** `from`: the document this one is made from (signed, converted, stamped): it is never less restricted than that one. */
export type Upload = { kind: DocKind; file: StoredFile; from?: { accessClass: string } };

export async function insertDocuments(tx: Prisma.TransactionClient, caseId: number, rowNo: number, userId: number, uploads: Upload[], now: Date) {
  const created = [];
  for (const u of uploads) {
    // The bytes go into the same transaction as their row; the text for search is extracted after commit.
    await writeBlob(tx, u.file);
    if (isExtractable(u.file.mime)) await tx.blobText.createMany({ data: [{ sha256: u.file.sha256 }], skipDuplicates: true });
    const last = await tx.document.aggregate({ where: { caseId, kind: u.kind }, _max: { version: true } });
    // Its classification code, retention and access class: its kind's, as they are today (docs/records.md).
    const records = { ...(await kindRecord(tx, u.kind)) };
    if (u.from) records.accessClass = stricterAccessClass(records.accessClass, u.from.accessClass);
    created.push(
      await tx.document.create({
        data: {
          caseId,
          rowNo,
          kind: u.kind,
          version: (last._max.version ?? 0) + 1,
          originalName: u.file.originalName,
          mime: u.file.mime,
          size: u.file.size,
          sha256: u.file.sha256,
          uploadedById: userId,
          createdAt: now,
          ...records,
        },
      }),
    );
  }
  return created;
}
