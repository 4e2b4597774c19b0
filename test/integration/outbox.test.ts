// Issue 9: side effects are rows written with the change, delivered after it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDailyJob, LEASE_MS } from "../../src/features/jobs/daily-job.js";
import { backoffMinutes, deliverPending } from "../../src/features/notifications/mailer.js";
import { notify } from "../../src/features/notifications/notification-service.js";
import { applyTransition } from "../../src/core/workflow/transition-service.js";
import { toDbDate } from "../../src/core/calendar/calendar.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";
import { startSmtp, type TestSmtp } from "../helpers/smtp.js";
import { buildCase, demoActors, type Actors } from "../helpers/workflow.js";

let t: TestApp;
let a: Actors;
beforeAll(async () => {
  t = await buildTestApp();
  a = await demoActors(t.prisma);
  await t.prisma.user.updateMany({ data: { email: null } });
});
afterAll(() => t.close());

describe("notifications commit with their change", () => {
  it("when a transition is refused inside its transaction then no notification is left behind", async () => {
    const c = await buildCase(t.prisma, a, { row: 6, title: "Tidak ada notifikasi yatim" });
    const before = await t.prisma.notification.count();
    await expect(
      applyTransition(t.prisma, { caseId: c.id, expectedVersion: c.version, actionId: "tolak", user: a.kabag, reason: "Alasan yang cukup panjang" }),
    ).rejects.toThrow();
    expect(await t.prisma.notification.count()).toBe(before);
  });

  it("when a transition commits then its notifications exist already when the call returns", async () => {
    const c = await buildCase(t.prisma, a, { row: 2, title: "Notifikasi bersama perubahan" });
    const r = await applyTransition(t.prisma, {
      caseId: c.id,
      expectedVersion: c.version,
      actionId: "kembalikan",
      user: a.penatalaksana,
      reason: "Mohon dilengkapi",
    });
    expect(r.toRow).toBe(1);
    expect(await t.prisma.notification.count({ where: { link: `/kasus/${c.id}`, kind: "RETURNED" } })).toBeGreaterThan(0);
  });
});

describe("the e-mail outbox", () => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(() => smtp.close());

  it("when the SMTP server fails then the e-mail waits a growing delay and is sent once it is back; two workers at once send it once", async () => {
    const u = await t.prisma.user.update({ where: { username: "penelaah" }, data: { email: "penelaah@jogjakota.go.id" } });
    // Only this test's e-mail is pending.
    await t.prisma.notification.updateMany({ where: { emailedAt: null }, data: { emailedAt: new Date() } });
    await notify(t.prisma, [u.id], { kind: "TASK", title: "Uji outbox surel", link: "/kasus/1" });
    const cfg = smtp.mail;
    smtp.failing = true;
    expect(await deliverPending(t.prisma, cfg)).toBe(0);
    const n = await t.prisma.notification.findFirstOrThrow({ where: { userId: u.id, title: "Uji outbox surel" } });
    expect(n.emailedAt).toBeNull();
    expect(n.emailAttempts).toBe(1);
    expect(n.emailNextAt!.getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect(backoffMinutes(1)).toBe(1);
    expect(backoffMinutes(5)).toBe(16);
    expect(backoffMinutes(50)).toBe(360);
    // Not before its time comes.
    smtp.failing = false;
    expect(await deliverPending(t.prisma, cfg)).toBe(0);
    await t.prisma.notification.update({ where: { id: n.id }, data: { emailNextAt: new Date(Date.now() - 1000) } });
    const [x, y] = await Promise.all([deliverPending(t.prisma, cfg), deliverPending(t.prisma, cfg)]);
    expect(x + y).toBe(1);
    expect(smtp.received.filter((m) => m.body.includes("Uji outbox surel"))).toHaveLength(1);
  });
});

describe("the daily job's claim is a lease", () => {
  it("when the instance that claimed today's run died before finishing then another takes it over after the lease, and not before", async () => {
    const now = new Date("2026-12-02T03:00:00Z");
    const day = toDbDate("2026-12-02");
    await t.prisma.jobRun.create({ data: { name: "daily", day, instance: "mati:1", leaseUntil: new Date(now.getTime() + 60_000) } });
    expect((await runDailyJob(t.prisma, t.config, { now, instance: "hidup:2" })).ran).toBe(false);
    const later = new Date(now.getTime() + LEASE_MS);
    const r = await runDailyJob(t.prisma, t.config, { now: later, instance: "hidup:2" });
    expect(r.ran).toBe(true);
    const row = await t.prisma.jobRun.findUniqueOrThrow({ where: { name_day: { name: "daily", day } } });
    expect(row.instance).toBe("hidup:2");
    expect(row.finishedAt).not.toBeNull();
    // Finished runs are never taken over.
    expect((await runDailyJob(t.prisma, t.config, { now: new Date(later.getTime() + 2 * LEASE_MS), instance: "lain:3" })).ran).toBe(false);
  });
});

describe("demo seeding", () => {
  it("when the first start was killed half-way through the demo cases then the next start completes them, once", async () => {
    const { seedDemoCases, DEMO_DONE_KEY } = await import("../../src/features/seed/demo-cases.js");
    const fresh = await buildTestApp();
    try {
      // What a killed start left: the first demo proposal only, stuck at its draft.
      const skpd = (await demoActors(fresh.prisma)).skpd;
      const { createDraft } = await import("../../src/features/cases/case-service.js");
      const { fullProposal } = await import("../helpers/workflow.js");
      await createDraft(fresh.prisma, skpd, fullProposal({ title: "Promosi wisata bersama Kabupaten Sleman", jenis: "KSDD" }));
      expect(await seedDemoCases(fresh.prisma)).toBe(8);
      const sleman = await fresh.prisma.case.findMany({ where: { title: "Promosi wisata bersama Kabupaten Sleman" } });
      expect(sleman).toHaveLength(1);
      expect(sleman[0]?.currentRow).toBe(11);
      expect(await fresh.prisma.case.count()).toBe(8);
      expect(await fresh.prisma.setting.findUnique({ where: { key: DEMO_DONE_KEY } })).not.toBeNull();
      // The legacy PKS is numbered in the month and year it was signed (it said III while signed in December).
      const { romanMonth } = await import("../../src/features/numbering/numbering-service.js");
      const legacy = await fresh.prisma.agreement.findFirstOrThrow({ where: { case: { title: "Pengangkutan sampah kawasan Malioboro" } } });
      const signed = legacy.startDate.toISOString().slice(0, 10);
      const signedOn = (await fresh.prisma.case.findUniqueOrThrow({ where: { id: legacy.caseId } })).signedPksOn!.toISOString().slice(0, 10);
      expect(legacy.cityNumber).toMatch(new RegExp(`/${romanMonth(Number(signedOn.slice(5, 7)))}/${signedOn.slice(0, 4)}$`));
      expect(signed >= signedOn).toBe(true);
      expect(await seedDemoCases(fresh.prisma)).toBe(0);
      expect(await fresh.prisma.case.count()).toBe(8);
    } finally {
      await fresh.close();
    }
  }, 60_000);
});
