// The approvals' part in a transition: a signing step (rows 12 and 17) is refused
// while an approval it needs is missing, on the claimed case, before anything changes.
import { guard } from "../../core/workflow/events.js";
import { assertSignable } from "./gate-service.js";

export function listen(): void {
  guard("gates.signable", async (tx, a) => {
    if (a.action.signs) await assertSignable(tx, a.case, a.row.no);
  });
}
