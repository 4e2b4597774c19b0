// Issue 13, part 5: private calendar feeds (ICS) with revocable URLs.
import ical, { type VEvent } from "node-ical";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { addDays } from "../../src/platform/http/dates.js";
import { buildFeed } from "../../src/features/calendar-feeds/feed-service.js";
import { todayJakarta } from "../../src/core/calendar/calendar.js";
import { login, postForm } from "../helpers/app.js";
import { buildCase, file, useWorkflowApp } from "../helpers/workflow.js";
import { writeBlob } from "../../src/platform/files/blob-store.js";

const { t, a } = useWorkflowApp();

/** Turns the user's feed on through the page and returns the feed's path, read from the page as a user would copy it. */
async function turnOn(username: string) {
  const { agent } = await login(t.app, username);
  const res = await postForm(agent, "/akun/kalender", {}, "/akun/kalender");
  expect(res.status).toBe(302);
  const page = await agent.get("/akun/kalender");
  const url = /id="feed-url"[^>]*value="([^"]+)"/.exec(page.text)?.[1];
  expect(url).toMatch(/\/kalender\/[A-Za-z0-9_-]{32}\.ics$/);
  // Shown once: the next visit no longer shows it.
  expect((await agent.get("/akun/kalender")).text).not.toContain('id="feed-url"');
  return { agent, path: new URL(url!).pathname };
}

const events = (text: string) => Object.values(ical.sync.parseICS(text)).filter((e): e is VEvent => e?.type === "VEVENT");
/** An event's summary as text; one with parameters shows them, so it can never pass for a plain one. */
const summaryOf = (e: VEvent) => (typeof e.summary === "string" ? e.summary : JSON.stringify(e.summary));
const day = (d: Date) => d.toISOString().slice(0, 10);
/** Event ids end in the host of APP_URL: this server's, in these tests. */
const uidHost = () => new URL(t.config.appUrl).host;

