// Integration tokens (features/api): ADMIN makes and revokes them; a token is an
// identity the other policies know. A token restricted to one SKPD reads as that
// unit's SKPD users do; any other token as the city-wide reader (the Pimpinan, who
// reads every case that has been sent and changes nothing). So the API never sees
// more than the equivalent user would, through the same `scope` filters.
import { hasRole, type CurrentUser } from "../users/roles.js";

/** The scopes a token may hold: one per resource the API reads. */
export const API_SCOPES = ["read:cases", "read:agreements", "read:obligations", "read:evaluations"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export type IntegrationAction = "manage";

/** Making, listing and revoking tokens, and reading their calls: ADMIN. */
export const can: (user: CurrentUser, action: IntegrationAction) => boolean = (user) => hasRole(user, "ADMIN");

export type TokenSubject = { id: number; name: string; scopes: readonly string[]; skpdId: number | null; skpd?: { name: string; code: string } | null };

/** May the token call an endpoint that needs `scope`? */
export const allows = (token: Pick<TokenSubject, "scopes">, scope: ApiScope): boolean => token.scopes.includes(scope);

/**
 * The user a token reads as. Its id is negative: it is nobody's, so no draft "started by
 * this user" ever matches it.
 */
export function tokenIdentity(token: TokenSubject): CurrentUser {
  const skpd = token.skpdId !== null;
  return {
    id: -token.id,
    username: `token:${token.id}`,
    fullName: `Token integrasi ${token.name}`,
    roles: skpd ? ["SKPD"] : ["PIMPINAN"],
    skpdId: token.skpdId,
    skpdName: token.skpd?.name ?? null,
    skpdCode: token.skpd?.code ?? null,
    mustChangePassword: false,
  };
}
