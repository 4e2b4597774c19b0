// The numbered copy's part in a transition: before a numbering step, the signed file
// must open (so that a file that cannot be stamped uses no number); with the number,
// its copy is owed in the same transaction, and made right after the commit.
import { afterCommit, on, preflight } from "../../core/workflow/events.js";
import { AppError } from "../../platform/errors.js";
import { assertStampable, COPY_KINDS, linkExternalCopy, makeNumberedCopy, oweNumberedCopy } from "./copy-service.js";

export function listen(): void {
  // A SRIKANDI number comes with SRIKANDI's signed PDF, which is the copy: nothing is stamped.
  preflight("copies.stampable", async (prisma, a) => {
    if (a.action.numbering && !a.external) await assertStampable(prisma, a.case.id, a.action.numbering, a.case.jenis);
  });
  on("NumberGiven", "copies.owe", async (tx, e) => {
    if (!e.external) {
      await oweNumberedCopy(tx, e.numberId);
      return;
    }
    const pdf = e.documents.find((d) => d.kind === COPY_KINDS[e.kind].copy);
    if (!pdf) throw new AppError(422, "Unggah PDF bertanda tangan dari SRIKANDI sebagai salinan bernomor.", "NO_SRIKANDI_PDF");
    await linkExternalCopy(tx, e.numberId, pdf.id);
  });
  afterCommit("copies.make", async (prisma, done) => {
    if (done.numberId === undefined) return;
    const copy = await makeNumberedCopy(prisma, { numberId: done.numberId, userId: done.userId, appUrl: done.appUrl, now: done.now });
    return { copy: copy.ok ? { ok: true } : { ok: false, message: copy.message } };
  });
}
