// The register status of an agreement, derived (never stored) from its dates,
// an early end and renewals.
import type { Prisma } from "../../generated/prisma/client.js";
import { addDays } from "../../platform/http/dates.js";
import { todayJakarta, toDbDate } from "../../core/calendar/calendar.js";

export const AGREEMENT_STATUS = {
  ACTIVE: "Aktif",
  EXPIRING: "Akan berakhir",
  EXPIRED: "Berakhir",
  ENDED_EARLY: "Diakhiri lebih awal",
  EXTENDED: "Diperpanjang",
} as const;
export type AgreementStatus = keyof typeof AGREEMENT_STATUS;

export function agreementStatus(
  a: { endDate: Date; endedEarlyAt: Date | null },
  renewed: boolean,
  expiringDays: number,
  today = todayJakarta(),
): AgreementStatus {
  if (a.endedEarlyAt) return "ENDED_EARLY";
  if (renewed) return "EXTENDED";
  const end = a.endDate.toISOString().slice(0, 10);
  if (end < today) return "EXPIRED";
  if (end <= addDays(today, expiringDays)) return "EXPIRING";
  return "ACTIVE";
}

/** The same rule as a database filter. */
export function statusWhere(status: AgreementStatus, expiringDays: number, today = todayJakarta()): Prisma.AgreementWhereInput {
  const renewed: Prisma.AgreementWhereInput = { case: { renewals: { some: { agreements: { some: {} } } } } };
  const live: Prisma.AgreementWhereInput = { endedEarlyAt: null, NOT: renewed };
  const t = toDbDate(today);
  const horizon = toDbDate(addDays(today, expiringDays));
  switch (status) {
    case "ENDED_EARLY":
      return { endedEarlyAt: { not: null } };
    case "EXTENDED":
      return { endedEarlyAt: null, ...renewed };
    case "EXPIRED":
      return { ...live, endDate: { lt: t } };
    case "EXPIRING":
      return { ...live, endDate: { gte: t, lte: horizon } };
    case "ACTIVE":
      return { ...live, endDate: { gt: horizon } };
  }
}
