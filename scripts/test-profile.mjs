// Sums the CPU profiles a test run wrote with KD_TEST_PROFILE=<folder> (test/helpers/setup-file.ts):
//   KD_TEST_PROFILE=/tmp/prof npm test && node scripts/test-profile.mjs /tmp/prof
// Prints, per test file, its sampled time split into idle (waiting: child processes, timers,
// the network), PGlite (WebAssembly included), Prisma, PDF fonts and garbage collection; then
// the busiest packages, and the app's functions by inclusive time (a sample counts once per
// function on its stack).
import { readFileSync, readdirSync } from "node:fs";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node scripts/test-profile.mjs <folder of .cpuprofile files>");
  process.exit(2);
}
const s = (us) => (us / 1e6).toFixed(1).padStart(7);
const pkgOf = (url) =>
  url.includes("node_modules/")
    ? url.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, "$1")
    : url.startsWith("wasm")
      ? "(WebAssembly)"
      : url.startsWith("node:")
        ? "node:"
        : url.includes("/src/")
          ? "src"
          : url.includes("/test/")
            ? "test"
            : "(native)";
const perFile = [];
const byPkg = new Map();
const inclusive = new Map();
let busy = 0;
for (const name of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
  const p = JSON.parse(readFileSync(`${dir}/${name}`, "utf8"));
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const row = { file: "", total: 0, idle: 0, pglite: 0, prisma: 0, fonts: 0, gc: 0 };
  for (const n of p.nodes) {
    const m = /test\/(?:integration|e2e|unit)\/([\w.-]+\.test\.ts)/.exec(n.callFrame.url);
    if (m) row.file = m[1];
  }
  p.samples.forEach((id, i) => {
    const us = p.timeDeltas[i] ?? 0;
    const { functionName, url } = nodes.get(id).callFrame;
    row.total += us;
    if (functionName === "(idle)") return void (row.idle += us);
    busy += us;
    if (functionName === "(garbage collector)") row.gc += us;
    else if (url.includes("pglite") || url.startsWith("wasm")) row.pglite += us;
    else if (url.includes("@prisma")) row.prisma += us;
    else if (url.includes("fontkit") || url.includes("pdf-lib")) row.fonts += us;
    const pkg = functionName === "(garbage collector)" ? "(garbage collector)" : pkgOf(url);
    byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + us);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = nodes.get(cur).callFrame;
      if (!cf.url.includes("/src/")) continue;
      const key = `${cf.functionName || "(anonymous)"} ${cf.url.replace(/.*\/src\//, "src/")}:${cf.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  });
  perFile.push(row);
}
console.log("   total    idle  pglite  prisma   fonts      gc  file (seconds)");
for (const r of perFile.sort((a, b) => b.total - a.total).slice(0, 30))
  console.log(`${s(r.total)} ${s(r.idle)} ${s(r.pglite)} ${s(r.prisma)} ${s(r.fonts)} ${s(r.gc)}  ${r.file || "?"}`);
const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
console.log(`\nbusy ${s(busy)} s; by package:`);
for (const [k, v] of top(byPkg, 15)) console.log(`${s(v)} ${((100 * v) / busy).toFixed(1).padStart(5)}%  ${k}`);
console.log("\nthe app's functions, inclusive:");
for (const [k, v] of top(inclusive, 30)) console.log(`${s(v)} ${((100 * v) / busy).toFixed(1).padStart(5)}%  ${k}`);
