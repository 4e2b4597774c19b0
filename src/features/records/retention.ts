// The retention report (/admin/arsip/retensi): for a year, the documents whose active
// period ends then (due to move to the records centre, "pindah ke arsip inaktif") and
// those whose inactive period ends then (due for their final disposition), with the
// latest disposal decision recorded for each.
//
// The clock (docs/records.md): a document's retention counts whole years from the
// "clock year": the year its case's agreement ends (the earliest of its end and an early
// end; the latest such agreement when a case has several), else the year its case was
// closed without one (rejected, declined, withdrawn: its last event), else it has not
// started (an open case without an agreement: the file is still in use). The active
// period ends on 31 December of clock year + active years; the inactive one on
// 31 December of clock year + active years + inactive years.
import { Prisma, type PrismaClient } from "../../generated/prisma/client.js";
import { DOCUMENT_KINDS } from "../../core/documents/kinds.js";
import { ACCESS_CLASSES, DISPOSITIONS } from "../../core/documents/records.js";
import { todayJakarta } from "../../platform/time.js";

export type RetentionRow = {
  id: number;
  caseId: number;
  title: string;
  kind: string;
  version: number;
  originalName: string;
  classificationCode: string;
  accessClass: string;
  activeYears: number;
  inactiveYears: number;
  disposition: string;
  sha256: string;
  clockYear: number;
  clockFrom: "agreement" | "closed";
  activeEndYear: number;
  finalYear: number;
  decision: string | null;
  decreeNumber: string | null;
  decreeDate: Date | null;
  decidedAt: Date | null;
};

/** The statuses of a case closed without running (or after it): its last event starts the clock when it has no agreement. A stored UTC time + 7 hours is its Jakarta time (no daylight saving). */
const CLOSED = Prisma.sql`('DONE', 'REJECTED', 'REFUSED', 'DECLINED', 'WITHDRAWN')`;

/** The documents with their retention years, filtered by `where` (over d, clock, and the computed years). */
async function retentionRows(prisma: PrismaClient, where: Prisma.Sql): Promise<RetentionRow[]> {
  return prisma.$queryRaw<RetentionRow[]>`
    SELECT * FROM (
      SELECT d."id", d."caseId", c."title", d."kind", d."version", d."originalName", d."classificationCode", d."accessClass",
             d."activeYears", d."inactiveYears", d."disposition", d."sha256",
             clock."year" AS "clockYear", clock."source" AS "clockFrom",
             clock."year" + d."activeYears" AS "activeEndYear",
             clock."year" + d."activeYears" + d."inactiveYears" AS "finalYear",
             dd."decision", dd."decreeNumber", dd."decreeDate", dd."createdAt" AS "decidedAt"
        FROM "Document" d
        JOIN "Case" c ON c."id" = d."caseId"
        CROSS JOIN LATERAL (
          SELECT (SELECT max(LEAST(a."endDate", a."endedEarlyAt")) FROM "Agreement" a WHERE a."caseId" = d."caseId") AS "agreementEnd",
                 CASE WHEN c."status"::text IN ${CLOSED} THEN (SELECT max(e."createdAt") FROM "CaseEvent" e WHERE e."caseId" = c."id") END AS "closedAt"
        ) k
        CROSS JOIN LATERAL (
          SELECT COALESCE(EXTRACT(YEAR FROM k."agreementEnd")::int, EXTRACT(YEAR FROM k."closedAt" + interval '7 hours')::int) AS "year",
                 CASE WHEN k."agreementEnd" IS NOT NULL THEN 'agreement' ELSE 'closed' END AS "source"
        ) clock
        LEFT JOIN LATERAL (
          SELECT x."decision", x."decreeNumber", x."decreeDate", x."createdAt" FROM "DisposalDecision" x WHERE x."documentId" = d."id" ORDER BY x."id" DESC LIMIT 1
        ) dd ON TRUE
       WHERE clock."year" IS NOT NULL
    ) r
    WHERE ${where}
    ORDER BY r."caseId", r."kind", r."version"
    LIMIT 10000`;
}

export const thisYear = () => Number(todayJakarta().slice(0, 4));

/** A document may be decided on from the year its inactive period ends. */
export const isDue = (r: Pick<RetentionRow, "finalYear">, year = thisYear()) => r.finalYear <= year;

export async function retentionReport(prisma: PrismaClient, year: number) {
  const rows = await retentionRows(prisma, Prisma.sql`r."activeEndYear" = ${year} OR r."finalYear" = ${year}`);
  const now = thisYear();
  const view = (r: RetentionRow) => ({
    ...r,
    kindLabel: (DOCUMENT_KINDS as Record<string, string>)[r.kind] ?? r.kind,
    accessLabel: (ACCESS_CLASSES as Record<string, string>)[r.accessClass] ?? r.accessClass,
    dispositionLabel: (DISPOSITIONS as Record<string, string>)[r.disposition] ?? r.disposition,
    due: isDue(r, now),
  });
  return {
    year,
    transfer: rows.filter((r) => r.activeEndYear === year).map(view),
    final: rows.filter((r) => r.finalYear === year).map(view),
  };
}
export type RetentionReport = Awaited<ReturnType<typeof retentionReport>>;

/** One document's retention years, or null when its clock has not started. */
export async function retentionOf(prisma: PrismaClient, documentId: number): Promise<RetentionRow | null> {
  return (await retentionRows(prisma, Prisma.sql`r."id" = ${documentId}`))[0] ?? null;
}
