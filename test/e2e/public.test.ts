// Issue 13 in the browser: the public register searched by a visitor, and a user
// turning on their calendar feed.
import { describe, expect, it } from "vitest";
import ical from "node-ical";
import { pageAs, seriousA11yViolations, useBrowserEnv } from "../helpers/browser.js";
import { buildCase, demoActors } from "../helpers/workflow.js";

const browserEnv = useBrowserEnv();
const shots = process.env.SCREENSHOTS;

describe("public register and calendar, in chromium", () => {
  it("when a visitor searches the public register then the running agreement is found with its counts, and the open data links follow the search", async () => {
    const env = browserEnv();
    const a = await demoActors(env.prisma);
    await buildCase(env.prisma, a, { row: 20, title: "Festival kuliner Malioboro", partnerName: "Asosiasi Kuliner Jogja" });
    await buildCase(env.prisma, a, { row: 20, title: "Pelatihan pemandu museum", partnerName: "Yayasan Museum Nusantara" });
    const page = await (await env.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${env.baseUrl}/login`);
    await page.getByRole("link", { name: "register kerja sama daerah" }).click();
    await page.getByLabel("Cari judul atau mitra").fill("kuliner");
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Cari" }).click()]);
    const table = await page.locator("#pub-list ~ .table-wrap table").textContent();
    expect(table).toContain("Festival kuliner Malioboro");
    expect(table).not.toContain("Pelatihan pemandu museum");
    expect(await page.locator("#per-jenis").locator("..").locator("canvas").count()).toBe(1);
    expect(await page.getByRole("link", { name: "JSON" }).getAttribute("href")).toBe("/publik/data.json?q=kuliner");
    expect(await seriousA11yViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/public-register.png`, fullPage: true });
  });

  it("when a user turns on the calendar then the URL shown once gives a calendar with their task", async () => {
    const env = browserEnv();
    const a = await demoActors(env.prisma);
    const c = await buildCase(env.prisma, a, { row: 2, title: "Kasus kalender peramban" });
    const staff = await pageAs(env, "penatalaksana");
    await staff.locator(".who").getByRole("link", { name: "Kalender saya" }).click();
    await Promise.all([staff.waitForEvent("load"), staff.getByRole("button", { name: "Aktifkan kalender" }).click()]);
    const url = await staff.getByLabel("Tautan langganan (ICS)").inputValue();
    expect(url).toMatch(/\/kalender\/[A-Za-z0-9_-]{32}\.ics$/);
    expect(await seriousA11yViolations(staff)).toEqual([]);
    if (shots) await staff.screenshot({ path: `${shots}/calendar-mine.png`, fullPage: true });
    const res = await staff.request.get(`${env.baseUrl}${new URL(url).pathname}`);
    const events = Object.values(ical.sync.parseICS(await res.text()));
    expect(events.some((e) => e?.type === "VEVENT" && typeof e.summary === "string" && e.summary.includes("Kasus kalender peramban"))).toBe(true);
    expect(c.id).toBeGreaterThan(0);
  });

  it("when the Kasubbag opens the ministry report then the gaps are listed and the workbook downloads", async () => {
    const env = browserEnv();
    const a = await demoActors(env.prisma);
    const c = await buildCase(env.prisma, a, { row: 20, title: "Kerja sama untuk laporan kementerian" });
    const page = await pageAs(env, "kasubbag");
    await page.locator("#main-nav").getByRole("link", { name: "Laporan" }).click();
    expect(await page.locator("#kelengkapan").textContent()).toContain("Kerja sama untuk laporan kementerian");
    expect(await page.locator("#kelengkapan").textContent()).toContain("kewajiban para pihak");
    expect(await seriousA11yViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/ministry-report.png`, fullPage: true });
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Unduh .xlsx" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^laporan-kerjasama-\d{4}-S[12]\.xlsx$/);
    expect(c.id).toBeGreaterThan(0);
  });
});
