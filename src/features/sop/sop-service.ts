// The /sop page's figures: cases at each row now, and how long finished tasks took
// (working days minus pauses, fixed when each task was completed) against the standard.
import { Prisma, type PrismaClient } from "../../generated/prisma/client.js";
import { SOP } from "../../core/sop/sop.js";

export type RowStats = { here: number; finished: number; median: number | null; onTimeShare: number | null };

export async function sopStats(prisma: PrismaClient, skpdId?: number): Promise<Map<number, RowStats>> {
  const skpdFilter = skpdId ? Prisma.sql`AND c."skpdId" = ${skpdId}` : Prisma.empty;
  const [here, done] = await Promise.all([
    prisma.$queryRaw<{ row: number; n: number }[]>`SELECT c."currentRow" AS row, count(*)::int AS n FROM "Case" c
       WHERE c."status" IN ('DRAFT', 'IN_PROGRESS') ${skpdFilter} GROUP BY c."currentRow"`,
    prisma.$queryRaw<{ row: number; n: number; median: number | null; ontime: number | null }[]>`SELECT t."rowNo" AS row, count(*)::int AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY t."actualDays")::float AS median,
              (avg(CASE WHEN t."onTime" THEN 1.0 WHEN t."onTime" = false THEN 0.0 END))::float AS ontime
       FROM "Task" t JOIN "Case" c ON c."id" = t."caseId"
       WHERE t."status" = 'DONE' AND t."kind" = 'ROW' AND t."actualDays" IS NOT NULL ${skpdFilter}
       GROUP BY t."rowNo"`,
  ]);
  const out = new Map<number, RowStats>();
  for (const r of SOP) {
    const d = done.find((x) => x.row === r.no);
    out.set(r.no, {
      here: here.find((h) => h.row === r.no)?.n ?? 0,
      finished: d?.n ?? 0,
      median: d?.median === null || d?.median === undefined ? null : Math.round(d.median * 10) / 10,
      onTimeShare: d?.ontime === null || d?.ontime === undefined ? null : d.ontime,
    });
  }
  return out;
}
