// A fresh database for one test file: a copy of the migrated template, on
// PGlite by default or on PostgreSQL when the run has TEST_DATABASE_URL.
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { inject } from "vitest";
import { openPglite, openPostgres, pgliteStartParams, type Database } from "../../src/platform/db/client.js";
import { withDatabase, type Seeded } from "./global-setup.js";

export type TestDatabase = Database & { url?: string };

/** A copy of the template migrated and, with `seeded`, holding the master data (and the demo accounts) seeded once per run. */
export async function freshDatabase(seeded: Seeded = "none"): Promise<TestDatabase> {
  const adminUrl = inject("pgAdminUrl");
  if (adminUrl) {
    const name = `kd_t_${inject("pgRunId")}_${randomBytes(5).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${inject("pgTemplateDbs")[seeded]}"`);
    } finally {
      await admin.end();
    }
    const url = withDatabase(adminUrl, name);
    const db = await openPostgres(url);
    // Bound now: Object.assign below replaces db.close with the wrapper that calls this one.
    const close = db.close.bind(db);
    return Object.assign(db, {
      url,
      async close() {
        await close();
        const a = new pg.Client({ connectionString: adminUrl });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await a.end();
      },
    });
  }
  const tar = readFileSync(inject("pgliteTemplates")[seeded]);
  const pglite = await PGlite.create({ loadDataDir: new Blob([tar]), startParams: pgliteStartParams() });
  return openPglite({ pglite });
}
