// The roles of the app and their Indonesian labels: defined once.
import { Role } from "../../generated/prisma/enums.js";

export { Role };
export type RoleName = (typeof Role)[keyof typeof Role];

export const ROLE_LABELS: Record<RoleName, string> = {
  ADMIN: "Administrator",
  SKPD: "SKPD / Perangkat Daerah",
  PENATALAKSANA: "Penatalaksana Kerjasama",
  PENELAAH: "Penelaah Kerjasama",
  KASUBBAG: "Ka.Subbag Kerjasama",
  KABAG: "Kepala Bagian Kerjasama",
  TKKSD: "Tim Koordinasi Kerja Sama Daerah (TKKSD)",
  PIMPINAN: "Pimpinan (Walikota/Sekda)",
};

export const ALL_ROLES = Object.keys(ROLE_LABELS) as RoleName[];

/** The staff of Bagian Kerjasama (P3ADK), who administer every case. */
export const P3ADK_ROLES: RoleName[] = ["PENATALAKSANA", "PENELAAH", "KASUBBAG", "KABAG"];

/** Positions an acting official (Plh/Plt) can hold for someone: staff roles, never SKPD or ADMIN. */
export const DELEGABLE_ROLES: RoleName[] = ["PENATALAKSANA", "PENELAAH", "KASUBBAG", "KABAG", "TKKSD", "PIMPINAN"];

export const DELEGATION_KINDS = { PLH: "Plh", PLT: "Plt" } as const;
export type DelegationKind = keyof typeof DELEGATION_KINDS;

/** A position the user holds today for someone who is away. */
export type Acting = { id: number; kind: DelegationKind; absentName: string; roles: RoleName[] };

/** The logged-in user as views and policies see it: a plain object. */
export type CurrentUser = {
  id: number;
  username: string;
  fullName: string;
  roles: RoleName[];
  skpdId: number | null;
  skpdName: string | null;
  skpdCode: string | null;
  mustChangePassword: boolean;
  /**
   * Acting positions held today. `roles` already includes their roles (so policies,
   * inboxes and actions need nothing else); `ownRoles` are the user's own.
   */
  acting?: Acting[];
  ownRoles?: RoleName[];
};

/** The acting position through which `user` holds `role`, when it is not one of their own. */
export function viaDelegation(user: CurrentUser, role: RoleName | null): Acting | null {
  if (!role || !user.acting?.length || (user.ownRoles ?? user.roles).includes(role)) return null;
  return user.acting.find((a) => a.roles.includes(role)) ?? null;
}

/** "Plh Kepala Bagian Kerjasama (Agus Setiawan)": how an acting official signs. */
export const actingLabel = (a: Acting, role: RoleName) => `${DELEGATION_KINDS[a.kind]} ${ROLE_LABELS[role]} (${a.absentName})`;

/** Roles read with plain SQL (`"roles"::text[]`): an array, or PostgreSQL's "{A,B}" literal, as the driver gives it. */
export const roleList = (v: readonly string[] | string): RoleName[] =>
  (typeof v === "string" ? v.replace(/[{}]/g, "").split(",").filter(Boolean) : [...v]) as RoleName[];

/** An account with the SKPD role belongs to one SKPD. */
export const needsSkpd = (roles: readonly RoleName[]) => roles.includes("SKPD");

export const hasRole = (u: Pick<CurrentUser, "roles"> | undefined | null, ...roles: RoleName[]) => !!u && u.roles.some((r) => roles.includes(r));
