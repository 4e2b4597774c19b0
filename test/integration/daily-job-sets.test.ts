// Issue 22: the daily job works in sets. The number of statements it runs does not grow
// with the number of due items, and what it writes is what it wrote item by item.
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openPglite, openPostgres, type Database } from "../../src/platform/db/client.js";
import { runDailyJob } from "../../src/features/jobs/daily-job.js";
import { LeaseLostError, claimRun, finishRun, runLeased } from "../../src/platform/job-runtime.js";
import { usersHolding } from "../../src/features/notifications/holders.js";
import { seedDemo, seedMasterData } from "../../src/features/seed/seed.js";
import { toDbDate } from "../../src/core/calendar/calendar.js";
import { freshDatabase } from "../helpers/db.js";

let statements: string[] | null = null;
const onQuery = (sql: string) => statements?.push(sql);
let db: Database;
let closeAll: () => Promise<void>;

beforeAll(async () => {
  // A database whose client reports every statement (on PostgreSQL a second client on the test database).
  const base = await freshDatabase();
  if (base.url) {
    db = await openPostgres(base.url, onQuery);
    closeAll = async () => {
      await db.close();
      await base.close();
    };
  } else {
    await base.close();
    db = await openPglite({ pglite: await PGlite.create({ loadDataDir: new Blob([readFileSync(inject("pgliteTemplate"))]) }), onQuery });
    closeAll = () => db.close();
  }
  await seedMasterData(db.prisma);
  await seedDemo(db.prisma);
}, 120_000);
afterAll(() => closeAll());

/**
 * `n` running cases, each with an open task at row 2 (held by the Penatalaksana): the
 * first half overdue since `late` (one working day before the run), the rest due `soon`.
 * Every other open task is closed, so that the run sees these only.
 */
async function dueTasks(n: number, late: string, soon: string) {
  const prisma = db.prisma;
  await prisma.task.updateMany({ where: { status: "OPEN" }, data: { status: "CANCELLED" } });
  const skpd = await prisma.skpd.findFirstOrThrow({ orderBy: { id: "asc" } });
  const creator = await prisma.user.findFirstOrThrow({ orderBy: { id: "asc" } });
  const cases = await prisma.case.createManyAndReturn({
    data: Array.from({ length: n }, (_, i) => ({
      definitionVersion: "uji",
      status: "IN_PROGRESS" as const,
      currentRow: 2,
      skpdId: skpd.id,
      createdById: creator.id,
      title: `Kasus tenggat ${late} #${i + 1}`,
    })),
    select: { id: true },
  });
  const overdue = Math.ceil(n / 2);
  await prisma.task.createMany({
    data: cases.map((c, i) => ({
      caseId: c.id,
      rowNo: 2,
      roles: ["PENATALAKSANA" as const],
      startedOn: toDbDate(late),
      dueOn: toDbDate(i < overdue ? late : soon),
    })),
  });
  return { overdue, soon: n - overdue };
}

async function countedRun(day: string) {
  statements = [];
  try {
    const r = await runDailyJob(db.prisma, { expiringDays: 90 }, { now: new Date(`${day}T01:00:00Z`), instance: `uji:${day}` });
    return { ...r, statements: statements.length };
  } finally {
    statements = null;
  }
}

describe("the daily job in sets", () => {
  it("when 5 or 50 tasks are due then it runs the same number of statements, and tells each holder once per task and level", async () => {
    const holders = (await usersHolding(db.prisma, ["PENATALAKSANA"], null)).length;
    const kasubbag = (await usersHolding(db.prisma, ["KASUBBAG"], null)).length;
    expect(holders).toBeGreaterThan(0);

    // Tuesday 8 December 2026: due on Monday (one working day late: the first level) or on Wednesday.
    const few = await dueTasks(5, "2026-12-07", "2026-12-09");
    const a = await countedRun("2026-12-08");
    // Tuesday 15 December 2026, with 50 others.
    const many = await dueTasks(50, "2026-12-14", "2026-12-16");
    const b = await countedRun("2026-12-15");

    expect(a.ran && b.ran).toBe(true);
    expect(a.summary).toMatchObject({ overdue: few.overdue * holders, dueSoon: few.soon * holders, escalated: few.overdue });
    expect(b.summary).toMatchObject({ overdue: many.overdue * holders, dueSoon: many.soon * holders, escalated: many.overdue });
    expect(await db.prisma.notification.count({ where: { kind: "ESCALATION" } })).toBe((few.overdue + many.overdue) * kasubbag);
    expect(await db.prisma.caseEvent.count({ where: { action: "eskalasi" } })).toBe(few.overdue + many.overdue);
    expect(b.statements).toBe(a.statements);

    // A rerun the same day does nothing again.
    const again = await countedRun("2026-12-15");
    expect(again.ran).toBe(false);
  });
});

describe("the job runtime's lease", () => {
  const day = "2026-12-20";
  const now = new Date(`${day}T01:00:00Z`);
  const row = () => db.prisma.jobRun.findUniqueOrThrow({ where: { name_day: { name: "uji-lease", day: toDbDate(day) } } });

  it("when an owner is taken over after its lease then its renewal and its finish are refused, and the new owner's run counts", async () => {
    const first = await claimRun(db.prisma, "uji-lease", { day, now, instance: "pertama", leaseMs: 60_000 });
    expect(first).not.toBeNull();
    // While the lease holds, nobody else gets the run.
    expect(await claimRun(db.prisma, "uji-lease", { day, now: new Date(now.getTime() + 30_000), instance: "kedua", leaseMs: 60_000 })).toBeNull();
    const second = await claimRun(db.prisma, "uji-lease", { day, now: new Date(now.getTime() + 61_000), instance: "kedua", leaseMs: 60_000 });
    expect(second).not.toBeNull();
    await expect(first!.renew()).rejects.toBeInstanceOf(LeaseLostError);
    await finishRun(db.prisma, first!, { oleh: "pertama" });
    expect((await row()).finishedAt).toBeNull();
    await second!.renew();
    await finishRun(db.prisma, second!, { oleh: "kedua" });
    expect(await row()).toMatchObject({ instance: "kedua", summary: { oleh: "kedua" } });
    expect((await row()).finishedAt).not.toBeNull();
  });

  it("when a run fails then its lease is released and the next tick runs it again at once", async () => {
    const job = (fail: boolean) => ({
      name: "uji-gagal",
      leaseMs: 15 * 60_000,
      run: () => (fail ? Promise.reject(new Error("gagal uji")) : Promise.resolve({ ok: true })),
    });
    await expect(runLeased(db.prisma, job(true), { day, now, instance: "satu" })).rejects.toThrow("gagal uji");
    const again = await runLeased(db.prisma, job(false), { day, now: new Date(now.getTime() + 1000), instance: "dua" });
    expect(again).toEqual({ ran: true, summary: { ok: true } });
    expect((await runLeased(db.prisma, job(false), { day, now: new Date(now.getTime() + 2000), instance: "tiga" })).ran).toBe(false);
  });
});
