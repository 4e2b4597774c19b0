// The dashboard and the inbox: which roles have one.
import { hasRole, type CurrentUser } from "../users/roles.js";

/** Roles that hold SOP rows get an inbox; PIMPINAN and ADMIN only read. */
export const hasInbox = (user: CurrentUser) => hasRole(user, "SKPD", "PENATALAKSANA", "PENELAAH", "KASUBBAG", "KABAG", "TKKSD");
export const canSeeDashboard = (user: CurrentUser) => hasRole(user, "KABAG", "KASUBBAG", "PIMPINAN", "ADMIN", "SKPD");
/** SKPD-only users see their own unit's figures. */
export const dashboardSkpd = (user: CurrentUser): number | undefined => (user.roles.every((r) => r === "SKPD") ? (user.skpdId ?? -1) : undefined);
