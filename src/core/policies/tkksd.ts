// TKKSD meetings: the secretariat (Bagian Kerjasama) and the TKKSD prepare them;
// only the TKKSD closes one, since its decisions are the TKKSD's own (row 4 is
// held by the TKKSD, and the approval of a final draft is the TKKSD's).
import { hasRole, type CurrentUser } from "../users/roles.js";

export type TkksdAction = "read" | "prepare" | "close";

export function can(user: CurrentUser, action: TkksdAction, meeting?: { closedAt: Date | null }): boolean {
  switch (action) {
    case "read":
      return hasRole(user, "TKKSD", "KABAG", "KASUBBAG", "PENATALAKSANA", "PENELAAH", "PIMPINAN", "ADMIN");
    case "prepare":
      return hasRole(user, "TKKSD", "KABAG", "KASUBBAG", "PENATALAKSANA", "PENELAAH") && (!meeting || meeting.closedAt === null);
    case "close":
      return hasRole(user, "TKKSD");
  }
}
