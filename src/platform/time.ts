// dayjs with the Indonesian locale and Asia/Jakarta as the default zone.
import dayjs from "dayjs";
import "dayjs/locale/id.js";
import customParseFormat from "dayjs/plugin/customParseFormat.js";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(customParseFormat);
dayjs.locale("id");
dayjs.tz.setDefault("Asia/Jakarta");

/** A DATE column value (UTC midnight) as a "YYYY-MM-DD" date, and back. */
export const fromDbDate = (v: Date): string => v.toISOString().slice(0, 10);
export const toDbDate = (v: string): Date => new Date(`${v}T00:00:00.000Z`);

export const ZONE = "Asia/Jakarta";
export default dayjs;

/**
 * Remembers what a formatter gave for a minute. dayjs's zone conversion asks Intl for
 * the parts of every date, which made it the largest cost of rendering a page. Every
 * result here depends only on the minute (Jakarta's offset is whole hours), so
 * remembering by minute is exact.
 */
export function byMinute<T>(fn: (d: Date) => T, max = 20_000): (d: Date) => T {
  const memo = new Map<number, T>();
  return (d: Date) => {
    const minute = Math.floor(d.getTime() / 60_000);
    let v = memo.get(minute);
    if (v === undefined) {
      if (memo.size >= max) memo.clear();
      v = fn(d);
      memo.set(minute, v);
    }
    return v;
  };
}

const toDate = (d: Date | string) => (typeof d === "string" ? new Date(d) : d);
/** Today's date in Jakarta, "YYYY-MM-DD". */
const dayOf = byMinute((d) => dayjs(d).tz(ZONE).format("YYYY-MM-DD"));
export const todayJakarta = (now: Date = new Date()): string => dayOf(now);

const dateTimeOf = byMinute((d) => dayjs(d).tz(ZONE).format("D MMMM YYYY HH.mm") + " WIB");
const dateOf = byMinute((d) => dayjs(d).tz(ZONE).format("D MMMM YYYY"));

/** "26 November 2026 14.05 WIB" */
export const formatDateTime = (d: Date | string | null | undefined) => (d ? dateTimeOf(toDate(d)) : "—");
/** "26 November 2026" */
export const formatDate = (d: Date | string | null | undefined) => (d ? dateOf(toDate(d)) : "—");
/** "3 Desember 2026" from a "YYYY-MM-DD" string (a calendar date, no zone). */
export const formatIsoDate = (iso: string | null | undefined) => (iso ? dayjs.utc(iso).format("D MMMM YYYY") : "—");
