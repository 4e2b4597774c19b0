// The composition root of the workflow: each feature registers what it does when a
// case moves (src/workflow/events.ts). Called once at start by the app, the seed and
// the scripts; transitions refuse to run before it (a step without its listeners
// would skip numbers, notices and agendas silently). Idempotent.
import { listen as agreements } from "./agreements/listeners.js";
import { listen as copies } from "./copies/listeners.js";
import { listen as gates } from "./gates/listeners.js";
import { listen as notifications } from "./notifications/listeners.js";
import { listen as numbering } from "./numbering/listeners.js";
import { listen as tkksd } from "./tkksd/listeners.js";
import { seal } from "./workflow/events.js";

export function wireFeatures(): void {
  // Order matters within an event: the TKKSD agenda before the notices that mention it.
  gates();
  tkksd();
  numbering();
  agreements();
  copies();
  notifications();
  seal();
}
