// Acting officials (Plh/Plt): recorded and ended by ADMIN or by the Kabag in their own
// right (never by someone who is only acting as Kabag).
//
// Who may act for whom is separation of duties written as data (ACTING_FOR), and one
// function (`actingRuleProblems`) reads it everywhere: the form refuses an appointment
// that breaks it, the request-time grant of acting roles (auth/request-user.ts) and the
// notices for a role's holders (notifications) ignore a stored one that breaks it, and
// /plh lists such rows for ADMIN and the Kabag to end.
import { DELEGABLE_ROLES, P3ADK_ROLES, ROLE_LABELS, roleList, type Acting, type CurrentUser, type DelegationKind, type RoleName } from "../users/roles.js";

export type DelegationAction = "manage";
// The action is part of the question callers ask; the roles alone answer it.
export const can: (user: CurrentUser, action: DelegationAction) => boolean = (user) => ownRoles(user).some((r) => r === "ADMIN" || r === "KABAG");

/** The user's roles in their own right, without positions held today for someone away. */
export const ownRoles = (user: Pick<CurrentUser, "roles" | "ownRoles">): RoleName[] => user.ownRoles ?? user.roles;

/** The positions among `roles` that an acting official can hold for someone (never SKPD or ADMIN). */
export const delegablePositions = (roles: readonly RoleName[]): RoleName[] => roles.filter((r) => DELEGABLE_ROLES.includes(r));

/** Does someone with these own roles hold a position (so may act for someone, or be acted for)? */
export const holdsPosition = (roles: readonly RoleName[]) => delegablePositions(roles).length > 0;

/** A stored appointment in force today, as the request-time query gives it (auth/request-user.ts). */
export type StoredAppointment = {
  id: number;
  kind: DelegationKind;
  absentId: number;
  absentName: string;
  roles: readonly string[] | string;
  createdById: number;
};

/**
 * The acting positions a user holds today, resolved once per request: of the
 * appointments in force, only those that follow the rule (`actingAllowed`), each
 * granting the absent holder's delegable positions.
 */
export function grantedActing(userId: number, own: readonly RoleName[], stored: readonly StoredAppointment[]): Acting[] {
  return stored
    .filter((a) => actingAllowed({ actingId: userId, actingRoles: own, absentId: a.absentId, absentRoles: roleList(a.roles), recorderId: a.createdById }))
    .map((a) => ({ id: a.id, kind: a.kind, absentName: a.absentName, roles: delegablePositions(roleList(a.roles)) }));
}

/** The roles a user has today: their own and those of the positions they hold for someone away. */
export const rolesWithActing = (own: readonly RoleName[], acting: readonly Acting[]): RoleName[] => [...new Set([...own, ...acting.flatMap((a) => a.roles)])];

/**
 * For one position: the own roles of which the acting official must hold one (`by`),
 * and those of which they may hold none (`notWith`), with why, in words for the form.
 */
export type ActingRule = { by: readonly RoleName[]; notWith?: readonly RoleName[]; why: string };

/**
 * Who may act for an absent holder of each position. The Bagian Kerjasama's chain is
 * Penatalaksana → Penelaah → Ka.Subbag → Kepala Bagian: a Plh/Plt is a peer in the same
 * position or someone one level below (the Penelaah and the Ka.Subbag both stand
 * directly under the Kabag: they are alternative holders of row 3). The TKKSD approves
 * the Bagian's drafts, so only another TKKSD member outside the Bagian acts for it; the
 * Pimpinan only by the Pimpinan. The SOP names no such chain: see docs/assumptions.md.
 */
export const ACTING_FOR: Readonly<Partial<Record<RoleName, ActingRule>>> = {
  PENATALAKSANA: { by: ["PENATALAKSANA"], why: "sesama Penatalaksana" },
  PENELAAH: { by: ["PENELAAH", "PENATALAKSANA"], why: "sesama Penelaah, atau Penatalaksana (satu tingkat di bawahnya)" },
  KASUBBAG: { by: ["KASUBBAG", "PENELAAH"], why: "sesama Ka.Subbag, atau Penelaah (satu tingkat di bawahnya)" },
  KABAG: { by: ["KABAG", "KASUBBAG", "PENELAAH"], why: "sesama Kepala Bagian, atau Ka.Subbag atau Penelaah (langsung di bawahnya)" },
  TKKSD: {
    by: ["TKKSD"],
    notWith: P3ADK_ROLES,
    why: "anggota TKKSD lain yang tidak memegang jabatan di Bagian Kerjasama, karena TKKSD menyetujui draf Bagian Kerjasama",
  },
  PIMPINAN: { by: ["PIMPINAN"], why: "sesama Pimpinan" },
};

/** The rule's table for the form: each position and who may act for it, in words. */
export const actingTable = () =>
  DELEGABLE_ROLES.map((role) => ({ position: ROLE_LABELS[role], by: ACTING_FOR[role]?.why ?? "belum ditetapkan (tidak dapat digantikan)" }));

/** The people of an appointment, with their own roles as they are now. */
export type AppointmentParties = {
  actingId: number;
  actingRoles: readonly RoleName[];
  absentId: number;
  absentRoles: readonly RoleName[];
  /** Who records it (the form), or who recorded it (a stored row). */
  recorderId: number;
};

export type ActingProblem = { field: "actingId" | "absentId"; message: string };

/**
 * Why this appointment may not stand; empty when it may. The acting official must be
 * allowed (ACTING_FOR) for every position the absent one holds, since the appointment
 * gives all of them; nobody records an appointment of themself.
 */
export function actingRuleProblems(p: AppointmentParties): ActingProblem[] {
  const problems: ActingProblem[] = [];
  if (p.actingId === p.absentId) {
    problems.push({ field: "actingId", message: "Pejabat pengganti tidak boleh pejabat yang berhalangan sendiri" });
    return problems;
  }
  if (p.recorderId === p.actingId) {
    problems.push({ field: "actingId", message: "Pejabat pengganti tidak boleh mencatat penunjukan dirinya sendiri; mintalah Administrator mencatatnya" });
  }
  if (p.recorderId === p.absentId) {
    problems.push({ field: "absentId", message: "Pejabat yang berhalangan tidak boleh mencatat penggantinya sendiri; mintalah Administrator mencatatnya" });
  }
  for (const role of delegablePositions(p.absentRoles)) {
    const rule = ACTING_FOR[role];
    if (!rule) {
      // A delegable position without a rule is held by nobody else (fails closed).
      problems.push({ field: "actingId", message: `Jabatan ${ROLE_LABELS[role]} belum dapat digantikan: aturan penggantinya belum ditetapkan` });
      continue;
    }
    const holds = p.actingRoles.some((r) => rule.by.includes(r));
    const barred = p.actingRoles.filter((r) => rule.notWith?.includes(r));
    if (!holds || barred.length) {
      const because = barred.length ? ` (ia memegang jabatan ${barred.map((r) => ROLE_LABELS[r]).join(", ")})` : "";
      problems.push({ field: "actingId", message: `Jabatan ${ROLE_LABELS[role]} hanya dapat digantikan oleh ${rule.why}${because}` });
    }
  }
  return problems;
}

/** Does a stored appointment still follow the rule (so that it grants its roles)? */
export const actingAllowed = (p: AppointmentParties) => actingRuleProblems(p).length === 0;
