// Benchmark: pages as a user feels them, on two data shapes (issue 23): "today"
// (bench/data.ts populate: 1,000 and 10,000 cases) and "heavy" (populateHeavy: 10,000
// cases like the city's backlog, ~13 tasks per case and 0.75 open task per case in the
// Penatalaksana's and the Kabag's inboxes), both with 20 events and 2 documents per case
// and one case with 40 events and 15 documents. Starts the real server
// (dist/src/server.js) on PGlite and, when reachable, on PostgreSQL, logs in, and loads
// each page with autocannon, interleaved with a bare Express 5 + EJS page of the same
// size served in this process. Prints req/s, p50, p99, the ratio to the bare page and
// the 10k/1k latency ratio, the cold start to the first page, the server's RSS (idle,
// after the first page, after the pages and its peak under load), and at the end one
// markdown table (pages × database and shape) for docs/benchmark.md.
//   npm run build && npm run bench:http
//   BENCH_SECONDS=10 BENCH_CONNECTIONS=32 BENCH_DATABASE_URL=postgresql://root@127.0.0.1:5432/postgres npm run bench:http
//   BENCH_SHAPES=heavy BENCH_DATABASES=pglite BENCH_PAGES=/inbox,/ npm run bench:http
// BENCH_SIZES sets the numbers of cases of every shape; unset, today's shape runs at
// 1,000 and 10,000 cases and the heavy one at 10,000 (BENCH_HEAVY_SIZES overrides it).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import express from "express";
import pg from "pg";
import { openPglite, openPostgres, type Database } from "../src/platform/db/client.js";
import { must } from "../src/platform/must.js";
import { seedDemo, seedMasterData } from "../src/features/seed/seed.js";
import { createPgDatabase, dataCounts, populateHistory, populateShape, SHAPES, type Shape } from "./data.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const sizes = (list: string) => list.split(",").map(Number);
const SHAPE_LIST = (process.env.BENCH_SHAPES ?? SHAPES.join(",")).split(",").map((x) => x.trim());
for (const s of SHAPE_LIST) if (!(SHAPES as readonly string[]).includes(s)) throw new Error(`BENCH_SHAPES: no shape "${s}" (${SHAPES.join(", ")})`);
const SIZES: Record<Shape, number[]> = {
  today: sizes(process.env.BENCH_SIZES ?? "1000,10000"),
  heavy: sizes(process.env.BENCH_HEAVY_SIZES ?? process.env.BENCH_SIZES ?? "10000"),
};
const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://root@127.0.0.1:5432/postgres";
const SECRET = "bench-secret-bench-secret-bench-secret-0123";

type Result = { rps: number; p50: number; p99: number; errors: number };

async function cannon(url: string, cookie?: string): Promise<Result> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: cookie ? { cookie } : {} });
  const codes = Object.entries(r.statusCodeStats ?? {})
    .filter(([code]) => code !== "200")
    .map(([code, v]) => `${code}×${(v as { count: number }).count}`);
  if (codes.length) console.log(`  (answers other than 200 from ${url}: ${codes.join(", ")})`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx };
}

