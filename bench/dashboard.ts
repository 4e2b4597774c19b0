// Benchmark: how the dashboard (and the inbox query) scale with the number of cases.
// Builds synthetic data at 1,000 and 10,000 cases in fresh databases and prints the
// timings and their ratio, measured in one run (machines here are shared and noisy).
//   npm run bench                      (embedded PGlite, in memory)
//   BENCH_DATABASE_URL=postgresql://root@127.0.0.1:5432/postgres npm run bench
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { dashboard } from "../src/dashboard/dashboard-service.js";
import { openPglite, openPostgres, type Database } from "../src/db/client.js";
import { inbox } from "../src/inbox/inbox-service.js";
import { seedDemo, seedMasterData } from "../src/seed/seed.js";
import type { CurrentUser } from "../src/users/roles.js";
import { ROW_NUMBERS } from "../src/workflow/sop.js";

const SIZES = [1_000, 10_000];
const RUNS = 15;

async function freshDb(): Promise<{ db: Database; drop: () => Promise<void> }> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    const db = await openPglite({ pglite: await PGlite.create() });
    return { db, drop: () => db.close() };
  }
  const name = `kd_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openPostgres(u.toString());
  return {
    db,
    drop: async () => {
      await db.close();
      await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

async function populate(db: Database, n: number) {
  const rows = `ARRAY[${ROW_NUMBERS.join(",")}]`;
  const q = (sql: string) => db.prisma.$executeRawUnsafe(sql);
  await q(`INSERT INTO "Case" ("definitionVersion","status","currentRow","version","skpdId","createdById","title","jenis","partnerName","createdAt","updatedAt","rowEnteredAt")
    SELECT 'bench', CASE WHEN i % 5 = 0 THEN 'DONE' ELSE 'IN_PROGRESS' END::"CaseStatus",
           CASE WHEN i % 5 = 0 THEN NULL ELSE (${rows})[1 + i % 20] END, 1,
           (SELECT min(id) FROM "Skpd") + i % 40, (SELECT min(id) FROM "User"),
           'Kerja sama uji ' || i, (ARRAY['KSDD','KSDPK','KSDPL'])[1 + i % 3]::"Jenis", 'Mitra ' || i,
           now() - (i % 1500) * interval '1 day', now(), now()
    FROM generate_series(1, ${n}) AS i`);
  // Finished tasks for every row before the current one, with their figures.
  await q(`INSERT INTO "Task" ("caseId","kind","rowNo","roles","status","startedOn","dueOn","completedAt","actualDays","onTime")
    SELECT c.id, 'ROW', r, '{PENATALAKSANA}', 'DONE', current_date - 30, current_date - 25, now() - interval '20 days', (c.id + r) % 9, ((c.id + r) % 3 <> 0)
    FROM "Case" c CROSS JOIN unnest(${rows}) AS r WHERE r < coalesce(c."currentRow", 22)`);
  // One open task per running case, due between 10 days ago and 10 days ahead.
  await q(`INSERT INTO "Task" ("caseId","kind","rowNo","roles","skpdId","status","startedOn","dueOn")
    SELECT c.id, 'ROW', c."currentRow", CASE WHEN c."currentRow" IN (1, 20) THEN '{SKPD}'::"Role"[] ELSE '{PENATALAKSANA,KABAG}'::"Role"[] END,
           c."skpdId", 'OPEN', current_date - 5, current_date + (c.id % 21 - 10)
    FROM "Case" c WHERE c."status" = 'IN_PROGRESS'`);
  await q(`INSERT INTO "Agreement" ("kind","caseId","cityNumber","startDate","endDate","value")
    SELECT 'PKS', c.id, '100.3.7.1/' || c.id || '/P3ADK/I/2025', current_date - (c.id % 700), current_date + (c.id % 900) - 100, 1000000
    FROM "Case" c WHERE c."status" = 'DONE' OR c."currentRow" >= 20`);
  await q(`INSERT INTO "Evaluation" ("caseId","period","dueOn","completedAt")
    SELECT a."caseId", '2026-S1', DATE '2026-06-30', CASE WHEN a.id % 3 = 0 THEN NULL ELSE now() END FROM "Agreement" a`);
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

async function time(fn: () => Promise<unknown>) {
  await fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return { median: pct(ms, 50), p95: pct(ms, 95) };
}

const kabag = (id: number): CurrentUser => ({ id, username: "kabag", fullName: "Kabag", roles: ["KABAG"], skpdId: null, skpdName: null, skpdCode: null, mustChangePassword: false });

console.log(`database: ${process.env.BENCH_DATABASE_URL ? "PostgreSQL" : "PGlite (in memory)"}; ${RUNS} timed runs each`);
const results: Record<number, { dash: { median: number; p95: number }; inbox: { median: number; p95: number } }> = {};
for (const n of SIZES) {
  const { db, drop } = await freshDb();
  await db.migrate();
  await seedMasterData(db.prisma);
  await seedDemo(db.prisma);
  const t0 = performance.now();
  await populate(db, n);
  const seeded = performance.now() - t0;
  const tasks = await db.prisma.task.count();
  const user = kabag((await db.prisma.user.findUniqueOrThrow({ where: { username: "kabag" } })).id);
  const dash = await time(() => dashboard(db.prisma, user, 90));
  const box = await time(() => inbox(db.prisma, user, { page: 1 }));
  results[n] = { dash, inbox: box };
  console.log(
    `${String(n).padStart(6)} cases, ${String(tasks).padStart(7)} tasks (seeded in ${(seeded / 1000).toFixed(1)} s): ` +
      `dashboard median ${dash.median.toFixed(1)} ms, p95 ${dash.p95.toFixed(1)} ms; inbox median ${box.median.toFixed(1)} ms, p95 ${box.p95.toFixed(1)} ms`,
  );
  await drop();
}
const [small, large] = SIZES;
console.log(
  `ratio ${large}/${small} cases: dashboard ${(results[large].dash.median / results[small].dash.median).toFixed(2)}x, ` +
    `inbox ${(results[large].inbox.median / results[small].inbox.median).toFixed(2)}x (data grew ${large / small}x)`,
);
