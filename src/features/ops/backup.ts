// Backup and restore of everything the app keeps: every table, documents included
// (their bytes are in the database). A backup is one gzip file of JSON lines:
//   {"format":"kerjasama-daerah-backup", ...header}
//   {"t":"Table","r":{...row}}            one per row, tables in foreign-key order
//   {"manifest":{"Table":{"rows":n,"sha256":"..."}}, "migrations":[...]}
// It is read from one REPEATABLE READ transaction, so it is one point in time. The
// manifest holds each table's row count and the SHA-256 of its lines, which
// --verify and restore check before trusting the file. Works the same on PGlite and
// PostgreSQL: only SQL, no pg_dump.
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { finished } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { Prisma, type PrismaClient } from "../../generated/prisma/client.js";
import { must } from "../../platform/must.js";

export const FORMAT = "kerjasama-daerah-backup";
/** Rows read per query: many small rows at once, document chunks (up to 256 KiB each) ~2 MB at a time. */
const PAGE = 2000;
const pageOf = (table: string) => (table === "BlobChunk" ? 8 : PAGE);
/** Bookkeeping and ephemeral tables that a restore does not carry over. */
const SKIP = new Set(["_prisma_migrations", "Session", "LoginLimit", "JobRun"]);

type Db = Pick<PrismaClient, "$queryRaw" | "$executeRaw" | "$transaction">;
export type Manifest = Record<string, { rows: number; sha256: string }>;

/** The app's tables in an order where every row's foreign keys point to rows already written. */
export async function tablesInOrder(db: Pick<PrismaClient, "$queryRaw">): Promise<string[]> {
  const tables = (await db.$queryRaw<{ name: string }[]>`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`)
    .map((t) => t.name)
    .filter((t) => !SKIP.has(t));
  const fks = await db.$queryRaw<{ child: string; parent: string }[]>`SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
      WHERE k.contype = 'f' AND c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())`;
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < tables.length) {
    const next = tables.find((t) => !placed.has(t) && fks.every((f) => f.child !== t || f.parent === t || placed.has(f.parent) || SKIP.has(f.parent)));
    if (!next) throw new Error("foreign keys form a cycle");
    order.push(next);
    placed.add(next);
  }
  return order;
}

async function primaryKey(db: Pick<PrismaClient, "$queryRaw">, table: string): Promise<string[]> {
  const rows = await db.$queryRaw<
    { col: string }[]
  >`SELECT a.attname AS col FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = ${`"${table}"`}::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`;
  return rows.map((r) => r.col);
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The app's tables and their columns, from the Prisma schema (no model or field is
 * mapped to another name): the only names a backup or restore writes into SQL as
 * identifiers. A table named in a backup file that is not one of them is refused.
 */
const COLUMNS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.values(Prisma.ModelName).map((m) => [
    m,
    new Set(Object.values((Prisma as unknown as Record<string, Record<string, string>>)[`${m}ScalarFieldEnum`] ?? {})),
  ]),
);
function tableSql(name: string): Prisma.Sql {
  if (!COLUMNS.has(name)) throw new BackupError(`Tabel ${name} tidak dikenal oleh versi aplikasi ini.`);
  return Prisma.raw(q(name));
}
function columnSql(table: string, name: string): Prisma.Sql {
  if (!COLUMNS.get(table)?.has(name)) throw new BackupError(`Kolom ${table}.${name} tidak dikenal oleh versi aplikasi ini.`);
  return Prisma.raw(q(name));
}

