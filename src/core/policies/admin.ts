// Users, the SKPD list, holidays, numbering settings and the admin log: ADMIN only.
import { hasRole, type CurrentUser, type RoleName } from "../users/roles.js";

export type AdminResource = "user" | "skpd" | "urusan" | "holiday" | "settings" | "adminLog" | "backup" | "calendarFeed" | "letterTemplate" | "signatures";
// The action and the resource are part of the question every caller asks; ADMIN alone answers it.
export const can: (user: CurrentUser, action: "manage", resource: AdminResource) => boolean = (user) => hasRole(user, "ADMIN");

/** An administrator account (the last active one may not lose the role or be deactivated: admin/admin-service.ts). */
export const isAdminAccount = (roles: readonly RoleName[]) => roles.includes("ADMIN");
