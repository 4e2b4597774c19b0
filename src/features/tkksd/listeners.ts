// The TKKSD's part in a transition: a case that comes to wait for the TKKSD (row 4,
// or a final draft to approve) goes on the next planned meeting's agenda.
import { on } from "../../core/workflow/events.js";
import { awaitTkksd } from "./agenda.js";

export function listen(): void {
  on("RowEntered", "tkksd.agenda", (tx, e) => awaitTkksd(tx, e.case, e.row, e.today));
}
