// The numbered copy's part in a transition: before a numbering step, the signed file
// must open (so that a file that cannot be stamped uses no number); with the number,
// its copy is owed in the same transaction, and made right after the commit.
import { afterCommit, on, preflight } from "../../core/workflow/events.js";
import { assertStampable, makeNumberedCopy, oweNumberedCopy } from "./copy-service.js";

export function listen(): void {
  preflight("copies.stampable", async (prisma, a) => {
    if (a.action.numbering) await assertStampable(prisma, a.case.id, a.action.numbering, a.case.jenis);
  });
  on("NumberGiven", "copies.owe", async (tx, e) => {
    await oweNumberedCopy(tx, e.numberId);
  });
  afterCommit("copies.make", async (prisma, done) => {
    if (done.numberId === undefined) return;
    const copy = await makeNumberedCopy(prisma, { numberId: done.numberId, userId: done.userId, appUrl: done.appUrl, now: done.now });
    return { copy: copy.ok ? { ok: true } : { ok: false, message: copy.message } };
  });
}
