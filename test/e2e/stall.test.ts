// Issue 12 in the browser: an escalated task on the dashboard, and the decision an
// agreement asks for as its end nears.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../src/platform/http/dates.js";
import { escalateOverdue } from "../../src/features/jobs/escalation.js";
import { loadCalendar } from "../../src/core/calendar/holiday-service.js";
import { todayJakarta, toDbDate } from "../../src/core/calendar/calendar.js";
import { pageAs, seriousA11yViolations, startBrowserEnv, type BrowserEnv } from "../helpers/browser.js";
import { buildCase, demoActors } from "../helpers/workflow.js";
import { fullAnswers } from "../helpers/evaluation.js";

let env: BrowserEnv;
const shots = process.env.SCREENSHOTS;
beforeAll(async () => {
  env = await startBrowserEnv();
  return () => env.stop();
}, 120_000);

const as = (username: string): Promise<Page> => pageAs(env, username);

describe("work that never stalls, in chromium", () => {
  it("when a task is three working days late then the Kabag sees it escalated on the dashboard and on the case's timeline", async () => {
    const a = await demoActors(env.prisma);
    const c = await buildCase(env.prisma, a, { row: 2, title: "Promosi batik bersama" });
    const task = await env.prisma.task.findFirstOrThrow({ where: { caseId: c.id, status: "OPEN" } });
    const today = todayJakarta();
    const cal = await loadCalendar(env.prisma);
    // Due four working days ago: the Ka.Subbag (day 1) and the Kabag (day 3) have been told.
    let due = today;
    for (let n = 0; n < 4;) {
      due = addDays(due, -1);
      if (cal.isWorkingDay(due)) n++;
    }
    await env.prisma.task.update({ where: { id: task.id }, data: { dueOn: toDbDate(due) } });
    expect(await escalateOverdue(env.prisma, cal, today)).toBe(2);

    const page = await as("kabag");
    await page.goto(`${env.baseUrl}/dashboard`);
    const section = page.locator("section", { has: page.getByRole("heading", { name: /Tugas tereskalasi/ }) });
    expect(await section.textContent()).toContain("Promosi batik bersama");
    expect(await section.textContent()).toContain("Kepala Bagian Kerjasama");
    if (shots) await section.screenshot({ path: `${shots}/escalated.png` });
    await section.getByRole("link", { name: "Promosi batik bersama" }).click();
    await page.waitForURL(`${env.baseUrl}/kasus/${c.id}`);
    expect(await page.locator(".timeline").textContent()).toContain("dieskalasi ke Ka.Subbag Kerjasama; Kepala Bagian Kerjasama");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("when a PKS ends within 90 days and its evaluation said stop then the register offers the decisions and records 'let it end'", async () => {
    const a = await demoActors(env.prisma);
    const c = await buildCase(env.prisma, a, { row: 20, title: "Pelatihan pemandu wisata" });
    const agreement = await env.prisma.agreement.findFirstOrThrow({ where: { caseId: c.id, kind: "PKS" } });
    await env.prisma.agreement.update({ where: { id: agreement.id }, data: { endDate: toDbDate(addDays(todayJakarta(), 45)) } });
    await env.prisma.evaluation.create({
      data: {
        caseId: c.id,
        period: "2026-S1",
        dueOn: toDbDate("2026-06-30"),
        completedAt: new Date(),
        recommendation: "HENTIKAN",
        answers: fullAnswers("P3ADK", { rekomendasi: "HENTIKAN" }, 2),
        score: 2,
      },
    });

    const page = await as("penatalaksana");
    await page.goto(`${env.baseUrl}/perjanjian/${agreement.id}`);
    const card = page.locator("section", { has: page.getByRole("heading", { name: "Keputusan sebelum berakhir" }) });
    expect(await card.textContent()).toContain("Dihentikan");
    // The evaluation said stop: the early-termination form is open, its reason started.
    expect(await page.getByLabel("Alasan").inputValue()).toContain("dihentikan");
    expect(await seriousA11yViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/agreement-decision.png`, fullPage: true });
    await Promise.all([page.waitForEvent("load"), card.getByRole("button", { name: "Biarkan berakhir" }).click()]);
    expect(await page.locator(".alert-success").textContent()).toContain("dibiarkan berakhir");
    expect(await card.textContent()).toContain("dibiarkan berakhir");
  });
});

describe("an acting Kabag, in chromium", () => {
  it("when the Penelaah is Plh for the Kabag then they find the case at row 6 in their inbox and record the Walikota's approval, signed as Plh", async () => {
    const a = await demoActors(env.prisma);
    const c = await buildCase(env.prisma, a, { row: 6, title: "Festival seni kampung" });
    const { checkUpload, writeBlob } = await import("../../src/platform/files/blob-store.js");
    const { PDF } = await import("../helpers/workflow.js");
    const decree = await checkUpload(PDF, "sprint.pdf");
    await env.prisma.$transaction((tx) => writeBlob(tx, decree));
    const today = todayJakarta();
    await env.prisma.delegation.create({
      data: {
        kind: "PLH",
        actingId: a.penelaah.id,
        absentId: a.kabag.id,
        fromDay: toDbDate(today),
        untilDay: toDbDate(addDays(today, 2)),
        decreeNumber: "800/7/2026",
        decreeSha256: decree.sha256,
        decreeName: "sprint.pdf",
        createdById: a.admin.id,
      },
    });

    const page = await as("penelaah");
    await page.goto(`${env.baseUrl}/inbox?q=Festival+seni`);
    const row = page.locator("tr", { hasText: "Festival seni kampung" });
    expect(await row.textContent()).toContain("sebagai Plh Kepala Bagian Kerjasama");
    if (shots) await page.screenshot({ path: `${shots}/plh-inbox.png`, fullPage: true });
    await row.getByRole("link", { name: "Festival seni kampung" }).click();
    await page.waitForURL(`${env.baseUrl}/kasus/${c.id}`);
    const form = page.locator('form[data-action="setuju"]');
    expect(await page.locator("summary", { hasText: "Walikota menyetujui" }).first().textContent()).toContain("sebagai Plh Kepala Bagian Kerjasama");
    await form.locator('input[name="doc_disposisi"]').setInputFiles({ name: "disposisi.pdf", mimeType: "application/pdf", buffer: PDF });
    await Promise.all([page.waitForEvent("load"), form.locator('button[type="submit"]').click()]);
    expect(await page.locator(".timeline").textContent()).toContain(`sebagai Plh Kepala Bagian Kerjasama (${a.kabag.fullName})`);
    expect((await env.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).currentRow).toBe(7);
    if (shots) await page.screenshot({ path: `${shots}/plh-case.png`, fullPage: true });

    // The administrator sees the window in force, with its decree.
    const admin = await as("admin");
    await admin.goto(`${env.baseUrl}/plh`);
    expect(await admin.locator("tr", { hasText: "800/7/2026" }).textContent()).toContain("Berlaku");
    expect(await seriousA11yViolations(admin)).toEqual([]);
    if (shots) await admin.screenshot({ path: `${shots}/plh-admin.png`, fullPage: true });
  });
});
