// Working-day arithmetic in Asia/Jakarta: Monday to Friday, minus the holiday
// table (libur nasional and cuti bersama). Dates are "YYYY-MM-DD" strings.
import dayjs from "../../platform/time.js";
import type { RowDef } from "../sop/sop.js";

export type IsoDate = string;

/** A task is "due soon" (reminder, inbox mark) when due within this many working days. */
export const DUE_SOON_WORKING_DAYS = 2;

const d = (iso: IsoDate) => dayjs.utc(iso);
const iso = (x: dayjs.Dayjs): IsoDate => x.format("YYYY-MM-DD");

/** Today's date in Jakarta, and a DATE column value (UTC midnight) as an IsoDate and back (defined in time.ts, below the workflow). */
export { fromDbDate, toDbDate, todayJakarta } from "../../platform/time.js";

export class WorkingCalendar {
  constructor(private readonly holidays: ReadonlySet<IsoDate>) {}

  isWorkingDay(day: IsoDate): boolean {
    const wd = d(day).day();
    return wd !== 0 && wd !== 6 && !this.holidays.has(day);
  }

  /** The n-th working day after `start` (start itself is not counted). n = 0 gives start. */
  addWorkingDays(start: IsoDate, n: number): IsoDate {
    let cur = d(start);
    let left = n;
    while (left > 0) {
      cur = cur.add(1, "day");
      if (this.isWorkingDay(iso(cur))) left--;
    }
    return iso(cur);
  }

  /** Working days in [from, to): how many working days a pause from `from` until `to` took. */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    let n = 0;
    for (let cur = d(from); cur.isBefore(d(to)); cur = cur.add(1, "day")) if (this.isWorkingDay(iso(cur))) n++;
    return n;
  }

  /** Due date of a row entered on `start`, or null when it depends on a date not known yet. */
  dueDate(row: Pick<RowDef, "time">, start: IsoDate, agreementEnd: IsoDate | null): IsoDate | null {
    switch (row.time.kind) {
      case "days":
        return this.addWorkingDays(start, row.time.days);
      case "endOfYear":
        return `${start.slice(0, 4)}-12-31`;
      case "agreementEnd":
        return agreementEnd;
    }
  }
}
