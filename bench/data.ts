// Synthetic data for the benchmarks: n cases spread over the SOP rows, their tasks,
// agreements and evaluations, written with set-based SQL so 10,000 cases take seconds.
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Database } from "../src/platform/db/client.js";
import { Prisma } from "../src/generated/prisma/client.js";
import { must } from "../src/platform/must.js";
import { FIRST_RUNNING_ROW, PROPOSAL_ROW, ROW_NUMBERS, RUNNING_ROWS, SOP } from "../src/core/sop/sop.js";

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

/** The data shapes the HTTP bench runs on: `populate` (today's) and `populateHeavy`. */
export const SHAPES = ["today", "heavy"] as const;
export type Shape = (typeof SHAPES)[number];
export const populateShape = (db: Database, shape: Shape, n: number) => (shape === "heavy" ? populateHeavy(db, n) : populate(db, n));

/** The roles of the Bagian Kerjasama whose inboxes the heavy shape fills. */
const BAGIAN = ["PENATALAKSANA", "KABAG"];

/**
 * Every task a row opens, as openTasks (src/core/workflow/transition-service.ts) opens
 * it: one per part (row 7), else one held by the row's holders, for the case's SKPD
 * when the SKPD is among them (taskSkpdId). As SQL VALUES (rowNo, part, roles, forSkpd).
 */
function taskSpecs(): Prisma.Sql {
  const specs = SOP.flatMap((r): { no: number; part: string | null; roles: readonly string[] }[] =>
    r.parts ? r.parts.map((p) => ({ no: r.no, part: p.id, roles: p.roles })) : [{ no: r.no, part: null, roles: r.holders }],
  );
  // Constants of the SOP (row numbers, part ids, role names), written as literals.
  return Prisma.raw(
    `(VALUES ${specs
      .map((s) => `(${s.no}, ${s.part ? `'${s.part}'` : "NULL"}::text, '{${s.roles.join(",")}}'::"Role"[], ${s.roles.includes("SKPD")})`)
      .join(", ")}) AS spec("rowNo", "part", "roles", "forSkpd")`,
  );
}

/**
 * Issue 23's heavy shape, like the city's real backlog: per case about 13 tasks (with
 * populateHistory's 20 events), and 0.75 open task per case held by the Bagian's
 * Penatalaksana or Kabag, with the roles and unit the SOP row gives (so 10,000 cases:
 * about 128,000 tasks, 7,500 of them open in those two inboxes). Of the cases, 75 % sit
 * at a row the Penatalaksana or the Kabag holds (spread evenly over those rows, the
 * first case at row 2 like `populate`'s), 10 % are done, 11 % run at row 20 (the SKPD's
 * progress reports) and 4 % are drafts at row 1. Every row before the current one has
 * its finished task(s), with their figures.
 */
