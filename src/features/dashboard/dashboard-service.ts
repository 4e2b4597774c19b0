// The dashboard's figures, each computed by one aggregate query so that it stays
// fast with many cases (bench/dashboard.ts measures it). SKPD users see their unit.
import { Prisma, type PrismaClient } from "../../generated/prisma/client.js";
import { sopStats } from "../sop/sop-service.js";
import { addDays } from "../../platform/http/dates.js";
import { dashboardSkpd } from "../../core/policies/dashboard.js";
import { ROLE_LABELS, type CurrentUser } from "../../core/users/roles.js";
import { todayJakarta } from "../../core/calendar/calendar.js";
import { escalationChain, SOP } from "../../core/sop/sop.js";
import { KIND_IDS } from "../../core/sop/kinds.js";
import { escalationLabel } from "../jobs/escalation.js";
import { must } from "../../platform/must.js";

export async function dashboard(prisma: PrismaClient, user: CurrentUser, expiringDays: number, today = todayJakarta()) {
  const skpdId = dashboardSkpd(user);
  const f = skpdId !== undefined ? Prisma.sql`AND c."skpdId" = ${skpdId}` : Prisma.empty;
  const q = <T>(sql: Prisma.Sql) => prisma.$queryRaw<T[]>(sql);
  const horizon = addDays(today, expiringDays);
  // A role as the database spells it: one the app has no label for is shown as it is.
  const roleLabels: Partial<Record<string, string>> = ROLE_LABELS;

  const [overdueByRole, overdueBySkpd, proposals, agreements, expiring, evaluations, stats, escalated, obligations] = await Promise.all([
    q<{ role: string; n: number }>(
      Prisma.sql`SELECT r.role::text AS role, count(*)::int AS n FROM "Task" t JOIN "Case" c ON c."id" = t."caseId"
       CROSS JOIN LATERAL unnest(t."roles") AS r(role)
       WHERE t."status" = 'OPEN' AND t."pausedSince" IS NULL AND t."dueOn" < ${today}::date AND c."status" IN ('DRAFT','IN_PROGRESS') ${f}
       GROUP BY r.role ORDER BY n DESC`,
    ),
    q<{ code: string; n: number }>(
      Prisma.sql`SELECT s."code" AS code, count(*)::int AS n FROM "Task" t JOIN "Case" c ON c."id" = t."caseId" JOIN "Skpd" s ON s."id" = c."skpdId"
       WHERE t."status" = 'OPEN' AND t."pausedSince" IS NULL AND t."dueOn" < ${today}::date AND c."status" IN ('DRAFT','IN_PROGRESS') ${f}
       GROUP BY s."code" ORDER BY n DESC LIMIT 15`,
    ),
    q<{ year: number; jenis: string | null; n: number }>(
      Prisma.sql`SELECT extract(year FROM c."createdAt")::int AS year, c."jenis"::text AS jenis, count(*)::int AS n FROM "Case" c
       WHERE c."legacy" = false AND c."status" <> 'DRAFT' ${f} GROUP BY 1, 2 ORDER BY 1, 2`,
    ),
    q<{ year: number; jenis: string | null; n: number }>(
      Prisma.sql`SELECT extract(year FROM a."startDate")::int AS year, c."jenis"::text AS jenis, count(*)::int AS n
       FROM "Agreement" a JOIN "Case" c ON c."id" = a."caseId" WHERE true ${f} GROUP BY 1, 2 ORDER BY 1, 2`,
    ),
    q<{ id: number; kind: string; title: string; code: string; endDate: Date }>(
      Prisma.sql`SELECT a."id", a."kind"::text AS kind, c."title", s."code", a."endDate" FROM "Agreement" a
       JOIN "Case" c ON c."id" = a."caseId" JOIN "Skpd" s ON s."id" = c."skpdId"
       WHERE a."endedEarlyAt" IS NULL AND a."endDate" BETWEEN ${today}::date AND ${horizon}::date ${f}
         AND NOT EXISTS (SELECT 1 FROM "Case" r JOIN "Agreement" ra ON ra."caseId" = r."id" WHERE r."renewalOfId" = c."id")
       ORDER BY a."endDate" LIMIT 50`,
    ),
    q<{ period: string; total: number; done: number }>(
      Prisma.sql`SELECT e."period", count(*)::int AS total, count(e."completedAt")::int AS done FROM "Evaluation" e
       JOIN "Case" c ON c."id" = e."caseId" WHERE e."period" NOT LIKE '%-IN' ${f} GROUP BY e."period" ORDER BY e."period"`,
    ),
    sopStats(prisma, skpdId),
    q<{ caseId: number; title: string; rowNo: number; roles: string; escalationLevel: number; dueOn: Date; code: string; total: number }>(
      Prisma.sql`SELECT t."caseId", c."title", t."rowNo", t."roles"::text AS roles, t."escalationLevel", t."dueOn", s."code", count(*) OVER ()::int AS total
       FROM "Task" t JOIN "Case" c ON c."id" = t."caseId" JOIN "Skpd" s ON s."id" = c."skpdId"
       WHERE t."status" = 'OPEN' AND t."escalationLevel" > 0 AND c."status" IN ('DRAFT','IN_PROGRESS') ${f}
       ORDER BY t."escalationLevel" DESC, t."dueOn" ASC LIMIT 20`,
    ),
    // Obligations past their due date and short of target, on running cases.
    q<{
      caseId: number;
      title: string;
      code: string;
      description: string;
      party: string;
      target: number;
      realised: number;
      unit: string;
      dueOn: Date;
      total: number;
    }>(
      Prisma.sql`SELECT o."caseId", c."title", s."code", o."description", o."party"::text AS party, o."target", o."realised", o."unit", o."dueOn", count(*) OVER ()::int AS total
       FROM "Obligation" o JOIN "Case" c ON c."id" = o."caseId" JOIN "Skpd" s ON s."id" = c."skpdId"
       WHERE o."cancelledAt" IS NULL AND o."dueOn" < ${today}::date AND o."realised" < o."target" AND c."status" = 'IN_PROGRESS' ${f}
       ORDER BY o."dueOn" ASC LIMIT 20`,
    ),
  ]);

  const years = [...new Set([...proposals, ...agreements].map((r) => r.year))].sort();
  const jenis = KIND_IDS;
  const byYear = (rows: { year: number; jenis: string | null; n: number }[]) =>
    jenis.map((j) => ({ jenis: j, values: years.map((y) => rows.find((r) => r.year === y && r.jenis === j)?.n ?? 0) }));

  return {
    scope: skpdId !== undefined ? (user.skpdName ?? "SKPD Anda") : "Semua SKPD",
    perRow: SOP.map((r) => ({ no: r.no, kegiatan: r.kegiatan, n: must(stats.get(r.no), `the SOP figures of row ${r.no}`).here })),
    overdueByRole: overdueByRole.map((r) => ({ label: roleLabels[r.role] ?? r.role, n: r.n })),
    overdueBySkpd: overdueBySkpd.map((r) => ({ label: r.code, n: r.n })),
    years,
    proposalsByYear: byYear(proposals),
    agreementsByYear: byYear(agreements),
    expiring: expiring.map((a) => ({ ...a, endDate: new Date(a.endDate) })),
    evaluations: evaluations.map((e) => ({ period: e.period, total: e.total, done: e.done })),
    escalated: {
      total: escalated.at(0)?.total ?? 0,
      rows: escalated.map((t) => {
        // escalationLevel > 0 (the query's WHERE).
        const level = escalationChain({ rowNo: t.rowNo, roles: t.roles.replace(/[{}]/g, "").split(",") }).at(t.escalationLevel - 1);
        return { caseId: t.caseId, title: t.title, rowNo: t.rowNo, code: t.code, dueOn: new Date(t.dueOn), to: level ? escalationLabel(level) : "—" };
      }),
    },
    overdueObligations: {
      total: obligations.at(0)?.total ?? 0,
      rows: obligations.map((o) => ({ ...o, dueOn: new Date(o.dueOn) })),
    },
    compliance: SOP.map((r) => {
      const s = must(stats.get(r.no), `the SOP figures of row ${r.no}`);
      return {
        no: r.no,
        standard: r.time.kind === "days" ? r.time.days : null,
        label: r.time.label,
        median: s.median,
        onTime: s.onTimeShare,
        finished: s.finished,
      };
    }),
  };
}
