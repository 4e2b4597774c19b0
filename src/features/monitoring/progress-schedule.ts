// The SKPD's part of row 21: progress reports while the agreement runs, every N
// months as P3ADK set for the case. The next report is due N months after the last
// one (or after the agreement started); a reminder goes out once it is due.
import dayjs from "../../platform/time.js";

export const PROGRESS_INTERVALS = { 1: "setiap bulan", 3: "setiap 3 bulan (triwulan)", 6: "setiap 6 bulan (semester)", 12: "setiap tahun" } as const;
export type ProgressInterval = keyof typeof PROGRESS_INTERVALS;
export const isProgressInterval = (n: number): n is ProgressInterval => Object.hasOwn(PROGRESS_INTERVALS, n);

/** The date (YYYY-MM-DD) the next progress report is due. */
export function nextProgressDue(o: { everyMonths: number; agreementStart: string; lastReportOn: string | null }): string {
  const from = o.lastReportOn && o.lastReportOn > o.agreementStart ? o.lastReportOn : o.agreementStart;
  return dayjs.utc(from).add(o.everyMonths, "month").format("YYYY-MM-DD");
}
