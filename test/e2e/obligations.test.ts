// Issue 12 in the browser: P3ADK records an obligation, the SKPD reports its
// realisation with evidence, and the evaluation form scores the outcome from it.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../src/platform/http/dates.js";
import { todayJakarta } from "../../src/core/calendar/calendar.js";
import { pageAs, seriousA11yViolations, startBrowserEnv, type BrowserEnv } from "../helpers/browser.js";
import { caseAtRow, demoActors, PDF } from "../helpers/workflow.js";

let env: BrowserEnv;
const shots = process.env.SCREENSHOTS;
beforeAll(async () => {
  env = await startBrowserEnv();
  return () => env.stop();
}, 120_000);

const as = (username: string): Promise<Page> => pageAs(env, username);

describe("obligations and evaluation, in chromium", () => {
  it("when P3ADK records an obligation and the SKPD reports half of it with evidence then the ad-hoc evaluation scores the outcome from it", async () => {
    const a = await demoActors(env.prisma);
    const c = await caseAtRow(env.prisma, a, 20, { title: "Pelatihan pengrajin perak" });

    const staff = await as("penatalaksana");
    await staff.goto(`${env.baseUrl}/kasus/${c.id}#kewajiban`);
    await staff.locator("#kewajiban summary", { hasText: "Catat kewajiban" }).click();
    const form = staff.locator("#kewajiban form");
    await form.getByLabel("Pihak").selectOption("MITRA");
    await form.getByLabel("Kewajiban", { exact: true }).fill("Melatih pengrajin perak Kotagede");
    await form.getByLabel("Indikator", { exact: true }).fill("Pengrajin terlatih");
    await form.getByLabel("Target").fill("40");
    await form.getByLabel("Satuan").fill("orang");
    await form.getByLabel("Tenggat").fill(addDays(todayJakarta(), -1));
    await form.getByLabel("Kontribusi (Rp, opsional)").fill("75 juta");
    await Promise.all([staff.waitForEvent("load"), staff.getByRole("button", { name: "Simpan kewajiban" }).click()]);
    const table = staff.locator("#kewajiban table");
    expect(await table.textContent()).toContain("Melatih pengrajin perak Kotagede");
    expect(await table.textContent()).toContain("Rp 75.000.000");
    expect(await table.textContent()).toContain("lewat tenggat");
    expect(await seriousA11yViolations(staff)).toEqual([]);

    const skpd = await as("skpd.pariwisata");
    await skpd.goto(`${env.baseUrl}/kasus/${c.id}#monitoring`);
    await skpd.locator("summary", { hasText: "Laporkan kemajuan" }).click();
    await skpd.getByLabel("Periode").fill("Triwulan IV");
    await skpd.getByLabel("Progres (%)").fill("50");
    await skpd.locator("#pr-indicator").fill("Pengrajin terlatih");
    await skpd.locator("#pr-achievement").fill("Dua angkatan pelatihan selesai");
    await skpd.getByLabel(/Pengrajin terlatih \(mitra; target 40 orang/).fill("20");
    await skpd.locator("#pr-evidence").setInputFiles({ name: "daftar-hadir.pdf", mimeType: "application/pdf", buffer: PDF });
    if (shots) await skpd.locator("details.action", { hasText: "Laporkan kemajuan" }).screenshot({ path: `${shots}/progress-realisation.png` });
    await Promise.all([skpd.waitForEvent("load"), skpd.getByRole("button", { name: "Simpan laporan" }).click()]);
    expect(await skpd.locator("#kewajiban table").textContent()).toContain("20 orang (50%)");

    const penelaah = await as("penelaah");
    await penelaah.goto(`${env.baseUrl}/kasus/${c.id}`);
    await Promise.all([penelaah.waitForEvent("load"), penelaah.getByRole("button", { name: "Mulai evaluasi insidentil sekarang" }).click()]);
    const main = penelaah.locator("main");
    expect(await main.textContent()).toContain("Dihitung dari realisasi 1 kewajiban: rata-rata 50% dari target, nilai 3");
    expect(await seriousA11yViolations(penelaah)).toEqual([]);
    for (const name of await penelaah.locator('form input[type="radio"][value="4"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).name))) {
      await penelaah.locator(`input[name="${name}"][value="4"]`).check();
    }
    await penelaah.getByLabel("Kendala dan temuan").fill("Mitra baru memenuhi separuh target pelatihan.");
    await penelaah.getByLabel("Dilanjutkan").check();
    await Promise.all([penelaah.waitForEvent("load"), penelaah.getByRole("button", { name: "Simpan evaluasi" }).click()]);
    expect(await penelaah.locator("h1").textContent()).toContain("Laporan evaluasi");
    const row = penelaah.locator("tr", { hasText: "Capaian indikator output/outcome" });
    expect(await row.locator("td").nth(1).textContent()).toBe("3");
    if (shots) await penelaah.screenshot({ path: `${shots}/evaluation-two-forms.png`, fullPage: true });
  });
});
