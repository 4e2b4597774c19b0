// The files of a form's fields named doc_<kind>: each checked (its type read from its
// content) and its bytes stored; the document rows are written in the use case's
// transaction. Used by every form that takes documents (proposal, actions, approvals,
// progress reports, the inbox's bulk actions).
import type { Request } from "express";
import { isDocKind, type DocKind } from "../../core/documents/kinds.js";
import type { StoredFile } from "../../platform/files/blob-store.js";
import { checkUploadedFile, filesOf } from "../../platform/http/upload.js";

/** Checks the files of fields named doc_<kind> (only `allowed` kinds, when given) and stores their bytes. */
export async function checkFiles(req: Request, allowed?: DocKind[]) {
  const checked: { kind: DocKind; file: StoredFile }[] = [];
  for (const f of filesOf(req)) {
    const kind = f.fieldname.replace(/^doc_/, "");
    if (!isDocKind(kind) || (allowed && !allowed.includes(kind))) continue;
    checked.push({ kind, file: await checkUploadedFile(req, f) });
  }
  return checked;
}