/** A bare Express 5 + EJS page with a 25-row table: what the machine can do at all. */
async function bareServer(): Promise<{ url: string; close: () => void }> {
  const app = express();
  app.set("view engine", "ejs");
  app.set("view cache", true);
  app.set("views", path.join(import.meta.dirname, "views"));
  const rows = Array.from({ length: 25 }, (_, i) => ({ title: `Kerja sama ${i}`, skpd: "DISPAR", row: i % 21, due: "26 November 2026" }));
  app.get("/", (req, res) => res.render("bare", { rows }));
  const server = await new Promise<Server>((r) => {
    const s = app.listen(0, "127.0.0.1", () => r(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

type BenchData = {
  env: Record<string, string>;
  bigCase: number;
  /** Running cases at row 2, for the transitions part. */
  atRow2: { id: number; version: number }[];
  /** Opens the database again (after the server has stopped, for PGlite). */
  open: () => Promise<Database>;
  drop: () => Promise<void>;
  /** How long the shape's and the history's inserts took (the rest is migrations, seed and ANALYZE). */
  insertSeconds: number;
  counts: Awaited<ReturnType<typeof dataCounts>>;
};

async function buildData(kind: "pglite" | "postgres", shape: Shape, n: number): Promise<BenchData> {
  let db: Database;
  let env: Record<string, string>;
  let drop: () => Promise<void>;
  if (kind === "pglite") {
    const dir = mkdtempSync(path.join(tmpdir(), "kd-bench-"));
    db = await openPglite({ dataDir: dir });
    env = { DATA_DIR: dir, DATABASE_URL: "" };
    drop = () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    };
  } else {
    const created = await createPgDatabase(PG_URL, "kd_bench");
    db = await openPostgres(created.url);
    const dir = mkdtempSync(path.join(tmpdir(), "kd-bench-"));
    env = { DATABASE_URL: created.url, DATA_DIR: dir };
    drop = async () => {
      await created.drop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  await db.migrate();
  await seedMasterData(db.prisma);
  await seedDemo(db.prisma);
  const t0 = performance.now();
  await populateShape(db, shape, n);
  const bigCase = await populateHistory(db);
  const insertSeconds = (performance.now() - t0) / 1000;
  await db.prisma.$executeRaw`ANALYZE`;
  const counts = await dataCounts(db);
  // Not the big case: the upload part changes its version first.
  const atRow2 = await db.prisma.case.findMany({
    where: { status: "IN_PROGRESS", currentRow: 2, id: { not: bigCase } },
    select: { id: true, version: true },
    orderBy: { id: "asc" },
  });
  await db.close();
  const open = () =>
    kind === "pglite" ? openPglite({ dataDir: must(env.DATA_DIR, "the data folder") }) : openPostgres(must(env.DATABASE_URL, "the database URL"));
  return { env, bigCase, atRow2, open, drop, insertSeconds, counts };
}

/**
 * Transitions as users make them: 16 clients, each sending "Masukkan ke kompilasi" (row 2 → 3)
 * on its own cases over HTTP, every tenth one sent twice (a replayed form). Returns the rate
 * and what the server answered; the database is checked afterwards.
 */
async function transitions(base: string, cookie: string, items: { id: number; version: number }[], clients = 16) {
  const page = await fetch(`${base}/kasus/${must(items[0], "a case to move").id}`, { headers: { cookie } });
  const token = must(/name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1], "the case form's token");
  const post = async (it: { id: number; version: number }) =>
    (
      await fetch(`${base}/kasus/${it.id}/aksi`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        body: new URLSearchParams({ _csrf: token, action: "lanjut", version: String(it.version) }),
      })
    ).status;
  const statuses = new Map<number, number>();
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < items.length; i = next++) {
        const replay = i % 10 === 0 ? 2 : 1;
        for (let k = 0; k < replay; k++) {
          const st = await post(must(items[i], "a case to move"));
          statuses.set(st, (statuses.get(st) ?? 0) + 1);
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { perSecond: items.length / seconds, statuses };
}

/** The server's resident memory now and at its peak (Linux /proc), in MB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

/**
 * Uploads a 50 MB PDF to a case and reports how much the server's peak memory grew.
 * A 5 MB upload goes first, so that the figure is the large file's own cost and not
 * the first use of the upload code. It is a PNG: a 5 MB PDF would also be read for
 * search after commit (files over 20 MB are not), and that reading would land in the
 * 50 MB upload's measurement.
 */
async function uploadMemory(base: string, cookie: string, caseId: number, pid: number) {
  const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const send = async (mb: number, type: "pdf" | "png") => {
    const page = await fetch(`${base}/kasus/${caseId}`, { headers: { cookie } });
    const token = must(/name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1], "the case form's token");
    const bytes = randomBytes(mb * 1024 * 1024);
    if (type === "pdf") bytes.write("%PDF-1.4\n", 0);
    else PNG.copy(bytes, 0);
    const form = new FormData();
    form.set("_csrf", token);
    form.set("kind", "lainnya");
    form.set("file", new Blob([bytes], { type: type === "pdf" ? "application/pdf" : "image/png" }), `berkas-${mb}mb.${type}`);
    const t0 = performance.now();
    const res = await fetch(`${base}/kasus/${caseId}/dokumen`, { method: "POST", redirect: "manual", headers: { cookie }, body: form });
    return { status: res.status, seconds: (performance.now() - t0) / 1000 };
  };
  const warm = await send(5, "png");
  if (warm.status !== 302) throw new Error(`the 5 MB upload was answered ${warm.status}`);
  const before = memoryOf(pid);
  const r = await send(50, "pdf");
  const after = memoryOf(pid);
  return { ...r, peakGrowth: after.peak - Math.max(before.peak, before.rss), before, after };
}

/** After the run: every case moved exactly once (one event, now at row 3), none left behind. */
async function checkTransitions(db: Database, ids: number[]) {
  const moved = await db.prisma.case.count({ where: { id: { in: ids }, currentRow: 3 } });
  const events = await db.prisma.caseEvent.groupBy({ by: ["caseId"], where: { caseId: { in: ids }, fromRow: 2, toRow: 3 }, _count: true });
  const twice = events.filter((e) => e._count > 1).length;
  return { moved, lost: ids.length - moved, twice };
}

/**
 * The server runs with the Node flags `npm start` gives it (package.json: the heap's size),
 * or BENCH_NODE_FLAGS ("" for Node's defaults) to compare.
 */
const NODE_FLAGS = (
  process.env.BENCH_NODE_FLAGS ??
  /node ((?:--\S+ )*)dist\/src\/server\.js/.exec(
    (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts.start ?? "",
  )?.[1] ??
  ""
)
  .split(" ")
  .filter(Boolean);

async function startServer(env: Record<string, string>, port: number, logFile: string): Promise<{ p: ChildProcess; coldMs: number }> {
  const t0 = performance.now();
  const p = spawn(process.execPath, [...NODE_FLAGS, "dist/src/server.js"], {
    env: {
      ...process.env,
      ...env,
      UPLOAD_MAX_MB: "60",
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      SESSION_SECRET: SECRET,
      LOG_LEVEL: "warn",
      SEED_DEMO: "never",
      DAILY_JOB_HOUR: "23",
      PUBLIC_REQUESTS_PER_MINUTE: "1000000000",
    },
    // Warnings and errors go to a file beside the data (printed at the end when there were any).
    stdio: ["ignore", openSync(logFile, "a"), openSync(logFile, "a")],
  });
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/login`)).status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (performance.now() - t0 > 120_000) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 50));
  }
  return { p, coldMs: performance.now() - t0 };
}

/** Waits until the server has worked off the previous page's queue (its health check answers quickly). */
async function settle(base: string): Promise<void> {
  const until = performance.now() + 60_000;
  while (performance.now() < until) {
    const t0 = performance.now();
    await fetch(`${base}/healthz`).catch(() => undefined);
    if (performance.now() - t0 < 50) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function login(base: string, username: string): Promise<string> {
  const page = await fetch(`${base}/login`);
  const pre = (page.headers.get("set-cookie") ?? "").match(/kd\.pre=[^;]+/)?.[0] ?? "";
  const token = must(/name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1], "the login form's token");
  const res = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: pre },
    body: new URLSearchParams({ _csrf: token, username, password: "kerjasama-demo" }),
  });
  const sid = (res.headers.get("set-cookie") ?? "").match(/kd\.sid=[^;]+/)?.[0];
  if (!sid) throw new Error(`login failed for ${username} (${res.status})`);
  return sid;
}

/** Autocannon on `url` while sampling the server's RSS every 100 ms: the result and the highest RSS seen. */
async function cannonSampled(url: string, cookie: string, pid: number): Promise<{ r: Result; maxRss: number }> {
  let maxRss = 0;
  const sample = () => {
    maxRss = Math.max(maxRss, memoryOf(pid).rss);
  };
  const timer = setInterval(sample, 100);
  try {
    const r = await cannon(url, cookie);
    sample();
    return { r, maxRss };
  } finally {
    clearInterval(timer);
  }
}

/** The count the inbox page shows ("N tugas"), as `cookie`'s user sees it. */
async function inboxCount(base: string, cookie: string): Promise<number> {
  const html = await (await fetch(`${base}/inbox`, { headers: { cookie } })).text();
  return Number(must(/(\d+) tugas/.exec(html)?.[1], "the inbox's count"));
}

type Kind = "pglite" | "postgres";
/** One database, shape and size: a column of the final table. */
type Run = {
  db: Kind;
  shape: Shape;
  n: number;
  buildSeconds: number;
  insertSeconds: number;
  coldSeconds: number;
  inbox: { kabag: number; penatalaksana: number };
  /** The server's RSS (MB): idle after the cold start, after the first logged-in page, after all the pages, and its peak (VmHWM) under their load. */
  mem: { idle: number; firstPage: number; afterPages: number; peak: number; maxSampled: number };
  transitions?: { perSecond: number; cases: number; lost: number; twice: number };
  upload?: { status: number; seconds: number; peakGrowth: number };
};
const runName = (r: Pick<Run, "db" | "shape" | "n">) =>
  `${r.db === "pglite" ? "PGlite" : "PostgreSQL"} ${r.shape} ${r.n >= 1000 && r.n % 1000 === 0 ? `${r.n / 1000}k` : r.n}`;

const table: { run: Run; page: string; r: Result; bare: Result }[] = [];
const runs: Run[] = [];
const bare = await bareServer();
const wanted = (process.env.BENCH_DATABASES ?? "pglite,postgres").split(",");
const kinds: Kind[] = wanted.includes("pglite") ? ["pglite"] : [];
if (wanted.includes("postgres"))
  try {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.end();
    kinds.push("postgres");
  } catch {
    console.log(`PostgreSQL at ${PG_URL} not reachable: PGlite only.`);
  }
const shapes = SHAPE_LIST as Shape[];
console.log(`${SECONDS} s per page at ${CONNECTIONS} connections; shapes ${shapes.map((sh) => `${sh} (${SIZES[sh].join(", ")} cases)`).join(", ")}`);
console.log(`server: node ${[...NODE_FLAGS, "dist/src/server.js"].join(" ")}${process.env.WASM_TIER_UP === "1" ? " (WASM_TIER_UP=1)" : ""}`);
for (const kind of kinds) {
  for (const shape of shapes) {
    for (const n of SIZES[shape]) {
      const t0 = performance.now();
      const data = await buildData(kind, shape, n);
      const buildSeconds = (performance.now() - t0) / 1000;
      const c = data.counts;
      console.log(
        `\n${kind}, ${shape} shape, ${n} cases: data built in ${buildSeconds.toFixed(1)} s (inserts ${data.insertSeconds.toFixed(1)} s); ` +
          `${c.cases} cases, ${c.tasks} tasks, ${c.events} events, ${c.open} open tasks (${c.kabag} with the Kabag's role, ${c.penatalaksana} with the Penatalaksana's)`,
      );
      const port = 35000 + Math.floor(Math.random() * 2000);
      const logFile = path.join(tmpdir(), `kd-bench-${kind}-${shape}-${n}.log`);
      rmSync(logFile, { force: true });
      const srv = await startServer(data.env, port, logFile);
      const pid = must(srv.p.pid, "the server's pid");
      const idle = memoryOf(pid).rss;
      console.log(`cold start to the first page: ${(srv.coldMs / 1000).toFixed(2)} s; RSS ${idle.toFixed(0)} MB`);
      const base = `http://127.0.0.1:${port}`;
      try {
        const cookies = { kabag: await login(base, "kabag"), penatalaksana: await login(base, "penatalaksana"), skpd: await login(base, "skpd.pariwisata") };
        const home = await fetch(`${base}/`, { headers: { cookie: cookies.kabag } });
        await home.text();
        const firstPage = memoryOf(pid).rss;
        const inbox = { kabag: await inboxCount(base, cookies.kabag), penatalaksana: await inboxCount(base, cookies.penatalaksana) };
        console.log(
          `after logging in three users and the first page (/, ${home.status}): RSS ${firstPage.toFixed(0)} MB; ` +
            `inbox shows ${inbox.kabag} tugas to the Kabag, ${inbox.penatalaksana} to the Penatalaksana`,
        );
        const pages: [string, string, string][] = [
          ["/ (kabag)", "/", cookies.kabag],
          ["/inbox (kabag)", "/inbox", cookies.kabag],
          ["/inbox (penatalaksana)", "/inbox", cookies.penatalaksana],
          ["/inbox?row=3 (penatalaksana)", "/inbox?row=3", cookies.penatalaksana],
          ["/kasus/:id big case", `/kasus/${data.bigCase}`, cookies.kabag],
          ["/dashboard (kabag)", "/dashboard", cookies.kabag],
          ["/perjanjian", "/perjanjian", cookies.kabag],
          ["/sop", "/sop", cookies.kabag],
          ["/notifikasi", "/notifikasi", cookies.kabag],
          ["/kasus page (kabag)", "/kasus?hal=2", cookies.kabag],
          ["/inbox (SKPD)", "/inbox", cookies.skpd],
          // The floor of a logged-in page: a form that reads no data (session, user, layout only).
          ["/akun/password (no data)", "/akun/password", cookies.kabag],
          // Issue 13's pages: the public register (no login), search, the ministry report.
          ["/publik (no login)", "/publik", ""],
          ["/cari?q=uji (kabag; every case matches)", "/cari?q=uji", cookies.kabag],
          ["/laporan/kemendagri (kabag)", "/laporan/kemendagri", cookies.kabag],
        ];
        const only = process.env.BENCH_PAGES?.split(",");
        const run: Run = {
          db: kind,
          shape,
          n,
          buildSeconds,
          insertSeconds: data.insertSeconds,
          coldSeconds: srv.coldMs / 1000,
          inbox,
          mem: { idle, firstPage, afterPages: NaN, peak: NaN, maxSampled: 0 },
        };
        runs.push(run);
        for (const [label, url, cookie] of pages.filter(([, url]) => !only || only.includes(url))) {
          await settle(base);
          const b = await cannon(bare.url);
          const { r, maxRss } = await cannonSampled(`${base}${url}`, cookie, pid);
          run.mem.maxSampled = Math.max(run.mem.maxSampled, maxRss);
          table.push({ run, page: label, r, bare: b });
          console.log(
            `${label.padEnd(30)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${String(r.p50).padStart(5)} ms  p99 ${String(r.p99).padStart(5)} ms  ` +
              `${((100 * r.rps) / b.rps).toFixed(1).padStart(5)}% of bare (${b.rps.toFixed(0)} req/s)  RSS ≤ ${maxRss.toFixed(0)} MB${r.errors ? `  ${r.errors} errors/timeouts` : ""}`,
          );
        }
        // Before the upload: VmHWM is then the peak of the start and the pages' load.
        const loaded = memoryOf(pid);
        run.mem.afterPages = loaded.rss;
        run.mem.peak = loaded.peak;
        console.log(
          `${kind}, ${shape} shape, ${n} cases: server RSS idle ${idle.toFixed(0)} MB, after the first page ${firstPage.toFixed(0)} MB, ` +
            `after the pages ${loaded.rss.toFixed(0)} MB, peak under load ${loaded.peak.toFixed(0)} MB (VmHWM; highest RSS sampled ${run.mem.maxSampled.toFixed(0)} MB)` +
            (kind === "postgres" ? "; the Node server only, not PostgreSQL's processes" : ""),
        );
        await settle(base);
        const up = await uploadMemory(base, cookies.kabag, data.bigCase, pid);
        run.upload = up;
        console.log(
          `upload of 50 MB: ${up.status} in ${up.seconds.toFixed(1)} s; peak RSS ${up.before.peak.toFixed(0)} → ${up.after.peak.toFixed(0)} MB (+${up.peakGrowth.toFixed(0)} MB)`,
        );
        await settle(base);
        const items = data.atRow2;
        const t = await transitions(base, cookies.penatalaksana, items);
        srv.p.kill("SIGTERM");
        await new Promise((r) => srv.p.once("exit", r));
        const db = await data.open();
        const check = await checkTransitions(
          db,
          items.map((x) => x.id),
        );
        await db.close();
        run.transitions = { ...t, ...check, cases: items.length };
        console.log(
          `transitions: ${items.length} cases by 16 clients, ${t.perSecond.toFixed(0)}/s; answers ${[...t.statuses].map(([k, v]) => `${k}×${v}`).join(", ")}; ` +
            `moved ${check.moved}, lost ${check.lost}, applied twice ${check.twice}`,
        );
      } finally {
        if (srv.p.exitCode === null && srv.p.signalCode === null) {
          srv.p.kill("SIGTERM");
          await new Promise((r) => srv.p.once("exit", r));
        }
        await data.drop();
        const log = readFileSync(logFile, "utf8").trim();
        const problems = log.split("\n").filter((l) => l.startsWith("{"));
        if (problems.length) console.log(`server log: ${problems.length} warnings or errors in ${logFile}`);
      }
    }
  }
}
bare.close();

for (const shape of shapes) {
  const list = SIZES[shape];
  if (list.length < 2) continue;
  const [small, large] = [must(list[0], "the smallest size"), must(list[list.length - 1], "the largest size")];
  console.log(`\np50 latency ratio ${large}/${small} cases, ${shape} shape:`);
  for (const kind of kinds) {
    for (const row of table.filter((x) => x.run.db === kind && x.run.shape === shape && x.run.n === large)) {
      const base = table.find((x) => x.run.db === kind && x.run.shape === shape && x.run.n === small && x.page === row.page);
      if (base) console.log(`${kind.padEnd(9)} ${row.page.padEnd(30)} ${(row.r.p50 / Math.max(1, base.r.p50)).toFixed(2)}x`);
    }
  }
}

// One markdown table for docs/benchmark.md: pages × (database, shape, size).
const mb = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : "–");
const lines = [
  `| page (Kabag unless noted) | ${runs.map((r) => `${runName(r)} req/s (p99) · % of bare`).join(" | ")} |`,
  `|---|${runs.map(() => "---").join("|")}|`,
];
const row = (label: string, cell: (r: Run) => string) => lines.push(`| ${label} | ${runs.map(cell).join(" | ")} |`);
for (const page of [...new Set(table.map((x) => x.page))])
  row(`\`${page}\``, (run) => {
    const x = table.find((t) => t.run === run && t.page === page);
    return x ? `${x.r.rps.toFixed(0)} (${x.r.p99} ms) · ${((100 * x.r.rps) / x.bare.rps).toFixed(1)} %${x.r.errors ? ` (${x.r.errors} errors)` : ""}` : "–";
  });
row("data: open tasks in the Kabag's / Penatalaksana's inbox", (r) => `${r.inbox.kabag} / ${r.inbox.penatalaksana}`);
row("data built (s; of it inserts)", (r) => `${r.buildSeconds.toFixed(1)} (${r.insertSeconds.toFixed(1)})`);
row("cold start to the first page (s)", (r) => r.coldSeconds.toFixed(2));
row("server RSS idle: cold start / after the first page (MB)", (r) => `${mb(r.mem.idle)} / ${mb(r.mem.firstPage)}`);
row("server RSS under load: after the pages / peak VmHWM (MB)", (r) => `${mb(r.mem.afterPages)} / ${mb(r.mem.peak)}`);
row("transitions/s, 16 clients (lost, doubled)", (r) =>
  r.transitions ? `${r.transitions.perSecond.toFixed(0)}/s (${r.transitions.lost}, ${r.transitions.twice})` : "–",
);
row("50 MB upload: growth of peak RSS (time)", (r) =>
  r.upload ? `+${mb(r.upload.peakGrowth)} MB (${r.upload.seconds.toFixed(1)} s)${r.upload.status === 302 ? "" : ` [${r.upload.status}]`}` : "–",
);
console.log(`\n${lines.join("\n")}`);
if (kinds.includes("postgres")) console.log("\n(PostgreSQL columns: the RSS is the Node server's only, not PostgreSQL's processes.)");
process.exit(0);
