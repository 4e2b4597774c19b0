// Reports to Kemendagri and the Governor: the cooperation section prepares and
// sends them; the leadership and ADMIN may read them.
import { hasRole, P3ADK_ROLES, type CurrentUser } from "../users/roles.js";

export type ReportAction = "read" | "send";
export function can(user: CurrentUser, action: ReportAction): boolean {
  if (action === "send") return hasRole(user, "PENATALAKSANA", "KASUBBAG", "KABAG");
  return hasRole(user, ...P3ADK_ROLES, "PIMPINAN", "ADMIN");
}
