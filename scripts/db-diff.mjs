// `npm run db:diff -- <name>`: writes a new migration from the difference between
// the committed schema (git HEAD) and prisma/schema.prisma. A pure schema-to-schema
// diff: `prisma migrate dev` does not work with driver adapters (see docs/architecture.md).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_");
if (!name) {
  console.error("Pakai: npm run db:diff -- nama_migrasi");
  process.exit(2);
}
const tmp = mkdtempSync(path.join(tmpdir(), "kd-diff-"));
const prev = path.join(tmp, "schema.prisma");
let from = ["--from-empty"];
try {
  writeFileSync(prev, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"]));
  from = ["--from-schema-datamodel", prev];
} catch {
  /* no committed schema yet */
}
const sql = execFileSync(
  process.execPath,
  ["node_modules/prisma/build/index.js", "migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { env: { ...process.env, DATA_DIR: path.join(tmp, "data") }, encoding: "utf8" },
);
if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
  console.log("Tidak ada perubahan skema.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`Migrasi baru: ${dir}/migration.sql`);
