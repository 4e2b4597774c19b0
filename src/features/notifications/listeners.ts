// The notices' part in a transition: the holders of the tasks it opened, and the
// SKPD at its milestones, are told, in rows written with the step (both commit, or
// neither); e-mail goes out after the commit through the outbox.
import { on } from "../../core/workflow/events.js";
import { notifyTransition } from "./notification-service.js";

export function listen(): void {
  on("CaseTransitioned", "notifications.transition", (tx, e) => notifyTransition(tx, e));
}
