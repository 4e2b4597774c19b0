// `npm run db:diff -- <name>`: writes a new migration from the difference between
// the committed schema (git HEAD) and prisma/schema.prisma. A pure schema-to-schema
// diff on Prisma's WebAssembly schema engine (scripts/schema-engine.mjs) over an
// in-memory PGlite: Prisma 7's CLI needs a native engine it cannot download offline,
// and `prisma migrate dev` does not work with driver adapters (see docs/architecture.md).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { datamodel, openSchemaEngine } from "./schema-engine.mjs";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_");
if (!name) {
  console.error("Pakai: npm run db:diff -- nama_migrasi");
  process.exit(2);
}
const next = [["prisma/schema.prisma", readFileSync("prisma/schema.prisma", "utf8")]];
let from = { tag: "empty" };
try {
  const prev = execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  // A schema written for Prisma 6 has a datasource `url`, which Prisma 7 refuses; it plays no part in a diff.
  from = datamodel([["prisma/schema.prisma", prev.replace(/^\s*url\s*=.*$/m, "")]]);
} catch {
  /* no committed schema yet */
}
// The engine needs a connection to start; a schema-to-schema diff never uses it.
const lite = new PGlite();
const engine = await openSchemaEngine(new PrismaPGlite(lite), next);
let sql;
try {
  sql = (await engine.diff({ from, to: datamodel(next), script: true })).stdout ?? "";
} finally {
  engine.close();
  await lite.close();
}
if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
  console.log("Tidak ada perubahan skema.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`Migrasi baru: ${dir}/migration.sql`);
