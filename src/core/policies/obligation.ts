// Obligations under a signed PKS (row 21): Bagian Kerjasama records and withdraws
// them while the agreement is in force; the SKPD that runs it reports their
// realisation with its progress reports; whoever reads the case reads them.
import type { Prisma } from "../../generated/prisma/client.js";
import { hasRole, P3ADK_ROLES, type CurrentUser, type RoleName } from "../users/roles.js";
import { isRunningRow } from "../sop/sop.js";
import { can as canCase, scope as caseScope, isOwnSkpd, type CaseSubject } from "./case.js";

export type ObligationAction = "read" | "record" | "cancel" | "report";
export type ObligationCase = CaseSubject & { signedPksOn: Date | null };

/** Recorded from the PKS's signing until the case closes. */
const pksInForce = (c: ObligationCase) => c.status === "IN_PROGRESS" && c.signedPksOn !== null;

export function can(user: CurrentUser, action: ObligationAction, c: ObligationCase): boolean {
  if (!canCase(user, "read", c)) return false;
  switch (action) {
    case "read":
      return true;
    case "record":
    case "cancel":
      return pksInForce(c) && hasRole(user, ...P3ADK_ROLES);
    case "report":
      return c.status === "IN_PROGRESS" && isRunningRow(c.currentRow) && isOwnSkpd(user, c.skpdId);
  }
}

/** May the user's roles ever record or withdraw obligations (the routes' guard, before the case is loaded)? */
export const recordsObligations = (user: CurrentUser) => hasRole(user, ...P3ADK_ROLES);
/** The staff role an obligation's record or withdrawal is made under. */
export const recorderRole = (user: CurrentUser): RoleName | undefined => P3ADK_ROLES.find((r) => hasRole(user, r));

/** The obligations a user may read, as a filter (those of the cases they may read). */
export const scope = (user: CurrentUser): Prisma.ObligationWhereInput => ({ case: caseScope(user) });
