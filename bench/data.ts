// Synthetic data for the benchmarks: n cases spread over the SOP rows, their tasks,
// agreements and evaluations, written with set-based SQL so 10,000 cases take seconds.
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Database } from "../src/platform/db/client.js";
import { Prisma } from "../src/generated/prisma/client.js";
import { must } from "../src/platform/must.js";
import { ROW_NUMBERS } from "../src/core/sop/sop.js";

export async function populate(db: Database, n: number) {
  const rows = Prisma.sql`ARRAY[${Prisma.join(ROW_NUMBERS)}]::int[]`;
  const count = Prisma.sql`${n}::int`;
  const q = (sql: Prisma.Sql) => db.prisma.$executeRaw(sql);
  await q(Prisma.sql`INSERT INTO "Case" ("definitionVersion","status","currentRow","version","skpdId","createdById","title","jenis","partnerName","createdAt","updatedAt","rowEnteredAt")
    SELECT 'bench', CASE WHEN i % 5 = 0 THEN 'DONE' ELSE 'IN_PROGRESS' END::"CaseStatus",
           CASE WHEN i % 5 = 0 THEN NULL ELSE (${rows})[1 + i % 20] END, 1,
           (SELECT min(id) FROM "Skpd") + i % 40, (SELECT min(id) FROM "User"),
           'Kerja sama uji ' || i, (ARRAY['KSDD','KSDPK','KSDPL'])[1 + i % 3]::"Jenis", 'Mitra ' || i,
           now() - (i % 1500) * interval '1 day', now(), now()
    FROM generate_series(1, ${count}) AS i`);
  // Finished tasks for every row before the current one, with their figures.
  await q(Prisma.sql`INSERT INTO "Task" ("caseId","kind","rowNo","roles","status","startedOn","dueOn","completedAt","actualDays","onTime")
    SELECT c.id, 'ROW', r, '{PENATALAKSANA}', 'DONE', current_date - 30, current_date - 25, now() - interval '20 days', (c.id + r) % 9, ((c.id + r) % 3 <> 0)
    FROM "Case" c CROSS JOIN unnest(${rows}) AS r WHERE r < coalesce(c."currentRow", 22)`);
  // One open task per running case, due between 10 days ago and 10 days ahead.
  await q(Prisma.sql`INSERT INTO "Task" ("caseId","kind","rowNo","roles","skpdId","status","startedOn","dueOn")
    SELECT c.id, 'ROW', c."currentRow", CASE WHEN c."currentRow" IN (1, 20) THEN '{SKPD}'::"Role"[] ELSE '{PENATALAKSANA,KABAG}'::"Role"[] END,
           c."skpdId", 'OPEN', current_date - 5, current_date + (c.id % 21 - 10)
    FROM "Case" c WHERE c."status" = 'IN_PROGRESS'`);
  await q(Prisma.sql`INSERT INTO "Agreement" ("kind","caseId","cityNumber","startDate","endDate","value")
    SELECT 'PKS', c.id, '100.3.7.1/' || c.id || '/P3ADK/I/2025', current_date - (c.id % 700), current_date + (c.id % 900) - 100, 1000000
    FROM "Case" c WHERE c."status" = 'DONE' OR c."currentRow" >= 20`);
  await q(Prisma.sql`INSERT INTO "Evaluation" ("caseId","period","dueOn","completedAt")
    SELECT a."caseId", '2026-S1', DATE '2026-06-30', CASE WHEN a.id % 3 = 0 THEN NULL ELSE now() END FROM "Agreement" a`);
}

/**
 * What a real office accumulates besides: 20 audit events and 2 documents per case
 * (sharing one stored content), and one big case with 40 events and 15 documents.
 * Returns the big case's id.
 */
export async function populateHistory(db: Database): Promise<number> {
  const q = (sql: Prisma.Sql) => db.prisma.$executeRaw(sql);
  const sha = "0".repeat(64);
  await q(Prisma.sql`INSERT INTO "Blob" ("sha256","size") VALUES (${sha}, 9) ON CONFLICT DO NOTHING`);
  await q(Prisma.sql`INSERT INTO "BlobChunk" ("sha256","n","bytes") VALUES (${sha}, 0, decode('JVBERi0xLjQK', 'base64')) ON CONFLICT DO NOTHING`);
  await q(Prisma.sql`INSERT INTO "CaseEvent" ("caseId","seq","actorId","role","action","fromRow","toRow","data","createdAt")
    SELECT c.id, s, c."createdById", 'PENATALAKSANA', 'unggah', c."currentRow", c."currentRow", '{"label":"Dokumen diunggah"}'::jsonb, now() - (30 - s) * interval '1 day'
    FROM "Case" c CROSS JOIN generate_series(1, 20) AS s`);
  await q(Prisma.sql`UPDATE "Case" SET "version" = 20`);
  await q(Prisma.sql`INSERT INTO "Document" ("caseId","rowNo","kind","version","originalName","mime","size","sha256","uploadedById")
    SELECT c.id, coalesce(c."currentRow", 21), 'lainnya', v, 'dokumen-' || v || '.pdf', 'application/pdf', 9, ${sha}, c."createdById"
    FROM "Case" c CROSS JOIN generate_series(1, 2) AS v`);
  const [running] = await db.prisma.$queryRaw<{ id: number }[]>`SELECT min(id) AS id FROM "Case" WHERE "status" = 'IN_PROGRESS'`;
  const big = must(running, "a running case").id;
  const bigId = Prisma.sql`${big}::int`;
  await q(Prisma.sql`INSERT INTO "CaseEvent" ("caseId","seq","actorId","role","action","fromRow","toRow","data")
    SELECT ${bigId}, s, (SELECT min(id) FROM "User"), 'PENATALAKSANA', 'komentar', 1, 1, '{"label":"Catatan"}'::jsonb FROM generate_series(21, 40) AS s`);
  await q(Prisma.sql`UPDATE "Case" SET "version" = 40 WHERE id = ${big}`);
  await q(Prisma.sql`INSERT INTO "Document" ("caseId","rowNo","kind","version","originalName","mime","size","sha256","uploadedById")
    SELECT ${bigId}, 2, 'surat', v, 'surat-' || v || '.pdf', 'application/pdf', 9, ${sha}, (SELECT min(id) FROM "User") FROM generate_series(1, 13) AS v`);
  return big;
}

/** A new, empty PostgreSQL database on the server of `adminUrl`: its URL, and how to drop it. */
export async function createPgDatabase(adminUrl: string, prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const run = async (sql: string) => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  await run(`CREATE DATABASE "${name}"`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
