import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres } from "../../src/platform/db/client.js";
import { runDailyJob } from "../../src/features/jobs/daily-job.js";
import { deliverPending } from "../../src/features/notifications/mailer.js";
import { notify } from "../../src/features/notifications/notification-service.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";
import { startSmtp, type TestSmtp } from "../helpers/smtp.js";

let t: TestApp;
let smtp: TestSmtp;
const received = () => smtp.received;

beforeAll(async () => {
  t = await buildTestApp();
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp.close();
  await t.close();
});

describe("email", () => {
  it("when SMTP is configured then pending notifications are mailed once to users with an address", async () => {
    const kabag = await t.prisma.user.update({ where: { username: "kabag" }, data: { email: "kabag@jogjakota.go.id" } });
    const tkksd = await t.prisma.user.findUniqueOrThrow({ where: { username: "tkksd" } });
    await notify(t.prisma, [kabag.id, tkksd.id], { kind: "TASK", title: "Tugas baru langkah 5: Uji email", link: "/kasus/1" });
    const cfg = smtp.mail;
    expect(await deliverPending(t.prisma, cfg)).toBe(1);
    expect(received()).toHaveLength(1);
    expect(received()[0]?.to).toEqual(["kabag@jogjakota.go.id"]);
    expect(received()[0]?.body).toContain("Tugas baru langkah 5: Uji email");
    expect(received()[0]?.body).toContain("http://kd.local/kasus/1");
    expect(await deliverPending(t.prisma, cfg)).toBe(0);
  });

  it("when SMTP is not configured then nothing is sent and notifications stay in the app", async () => {
    expect(await deliverPending(t.prisma, { smtpUrl: undefined, mailFrom: "x", appUrl: "x" })).toBe(0);
  });

  it("when the same reminder is created twice then the user sees it once", async () => {
    const kabag = await t.prisma.user.findUniqueOrThrow({ where: { username: "kabag" } });
    await notify(t.prisma, [kabag.id], { kind: "OVERDUE", title: "Terlambat", dedupe: "overdue:1:2026-11-26" });
    await notify(t.prisma, [kabag.id], { kind: "OVERDUE", title: "Terlambat", dedupe: "overdue:1:2026-11-26" });
    expect(await t.prisma.notification.count({ where: { userId: kabag.id, kind: "OVERDUE" } })).toBe(1);
  });
});

describe("the daily job across instances", () => {
  it("when two app instances with their own connections run it at the same moment then it runs once", async () => {
    const now = new Date("2026-12-02T00:30:00Z");
    // On PostgreSQL the second instance is a separate connection pool; PGlite is one process only.
    const other = t.db.url ? await openPostgres(t.db.url) : null;
    try {
      const results = await Promise.all([
        runDailyJob(t.prisma, { expiringDays: 90 }, { now, instance: "a" }),
        runDailyJob((other ?? t.db).prisma, { expiringDays: 90 }, { now, instance: "b" }),
        runDailyJob(t.prisma, { expiringDays: 90 }, { now, instance: "c" }),
      ]);
      expect(results.filter((r) => r.ran)).toHaveLength(1);
      expect(await t.prisma.jobRun.count({ where: { day: new Date("2026-12-02T00:00:00Z") } })).toBe(1);
    } finally {
      await other?.close();
    }
  });
});
