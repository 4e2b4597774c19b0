// Lists, counts and exports use the same rule as single objects (the policies' scope).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoCases } from "../../src/features/seed/demo-cases.js";
import { buildTestApp, login, type TestApp } from "../helpers/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await seedDemoCases(t.prisma);
}, 120_000);
afterAll(() => t.close());

describe("lists use the same rule as single objects", () => {
  it("when an SKPD user lists cases, the register and its export then only their own unit's appear", async () => {
    const { agent } = await login(t.app, "skpd.kesehatan");
    const cases = await agent.get("/kasus");
    expect(cases.text).toContain("Layanan kesehatan jemput bola");
    expect(cases.text).not.toContain("Festival kuliner Kotagede");
    expect(cases.text).not.toContain("Promosi wisata bersama Kabupaten Sleman");
    const csv = await agent.get("/perjanjian/ekspor.csv");
    expect(csv.text).toContain("Pelatihan kader posyandu");
    expect(csv.text).not.toContain("Pengangkutan sampah kawasan Malioboro");
  });

  it("when the cooperation section lists cases then an SKPD's unsent draft is not among them", async () => {
    const { agent } = await login(t.app, "kabag");
    const cases = await agent.get("/kasus?q=Festival");
    expect(cases.status).toBe(200);
    expect(cases.text).not.toContain("Festival kuliner Kotagede");
    const own = await login(t.app, "skpd.pariwisata");
    expect((await own.agent.get("/kasus?q=Festival")).text).toContain("Festival kuliner Kotagede");
  });
});