export async function populateHeavy(db: Database, n: number) {
  const bagianRows = SOP.filter((r) => !RUNNING_ROWS.includes(r.no as never) && r.holders.some((h) => BAGIAN.includes(h))).map((r) => r.no);
  const rows = Prisma.sql`ARRAY[${Prisma.join(bagianRows)}]::int[]`;
  const count = Prisma.sql`${n}::int`;
  const q = (sql: Prisma.Sql) => db.prisma.$executeRaw(sql);
  // b = (i - 1) % 100: 0-74 at a Bagian row, 75-84 done, 85-95 at row 20, 96-99 drafts.
  await q(Prisma.sql`INSERT INTO "Case" ("definitionVersion","status","currentRow","version","skpdId","createdById","title","jenis","partnerName","createdAt","updatedAt","rowEnteredAt")
    SELECT 'bench', CASE WHEN b BETWEEN 75 AND 84 THEN 'DONE' WHEN b >= 96 THEN 'DRAFT' ELSE 'IN_PROGRESS' END::"CaseStatus",
           CASE WHEN b < 75 THEN (${rows})[1 + (i - 1) % ${bagianRows.length}::int] WHEN b < 85 THEN NULL WHEN b < 96 THEN ${FIRST_RUNNING_ROW}::int ELSE ${PROPOSAL_ROW}::int END, 1,
           (SELECT min(id) FROM "Skpd") + i % 40, (SELECT min(id) FROM "User"),
           'Kerja sama uji ' || i, (ARRAY['KSDD','KSDPK','KSDPL'])[1 + i % 3]::"Jenis", 'Mitra ' || i,
           now() - (i % 1500) * interval '1 day', now(), now() - (i % 12) * interval '1 day'
    FROM generate_series(1, ${count}) AS i, LATERAL (SELECT (i - 1) % 100 AS b) AS x`);
  // The finished tasks of every row before the current one (all rows for a done case).
  await q(Prisma.sql`INSERT INTO "Task" ("caseId","kind","rowNo","part","roles","skpdId","status","startedOn","dueOn","completedAt","actualDays","onTime")
    SELECT c.id, 'ROW', spec."rowNo", spec."part", spec."roles", CASE WHEN spec."forSkpd" THEN c."skpdId" END, 'DONE',
           current_date - 30, current_date - 25, now() - interval '20 days', (c.id + spec."rowNo") % 9, ((c.id + spec."rowNo") % 3 <> 0)
    FROM "Case" c JOIN ${taskSpecs()} ON spec."rowNo" < coalesce(c."currentRow", 22)`);
  // The open task(s) of the current row, due between 10 days ago and 10 days ahead
  // (at row 20: the end of the agreement, as the calendar gives it).
  await q(Prisma.sql`INSERT INTO "Task" ("caseId","kind","rowNo","part","roles","skpdId","status","startedOn","dueOn")
    SELECT c.id, 'ROW', spec."rowNo", spec."part", spec."roles", CASE WHEN spec."forSkpd" THEN c."skpdId" END, 'OPEN', current_date - c.id % 12,
           CASE WHEN spec."rowNo" = ${FIRST_RUNNING_ROW}::int THEN current_date + (c.id % 900) - 100 ELSE current_date + (c.id % 21 - 10) END
    FROM "Case" c JOIN ${taskSpecs()} ON spec."rowNo" = c."currentRow" WHERE c."status" IN ('DRAFT', 'IN_PROGRESS')`);
  await q(Prisma.sql`INSERT INTO "Agreement" ("kind","caseId","cityNumber","startDate","endDate","value")
    SELECT 'PKS', c.id, '100.3.7.1/' || c.id || '/P3ADK/I/2025', current_date - (c.id % 700), current_date + (c.id % 900) - 100, 1000000
    FROM "Case" c WHERE c."status" = 'DONE' OR c."currentRow" >= ${FIRST_RUNNING_ROW}::int`);
  await q(Prisma.sql`INSERT INTO "Evaluation" ("caseId","period","dueOn","completedAt")
    SELECT a."caseId", '2026-S1', DATE '2026-06-30', CASE WHEN a.id % 3 = 0 THEN NULL ELSE now() END FROM "Agreement" a`);
}

/** What was built: cases, tasks, events, and the open tasks each Bagian role holds (the inbox's holder rule). */
export async function dataCounts(db: Database) {
  const [r] = await db.prisma.$queryRaw<{ cases: number; tasks: number; events: number; open: number; kabag: number; penatalaksana: number }[]>`
    SELECT (SELECT count(*)::int FROM "Case") AS cases, (SELECT count(*)::int FROM "Task") AS tasks, (SELECT count(*)::int FROM "CaseEvent") AS events,
           (SELECT count(*)::int FROM "Task" WHERE "status" = 'OPEN') AS open,
           (SELECT count(*)::int FROM "Task" t JOIN "Case" c ON c.id = t."caseId" WHERE t."status" = 'OPEN' AND c."status" IN ('DRAFT', 'IN_PROGRESS') AND 'KABAG' = ANY(t."roles")) AS kabag,
           (SELECT count(*)::int FROM "Task" t JOIN "Case" c ON c.id = t."caseId" WHERE t."status" = 'OPEN' AND c."status" IN ('DRAFT', 'IN_PROGRESS') AND 'PENATALAKSANA' = ANY(t."roles")) AS penatalaksana`;
  return must(r, "the counts row");
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
