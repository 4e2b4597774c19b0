// The roles of the app and their Indonesian labels: defined once.
import { Role } from "../generated/prisma/enums.js";

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
};

export const hasRole = (u: Pick<CurrentUser, "roles"> | undefined | null, ...roles: RoleName[]) =>
  !!u && u.roles.some((r) => roles.includes(r));
