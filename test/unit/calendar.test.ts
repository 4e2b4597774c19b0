import { describe, expect, it } from "vitest";
import { libraryHolidays } from "../../src/core/calendar/holiday-service.js";
import { todayJakarta, WorkingCalendar } from "../../src/core/calendar/calendar.js";
import { requireRow } from "../../src/core/sop/sop.js";

// 2026: 25 Dec (Fri) Natal; cuti bersama 24 Dec (Thu) as an example of a row the admin adds.
const cal = new WorkingCalendar(new Set(["2026-12-24", "2026-12-25", "2027-01-01", "2026-08-17"]));

describe("working days", () => {
  it("when counting from a Thursday then the weekend is skipped", () => {
    expect(cal.addWorkingDays("2026-11-26", 2)).toBe("2026-11-30");
  });

  it("when a week is the standard then it is 5 working days", () => {
    const row2 = requireRow(2);
    expect(row2.time).toMatchObject({ kind: "days", days: 5, label: "1 minggu" });
    expect(cal.dueDate(row2, "2026-11-23", null)).toBe("2026-11-30");
  });

  it("when holidays and cuti bersama fall inside then they are skipped, across the year's end", () => {
    // Tue 22 Dec + 5: Wed 23, (Thu 24 cuti bersama, Fri 25 Natal, weekend), Mon 28, Tue 29, Wed 30, Thu 31
    expect(cal.addWorkingDays("2026-12-22", 5)).toBe("2026-12-31");
    // + 6 crosses into 2027, skipping 1 Jan (Fri) and the weekend
    expect(cal.addWorkingDays("2026-12-22", 6)).toBe("2027-01-04");
  });

  it("when a national holiday falls on a weekday then it is not a working day", () => {
    expect(cal.isWorkingDay("2026-08-17")).toBe(false);
    expect(cal.isWorkingDay("2026-08-18")).toBe(true);
    expect(cal.isWorkingDay("2026-11-28")).toBe(false);
  });

  it("when a pause spans a weekend and a holiday then only working days count", () => {
    expect(cal.workingDaysBetween("2026-12-23", "2026-12-28")).toBe(1);
    expect(cal.workingDaysBetween("2026-11-23", "2026-11-30")).toBe(5);
    expect(cal.workingDaysBetween("2026-11-30", "2026-11-30")).toBe(0);
  });

  it("when the standard is 'Sepanjang tahun' then it ends on 31 December; 'sesuai jangka waktu' uses the agreement end", () => {
    expect(cal.dueDate(requireRow(10), "2026-03-02", null)).toBe("2026-12-31");
    expect(cal.dueDate(requireRow(20), "2026-03-02", "2028-02-29")).toBe("2028-02-29");
    expect(cal.dueDate(requireRow(20), "2026-03-02", null)).toBeNull();
  });

  it("when it is 23:30 UTC then Jakarta is already on the next day", () => {
    expect(todayJakarta(new Date("2026-11-25T23:30:00Z"))).toBe("2026-11-26");
    expect(todayJakarta(new Date("2026-11-25T16:59:00Z"))).toBe("2026-11-25");
  });

  it("when the library is asked for Indonesia's holidays then Independence Day and Christmas are there", async () => {
    const dates = (await libraryHolidays(2027)).map((h) => h.date);
    expect(dates).toContain("2027-08-17");
    expect(dates).toContain("2027-12-25");
  });
});

describe("due marks", async () => {
  const { dueState } = await import("../../src/features/case-page/case-view.js");
  const at = (iso: string | null, paused = false) => ({ dueOn: iso ? new Date(`${iso}T00:00:00Z`) : null, pausedSince: paused ? new Date() : null });
  // Thursday 26 Nov 2026: two working days on is Monday 30 Nov.
  const today = "2026-11-26";
  const limit = cal.addWorkingDays(today, 2);

  it("when due within two working days then it is 'soon', across the weekend", () => {
    expect(limit).toBe("2026-11-30");
    expect(dueState(at("2026-11-30"), today, limit)).toBe("soon");
    expect(dueState(at("2026-12-01"), today, limit)).toBe("ok");
  });

  it("when past due it is overdue, unless the clock is paused", () => {
    expect(dueState(at("2026-11-25"), today, limit)).toBe("overdue");
    expect(dueState(at("2026-11-25", true), today, limit)).toBe("paused");
    expect(dueState(at(null), today, limit)).toBe("none");
  });
});

describe("holiday names", () => {
  it("when the library's holidays are read then 27 Rajab is named Isra Mi'raj and 12 Rabi al-awwal stays Maulid", async () => {
    const h = new Map((await libraryHolidays(2026)).map((x) => [x.date, x.name]));
    expect(h.get("2026-01-16")).toBe("Isra Mi'raj Nabi Muhammad SAW");
    expect(h.get("2026-08-25")).toBe("Maulid Nabi Muhammad");
  });
});
