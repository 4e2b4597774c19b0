// What the integration API reads: cases, agreements, obligations and evaluations,
// each within the caller's scope through the policies' own filters (the token
// reads as its equivalent user: core/policies/integration.ts), a page at a time
// by id (the cursor is the last id given). Dates as ISO, rupiah as integers.
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import { agreement as agreementPolicy, casePolicy, obligation as obligationPolicy } from "../../core/policies/index.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { fromDbDate, todayJakarta } from "../../platform/time.js";
import { notFound } from "../../platform/errors.js";
import { agreementStatus, statusWhere, type AgreementStatus } from "../agreements/status.js";
import { DEFAULT_LIMIT, type AgreementItem, type CaseItem, type EvaluationItem, type ObligationItem, type Page } from "./schema.js";

type PageQuery = { limit?: number; cursor?: number };

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const day = (d: Date | null) => (d ? fromDbDate(d) : null);
const rupiah = (v: bigint | null) => (v === null ? null : Number(v));

/** Takes one more than asked: its presence says there is a next page. */
function paged<T extends { id: number }>(rows: T[], limit: number): { rows: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  return { rows: shown, nextCursor: more ? String(shown[shown.length - 1]?.id) : null };
}
const window = (q: PageQuery) => ({ take: (q.limit ?? DEFAULT_LIMIT) + 1, where: q.cursor ? { id: { gt: q.cursor } } : {} });

const NOT_FOUND = "Data tidak ditemukan atau di luar cakupan token ini.";

// ---------------------------------------------------------------------------
// Cases

const caseSelect = {
  id: true,
  title: true,
  status: true,
  currentRow: true,
  jenis: true,
  partnerName: true,
  submittedAt: true,
  endedAt: true,
  createdAt: true,
  updatedAt: true,
  urusan: { select: { name: true } },
  skpd: { select: { id: true, code: true, name: true } },
} satisfies Prisma.CaseSelect;
type CaseRow = Prisma.CaseGetPayload<{ select: typeof caseSelect }>;

