// Applies prisma/migrations/*/migration.sql in order, recording them in
// Prisma's own _prisma_migrations table, so `prisma migrate deploy/status`
// agree with what the app did. Uses the raw driver: a migration file holds
// many statements, which Prisma's query API cannot run in one call.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { MIGRATIONS_DIR } from "../paths.js";

export interface RawSql {
  /** Run one or many statements without parameters. */
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Run fn with exclusive access (a transaction-level lock on PostgreSQL). */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}

export type Migration = { name: string; sql: string; checksum: string };

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Apply pending migrations; returns the names applied. */
export async function migrate(db: RawSql, migrations = readMigrations()): Promise<string[]> {
  return db.exclusive(async () => {
    await db.exec(BOOKKEEPING);
    const rows = await db.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r]));
    const applied: string[] = [];
    for (const m of migrations) {
      const prior = done.get(m.name);
      if (prior) {
        if (!prior.finished_at) throw new Error(`Migrasi ${m.name} pernah gagal di tengah jalan; periksa basis data.`);
        if (prior.checksum !== m.checksum) throw new Error(`Migrasi ${m.name} sudah diterapkan tetapi isinya berubah.`);
        continue;
      }
      const id = randomUUID();
      await db.exec("BEGIN");
      try {
        await db.exec(m.sql);
        await db.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), 1)`, [
          id,
          m.checksum,
          m.name,
        ]);
        await db.exec("COMMIT");
      } catch (e) {
        await db.exec("ROLLBACK");
        throw new Error(`Migrasi ${m.name} gagal: ${(e as Error).message}`, { cause: e });
      }
      applied.push(m.name);
    }
    return applied;
  });
}
