// Who must give a second factor when signing in (features/second-factor): ADMIN always
// (they can read every document and download whole backups), and the roles the
// administrator adds in the settings ("secondFactor.roles"). Decided on a user's own
// roles: a position held for someone away (Plh/Plt) never includes ADMIN.
import { ALL_ROLES, type RoleName } from "../users/roles.js";

export const ALWAYS_SECOND_FACTOR: readonly RoleName[] = ["ADMIN"];

/** The roles that need a second factor, from the setting's comma-separated value (unknown names ignored; ADMIN always in). */
export function secondFactorRoles(setting: string): RoleName[] {
  const named = new Set(setting.split(/[\s,;]+/).map((s) => s.trim().toUpperCase()));
  return ALL_ROLES.filter((r) => ALWAYS_SECOND_FACTOR.includes(r) || named.has(r));
}

/** Must a user with `ownRoles` give a second factor? */
export const secondFactorRequired = (ownRoles: readonly RoleName[], required: readonly RoleName[]): boolean => ownRoles.some((r) => required.includes(r));

/** Does a user with `ownRoles` hold a role that always needs a second factor (checked on every request: auth/policy.ts)? */
export const alwaysNeedsSecondFactor = (ownRoles: readonly RoleName[]): boolean => ownRoles.some((r) => ALWAYS_SECOND_FACTOR.includes(r));
