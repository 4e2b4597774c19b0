// Prisma CLI configuration. The CLI runs on the JavaScript engine through a
// driver adapter, so nothing is downloaded (see docs/architecture.md, "Database and Prisma, offline").
import { mkdirSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";

process.env.PRISMA_PLACEHOLDER_URL ??= "postgresql://unused@localhost/unused";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  // The adapters are typed against other releases of driver-adapter-utils; see src/platform/db/client.ts.
  async adapter(): Promise<never> {
    const url = process.env.DATABASE_URL;
    if (url && /^postgres(ql)?:\/\//.test(url)) {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg({ connectionString: url }) as never;
    }
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    const dir = path.join(process.env.DATA_DIR ?? "./data", "pgdata");
    mkdirSync(dir, { recursive: true });
    return new PrismaPGlite(new PGlite(dir)) as never;
  },
});
