// Benchmark: reading an Excel import far larger than the row limit. Prints how
// long the check took, the longest the server's event loop was held in one go, and
// how much memory it added to the server: the file is read in a parsing process
// (src/platform/untrusted/sandbox.ts), so a huge file must be refused without holding the
// server or filling its memory.
//   npm run bench:import
import { monitorEventLoopDelay } from "node:perf_hooks";
import ExcelJS from "exceljs";
import { runUntrusted, withSourceFile } from "../src/platform/untrusted/sandbox.js";
import { readImportTask } from "../src/features/agreements/parse-tasks.js";
import { LEGACY_COLUMNS } from "../src/features/agreements/schema.js";
import { must } from "../src/platform/must.js";

async function workbook(rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Perjanjian");
  ws.addRow(LEGACY_COLUMNS.map((c) => c.header));
  for (let i = 0; i < rows; i++) ws.addRow(LEGACY_COLUMNS.map((c) => (c.key === "cityNumber" ? `100.3.7.1/${i}/P3ADK/III/2025` : c.example)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The way the import read files before: the whole workbook at once (for comparison). */
async function loadWhole(buf: Buffer): Promise<unknown[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = must(wb.worksheets[0], "the first worksheet");
  return ws.getRows(1, ws.rowCount) ?? [];
}

const readImportFile = (buf: Buffer) => withSourceFile(buf, "xlsx", (path) => runUntrusted(readImportTask, { path }));

async function measure(label: string, buf: Buffer, read: (b: Buffer) => Promise<unknown[]> = readImportFile) {
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  const h = monitorEventLoopDelay({ resolution: 1 });
  // A timer that keeps ticking shows how long the loop was held between ticks.
  let maxGap = 0;
  let last = performance.now();
  const tick = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 1);
  h.enable();
  const t0 = performance.now();
  let outcome: string;
  try {
    outcome = `${(await read(buf)).length} rows read`;
  } catch (e) {
    outcome = `refused: ${(e as Error).message.slice(0, 60)}`;
  }
  const ms = performance.now() - t0;
  h.disable();
  clearInterval(tick);
  const rss = (process.memoryUsage().rss - rss0) / 1024 / 1024;
  console.log(
    `${label.padEnd(28)} ${(buf.length / 1024 / 1024).toFixed(1).padStart(5)} MiB  ${ms.toFixed(0).padStart(6)} ms  ` +
      `longest hold ${maxGap.toFixed(1).padStart(6)} ms  p99 delay ${(h.percentile(99) / 1e6).toFixed(1).padStart(5)} ms  +${rss.toFixed(0)} MB RSS  ${outcome}`,
  );
}

const sizes = [100, 2_000, 2_001, 60_000, 95_000];
const files = new Map<number, Buffer>();
for (const n of sizes) files.set(n, await workbook(n));
console.log("Excel import check (streaming reader in a parsing process, 2,000-row limit)");
for (const n of sizes) await measure(`${n.toLocaleString("en")} rows`, must(files.get(n), "the workbook"));
console.log("For comparison: the whole workbook loaded at once in the server (how the import first read files)");
for (const n of [2_000, 60_000]) await measure(`${n.toLocaleString("en")} rows, whole load`, must(files.get(n), "the workbook"), loadWhole);
