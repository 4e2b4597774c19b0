// The server as a separate process, the way `npm start` runs it: Node on JavaScript
// (the run's compiled copy of src/), not tsx, whose start cost seconds per process.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { inject } from "vitest";
import { createDraft } from "../../src/features/cases/case-service.js";
import { openPglite, type Database } from "../../src/platform/db/client.js";
import { seedDemo, seedMasterData } from "../../src/features/seed/seed.js";
import { demoActors, fullProposal, stepForward } from "./workflow.js";

/** The arguments after `node` that start the server. */
export const serverArgs = (): string[] => [path.join(inject("compiledSrc"), "server.js")];

/**
 * The embedded database in `dataDir` (a folder of its own, as the server keeps it), opened on
 * the run's seeded template unpacked there: migrated, with the master data and the demo
 * accounts, without initdb, the migrations and the seeding again (5-10 s per folder; a
 * PostgreSQL run, which has no PGlite template, still makes it that way).
 */
export async function openSeededFolder(dataDir: string): Promise<Database> {
  const template = inject("pgliteTemplates").demo;
  if (!template) {
    // A PostgreSQL run makes no PGlite templates: the folder is made as a first start makes it.
    const db = await openPglite({ dataDir });
    await db.migrate();
    await seedMasterData(db.prisma);
    await seedDemo(db.prisma);
    return db;
  }
  mkdirSync(dataDir, { recursive: true });
  const unpack = await PGlite.create(path.join(dataDir, "pgdata"), { loadDataDir: new Blob([readFileSync(template)]) });
  await unpack.close();
  return openPglite({ dataDir });
}

/**
 * A PGlite data folder as a first start would leave it (migrated, master data, demo
 * accounts: the run's seeded template, global-setup.ts, unpacked into it), with one
 * submitted case of `title` at row 2, whose id is returned. A server started on it
 * serves at once (SEED_DEMO=never: no demo cases to build), instead of migrating and
 * seeding for seconds first; server.test.ts keeps the real first start.
 */
export async function prepareFolder(dataDir: string, title: string): Promise<number> {
  const db = await openSeededFolder(dataDir);
  try {
    const a = await demoActors(db.prisma);
    const c = await createDraft(db.prisma, a.skpd, fullProposal({ title }));
    if ((await stepForward(db.prisma, a, c.id)) !== 2) throw new Error("the prepared case did not reach row 2");
    return c.id;
  } finally {
    await db.close();
  }
}
