// Issue 9: two app instances on one PostgreSQL, each with its own connection pool,
// data folder and session store.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { must } from "../../src/platform/must.js";
import { createApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/platform/config.js";
import { openPostgres, type Database } from "../../src/platform/db/client.js";
import { runDailyJob } from "../../src/features/jobs/daily-job.js";
import { createLogger } from "../../src/platform/logger.js";
import { deliverPending } from "../../src/features/notifications/mailer.js";
import { notify } from "../../src/features/notifications/notification-service.js";
import { buildTestApp, csrfFrom, type TestApp } from "../helpers/app.js";
import { startSmtp } from "../helpers/smtp.js";
import { caseAtRow, demoActors, PDF } from "../helpers/workflow.js";

const onPostgres = !!process.env.TEST_DATABASE_URL;
let t: TestApp;
let db2: Database;
let app2: App;
beforeAll(async () => {
  if (!onPostgres) return;
  t = await buildTestApp();
  db2 = await openPostgres(t.db.url!);
  const config = loadConfig({
    NODE_ENV: "test",
    DATA_DIR: mkdtempSync(path.join(tmpdir(), "kd-inst2-")),
    SESSION_SECRET: t.config.sessionSecret,
    LOG_LEVEL: "silent",
  });
  app2 = createApp({ config, db: db2, logger: createLogger("silent") });
});
afterAll(async () => {
  // Unset when not on PostgreSQL, or when the set-up failed half-way.
  await (db2 as Database | undefined)?.close();
  await (t as TestApp | undefined)?.close();
});

describe.skipIf(!onPostgres)("two instances on one PostgreSQL", () => {
  it("when a user logs in and uploads through one instance then the other knows the session and serves the document", async () => {
    const c = await caseAtRow(t.prisma, await demoActors(t.prisma), 2, { title: "Dua instans" });
    const one = request.agent(t.app);
    const token = await csrfFrom(one);
    const res = await one.post("/login").type("form").send({ _csrf: token, username: "penatalaksana", password: "kerjasama-demo" });
    const cookie = must(String(res.get("Set-Cookie")).match(/kd\.sid=[^;]+/)?.[0], "the session cookie");
    const t2 = await csrfFrom(one, `/kasus/${c.id}`);
    expect((await one.post(`/kasus/${c.id}/dokumen`).field("_csrf", t2).field("kind", "surat").attach("file", PDF, "surat.pdf")).status).toBe(302);
    const doc = await t.prisma.document.findFirstOrThrow({ where: { caseId: c.id, kind: "surat" } });
    const home = await request(app2).get("/").set("Cookie", cookie);
    expect(home.status).toBe(200);
    expect(home.text).toContain("penatalaksana");
    const dl = await request(app2).get(`/dokumen/${doc.id}`).set("Cookie", cookie);
    expect(dl.status).toBe(200);
  });

  it("when both run the daily job and the e-mail worker at the same moment then the job runs once and each e-mail is sent once", async () => {
    const now = new Date("2026-12-03T03:00:00Z");
    const runs = await Promise.all([runDailyJob(t.prisma, t.config, { now, instance: "satu" }), runDailyJob(db2.prisma, t.config, { now, instance: "dua" })]);
    expect(runs.filter((r) => r.ran)).toHaveLength(1);
    const smtp = await startSmtp();
    try {
      await t.prisma.notification.updateMany({ where: { emailedAt: null }, data: { emailedAt: new Date() } });
      const users = await t.prisma.user.findMany({ where: { username: { in: ["kabag", "penelaah", "kasubbag"] } } });
      for (const u of users) await t.prisma.user.update({ where: { id: u.id }, data: { email: `${u.username}@jogjakota.go.id` } });
      for (let i = 0; i < 20; i++)
        await notify(
          t.prisma,
          users.map((u) => u.id),
          { kind: "TASK", title: `Surel serentak ${i}` },
        );
      const cfg = smtp.mail;
      let sent = 0;
      for (let round = 0; round < 5; round++) {
        const [x, y] = await Promise.all([deliverPending(t.prisma, cfg), deliverPending(db2.prisma, cfg)]);
        sent += x + y;
      }
      expect(sent).toBe(60);
      expect(smtp.received).toHaveLength(60);
      expect(new Set(smtp.received.map((m) => must(/Surel serentak \d+/.exec(m.body)?.[0], "the match") + m.to.join())).size).toBe(60);
    } finally {
      await smtp.close();
    }
  });
});
