// SRIKANDI's part in a transition: a numbering step that records a SRIKANDI number
// gets the same checks as the form (whoever calls the transition), on the claimed
// case, before anything changes; the numbering listener then records it without
// moving the counter (numbering/listeners.ts).
import { guard } from "../../core/workflow/events.js";
import { AppError } from "../../platform/errors.js";
import { todayJakarta } from "../../core/calendar/calendar.js";
import { assertNumberFree, checkEntry } from "./srikandi-number.js";

export function listen(): void {
  guard("srikandi.number", async (tx, a) => {
    if (!a.external) return;
    if (!a.action.numbering) throw new AppError(400, "Nomor SRIKANDI hanya dicatat pada langkah penomoran.", "NOT_NUMBERING");
    const entry = checkEntry(a.external, todayJakarta());
    if (entry.number !== a.external.number || entry.date !== a.external.date) throw new AppError(422, "Nomor SRIKANDI tidak valid.", "SRIKANDI_INPUT");
    await assertNumberFree(tx, entry.number);
  });
}
