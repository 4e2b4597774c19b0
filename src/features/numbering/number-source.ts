// Which number of a naskah is authoritative, and where it comes from: the register's
// own counter ("register aplikasi") or SRIKANDI, the national records application,
// with the date SRIKANDI gave it. Shown on the case and the agreement's page.
import { formatDate } from "../../platform/time.js";

export type NumberSourced = { number: string; source: string; sourceDate: Date | null; voidedAt: Date | null };

export const isSrikandi = (n: Pick<NumberSourced, "source">) => n.source === "SRIKANDI";

/** "SRIKANDI, 3 Desember 2026" or "register aplikasi". */
export const numberSourceText = (n: Pick<NumberSourced, "source" | "sourceDate">): string =>
  isSrikandi(n) ? `SRIKANDI, ${formatDate(n.sourceDate)}` : "register aplikasi";

/** The valid register number that is this agreement's (its city number), with its source; null for a legacy entry. */
export function officialNumber(numbers: readonly (NumberSourced & { kind: string })[], kind: string, cityNumber: string | null) {
  const n = numbers.find((x) => x.kind === kind && !x.voidedAt && x.number === cityNumber);
  return n ? { number: n.number, source: numberSourceText(n), srikandi: isSrikandi(n) } : null;
}
