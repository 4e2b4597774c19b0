// Acting officials (Plh/Plt): recorded and ended by ADMIN or by the Kabag in their own
// right (never by someone who is only acting as Kabag).
import type { CurrentUser } from "../users/roles.js";

export type DelegationAction = "manage";
export const can = (user: CurrentUser, _action: DelegationAction) => (user.ownRoles ?? user.roles).some((r) => r === "ADMIN" || r === "KABAG");
