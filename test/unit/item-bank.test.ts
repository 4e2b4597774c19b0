import { describe, expect, it } from "vitest";
import { checkItemBank, derivedScores, itemsOf, levelOfShare, meanScore, type ObligationSnapshot } from "../../src/core/sop/item-bank.js";
import { answersSchema } from "../../src/features/monitoring/schema.js";
import { parseQuantity } from "../../src/features/obligations/schema.js";

const ob = (party: "PEMKOT" | "MITRA", share: number): ObligationSnapshot => ({
  id: 1,
  party,
  description: "x",
  indicator: "x",
  target: 10,
  unit: "x",
  realised: share * 10,
  dueOn: "2026-06-30",
  share,
});

describe("the evaluation item bank", () => {
  it("when the bank is checked then keys are unique and each form has a recommendation", () => {
    expect(checkItemBank()).toEqual([]);
  });

  it("when the forms are built then both ask the shared items and only P3ADK asks documents and reporting regularity", () => {
    const p3adk = itemsOf("P3ADK").map((i) => i.key);
    const skpd = itemsOf("SKPD").map((i) => i.key);
    for (const k of [
      "kesesuaian_tujuan",
      "ketepatan_waktu",
      "kontribusi_mitra",
      "koordinasi",
      "capaian_indikator",
      "dampak_layanan",
      "kendala",
      "rekomendasi",
    ]) {
      expect(p3adk).toContain(k);
      expect(skpd).toContain(k);
    }
    expect(p3adk).toContain("kelengkapan_dokumen");
    expect(p3adk).toContain("keteraturan_laporan");
    expect(skpd).not.toContain("kelengkapan_dokumen");
  });

  it("when a realisation share is banded then 90/75/50/25 % are the edges of levels 5 to 2", () => {
    expect([1, 0.9, 0.8999, 0.75, 0.5, 0.4999, 0.25, 0.2, 0].map(levelOfShare)).toEqual([5, 5, 4, 4, 3, 2, 2, 1, 1]);
  });

  it("when obligations are given then the outcome item reads all of them and the partner item the partner's only", () => {
    const d = derivedScores([ob("PEMKOT", 1), ob("MITRA", 0.4)]);
    expect(d.capaian_indikator).toMatchObject({ score: 3, count: 2 }); // 70%
    expect(d.kontribusi_mitra).toMatchObject({ score: 2, count: 1 }); // 40%
    expect(derivedScores([ob("PEMKOT", 1)])).not.toHaveProperty("kontribusi_mitra");
    expect(derivedScores([])).toEqual({});
  });

  it("when the answers are averaged then only the form's scored items count", () => {
    const answers = Object.fromEntries(itemsOf("SKPD").map((i) => [i.key, i.kind === "score" ? 4 : "teks"]));
    expect(meanScore("SKPD", { ...answers, kelengkapan_dokumen: 1 })).toBe(4);
  });

  it("when a computed item is fixed then the form's schema does not ask it", () => {
    const shape = answersSchema("P3ADK", ["capaian_indikator"]).shape;
    expect(shape).not.toHaveProperty("capaian_indikator");
    expect(shape).toHaveProperty("koordinasi");
  });
});

describe("quantities as people write them", () => {
  it("when a quantity is typed then thousands dots and decimal commas are read, and words are refused", () => {
    expect(["12", "1.500", "2,5", "2.5", "1.500,75", " 40 ", "0"].map(parseQuantity)).toEqual([12, 1500, 2.5, 2.5, 1500.75, 40, 0]);
    expect(["", "sepuluh", "1,2,3", "-4", "1e9", "12 orang"].map(parseQuantity)).toEqual([null, null, null, null, null, null]);
  });
});
