// The composition root of the workflow: each feature registers what it does when a
// case moves (src/core/workflow/events.ts). Called once at start by the app, the seed and
// the scripts; transitions refuse to run before it (a step without its listeners
// would skip numbers, notices and agendas silently). Idempotent.
import { listen as agreements } from "./features/agreements/listeners.js";
import { listen as copies } from "./features/copies/listeners.js";
import { listen as gates } from "./features/gates/listeners.js";
import { listen as notifications } from "./features/notifications/listeners.js";
import { listen as numbering } from "./features/numbering/listeners.js";
import { listen as tkksd } from "./features/tkksd/listeners.js";
import { listen as srikandi } from "./features/srikandi/listeners.js";
import { listen as webhooks } from "./features/webhooks/listeners.js";
import { seal } from "./core/workflow/events.js";
import { setSecondFactorPort } from "./features/auth/complete-login.js";
import { secondFactorNeed } from "./features/second-factor/second-factor-service.js";

export function wireFeatures(): void {
  // Order matters within an event: the TKKSD agenda before the notices that mention it.
  gates();
  tkksd();
  numbering();
  agreements();
  copies();
  notifications();
  srikandi();
  // After the register's listener: the numbered agreement is in the register when its event is written.
  webhooks();
  seal();
  // Sign-in: what a user's second factor asks after the password or the SSO (auth/complete-login.ts).
  setSecondFactorPort({ need: secondFactorNeed });
}
