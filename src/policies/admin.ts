// Users, the SKPD list, holidays, numbering settings and the admin log: ADMIN only.
import { hasRole, type CurrentUser } from "../users/roles.js";

export type AdminResource = "user" | "skpd" | "urusan" | "holiday" | "settings" | "adminLog" | "backup" | "calendarFeed" | "letterTemplate";
export const can = (user: CurrentUser, _action: "manage", _resource: AdminResource) => hasRole(user, "ADMIN");
