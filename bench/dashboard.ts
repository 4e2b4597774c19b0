// Benchmark: how the dashboard (and the inbox query) scale with the number of cases.
// Builds synthetic data at 1,000 and 10,000 cases in fresh databases and prints the
// timings and their ratio, measured in one run (machines here are shared and noisy).
//   npm run bench                      (embedded PGlite, in memory)
//   BENCH_DATABASE_URL=postgresql://root@127.0.0.1:5432/postgres npm run bench
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { dashboard } from "../src/features/dashboard/dashboard-service.js";
import { openPglite, openPostgres, type Database } from "../src/platform/db/client.js";
import { inbox } from "../src/features/inbox/inbox-service.js";
import { seedDemo, seedMasterData } from "../src/features/seed/seed.js";
import type { CurrentUser } from "../src/core/users/roles.js";
import { must } from "../src/platform/must.js";
import { populate } from "./data.js";

const SIZES = [1_000, 10_000] as const;
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

const pct = (xs: number[], p: number) => must([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))], "a timing");

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

const kabag = (id: number): CurrentUser => ({
  id,
  username: "kabag",
  fullName: "Kabag",
  roles: ["KABAG"],
  skpdId: null,
  skpdName: null,
  skpdCode: null,
  mustChangePassword: false,
});

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
const [atSmall, atLarge] = [must(results[small], "the small run"), must(results[large], "the large run")];
console.log(
  `ratio ${large}/${small} cases: dashboard ${(atLarge.dash.median / atSmall.dash.median).toFixed(2)}x, ` +
    `inbox ${(atLarge.inbox.median / atSmall.inbox.median).toFixed(2)}x (data grew ${large / small}x)`,
);
