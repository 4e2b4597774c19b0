// Runs once per test run: prepares a migrated template database, and two more with
// the master data (SKPD list, holidays) and the demo accounts seeded into them. Each
// test file then gets its own fresh copy (test/helpers/db.ts), never re-running
// initdb, the migrations or the seeding per test file (seeding the holidays alone
// took 2-8 s per file, and the demo accounts' argon2 hash 0.3-1 s).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openPglite, openPostgres } from "../../src/db/client.js";
import { migrate, type RawSql } from "../../src/db/migrate.js";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { seedDemo, seedMasterData } from "../../src/seed/seed.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgliteTemplates: Record<Seeded, string>;
    pgAdminUrl: string;
    pgTemplateDb: string;
    pgTemplateDbs: Record<Seeded, string>;
    pgRunId: string;
  }
}

/** What a template holds beyond the migrations: nothing, the master data, or the master data and the demo accounts. */
export type Seeded = "none" | "master" | "demo";

/** The seeding buildTestApp did per file, done once: master data, then the demo accounts. */
async function seedInto(prisma: PrismaClient, seeded: Seeded) {
  if (seeded === "master") await seedMasterData(prisma);
  if (seeded === "demo") await seedDemo(prisma);
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = "/" + name;
  return u.toString();
}

export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const runId = `${process.pid}_${Date.now()}`;
    const template = `kd_tpl_${runId}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${template}"`);
    const db = await openPostgres(withDatabase(adminUrl, template));
    await db.migrate();
    await db.close();
    // Each seeded template is a copy of the one before it, seeded one step further.
    const templates: Record<Seeded, string> = { none: template, master: `${template}_master`, demo: `${template}_demo` };
    for (const [from, to] of [["none", "master"], ["master", "demo"]] as const) {
      await admin.query(`CREATE DATABASE "${templates[to]}" TEMPLATE "${templates[from]}"`);
      const s = await openPostgres(withDatabase(adminUrl, templates[to]));
      try {
        await seedInto(s.prisma, to);
      } finally {
        await s.close();
      }
    }
    project.provide("pgAdminUrl", adminUrl);
    project.provide("pgTemplateDb", template);
    project.provide("pgTemplateDbs", templates);
    project.provide("pgRunId", runId);
    project.provide("pgliteTemplate", "");
    project.provide("pgliteTemplates", { none: "", master: "", demo: "" });
    return async () => {
      // Drop the templates and any per-file database this run left behind.
      const left = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`kd_t_${runId}_%`]);
      for (const r of left.rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
      for (const name of [templates.demo, templates.master, template]) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    };
  }
  const lite = await PGlite.create();
  const raw: RawSql = {
    exec: async (sql) => void (await lite.exec(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await lite.query<T>(sql, params)).rows,
    exclusive: (fn) => fn(),
  };
  await migrate(raw);
  const dir = mkdtempSync(path.join(tmpdir(), "kd-test-"));
  const files = {} as Record<Seeded, string>;
  const dump = async (seeded: Seeded) => {
    files[seeded] = path.join(dir, `template-${seeded}.tar`);
    writeFileSync(files[seeded], Buffer.from(await (await lite.dumpDataDir("none")).arrayBuffer()));
  };
  await dump("none");
  const db = await openPglite({ pglite: lite });
  try {
    for (const seeded of ["master", "demo"] as const) {
      await seedInto(db.prisma, seeded);
      await dump(seeded);
    }
  } finally {
    await db.close();
  }
  project.provide("pgliteTemplate", files.none);
  project.provide("pgliteTemplates", files);
  project.provide("pgAdminUrl", "");
  project.provide("pgTemplateDb", "");
  project.provide("pgTemplateDbs", { none: "", master: "", demo: "" });
  project.provide("pgRunId", "");
  return () => rmSync(dir, { recursive: true, force: true });
}
