// Issue 12: every agreement gets its reminders before it ends, on the configured days, each once.
import { describe, expect, it } from "vitest";
import { reminderMark, runDailyJob } from "../../src/features/jobs/daily-job.js";
import { toDbDate } from "../../src/core/calendar/calendar.js";
import { login, postForm } from "../helpers/app.js";
import { buildCase, useWorkflowApp } from "../helpers/workflow.js";
import { fullAnswers } from "../helpers/evaluation.js";

const { t, a } = useWorkflowApp();

const run = (day: string, instance = "uji") =>
  runDailyJob(t.prisma, { expiringDays: 90 }, { now: new Date(`${day}T01:00:00Z`), instance: `${instance}:${day}` });
const reminders = (agreementId: number, userId: number) =>
  t.prisma.notification.findMany({ where: { userId, kind: "EXPIRING", link: `/perjanjian/${agreementId}` }, orderBy: { id: "asc" } });

describe("reminders before an agreement ends", () => {
  it("when the marks are 90, 60, 30, 7 and 0 then each window gets its one reminder", () => {
    const marks = [90, 60, 30, 7, 0];
    expect([120, 91, 90, 61, 60, 31, 30, 8, 7, 1, 0].map((left) => reminderMark(marks, left))).toEqual([undefined, undefined, 90, 90, 60, 60, 30, 30, 7, 7, 0]);
  });

  it("when a PKS ends on 5 January 2027 then reminders arrive across the year boundary on the default days, each once, to the SKPD and the cooperation section", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Kerja sama lintas tahun" });
    const agreement = await t.prisma.agreement.findFirstOrThrow({ where: { caseId: c.id, kind: "PKS" } });
    await t.prisma.agreement.update({ where: { id: agreement.id }, data: { endDate: toDbDate("2027-01-05") } });
    // 2026-10-06 is 91 days before: nothing yet. Then 90, 60, 30, 7 days and the day itself.
    const days = [
      "2026-10-06",
      "2026-10-07",
      "2026-10-08",
      "2026-11-06",
      "2026-12-06",
      "2026-12-07",
      "2026-12-29",
      "2026-12-30",
      "2027-01-04",
      "2027-01-05",
      "2027-01-06",
    ];
    for (const day of days) await run(day);
    const titles = (await reminders(agreement.id, a.skpd.id)).map((n) => n.title);
    expect(titles).toEqual([
      "PKS berakhir dalam 90 hari: Kerja sama lintas tahun",
      "PKS berakhir dalam 60 hari: Kerja sama lintas tahun",
      "PKS berakhir dalam 30 hari: Kerja sama lintas tahun",
      "PKS berakhir dalam 7 hari: Kerja sama lintas tahun",
      "PKS berakhir hari ini: Kerja sama lintas tahun",
    ]);
    expect(await reminders(agreement.id, a.penatalaksana.id)).toHaveLength(5);
    expect(await reminders(agreement.id, a.kasubbag.id)).toHaveLength(5);
    // Another SKPD hears nothing.
    expect(await reminders(agreement.id, a.otherSkpd.id)).toHaveLength(0);
  });

  it("when ADMIN sets the days then the job uses them, and a bad list is refused with the reason and changes nothing", async () => {
    const { agent } = await login(t.app, "admin");
    const bad = await postForm(agent, "/admin/pengaturan/pengingat", { days: "30, 30, tujuh" }, "/admin/pengaturan");
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Hanya bilangan bulat 0–730");
    expect(await t.prisma.setting.findUnique({ where: { key: "expiry.reminderDays" } })).toBeNull();
    const ok = await postForm(agent, "/admin/pengaturan/pengingat", { days: "14 45" }, "/admin/pengaturan");
    expect(ok.status).toBe(302);
    expect((await t.prisma.setting.findUniqueOrThrow({ where: { key: "expiry.reminderDays" } })).value).toBe("45, 14");

    const c = await buildCase(t.prisma, a, { row: 20, title: "Pengingat khusus" });
    const agreement = await t.prisma.agreement.findFirstOrThrow({ where: { caseId: c.id, kind: "PKS" } });
    await t.prisma.agreement.update({ where: { id: agreement.id }, data: { endDate: toDbDate("2027-03-01") } });
    for (const day of ["2027-01-14", "2027-01-15", "2027-02-14", "2027-02-15", "2027-02-28"]) await run(day, "khusus");
    expect((await reminders(agreement.id, a.skpd.id)).map((n) => n.title)).toEqual([
      "PKS berakhir dalam 45 hari: Pengingat khusus",
      "PKS berakhir dalam 14 hari: Pengingat khusus",
    ]);
  });
});

describe("the decision as the end nears", () => {
  it("when a PKS is in its last 90 days then the register asks for a decision beside the last evaluation's advice, and 'let it end' is recorded once on the case's timeline", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Keputusan akhir" });
    const agreement = await t.prisma.agreement.findFirstOrThrow({ where: { caseId: c.id, kind: "PKS" } });
    const { addDays } = await import("../../src/platform/http/dates.js");
    const { todayJakarta } = await import("../../src/core/calendar/calendar.js");
    await t.prisma.agreement.update({ where: { id: agreement.id }, data: { endDate: toDbDate(addDays(todayJakarta(), 40)) } });
    await t.prisma.evaluation.create({
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

    const { agent } = await login(t.app, "penatalaksana");
    const page = await agent.get(`/perjanjian/${agreement.id}`);
    expect(page.text).toContain("Keputusan sebelum berakhir");
    expect(page.text).toContain("Rekomendasi evaluasi terakhir (Semester I 2026): <strong>Dihentikan</strong>");
    // "Stop" opens the early-termination form with its reason started.
    expect(page.text).toMatch(/<details class="action" open><summary><span class="action-title danger">Catat berakhir lebih awal/);
    expect(page.text).toContain("Sesuai rekomendasi evaluasi Semester I 2026: dihentikan.");

    const ok = await postForm(agent, `/perjanjian/${agreement.id}/biarkan-berakhir`, { note: "Tujuan sudah tercapai" }, `/perjanjian/${agreement.id}`);
    expect(ok.status).toBe(302);
    const again = await postForm(agent, `/perjanjian/${agreement.id}/biarkan-berakhir`, {}, `/perjanjian/${agreement.id}`);
    expect(again.status).toBe(409);
    expect(again.text).toContain("sudah dicatat");
    const after = await agent.get(`/perjanjian/${agreement.id}`);
    expect(after.text).toContain("dibiarkan berakhir</strong> pada tanggalnya");
    const events = await t.prisma.caseEvent.findMany({ where: { caseId: c.id, action: "biarkan_berakhir" } });
    expect(events).toHaveLength(1);
    expect(events[0]?.reason).toBe("Tujuan sudah tercapai");
  });

  it("when the agreement is not near its end then 'let it end' is refused and nothing is recorded", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Masih lama" });
    const agreement = await t.prisma.agreement.findFirstOrThrow({ where: { caseId: c.id, kind: "PKS" } });
    await t.prisma.agreement.update({ where: { id: agreement.id }, data: { endDate: toDbDate("2030-12-31") } });
    const { agent } = await login(t.app, "penatalaksana");
    const res = await postForm(agent, `/perjanjian/${agreement.id}/biarkan-berakhir`, {}, `/perjanjian/${agreement.id}`);
    expect(res.status).toBe(409);
    expect((await t.prisma.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).expiryDecision).toBeNull();
    expect((await agent.get(`/perjanjian/${agreement.id}`)).text).not.toContain("Keputusan sebelum berakhir");
  });
});
