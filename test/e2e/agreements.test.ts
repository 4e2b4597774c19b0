import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { LEGACY_COLUMNS } from "../../src/features/agreements/schema.js";
import { scheduleEvaluations } from "../../src/features/monitoring/monitoring-service.js";
import { todayJakarta } from "../../src/core/calendar/calendar.js";
import { pageAs, seriousA11yViolations, startBrowserEnv, type BrowserEnv } from "../helpers/browser.js";

let env: BrowserEnv;
const shots = process.env.SCREENSHOTS;
beforeAll(async () => {
  env = await startBrowserEnv();
  return () => env.stop();
});

const as = (username: string): Promise<Page> => pageAs(env, username);

const iso = (days: number) => new Date(Date.parse(todayJakarta()) + days * 86400_000).toISOString().slice(0, 10);

async function importFile() {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Perjanjian");
  ws.addRow(LEGACY_COLUMNS.map((c) => c.header));
  ws.addRow([
    "PKS",
    "Pengelolaan bank sampah kota",
    "KSDPK",
    "DLH",
    "PT Bersih Lestari",
    "100.3.7.1/5/P3ADK/III/2025",
    "BL/07/2025",
    "2025-03-10",
    "2025-04-01",
    iso(60),
    500000000,
  ]);
  ws.addRow([
    "MoU",
    "Kerja sama kota kembar",
    "KSDPL",
    "DISPAR",
    "Kota Mitra Luar Negeri",
    "100.3.7.2/2/P3ADK/I/2024",
    "",
    "2024-01-15",
    "2024-02-01",
    iso(700),
    "",
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe("running agreements in chromium", () => {
  it("when the penatalaksana imports an Excel file then after confirming both agreements are in the register", async () => {
    const page = await as("penatalaksana");
    await page.goto(`${env.baseUrl}/perjanjian/impor`);
    await page.getByLabel("Berkas .xlsx").setInputFiles({
      name: "perjanjian-lama.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: await importFile(),
    });
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Periksa berkas" }).click()]);
    expect(await page.locator(".alert-success").textContent()).toContain("Semua 2 baris benar");
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Impor 2 perjanjian" }).click()]);
    expect(await page.locator(".alert-success").textContent()).toContain("2 perjanjian diimpor");
    expect(await page.locator("table").textContent()).toContain("Pengelolaan bank sampah kota");
    await page.getByLabel("Status").selectOption("EXPIRING");
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Terapkan" }).click()]);
    const table = await page.locator("table").textContent();
    expect(table).toContain("Pengelolaan bank sampah kota");
    expect(table).not.toContain("Kerja sama kota kembar");
    if (shots) await page.screenshot({ path: `${shots}/register.png`, fullPage: true });
    expect(await seriousA11yViolations(page)).toEqual([]);
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Unduh Excel" }).click();
    expect((await download).suggestedFilename()).toMatch(/^register-perjanjian-.*\.xlsx$/);
  });

  it("when an evaluation is due then the penelaah finds it in the inbox and fills in the form", async () => {
    // Semester I of this year always overlaps the imported PKS (from 2025 to 60 days from today).
    await scheduleEvaluations(env.prisma, `${todayJakarta().slice(0, 4)}-06-01`);
    const page = await as("penelaah");
    await page.goto(`${env.baseUrl}/inbox?row=21`);
    expect(await page.locator("table.inbox").textContent()).toContain("Pengelolaan bank sampah kota");
    const ev = await env.prisma.evaluation.findFirstOrThrow({ where: { case: { title: "Pengelolaan bank sampah kota" } } });
    await page.goto(`${env.baseUrl}/evaluasi/${ev.id}`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    for (const name of await page.locator('form input[type="radio"][value="4"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).name))) {
      await page.locator(`input[name="${name}"][value="4"]`).check();
    }
    await page.getByLabel("Kendala dan temuan").fill("Volume sampah terolah naik; pelaporan mitra perlu dipercepat.");
    await page.getByLabel("Diperpanjang").check();
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Simpan evaluasi" }).click()]);
    expect(await page.locator("h1").textContent()).toContain("Laporan evaluasi");
    expect(await page.locator("main").textContent()).toContain("Diperpanjang");
    if (shots) await page.screenshot({ path: `${shots}/evaluation-report.png`, fullPage: true });
  });

  it("when the Kabag opens the dashboard then the charts draw and the tables hold the figures", async () => {
    const page = await as("kabag");
    await page.goto(`${env.baseUrl}/dashboard`);
    await page.waitForFunction(() => document.querySelectorAll("canvas.chart").length > 0 && (window as unknown as { Chart?: unknown }).Chart !== undefined);
    const drawn = await page.evaluate(() => [...document.querySelectorAll("canvas.chart")].every((c) => (c as HTMLCanvasElement).width > 0));
    expect(drawn).toBe(true);
    expect(await page.locator("main").textContent()).toContain("Pengelolaan bank sampah kota");
    if (shots) await page.screenshot({ path: `${shots}/dashboard.png`, fullPage: true });
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
