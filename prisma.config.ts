// Prisma CLI configuration. Prisma 7's CLI is used only for `prisma generate`: the app
// applies its own migrations (src/platform/db/migrate.ts) and schema diffs run on the
// WebAssembly schema engine (scripts/schema-engine.mjs). See docs/architecture.md,
// "Database and Prisma, offline".
import path from "node:path";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
});
