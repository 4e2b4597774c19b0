// What each page asks the database: the statements one request runs, with their times,
// on a PGlite (default) or PostgreSQL database of 10,000 cases. Guides the work that
// bench/http.ts measures from outside.
//   npx tsx bench/queries.ts [pages...]        BENCH_DATABASE_URL=postgresql://... for PostgreSQL
//   npx tsx bench/queries.ts transition        one transition (row 2 → 3, as the Penatalaksana) over HTTP
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import request from "supertest";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/platform/config.js";
import { openPglite, openPostgres } from "../src/platform/db/client.js";
import { createLogger } from "../src/platform/logger.js";
import { must } from "../src/platform/must.js";
import { seedDemo, seedMasterData } from "../src/features/seed/seed.js";
import { populate, populateHistory } from "./data.js";

const N = Number(process.env.BENCH_CASES ?? 10000);
let log: { sql: string; ms: number }[] | null = null;
const onQuery = (sql: string, ms: number) => log?.push({ sql, ms });
const dir = mkdtempSync(path.join(tmpdir(), "kd-queries-"));
const db = process.env.BENCH_DATABASE_URL ? await openPostgres(process.env.BENCH_DATABASE_URL, onQuery) : await openPglite({ dataDir: dir, onQuery });
await db.migrate();
if (!(await db.prisma.case.count())) {
  await seedMasterData(db.prisma);
  await seedDemo(db.prisma);
  await populate(db, N);
  await populateHistory(db);
  await db.prisma.$executeRaw`ANALYZE`;
}
const big = must(await db.prisma.case.findFirst({ where: { status: "IN_PROGRESS" }, orderBy: { id: "asc" } }), "a running case").id;
const config = loadConfig({ NODE_ENV: "production", DATA_DIR: dir, SESSION_SECRET: "bench-secret-bench-secret-bench-secret-0123", LOG_LEVEL: "silent" });
const app = createApp({ config, db, logger: createLogger("silent") });
const agent = request.agent(app);
const token = must(/name="_csrf" value="([^"]+)"/.exec((await agent.get("/login")).text)?.[1], "the login form's token");
const wantsTransition = process.argv[2] === "transition";
const username = wantsTransition ? "penatalaksana" : (process.env.BENCH_USER ?? "kabag");
await agent.post("/login").type("form").send({ _csrf: token, username, password: "kerjasama-demo" });
if (wantsTransition) {
  const [first, second] = await db.prisma.case.findMany({ where: { status: "IN_PROGRESS", currentRow: 2 }, take: 2, orderBy: { id: "asc" } });
  const [a, b] = [must(first, "a case at row 2"), must(second, "a second case at row 2")];
  const form = must(/name="_csrf" value="([^"]+)"/.exec((await agent.get(`/kasus/${a.id}`)).text)?.[1], "the case form's token");
  const move = (c: { id: number; version: number }) =>
    agent
      .post(`/kasus/${c.id}/aksi`)
      .type("form")
      .send({ _csrf: form, action: "lanjut", version: String(c.version) });
  await move(a); // warm
  log = [];
  const t0 = performance.now();
  const res = await move(b);
  const q = log;
  log = null;
  console.log(`\nPOST /kasus/${b.id}/aksi (row 2 → 3)  ${res.status}  ${(performance.now() - t0).toFixed(1)} ms, ${q.length} statements`);
  for (const { sql, ms } of q) console.log(`  ${String(ms).padStart(4)} ms  ${sql.replace(/\s+/g, " ").slice(0, 230)}`);
  await db.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
const pages = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ["/", "/inbox", "/inbox?row=3", `/kasus/${big}`, "/dashboard", "/perjanjian", "/sop", "/notifikasi", "/kasus?hal=2"];
for (const url of pages) {
  await agent.get(url); // warm
  log = [];
  const t0 = performance.now();
  const res = await agent.get(url);
  const total = performance.now() - t0;
  const q = log;
  log = null;
  console.log(`\n${url}  ${res.status}  ${total.toFixed(1)} ms, ${q.length} statements, ${q.reduce((a, b) => a + b.ms, 0)} ms in the database`);
  for (const { sql, ms } of q) console.log(`  ${String(ms).padStart(4)} ms  ${sql.replace(/\s+/g, " ").slice(0, 230)}`);
}
await db.close();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