describe("a user's calendar", () => {
  it("when the SKPD subscribes then the feed parses and holds its tasks' due dates, its agreement's end and the evaluation windows, and nothing of another unit", async () => {
    const own = await buildCase(t.prisma, a, { row: 1, title: "Usulan kalender sendiri" });
    const running = await buildCase(t.prisma, a, { row: 20, title: "Perjanjian kalender berjalan" });
    const other = await buildCase(t.prisma, a, { row: 20, title: "Perjanjian unit lain" });
    // Moved to another unit, with its SKPD tasks.
    await t.prisma.case.update({ where: { id: other.id }, data: { skpdId: a.otherSkpd.skpdId! } });
    await t.prisma.task.updateMany({ where: { caseId: other.id, skpdId: { not: null } }, data: { skpdId: a.otherSkpd.skpdId! } });

    const { path } = await turnOn("skpd.pariwisata");
    const res = await request(t.app).get(path);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("text/calendar");
    expect(res.headers["set-cookie"]).toBeUndefined();
    const list = events(res.text);
    const summaries = list.map(summaryOf);

    const task = await t.prisma.task.findFirstOrThrow({ where: { caseId: own.id, status: "OPEN" } });
    const taskEvent = list.find((e) => e.uid === `tugas-${task.id}@${uidHost()}`);
    expect(taskEvent?.summary).toContain("Usulan kalender sendiri");
    expect(day(taskEvent!.start)).toBe(day(task.dueOn!));
    expect(taskEvent?.datetype).toBe("date");

    const pks = await t.prisma.agreement.findFirstOrThrow({ where: { caseId: running.id, kind: "PKS" } });
    const ends = list.find((e) => e.uid === `berakhir-${pks.id}@${uidHost()}`);
    expect(day(ends!.start)).toBe(day(pks.endDate));
    expect(summaries.some((s) => s.startsWith("Jendela evaluasi"))).toBe(true);

    expect(summaries.join("\n")).not.toContain("Perjanjian unit lain");
  });

  it("when a feed URL is replaced or turned off then the old URL gives 404, and an unknown one too", async () => {
    const first = await turnOn("penelaah");
    expect((await request(t.app).get(first.path)).status).toBe(200);
    const second = await turnOn("penelaah");
    expect((await request(t.app).get(first.path)).status).toBe(404);
    expect((await request(t.app).get(second.path)).status).toBe(200);
    expect((await postForm(second.agent, "/akun/kalender/matikan", {}, "/akun/kalender")).status).toBe(302);
    expect((await request(t.app).get(second.path)).status).toBe(404);
    for (const bad of ["/kalender/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics", "/kalender/pendek.ics", "/kalender/%00.ics"]) {
      expect([400, 404]).toContain((await request(t.app).get(bad)).status);
    }
  });

  it("when a user is deactivated then their feed stops answering", async () => {
    const { path } = await turnOn("kasubbag");
    await t.prisma.user.update({ where: { username: "kasubbag" }, data: { active: false } });
    try {
      expect((await request(t.app).get(path)).status).toBe(404);
    } finally {
      await t.prisma.user.update({ where: { username: "kasubbag" }, data: { active: true } });
    }
  });

  it("when ADMIN lists the feeds then it sees whose exist and when they were last fetched, and a revocation is logged and final", async () => {
    const { path } = await turnOn("kabag");
    await request(t.app).get(path);
    const admin = (await login(t.app, "admin")).agent;
    const list = await admin.get("/admin/kalender");
    expect(list.status).toBe(200);
    expect(list.text).toContain("kabag");
    expect(list.text).not.toContain(path.slice(10, 42)); // the token itself is never stored or shown
    const kabag = await t.prisma.user.findUniqueOrThrow({ where: { username: "kabag" } });
    expect((await t.prisma.calendarFeed.findUniqueOrThrow({ where: { userId: kabag.id } })).lastUsedAt).not.toBeNull();
    expect((await postForm(admin, `/admin/kalender/${kabag.id}/cabut`, {}, "/admin/kalender")).status).toBe(302);
    expect((await request(t.app).get(path)).status).toBe(404);
    expect(await t.prisma.adminLog.count({ where: { action: "kalender.cabut", target: "kabag" } })).toBe(1);
    // A second revocation (another tab) changes nothing and says so.
    expect((await postForm(admin, `/admin/kalender/${kabag.id}/cabut`, {}, "/admin/kalender")).status).toBe(302);
    expect((await admin.get("/admin/kalender")).text).toContain("sudah tidak aktif");
    expect(await t.prisma.adminLog.count({ where: { action: "kalender.cabut", target: "kabag" } })).toBe(1);
  });

  it("when a Plh holds the Kabag's position then the Plh's feed has the Kabag's tasks during the window", async () => {
    const c = await buildCase(t.prisma, a, { row: 6, title: "Kasus untuk Plh kalender" });
    const { path } = await turnOn("penelaah");
    const task = await t.prisma.task.findFirstOrThrow({ where: { caseId: c.id, status: "OPEN" } });
    const uid = `tugas-${task.id}@${uidHost()}`;
    expect(events((await request(t.app).get(path)).text).some((e) => e.uid === uid)).toBe(false);
    const today = todayJakarta();
    // A Penelaah may act for the Kabag (policies/delegation.ts); the decree's scan is stored like any document.
    const decree = await file("sprint.pdf");
    await t.prisma.$transaction((tx) => writeBlob(tx, decree));
    await t.prisma.delegation.create({
      data: {
        kind: "PLH",
        actingId: a.penelaah.id,
        absentId: a.kabag.id,
        fromDay: new Date(`${addDays(today, -1)}T00:00:00Z`),
        untilDay: new Date(`${addDays(today, 1)}T00:00:00Z`),
        decreeNumber: "800/9/2026",
        decreeSha256: decree.sha256,
        decreeName: "sprint.pdf",
        createdById: a.admin.id,
      },
    });
    expect(events((await request(t.app).get(path)).text).some((e) => e.uid === uid)).toBe(true);
  });

  it("when a test server and the real one feed the same person's calendar then their event ids never collide: each ends in the host of its APP_URL", async () => {
    await buildCase(t.prisma, a, { row: 20, title: "Perjanjian dua server" });
    const { path } = await turnOn("skpd.pariwisata");
    const served = events((await request(t.app).get(path)).text);
    expect(served.length).toBeGreaterThan(2);
    expect(uidHost()).toBe("localhost:3000");
    for (const e of served) expect(e.uid).toMatch(/^(tugas|berakhir|evaluasi)-[\w-]+@localhost:3000$/);
    // The real server, on the same data: the same events, read back by node-ical, under other ids.
    const real = events(await buildFeed(t.prisma, a.skpd, "https://kerjasama.jogjakota.go.id/"));
    expect(real.map(summaryOf).sort()).toEqual(served.map(summaryOf).sort());
    for (const e of real) expect(e.uid).toMatch(/@kerjasama\.jogjakota\.go\.id$/);
    const servedIds = new Set(served.map((e) => e.uid));
    expect(real.filter((e) => servedIds.has(e.uid))).toEqual([]);
    // A second test server on another port of the same machine does not collide either.
    const other = events(await buildFeed(t.prisma, a.skpd, "http://localhost:3001"));
    expect(other.filter((e) => servedIds.has(e.uid))).toEqual([]);
  });
});
