// Dates in tests as the app reckons them: in Asia/Jakarta (src/platform/time.ts), never the
// machine's zone or UTC (between 00:00 and 07:00 in Jakarta the UTC date is a day behind,
// and on 1 January the UTC year is the year before).
import dayjs from "../../src/platform/time.js";
import { todayJakarta } from "../../src/core/calendar/calendar.js";

/** This year in Jakarta. */
export const yearJakarta = (now: Date = new Date()): number => Number(todayJakarta(now).slice(0, 4));

/** The Jakarta date `days` from today (negative: before), as YYYY-MM-DD. */
export const jakartaDaysFromToday = (days: number, now: Date = new Date()): string => dayjs.utc(todayJakarta(now)).add(days, "day").format("YYYY-MM-DD");
