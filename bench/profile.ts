// Where the server's CPU goes: starts the built server (dist/src/server.js) with
// --cpu-prof on 1,000 bench cases (10,000 for transitions, to have 500 at row 2) (PGlite, or PostgreSQL with BENCH_DATABASE_URL),
// loads one page at 32 connections (or drives row 2 → 3 transitions from 16 clients),
// and prints the share of CPU per package, self and inclusive.
//   npm run build && npx tsx bench/profile.ts /inbox          BENCH_USER=skpd.pariwisata ...
//   npx tsx bench/profile.ts /kasus/:big                      (the case with 40 events and 15 documents)
//   npx tsx bench/profile.ts transition
// bench/http.ts says how fast; this says why. With KEEP=1 the .cpuprofile file stays (it opens in Chrome DevTools).
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { openPglite, openPostgres } from "../src/platform/db/client.js";
import { must } from "../src/platform/must.js";
import { seedDemo, seedMasterData } from "../src/features/seed/seed.js";
import { createPgDatabase, populate, populateHistory } from "./data.js";

const target = process.argv[2] ?? "/inbox";
const transitions = target === "transition";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const PG_URL = process.env.BENCH_DATABASE_URL;
const dataDir = mkdtempSync(path.join(tmpdir(), "kd-profile-"));
const profDir = path.join(dataDir, "profile");

// The data: a fresh database of bench cases.
let env: Record<string, string> = { DATA_DIR: dataDir, DATABASE_URL: "" };
let dropDb = async () => {};
if (PG_URL) {
  const created = await createPgDatabase(PG_URL, "kd_profile");
  env = { DATA_DIR: dataDir, DATABASE_URL: created.url };
  dropDb = created.drop;
}
const db = PG_URL ? await openPostgres(must(env.DATABASE_URL, "the database URL")) : await openPglite({ dataDir });
await db.migrate();
await seedMasterData(db.prisma);
await seedDemo(db.prisma);
await populate(db, transitions ? 10_000 : 1000);
// "/kasus/:big" is the case with 40 events and 15 documents.
const big = await populateHistory(db);
const atRow2 = await db.prisma.case.findMany({ where: { status: "IN_PROGRESS", currentRow: 2 }, select: { id: true, version: true } });
await db.close();

const port = 36000 + Math.floor(Math.random() * 1000);
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${profDir}`, "dist/src/server.js"], {
  env: {
    ...process.env,
    ...env,
    PORT: String(port),
    HOST: "127.0.0.1",
    NODE_ENV: "production",
    SESSION_SECRET: "bench-secret-bench-secret-bench-secret-0123",
    LOG_LEVEL: "warn",
    SEED_DEMO: "never",
    DAILY_JOB_HOUR: "23",
  },
  stdio: "ignore",
});
for (;;) {
  try {
    if ((await fetch(`${base}/login`)).ok) break;
  } catch {
    /* not listening yet */
  }
  await new Promise((r) => setTimeout(r, 100));
}
const page = await fetch(`${base}/login`);
const pre = (page.headers.get("set-cookie") ?? "").match(/kd\.pre=[^;]+/)?.[0] ?? "";
const loginToken = must(/name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1], "the login form's token");
const username = transitions ? "penatalaksana" : (process.env.BENCH_USER ?? "kabag");
const login = await fetch(`${base}/login`, {
  method: "POST",
  redirect: "manual",
  headers: { "content-type": "application/x-www-form-urlencoded", cookie: pre },
  body: new URLSearchParams({ _csrf: loginToken, username, password: "kerjasama-demo" }),
});
const cookie = must((login.headers.get("set-cookie") ?? "").match(/kd\.sid=[^;]+/)?.[0], "the session cookie");

if (transitions) {
  const first = must(atRow2[0], "a case at row 2");
  const token = must(
    /name="_csrf" value="([^"]+)"/.exec(await (await fetch(`${base}/kasus/${first.id}`, { headers: { cookie } })).text())?.[1],
    "the case form's token",
  );
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let i = next++; i < atRow2.length; i = next++) {
        const it = must(atRow2[i], "a case at row 2");
        await fetch(`${base}/kasus/${it.id}/aksi`, {
          method: "POST",
          redirect: "manual",
          headers: { "content-type": "application/x-www-form-urlencoded", cookie },
          body: new URLSearchParams({ _csrf: token, action: "lanjut", version: String(it.version) }),
        });
      }
    }),
  );
  console.log(`${atRow2.length} transitions, ${(atRow2.length / ((performance.now() - t0) / 1000)).toFixed(0)}/s`);
} else {
  const r = await autocannon({ url: `${base}${target.replace(":big", String(big))}`, connections: 32, duration: SECONDS, headers: { cookie } });
  console.log(`${target}: ${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, ${r.non2xx} answers other than 2xx`);
}
server.kill("SIGINT");
await new Promise((r) => server.once("exit", r));
await dropDb();

// The profile, summed per package (node_modules/<name>, the app's own folders, node: internals).
type Node = { id: number; callFrame: { functionName: string; url: string }; children?: number[] };
const file = path.join(profDir, must(readdirSync(profDir)[0], "the CPU profile"));
const prof = JSON.parse(readFileSync(file, "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const packageOf = (n: Node) => {
  const u = n.callFrame.url;
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
  if (m) return must(m[1], "the package's name");
  if (u.includes("/dist/src/")) return `app: ${must(u.split("/dist/src/")[1]?.split("/")[0], "the app's folder")}`;
  if (u.includes("/views/")) return "views (EJS)";
  if (u.startsWith("node:")) return u;
  return n.callFrame.functionName || "(native)";
};
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
prof.samples.forEach((id, i) => {
  const dt = prof.timeDeltas[i] ?? 0;
  total += dt;
  const own = packageOf(must(byId.get(id), "a sampled node"));
  self.set(own, (self.get(own) ?? 0) + dt);
  const seen = new Set<string>();
  for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
    const p = packageOf(must(byId.get(x), "a parent node"));
    if (!seen.has(p)) inclusive.set(p, (inclusive.get(p) ?? 0) + dt);
    seen.add(p);
  }
});
const top = (m: Map<string, number>) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 20)
    .map(([k, v]) => `  ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`)
    .join("\n");
console.log(
  `\nCPU profile (${(total / 1e6).toFixed(1)} s sampled): ${file}\nself:\n${top(self)}\ninclusive (the package or anything it called):\n${top(inclusive)}`,
);
if (!process.env.KEEP) rmSync(dataDir, { recursive: true, force: true });
