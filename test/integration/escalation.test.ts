// Issue 12: no task sits overdue without someone above being told, level by level, once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escalateOverdue } from "../../src/features/jobs/escalation.js";
import { runDailyJob } from "../../src/features/jobs/daily-job.js";
import { scheduleEvaluations } from "../../src/features/monitoring/monitoring-service.js";
import { loadCalendar } from "../../src/core/calendar/holiday-service.js";
import { toDbDate } from "../../src/core/calendar/calendar.js";
import { rowDef } from "../../src/core/sop/sop.js";
import { buildTestApp, login, type TestApp } from "../helpers/app.js";
import { buildCase, demoActors, type Actors } from "../helpers/workflow.js";

let t: TestApp;
let a: Actors;
beforeAll(async () => {
  t = await buildTestApp();
  a = await demoActors(t.prisma);
  // Thursday 10 December 2026 is a holiday in this test.
  await t.prisma.holiday.upsert({
    where: { date: toDbDate("2026-12-10") },
    create: { date: toDbDate("2026-12-10"), name: "Libur uji", kind: "LIBUR_NASIONAL" },
    update: {},
  });
}, 120_000);
afterAll(() => t.close());

/** A case at row 2 (held by the Penatalaksana) whose task was due on Friday 4 December 2026. */
async function lateCase(title: string) {
  const c = await buildCase(t.prisma, a, { row: 2, title });
  const task = await t.prisma.task.findFirstOrThrow({ where: { caseId: c.id, status: "OPEN" } });
  await t.prisma.task.update({ where: { id: task.id }, data: { dueOn: toDbDate("2026-12-04") } });
  return { c, task };
}

const at = (day: string) => new Date(`${day}T01:00:00Z`); // 08.00 WIB
const escalate = async (day: string) => escalateOverdue(t.prisma, await loadCalendar(t.prisma), day, at(day));
const told = async (userId: number, taskId: number) =>
  t.prisma.notification.count({ where: { userId, kind: "ESCALATION", dedupeKey: { startsWith: `escalation:${taskId}:` } } });

describe("escalation of overdue tasks", () => {
  it("when the SKPD's self-report at row 21 is late then the cooperation section is told first, the evaluators' own task goes up the staff line", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Laporan mandiri terlambat" });
    const created = await scheduleEvaluations(t.prisma, "2026-12-01");
    const ev = await t.prisma.evaluation.findUniqueOrThrow({ where: { id: created.find((e) => e.caseId === c.id)!.evaluationId } });
    await t.prisma.task.updateMany({ where: { id: { in: [ev.taskId!, ev.selfTaskId!] } }, data: { dueOn: toDbDate("2026-12-04") } });
    await escalate("2026-12-07");
    expect(await told(a.penatalaksana.id, ev.selfTaskId!)).toBe(1);
    expect(await told(a.kasubbag.id, ev.selfTaskId!)).toBe(0);
    expect(await told(a.kasubbag.id, ev.taskId!)).toBe(1);
  });
  it("when a task stays overdue then each level of its row's chain is told once, counting working days only", async () => {
    expect(rowDef(2)!.escalation.map((l) => [l.afterDays, l.to.join()])).toEqual([
      [1, "KASUBBAG"],
      [3, "KABAG"],
      [5, "PIMPINAN"],
    ]);
    const { c, task } = await lateCase("Eskalasi bertingkat");
    const level = async () => (await t.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).escalationLevel;

    // The weekend after the due date is not late.
    await escalate("2026-12-05");
    await escalate("2026-12-06");
    expect(await level()).toBe(0);
    // Monday: one working day late, the Ka.Subbag is told.
    await escalate("2026-12-07");
    expect(await level()).toBe(1);
    expect(await told(a.kasubbag.id, task.id)).toBe(1);
    expect(await told(a.kabag.id, task.id)).toBe(0);
    // Again the same day, and the next day (2 days late): nobody is told twice.
    await escalate("2026-12-07");
    await escalate("2026-12-08");
    expect(await told(a.kasubbag.id, task.id)).toBe(1);
    // Wednesday: three working days, the Kabag.
    await escalate("2026-12-09");
    expect(await level()).toBe(2);
    expect(await told(a.kabag.id, task.id)).toBe(1);
    // Thursday is a holiday and Friday is only the fourth working day: the Pimpinan waits...
    await escalate("2026-12-10");
    await escalate("2026-12-11");
    expect(await told(a.pimpinan.id, task.id)).toBe(0);
    // ...until Monday, the fifth.
    await escalate("2026-12-14");
    expect(await level()).toBe(3);
    expect(await told(a.pimpinan.id, task.id)).toBe(1);
    // The chain has no fourth level.
    expect(await escalate("2026-12-31")).toBe(0);

    const events = await t.prisma.caseEvent.findMany({ where: { caseId: c.id, action: "eskalasi" }, orderBy: { seq: "asc" } });
    expect(events.map((e) => (e.data as { label: string }).label)).toEqual([
      "Terlambat 1 hari kerja: dieskalasi ke Ka.Subbag Kerjasama",
      "Terlambat 3 hari kerja: dieskalasi ke Kepala Bagian Kerjasama",
      "Terlambat 5 hari kerja: dieskalasi ke Pimpinan (Walikota/Sekda)",
    ]);
    expect(events.every((e) => e.actorId === null)).toBe(true);
  });

  it("when the job did not run for days then every skipped level is told at once, each once", async () => {
    const { task } = await lateCase("Eskalasi tertunda");
    expect(await escalate("2026-12-14")).toBe(3);
    for (const u of [a.kasubbag, a.kabag, a.pimpinan]) expect(await told(u.id, task.id)).toBe(1);
  });

  it("when the clock of a task is paused then it does not escalate", async () => {
    const { task } = await lateCase("Menunggu mitra");
    await t.prisma.task.update({ where: { id: task.id }, data: { pausedSince: toDbDate("2026-12-03"), pauseReason: "Menunggu jawaban mitra" } });
    await escalate("2026-12-14");
    expect((await t.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).escalationLevel).toBe(0);
  });

  it("when two instances escalate at the same moment then each level is still told once", async () => {
    const { task } = await lateCase("Dua instans");
    const cal = await loadCalendar(t.prisma);
    const results = await Promise.all([1, 2].map(() => escalateOverdue(t.prisma, cal, "2026-12-09", at("2026-12-09"))));
    expect(results.reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(2);
    expect(await told(a.kasubbag.id, task.id)).toBe(1);
    expect(await told(a.kabag.id, task.id)).toBe(1);
    expect(await t.prisma.caseEvent.count({ where: { caseId: task.caseId, action: "eskalasi" } })).toBe(1);
  });

  it("when the daily job runs then it escalates, and the dashboard and the inbox show the escalated tasks", async () => {
    const { c } = await lateCase("Eskalasi lewat tugas harian");
    const r = await runDailyJob(t.prisma, t.config, { now: at("2026-12-08"), instance: "uji:1" });
    expect(r.ran).toBe(true);
    expect(r.summary!.escalated).toBeGreaterThanOrEqual(1);
    const { agent } = await login(t.app, "kabag");
    const page = await agent.get("/dashboard");
    expect(page.text).toContain("Tugas tereskalasi");
    expect(page.text).toContain("Eskalasi lewat tugas harian");
    const inbox = await login(t.app, "penatalaksana");
    expect((await inbox.agent.get("/inbox?q=Eskalasi+lewat")).text).toMatch(/Eskalasi 1/);
    const casePage = await agent.get(`/kasus/${c.id}`);
    expect(casePage.text).toContain("dieskalasi ke Ka.Subbag Kerjasama");
  });
});
