// Runs once per test run: prepares a migrated template database, and two more with
// the master data (SKPD list, holidays) and the demo accounts seeded into them. Each
// test file then gets its own fresh copy (test/helpers/db.ts), never re-running
// initdb, the migrations or the seeding per test file (seeding the holidays alone
// took 2-8 s per file, and the demo accounts' argon2 hash 0.3-1 s).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openPglite, openPostgres } from "../../src/platform/db/client.js";
import { migrate, type RawSql } from "../../src/platform/db/migrate.js";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { seedDemo, seedMasterData } from "../../src/features/seed/seed.js";
import { todayJakarta } from "../../src/core/calendar/calendar.js";
import { compiledSrc } from "./compiled-src.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgliteTemplates: Record<Seeded, string>;
    pgAdminUrl: string;
    pgTemplateDb: string;
    pgTemplateDbs: Record<Seeded, string>;
    pgRunId: string;
    compiledSrc: string;
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

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SEEDS: Seeded[] = ["none", "master", "demo"];

/**
 * What the PGlite templates are made from: every source file (the migrations, the
 * seeding and whatever they import), the locked dependencies (PGlite's own version)
 * and the day in Jakarta (the holidays seeded depend on the year). Any change to
 * them makes new templates.
 */
function templateKey(): string {
  const h = createHash("sha256");
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) h.update(path.relative(ROOT, p)).update("\0").update(readFileSync(p)).update("\0");
    }
  };
  for (const d of ["src", "prisma"]) walk(path.join(ROOT, d));
  h.update(readFileSync(path.join(ROOT, "package-lock.json")));
  h.update(todayJakarta());
  return h.digest("hex").slice(0, 20);
}

/**
 * The templates of an earlier run when nothing they are made from changed: initdb, the
 * migrations and the seeding cost 20-35 s per run on a busy machine, paid again by each
 * single-file run. KD_TEST_TEMPLATE_CACHE=0 always makes new ones.
 */
const CACHE = path.join(ROOT, "node_modules", ".cache", "kd-test-templates");
const cachedTemplates = (key: string): Record<Seeded, string> | null => {
  if (process.env.KD_TEST_TEMPLATE_CACHE === "0") return null;
  const files = Object.fromEntries(SEEDS.map((s) => [s, path.join(CACHE, key, `template-${s}.tar`)])) as Record<Seeded, string>;
  return SEEDS.every((s) => existsSync(files[s]) && statSync(files[s]).size > 0) ? files : null;
};

/** Keeps a run's templates for the next runs (only the newest key: each set is ~130 MB). */
function keepTemplates(key: string, dir: string) {
  if (process.env.KD_TEST_TEMPLATE_CACHE === "0") return;
  mkdirSync(CACHE, { recursive: true });
  const staging = mkdtempSync(path.join(CACHE, "staging-"));
  for (const s of SEEDS) writeFileSync(path.join(staging, `template-${s}.tar`), readFileSync(path.join(dir, `template-${s}.tar`)));
  try {
    // A run that finished first already kept the same templates: its copy stays.
    renameSync(staging, path.join(CACHE, key));
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
  for (const old of readdirSync(CACHE)) if (old !== key && !old.startsWith("staging-")) rmSync(path.join(CACHE, old), { recursive: true, force: true });
}

function provideTemplates(project: TestProject, files: Record<Seeded, string>) {
  project.provide("pgliteTemplate", files.none);
  project.provide("pgliteTemplates", files);
  project.provide("pgAdminUrl", "");
  project.provide("pgTemplateDb", "");
  project.provide("pgTemplateDbs", { none: "", master: "", demo: "" });
  project.provide("pgRunId", "");
}

export default async function setup(project: TestProject) {
  // Processes the tests start run from JavaScript (test/helpers/setup-file.ts passes it on).
  const compiled = await compiledSrc(ROOT);
  project.provide("compiledSrc", compiled.dir);
  const teardown = await setupDatabases(project);
  return async () => {
    await teardown?.();
    compiled.remove();
  };
}

/** The template databases of this run; returns what removes them (nothing for cached PGlite templates). */
async function setupDatabases(project: TestProject): Promise<(() => unknown) | undefined> {
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
    for (const [from, to] of [
      ["none", "master"],
      ["master", "demo"],
    ] as const) {
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
      const left = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`kd_t_${runId}_%`]);
      for (const r of left.rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
      for (const name of [templates.demo, templates.master, template]) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    };
  }
  const key = templateKey();
  const cached = cachedTemplates(key);
  if (cached) {
    provideTemplates(project, cached);
    return;
  }
  const lite = await PGlite.create();
  const raw: RawSql = {
    exec: async (sql) => {
      await lite.exec(sql);
    },
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
  keepTemplates(key, dir);
  provideTemplates(project, files);
  return () => rmSync(dir, { recursive: true, force: true });
}
