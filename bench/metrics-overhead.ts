// How much Prisma's query events cost per statement (issue 23: the database histogram).
// Runs the same reads on an in-memory PGlite with and without `log: query` events.
import { PGlite } from "@electric-sql/pglite";
import { performance } from "node:perf_hooks";
import { openPglite } from "../src/platform/db/client.js";

const N = Number(process.env.N ?? 3000);

async function run(label: string, onQuery?: (sql: string, ms: number) => void) {
  const db = await openPglite({ pglite: await PGlite.create(), onQuery });
  await db.migrate();
  await db.prisma.skpd.create({ data: { code: "X", name: "X" } }).catch(() => undefined);
  for (let i = 0; i < 300; i++) await db.prisma.skpd.findFirst({ where: { code: "X" } });
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await db.prisma.skpd.findFirst({ where: { code: "X" } });
  const per = ((performance.now() - t0) / N) * 1000;
  await db.close();
  console.log(`${label}: ${per.toFixed(1)} µs per findFirst`);
  return per;
}

const rounds = Number(process.env.ROUNDS ?? 3);
const off: number[] = [];
const on: number[] = [];
for (let r = 0; r < rounds; r++) {
  off.push(await run("without query events"));
  let n = 0;
  on.push(await run("with query events", () => n++));
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
console.log(
  `median: without ${med(off).toFixed(1)} µs, with ${med(on).toFixed(1)} µs, overhead ${(med(on) - med(off)).toFixed(1)} µs (${(((med(on) - med(off)) / med(off)) * 100).toFixed(1)} %)`,
);