const caseOut = (c: CaseRow): CaseItem => ({
  id: c.id,
  title: c.title,
  status: c.status,
  currentRow: c.currentRow,
  jenis: c.jenis,
  urusan: c.urusan?.name ?? null,
  partnerName: c.partnerName,
  skpd: c.skpd,
  submittedAt: iso(c.submittedAt),
  endedAt: iso(c.endedAt),
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

export async function listCases(prisma: PrismaClient, user: CurrentUser, q: PageQuery & { status?: CaseRow["status"] }): Promise<Page<CaseItem>> {
  const w = window(q);
  const rows = await prisma.case.findMany({
    where: { AND: [casePolicy.scope(user), w.where, q.status ? { status: q.status } : {}] },
    orderBy: { id: "asc" },
    take: w.take,
    select: caseSelect,
  });
  const p = paged(rows, w.take - 1);
  return { data: p.rows.map(caseOut), nextCursor: p.nextCursor };
}

export async function getCase(prisma: PrismaClient, user: CurrentUser, id: number, expiringDays: number) {
  const c = await prisma.case.findFirst({ where: { AND: [casePolicy.scope(user), { id }] }, select: caseSelect });
  if (!c) throw notFound(NOT_FOUND);
  const agreements = await prisma.agreement.findMany({
    where: { AND: [agreementPolicy.scope(user), { caseId: id }] },
    orderBy: { id: "asc" },
    select: agreementSelect,
  });
  const today = todayJakarta();
  return { ...caseOut(c), agreements: agreements.map((a) => agreementOut(a, expiringDays, today)) };
}

// ---------------------------------------------------------------------------
// Agreements

const agreementSelect = {
  id: true,
  caseId: true,
  kind: true,
  cityNumber: true,
  partnerNumber: true,
  signedOn: true,
  startDate: true,
  endDate: true,
  value: true,
  endedEarlyAt: true,
  legacy: true,
  case: {
    select: {
      title: true,
      partnerName: true,
      skpd: { select: { id: true, code: true, name: true } },
      renewals: { select: { agreements: { select: { id: true }, take: 1 } } },
    },
  },
} satisfies Prisma.AgreementSelect;
type AgreementRow = Prisma.AgreementGetPayload<{ select: typeof agreementSelect }>;

const agreementOut = (a: AgreementRow, expiringDays: number, today: string): AgreementItem => ({
  id: a.id,
  caseId: a.caseId,
  kind: a.kind,
  title: a.case.title,
  partnerName: a.case.partnerName,
  skpd: a.case.skpd,
  cityNumber: a.cityNumber,
  partnerNumber: a.partnerNumber,
  signedOn: day(a.signedOn),
  startDate: fromDbDate(a.startDate),
  endDate: fromDbDate(a.endDate),
  value: rupiah(a.value),
  endedEarlyOn: day(a.endedEarlyAt),
  status: agreementStatus(
    a,
    a.case.renewals.some((r) => r.agreements.length > 0),
    expiringDays,
    today,
  ),
  legacy: a.legacy,
});

export async function listAgreements(
  prisma: PrismaClient,
  user: CurrentUser,
  q: PageQuery & { status?: AgreementStatus },
  expiringDays: number,
): Promise<Page<AgreementItem>> {
  const w = window(q);
  const today = todayJakarta();
  const rows = await prisma.agreement.findMany({
    where: { AND: [agreementPolicy.scope(user), w.where, q.status ? statusWhere(q.status, expiringDays, today) : {}] },
    orderBy: { id: "asc" },
    take: w.take,
    select: agreementSelect,
  });
  const p = paged(rows, w.take - 1);
  return { data: p.rows.map((a) => agreementOut(a, expiringDays, today)), nextCursor: p.nextCursor };
}

export async function getAgreement(prisma: PrismaClient, user: CurrentUser, id: number, expiringDays: number): Promise<AgreementItem> {
  const a = await prisma.agreement.findFirst({ where: { AND: [agreementPolicy.scope(user), { id }] }, select: agreementSelect });
  if (!a) throw notFound(NOT_FOUND);
  return agreementOut(a, expiringDays, todayJakarta());
}

// ---------------------------------------------------------------------------
// Obligations and evaluations: those of the cases the caller reads

export async function listObligations(prisma: PrismaClient, user: CurrentUser, q: PageQuery & { caseId?: number }): Promise<Page<ObligationItem>> {
  const w = window(q);
  const rows = await prisma.obligation.findMany({
    where: { AND: [obligationPolicy.scope(user), w.where, q.caseId ? { caseId: q.caseId } : {}] },
    orderBy: { id: "asc" },
    take: w.take,
  });
  const p = paged(rows, w.take - 1);
  return {
    data: p.rows.map((o) => ({
      id: o.id,
      caseId: o.caseId,
      party: o.party,
      description: o.description,
      indicator: o.indicator,
      target: o.target,
      unit: o.unit,
      dueOn: fromDbDate(o.dueOn),
      contribution: rupiah(o.contribution),
      realised: o.realised,
      realisedAt: iso(o.realisedAt),
      cancelledAt: iso(o.cancelledAt),
    })),
    nextCursor: p.nextCursor,
  };
}

export async function listEvaluations(prisma: PrismaClient, user: CurrentUser, q: PageQuery & { caseId?: number }): Promise<Page<EvaluationItem>> {
  const w = window(q);
  // Whoever reads the case reads its evaluations (core/policies/evaluation.ts).
  const rows = await prisma.evaluation.findMany({
    where: { AND: [{ case: casePolicy.scope(user) }, w.where, q.caseId ? { caseId: q.caseId } : {}] },
    orderBy: { id: "asc" },
    take: w.take,
    select: {
      id: true,
      caseId: true,
      period: true,
      dueOn: true,
      score: true,
      recommendation: true,
      completedAt: true,
      selfScore: true,
      selfRecommendation: true,
      selfCompletedAt: true,
    },
  });
  const p = paged(rows, w.take - 1);
  return {
    data: p.rows.map((e) => ({
      ...e,
      dueOn: fromDbDate(e.dueOn),
      completedAt: iso(e.completedAt),
      selfCompletedAt: iso(e.selfCompletedAt),
    })),
    nextCursor: p.nextCursor,
  };
}
