// Runs once per test run: prepares a migrated template database. Each test file
// then gets its own fresh copy (test/helpers/db.ts), never re-running initdb or
// the migrations per test.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openPostgres } from "../../src/db/client.js";
import { migrate, type RawSql } from "../../src/db/migrate.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgAdminUrl: string;
    pgTemplateDb: string;
    pgRunId: string;
  }
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
    project.provide("pgAdminUrl", adminUrl);
    project.provide("pgTemplateDb", template);
    project.provide("pgRunId", runId);
    project.provide("pgliteTemplate", "");
    return async () => {
      // Drop the template and any per-file database this run left behind.
      const left = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`kd_t_${runId}_%`]);
      for (const r of left.rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
      await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
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
  const blob = await lite.dumpDataDir("none");
  await lite.close();
  const dir = mkdtempSync(path.join(tmpdir(), "kd-test-"));
  const file = path.join(dir, "template.tar");
  writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
  project.provide("pgliteTemplate", file);
  project.provide("pgAdminUrl", "");
  project.provide("pgTemplateDb", "");
  project.provide("pgRunId", "");
  return () => rmSync(dir, { recursive: true, force: true });
}
