import { describe, expect, it } from "vitest";
import { legacySchema } from "../../src/features/agreements/schema.js";

const row = (value: unknown) => ({
  kind: "PKS",
  title: "Perjanjian lama",
  jenis: "KSDPK",
  skpdCode: "DLH",
  partnerName: "PT Mitra",
  cityNumber: "100.3.7.1/1/P3ADK/I/2025",
  signedOn: "2025-01-10",
  startDate: "2025-02-01",
  endDate: "2027-01-31",
  value,
});

describe("the value of a legacy agreement (form and import)", () => {
  it.each([
    ["Rp 25.000.000,00", 25_000_000],
    ["1,5 miliar", 1_500_000_000],
    ["25.000.000", 25_000_000],
    ["750 ribu", 750_000],
    [500_000_000, 500_000_000],
    ["", undefined],
    [undefined, undefined],
  ] as [unknown, number | undefined][])("when it is written %j then it is stored as %s", (value, want) => {
    const r = legacySchema.safeParse(row(value));
    expect(r.success && r.data.value).toBe(want);
  });

  it.each([["25,000,000"], ["Rp 25.000.000,50"], ["dua puluh juta"], [1234.5], [-1], ["25000000.00"]])(
    "when it is written %j then it is refused with how to write it, never guessed",
    (value) => {
      const r = legacySchema.safeParse(row(value));
      expect(r.success).toBe(false);
      const msg = r.error!.issues.find((i) => i.path[0] === "value")!.message;
      expect(msg).toMatch(/^Nilai/);
      expect(msg).toMatch(/25\.000\.000|rupiah bulat/);
    },
  );
});
