import { describe, expect, it } from "vitest";
import { formatRupiah, parseRupiah, readRupiah } from "../../src/core/case-data/rupiah.js";
import { proposalSchema } from "../../src/core/case-data/schema.js";

const CASES: [string, number | null][] = [
  ["25.000.000", 25_000_000],
  ["Rp 25.000.000,00", 25_000_000],
  ["Rp25.000.000", 25_000_000],
  ["25000000", 25_000_000],
  ["25 juta", 25_000_000],
  ["Rp 25 juta", 25_000_000],
  ["25jt", 25_000_000],
  ["1,5 miliar", 1_500_000_000],
  ["1.5 miliar", 1_500_000_000],
  ["1,5 M", 1_500_000_000],
  ["750 ribu", 750_000],
  ["2 triliun", 2_000_000_000_000],
  ["0", 0],
  ["Rp 1.500.000,-", 1_500_000],
  ["Rp. 25.000.000,00", 25_000_000],
  ["Rp\u00a025.000.000", 25_000_000],
  ["25,000", null],
  ["1,500 juta", null],
  ["25,000,000", null],
  ["dua puluh juta", null],
  ["25 juta rupiah", null],
  ["1,2345 rb", null],
  ["Rp 25.000.000,50", null],
  ["abc", null],
  ["", null],
];

describe("amounts in rupiah", () => {
  it.each(CASES)("when %j is typed then it reads as %s", (text, want) => {
    expect(parseRupiah(text)).toBe(want);
  });

  it("when the browser's preview parses the same texts then it agrees with the server on every one", async () => {
    // public/js/rupiah.js touches `document` only to wire inputs; give it an empty one.
    (globalThis as { document?: unknown }).document = { querySelectorAll: () => [] };
    const browser = await import("../../public/js/rupiah.js");
    for (const [text] of CASES) expect(browser.parseRupiah(text), text).toBe(parseRupiah(text));
    expect(browser.formatRupiah(25_000_000)).toBe(formatRupiah(25_000_000));
    expect(formatRupiah(25_000_000)).toBe("Rp 25.000.000");
  });

  it("when 'Rp 25 juta' is sent in the proposal then it is stored as 25,000,000, and an unreadable amount is refused with how to write it", () => {
    const base = { estimatedCost: "Rp 25 juta" };
    const ok = proposalSchema.shape.estimatedCost.safeParse(base.estimatedCost);
    expect(ok.success && ok.data).toBe(25_000_000);
    const bad = proposalSchema.shape.estimatedCost.safeParse("dua puluh lima juta");
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toContain("25 juta");
  });
});

describe("amounts from a spreadsheet cell or a form field", () => {
  it.each([
    [25_000_000, 25_000_000],
    ["Rp 25.000.000,00", 25_000_000],
    ["1,5 miliar", 1_500_000_000],
    [0, 0],
    [25_000_000.5, null],
    [-5, null],
    [Number.NaN, null],
    [1e300, null],
    [true, null],
    [new Date(0), null],
  ] as [unknown, number | null][])("when the cell holds %j then it reads as %s", (cell, want) => {
    expect(readRupiah(cell)).toBe(want);
  });
});
