// Webhook endpoints and their delivery log (features/webhooks): ADMIN only. The
// endpoints receive agreement data and hold signing secrets, so nobody else sees them.
import { hasRole, type CurrentUser } from "../users/roles.js";

export type WebhookAction = "manage";
// The action is part of the question every caller asks; ADMIN alone answers it.
export const can: (user: CurrentUser, action: WebhookAction) => boolean = (user) => hasRole(user, "ADMIN");
