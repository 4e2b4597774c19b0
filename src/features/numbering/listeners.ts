// The numbering feature's part in a transition: a numbering step (rows 13 and 18)
// takes the next city number of its series, in the step's transaction, or records
// the number SRIKANDI gave the letter (no counter moves).
import { on } from "../../core/workflow/events.js";
import { allocateNumber, recordExternalNumber } from "./numbering-service.js";

export function listen(): void {
  on("NumberRequested", "numbering.allocate", async (tx, e) => {
    const n = e.external
      ? await recordExternalNumber(tx, {
          kind: e.kind,
          caseId: e.case.id,
          jenis: e.case.jenis ?? "KSDPK",
          userId: e.userId,
          number: e.external.number,
          date: e.external.date,
          partnerNumber: e.partnerNumber,
          now: e.now,
        })
      : await allocateNumber(tx, {
          kind: e.kind,
          caseId: e.case.id,
          jenis: e.case.jenis ?? "KSDPK",
          userId: e.userId,
          partnerNumber: e.partnerNumber ?? undefined,
          now: e.now,
        });
    return { number: n.number, numberId: n.id };
  });
}
