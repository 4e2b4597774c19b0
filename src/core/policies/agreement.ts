// The agreement register (MoU and PKS): who may list, manage and renew.
import type { Prisma } from "../../generated/prisma/client.js";
import { hasRole, type CurrentUser } from "../users/roles.js";
import { isOwnSkpd, onlySkpd } from "./case.js";

/** SKPD-only users list only their own unit's agreements. */
export { onlySkpd };

export type AgreementAction = "list" | "read" | "manage" | "renew" | "publish";
export type AgreementSubject = { status?: string; case: { skpdId: number; renewals?: { status: string }[] } };

export function can(user: CurrentUser, action: AgreementAction, a?: AgreementSubject): boolean {
  switch (action) {
    case "list":
      return user.roles.length > 0;
    case "manage":
      // Legacy entry, import, early end.
      return hasRole(user, "PENATALAKSANA", "ADMIN");
    case "read":
      return !!a && (!onlySkpd(user) || isOwnSkpd(user, a.case.skpdId));
    case "publish":
      // What of an agreement the public register shows (/publik).
      return hasRole(user, "ADMIN");
    case "renew":
      return (
        !!a &&
        (isOwnSkpd(user, a.case.skpdId) || hasRole(user, "PENATALAKSANA", "ADMIN")) &&
        (a.status === "EXPIRING" || a.status === "EXPIRED") &&
        !(a.case.renewals ?? []).some((x) => x.status === "DRAFT" || x.status === "IN_PROGRESS")
      );
  }
}

/** The agreements a user may list (SKPD users: their own unit's). */
export const scope = (user: CurrentUser): Prisma.AgreementWhereInput => (onlySkpd(user) ? { case: { skpdId: user.skpdId ?? -1 } } : {});
