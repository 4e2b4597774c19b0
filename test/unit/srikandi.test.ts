// SRIKANDI numbers: the entry's checks, the counter's forms, and the letters' list.
import { describe, expect, it } from "vitest";
import { checkEntry } from "../../src/features/srikandi/srikandi-number.js";
import { counterCouldGive, formatNumber } from "../../src/features/numbering/numbering-service.js";
import { SRIKANDI_LETTER_KEYS, SRIKANDI_LETTERS } from "../../src/features/srikandi/record-letter.js";
import { LETTERS } from "../../src/features/letters/letters.js";
import { NUMBERING_HOLDERS } from "../../src/core/policies/srikandi.js";

const formats = { domestic: "100.3.7.1/{seq}/{unit}/{roman month}/{year}", foreign: "100.3.7.2/{seq}/{unit}/{month}/{year}" };

describe("a SRIKANDI entry", () => {
  it("when the number has extra spaces then it is kept with single spaces", () => {
    expect(checkEntry({ number: "  000.1.2/45/Bag.Kerja   Sama/2026 ", date: "2026-12-02" }, "2026-12-07")).toEqual({
      number: "000.1.2/45/Bag.Kerja Sama/2026",
      date: "2026-12-02",
    });
  });

  it("when the date is today then it is accepted, and tomorrow is refused", () => {
    expect(checkEntry({ number: "B/1/2026", date: "2026-12-07" }, "2026-12-07").date).toBe("2026-12-07");
    expect(() => checkEntry({ number: "B/1/2026", date: "2026-12-08" }, "2026-12-07")).toThrow("tidak boleh sesudah hari ini");
  });

  it("when the number has no digit, a semicolon or markup then it is refused", () => {
    for (const number of ["Bag. Kerja Sama", "100;1/2026", "<b>1</b>"])
      expect(() => checkEntry({ number, date: "2026-12-01" }, "2026-12-07")).toThrow("hanya boleh berisi");
  });

  it("when the date is before 2000 or not in the calendar then it is refused", () => {
    expect(() => checkEntry({ number: "B/1/1999", date: "1999-12-31" }, "2026-12-07")).toThrow("tidak boleh sebelum");
    expect(() => checkEntry({ number: "B/1/2026", date: "2026-13-01" }, "2026-12-07")).toThrow("tidak valid");
  });
});

describe("numbers the register's counter could give", () => {
  it("when a number has either series' form then it could be the counter's, whatever its sequence, month and year", () => {
    for (const [seq, month, year] of [
      [1, 1, 2026],
      [987, 12, 2031],
    ] as const) {
      expect(counterCouldGive(formatNumber(formats.domestic, { seq, unit: "P3ADK", month, year }), formats, "P3ADK")).toBe(true);
      expect(counterCouldGive(formatNumber(formats.foreign, { seq, unit: "P3ADK", month, year }), formats, "P3ADK")).toBe(true);
    }
  });

  it("when a number differs from both forms (another unit, SRIKANDI's own layout) then it could not", () => {
    for (const n of ["100.3.7.1/12/2026", "100.3.7.1/12/BAGKS/XII/2026", "B/77/100.3.7.1/2026", "100.3.7.1/12/P3ADK/XIII/2026", "100x3.7.1/12/P3ADK/XII/2026"])
      expect(counterCouldGive(n, formats, "P3ADK"), n).toBe(false);
  });
});

describe("the letters a SRIKANDI number may be recorded for", () => {
  it("when the list names a letter then it is a case's letter from features/letters", () => {
    for (const k of SRIKANDI_LETTER_KEYS) {
      expect(Object.hasOwn(LETTERS, k), k).toBe(true);
      expect(LETTERS[k as keyof typeof LETTERS].scope).toBe("case");
      expect(SRIKANDI_LETTERS[k].docKind).toBeTruthy();
    }
  });

  it("when the SOP's numbering steps are read then their holder is the Penatalaksana Kerjasama", () => {
    expect(NUMBERING_HOLDERS).toEqual(["PENATALAKSANA"]);
  });
});