/** Writes a backup of the whole database to `file` (via a temporary file, renamed when complete). */
export async function backup(db: Db, file: string, now = new Date()): Promise<{ manifest: Manifest; bytes: number }> {
  const tmp = `${file}.tmp`;
  const gz = createGzip();
  const out = gz.pipe(createWriteStream(tmp));
  const write = (line: string) => (gz.write(line + "\n") ? Promise.resolve() : new Promise<void>((r) => gz.once("drain", () => r())));
  const manifest: Manifest = {};
  try {
    await db.$transaction(
      async (tx) => {
        const migrations = (
          await tx.$queryRaw<
            { migration_name: string }[]
          >`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`
        ).map((m) => m.migration_name);
        await write(JSON.stringify({ format: FORMAT, version: 1, createdAt: now.toISOString(), migrations }));
        for (const table of await tablesInOrder(tx)) {
          const pk = await primaryKey(tx, table);
          const keys = Prisma.join(
            pk.map((c) => columnSql(table, c)),
            ", ",
          );
          const hash = createHash("sha256");
          let rows = 0;
          let after: unknown[] | null = null;
          for (;;) {
            // Keyset pages in primary-key order: memory stays flat whatever the table's size.
            const where = after ? Prisma.sql`WHERE (${keys}) > (${Prisma.join(after, ", ")})` : Prisma.empty;
            const page = await tx.$queryRaw<
              { r: Record<string, unknown> }[]
            >`SELECT row_to_json(t) AS r FROM ${tableSql(table)} t ${where} ORDER BY ${keys} LIMIT ${pageOf(table)}`;
            for (const { r } of page) {
              const line = JSON.stringify({ t: table, r });
              hash.update(line);
              await write(line);
              rows++;
            }
            if (page.length < pageOf(table)) break;
            const last: Record<string, unknown> = must(page.at(-1), "the last row of a full page").r;
            after = pk.map((c): unknown => last[c]);
          }
          manifest[table] = { rows, sha256: hash.digest("hex") };
        }
        await write(JSON.stringify({ manifest, migrations }));
      },
      { isolationLevel: "RepeatableRead", timeout: 60 * 60_000, maxWait: 60_000 },
    );
    gz.end();
    await finished(out);
    await rename(tmp, file);
  } catch (e) {
    gz.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
  return { manifest, bytes: (await stat(file)).size };
}

type Line = { format?: string; migrations?: string[]; createdAt?: unknown; t?: string; r?: Record<string, unknown>; manifest?: Manifest };

async function* lines(file: string): AsyncGenerator<Line> {
  const gunzip = createGunzip();
  // A read error (a missing file) must reach the reader, not crash the process.
  const input = createReadStream(file).on("error", (e) => gunzip.destroy(e));
  const rl = createInterface({ input: input.pipe(gunzip), crlfDelay: Infinity });
  for await (const line of rl) if (line) yield JSON.parse(line) as Line;
}

export class BackupError extends Error {}

/** Re-reads a backup and checks it against its own manifest. Returns the manifest and the migrations it was taken at. */
export async function verify(file: string): Promise<{ manifest: Manifest; migrations: string[]; createdAt: string }> {
  if (!existsSync(file)) throw new BackupError(`Berkas cadangan ${file} tidak ditemukan.`);
  let header: Line | null = null;
  let manifest: Manifest | null = null;
  const seen: Record<string, { rows: number; hash: ReturnType<typeof createHash> }> = {};
  try {
    for await (const l of lines(file)) {
      if (!header) {
        if (l.format !== FORMAT) throw new BackupError("Berkas ini bukan cadangan Kerjasama Daerah.");
        header = l;
      } else if (l.manifest) manifest = l.manifest;
      else if (l.t) {
        const s = (seen[l.t] ??= { rows: 0, hash: createHash("sha256") });
        s.rows++;
        s.hash.update(JSON.stringify({ t: l.t, r: l.r }));
      }
    }
  } catch (e) {
    if (e instanceof BackupError) throw e;
    throw new BackupError(`Berkas cadangan rusak atau terpotong (${(e as Error).message}).`);
  }
  if (!header || !manifest) throw new BackupError("Berkas cadangan tidak lengkap: daftar isinya tidak ada (mungkin terpotong).");
  for (const [table, m] of Object.entries(manifest)) {
    const s = seen[table] ?? { rows: 0, hash: createHash("sha256") };
    const sha = s.hash.digest("hex");
    if (s.rows !== m.rows || sha !== m.sha256)
      throw new BackupError(`Isi tabel ${table} tidak cocok dengan daftar isi cadangan (${s.rows} dari ${m.rows} baris).`);
  }
  return { manifest, migrations: header.migrations ?? [], createdAt: typeof header.createdAt === "string" ? header.createdAt : "" };
}

/**
 * Restores a verified backup into an empty database whose migrations are the same
 * as the backup's, in one transaction (all or nothing); then the id sequences
 * continue after the restored rows.
 */
export async function restore(db: Db, file: string): Promise<Manifest> {
  const { manifest, migrations } = await verify(file);
  const here = (
    await db.$queryRaw<{ migration_name: string }[]>`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`
  ).map((m) => m.migration_name);
  if (here.join() !== migrations.join()) {
    throw new BackupError(
      `Versi skema berbeda: cadangan dibuat pada migrasi ${migrations.at(-1) ?? "-"}, basis data ini pada ${here.at(-1) ?? "-"}. Pakai versi aplikasi yang sama.`,
    );
  }
  await db.$transaction(
    async (tx) => {
      const order = await tablesInOrder(tx);
      // The restored rows are no change of the public register's open data: its triggers
      // (migration open_data) stay quiet, and its history comes from the backup.
      await tx.$queryRaw`SELECT set_config('kd.restoring', 'on', true)`;
      for (const table of order) {
        const n = must((await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM ${tableSql(table)}`)[0], "the count(*) row").n;
        // Reference data seeded by the app at start or by a migration (SKPD list, urusan, holidays, settings,
        // the open data's first date) is replaced by the backup's.
        if (n && !["Skpd", "Holiday", "Setting", "Urusan", "PublicDataChange"].includes(table))
          throw new BackupError(`Basis data tujuan tidak kosong (tabel ${table} berisi ${n} baris). Pulihkan ke basis data baru.`);
      }
      for (const table of [...order].reverse()) await tx.$executeRaw`DELETE FROM ${tableSql(table)}`;
      let batch: Record<string, unknown>[] = [];
      let current = "";
      const flush = async () => {
        if (!batch.length) return;
        await tx.$executeRaw`INSERT INTO ${tableSql(current)} SELECT * FROM json_populate_recordset(NULL::${tableSql(current)}, ${JSON.stringify(batch)}::json)`;
        batch = [];
      };
      for await (const l of lines(file)) {
        if (!l.t) continue;
        if (l.t !== current || batch.length >= pageOf(current)) {
          await flush();
          current = l.t;
        }
        if (!l.r) throw new BackupError(`Berkas cadangan rusak: ada baris tabel ${l.t} tanpa isinya.`);
        batch.push(l.r);
      }
      await flush();
      // Serial ids continue after the highest restored id.
      const withId = new Set(
        (
          await tx.$queryRaw<
            { t: string }[]
          >`SELECT table_name AS t FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'id'`
        ).map((r) => r.t),
      );
      for (const table of order.filter((t) => withId.has(t))) {
        const seq = (await tx.$queryRaw<{ s: string | null }[]>`SELECT pg_get_serial_sequence(${q(table)}, 'id') AS s`)[0]?.s;
        if (seq)
          await tx.$executeRaw`SELECT setval(${seq}::regclass, COALESCE((SELECT max("id") FROM ${tableSql(table)}), 1), (SELECT max("id") FROM ${tableSql(table)}) IS NOT NULL)`;
      }
    },
    { timeout: 60 * 60_000, maxWait: 60_000 },
  );
  return manifest;
}
