// Which statements stall a PGlite server: builds cases (BENCH_SHAPE, default heavy; BENCH_SIZE, default 10,000),
// serves the app in this process with every statement over STALL_MS (default 100) printed,
// and loads one page (argv[2], default /akun/password) as the Kabag for BENCH_SECONDS (default 40) from 8 clients.
//   npx tsx bench/stalls.ts /akun/password
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { openPglite } from "../src/platform/db/client.js";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/platform/config.js";
import { createLogger } from "../src/platform/logger.js";
import { must } from "../src/platform/must.js";
import { seedDemo, seedMasterData } from "../src/features/seed/seed.js";
import { populateHistory, populateShape, type Shape } from "./data.js";

const page = process.argv[2] ?? "/akun/password";
const STALL_MS = Number(process.env.STALL_MS ?? 100);
const dir = mkdtempSync(path.join(tmpdir(), "kd-stalls-"));
let db = await openPglite({ dataDir: dir });
await db.migrate();
await seedMasterData(db.prisma);
await seedDemo(db.prisma);
await populateShape(db, (process.env.BENCH_SHAPE ?? "heavy") as Shape, Number(process.env.BENCH_SIZE ?? 10_000));
await populateHistory(db);
await db.prisma.$executeRaw`ANALYZE`;
await db.close();
const slow = new Map<string, { n: number; max: number; total: number }>();
db = await openPglite({
  dataDir: dir,
  onQuery: (sql, ms) => {
    if (ms < STALL_MS) return;
    const key = sql.replace(/\s+/g, " ").slice(0, 220);
    const s = slow.get(key) ?? { n: 0, max: 0, total: 0 };
    slow.set(key, { n: s.n + 1, max: Math.max(s.max, ms), total: s.total + ms });
  },
});
const config = loadConfig({
  ...process.env,
  DATA_DIR: dir,
  DATABASE_URL: "",
  SESSION_SECRET: "stalls-secret-stalls-secret-stalls-0123456789",
  NODE_ENV: "production",
});
const app = createApp({ config, db, logger: createLogger("warn") });
const server = app.listen(0, "127.0.0.1");
await new Promise((r) => server.once("listening", r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const login = await fetch(`${base}/login`);
const pre = (login.headers.get("set-cookie") ?? "").match(/kd\.pre=[^;]+/)?.[0] ?? "";
const token = must(/name="_csrf" value="([^"]+)"/.exec(await login.text())?.[1], "token");
const res = await fetch(`${base}/login`, {
  method: "POST",
  redirect: "manual",
  headers: { "content-type": "application/x-www-form-urlencoded", cookie: pre },
  body: new URLSearchParams({ _csrf: token, username: "kabag", password: "kerjasama-demo" }),
});
const cookie = must((res.headers.get("set-cookie") ?? "").match(/kd\.sid=[^;]+/)?.[0], "session");
const until = performance.now() + Number(process.env.BENCH_SECONDS ?? 40) * 1000;
const times: number[] = [];
const started = performance.now();
const stalls: string[] = [];
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      await (await fetch(`${base}${page}`, { headers: { cookie } })).text();
      const ms = performance.now() - t0;
      times.push(ms);
      if (ms > 300) stalls.push(`${((t0 - started) / 1000).toFixed(1)} s: ${ms.toFixed(0)} ms`);
    }
  }),
);
times.sort((a, b) => a - b);
console.log(
  `${page}: ${times.length} requests, p50 ${times[Math.floor(times.length / 2)]?.toFixed(0)} ms, p99 ${times[Math.floor(times.length * 0.99)]?.toFixed(0)} ms, max ${times.at(-1)?.toFixed(0)} ms`,
);
console.log(`requests over 300 ms (start: duration): ${stalls.join(", ")}`);
console.log(`statements over ${STALL_MS} ms:`);
for (const [sql, s] of [...slow].sort((a, b) => b[1].total - a[1].total))
  console.log(`${String(s.n).padStart(4)}× max ${s.max.toFixed(0).padStart(5)} ms  ${sql}`);
server.close();
await db.close();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
