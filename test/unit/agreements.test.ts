import { describe, expect, it } from "vitest";
import { agreementStatus } from "../../src/features/agreements/status.js";
import { openPeriods, periodsOfYear } from "../../src/core/sop/periods.js";

const d = (s: string) => new Date(`${s}T00:00:00Z`);

describe("agreement status", () => {
  it("when the end is more than 90 days away then it is active; within 90 days expiring; past it expired", () => {
    expect(agreementStatus({ endDate: d("2027-03-01"), endedEarlyAt: null }, false, 90, "2026-11-26")).toBe("ACTIVE");
    expect(agreementStatus({ endDate: d("2027-02-24"), endedEarlyAt: null }, false, 90, "2026-11-26")).toBe("EXPIRING");
    expect(agreementStatus({ endDate: d("2026-11-26"), endedEarlyAt: null }, false, 90, "2026-11-26")).toBe("EXPIRING");
    expect(agreementStatus({ endDate: d("2026-11-25"), endedEarlyAt: null }, false, 90, "2026-11-26")).toBe("EXPIRED");
  });

  it("when ended early or renewed then that wins over the dates", () => {
    expect(agreementStatus({ endDate: d("2030-01-01"), endedEarlyAt: d("2026-10-01") }, false, 90, "2026-11-26")).toBe("ENDED_EARLY");
    expect(agreementStatus({ endDate: d("2026-01-01"), endedEarlyAt: null }, true, 90, "2026-11-26")).toBe("EXTENDED");
  });

  it("when the expiring window is a setting then it is used", () => {
    expect(agreementStatus({ endDate: d("2027-01-20"), endedEarlyAt: null }, false, 30, "2026-11-26")).toBe("ACTIVE");
  });
});

describe("evaluation periods", () => {
  it("when a year is split then semester I ends on 30 June and the year-end period on 31 December", () => {
    expect(periodsOfYear(2026).map((p) => [p.key, p.end, p.opensOn])).toEqual([
      ["2026-S1", "2026-06-30", "2026-06-01"],
      ["2026-YE", "2026-12-31", "2026-12-01"],
    ]);
  });

  it("when it is May then nothing is open; in June semester I is; in December the year end is", () => {
    expect(openPeriods("2026-05-31").map((p) => p.key)).toEqual([]);
    expect(openPeriods("2026-06-01").map((p) => p.key)).toEqual(["2026-S1"]);
    expect(openPeriods("2026-12-01").map((p) => p.key)).toEqual(["2026-YE"]);
  });

  it("when the new year starts then last year's year-end evaluation stays open for its grace period", () => {
    expect(openPeriods("2027-01-15").map((p) => p.key)).toEqual(["2026-YE"]);
    expect(openPeriods("2027-03-15").map((p) => p.key)).toEqual([]);
  });
});
