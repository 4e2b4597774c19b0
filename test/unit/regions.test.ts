import { describe, expect, it } from "vitest";
import { findRegion, loadRegions, readRegionCode, regionLabel, regionProblem } from "../../src/core/case-data/regions.js";

describe("Kemendagri area codes", () => {
  it("when the list is loaded then it holds every province and every city and regency once, each regency under a province of the list", async () => {
    const { list } = await loadRegions();
    const provinces = list.filter((r) => r.province === null);
    const regencies = list.filter((r) => r.province !== null);
    expect(provinces.length).toBeGreaterThanOrEqual(38);
    expect(regencies.length).toBeGreaterThanOrEqual(514);
    expect(new Set(list.map((r) => r.code)).size).toBe(list.length);
    for (const r of regencies) expect(list.some((p) => p.province === null && r.code.startsWith(`${p.code}.`))).toBe(true);
    expect(regionLabel((await findRegion("34.71"))!)).toBe("Kota Yogyakarta (34.71), Daerah Istimewa Yogyakarta");
  });

  it("when a code is typed or picked then its code is read, and only a regional government's code is checked", async () => {
    expect(readRegionCode(" 33.74 Kota Semarang ")).toBe("33.74");
    expect(readRegionCode("   ")).toBeNull();
    expect(await regionProblem("Pemerintah daerah", "33.74")).toBeNull();
    expect(await regionProblem("Pemerintah daerah", "33.99")).toBe("Kode wilayah 33.99 tidak ada dalam daftar wilayah Kemendagri");
    expect(await regionProblem("Pemerintah daerah", "3374")).toMatch(/^Tulis kode wilayah Kemendagri/);
    expect(await regionProblem("Badan usaha", "99.99")).toBeNull();
    expect(await regionProblem("Pemerintah daerah", null)).toBeNull();
  });
});
