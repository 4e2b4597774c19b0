// What timing the database's statements costs (issue 23, the /metrics histogram): the
// same reads on an in-memory PGlite with nothing, with Prisma's query events (the
// `onQuery` option) and with the driver-level timer the app uses (db.timeStatements),
// interleaved in rounds; then the timer's own work in isolation. `npx tsx bench/metrics-overhead.ts`
import { PGlite } from "@electric-sql/pglite";
import { performance } from "node:perf_hooks";
import { Histogram, Registry } from "prom-client";
import { openPglite } from "../src/platform/db/client.js";

const N = Number(process.env.N ?? 2000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
type Mode = "none" | "prisma-events" | "driver-timer";

const histogram = new Histogram({ name: "bench_seconds", help: "bench", buckets: [0.001, 0.01, 0.1], registers: [new Registry()] });

async function run(mode: Mode): Promise<{ wall: number; cpu: number }> {
  let events = 0;
  const db = await openPglite({ pglite: await PGlite.create(), onQuery: mode === "prisma-events" ? () => events++ : undefined });
  await db.migrate();
  if (mode === "driver-timer") db.timeStatements((s) => histogram.observe(s));
  await db.prisma.skpd.create({ data: { code: "X", name: "X" } });
  for (let i = 0; i < 300; i++) await db.prisma.skpd.findFirst({ where: { code: "X" } });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await db.prisma.skpd.findFirst({ where: { code: "X" } });
  const wall = ((performance.now() - t0) / N) * 1000;
  const c = process.cpuUsage(c0);
  await db.close();
  return { wall, cpu: (c.user + c.system) / N };
}

const results: Record<Mode, { wall: number[]; cpu: number[] }> = {
  none: { wall: [], cpu: [] },
  "prisma-events": { wall: [], cpu: [] },
  "driver-timer": { wall: [], cpu: [] },
};
for (let r = 0; r < ROUNDS; r++) {
  for (const mode of Object.keys(results) as Mode[]) {
    const x = await run(mode);
    results[mode].wall.push(x.wall);
    results[mode].cpu.push(x.cpu);
  }
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
for (const [mode, x] of Object.entries(results)) {
  console.log(`${mode.padEnd(14)} per findFirst: ${med(x.wall).toFixed(0)} µs wall, ${med(x.cpu).toFixed(0)} µs CPU (median of ${ROUNDS})`);
}

// The timer's own work, without a database: a wrapped async call plus one observation.
const M = 1_000_000;
const plain = (x: number) => Promise.resolve(x);
const wrapped = async (x: number) => {
  const t0 = performance.now();
  try {
    return await plain(x);
  } finally {
    histogram.observe((performance.now() - t0) / 1000);
  }
};
for (const [label, fn] of [
  ["plain call", plain],
  ["timed call", wrapped],
  ["plain call", plain],
  ["timed call", wrapped],
] as const) {
  const t0 = performance.now();
  for (let i = 0; i < M; i++) await fn(i);
  console.log(`${label}: ${(((performance.now() - t0) / M) * 1000).toFixed(3)} µs`);
}
