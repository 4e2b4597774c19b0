// Obligations under a signed PKS: Bagian Kerjasama records each party's, the SKPD
// reports their realisation with its progress reports (see the monitoring
// feature), an overdue one is told to the SKPD once, and evaluations read their
// realisation against target.
import type { Obligation, Prisma, PrismaClient } from "../../generated/prisma/client.js";
import type { Role } from "../../generated/prisma/enums.js";
import { loadCaseFor } from "../cases/case-service.js";
import { formatRupiah } from "../../core/case-data/rupiah.js";
import { recordOnTimeline } from "../cases/timeline.js";
import { AppError, conflict, forbidden, notFound } from "../../platform/errors.js";
import type { ObligationSnapshot } from "../../core/sop/item-bank.js";
import { realisationShare } from "../../core/sop/item-bank.js";
import { countKind, holdersOn, notifyMany, type Holders } from "../notifications/notify-many.js";
import { authorize, obligation as policy } from "../../core/policies/index.js";
import { formatIsoDate } from "../../platform/time.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { fromDbDate, todayJakarta, toDbDate } from "../../core/calendar/calendar.js";
import { PARTIES, type ObligationInput } from "./schema.js";

type Tx = Prisma.TransactionClient;
const staffRole = (user: CurrentUser): Role => policy.recorderRole(user) as Role;
const formatQuantity = (n: number) => n.toLocaleString("id-ID", { maximumFractionDigits: 2 });

export const describeTarget = (o: { target: number; unit: string }) => `${formatQuantity(o.target)} ${o.unit}`;

export async function recordObligation(prisma: PrismaClient, user: CurrentUser, caseId: number, input: ObligationInput, now = new Date()) {
  return prisma.$transaction(async (tx) => {
    const c = await loadCaseFor(tx, user, caseId);
    if (!policy.can(user, "record", c)) {
      throw c.signedPksOn
        ? forbidden("Kewajiban para pihak dicatat oleh Bagian Kerjasama.")
        : new AppError(409, "Kewajiban dicatat setelah PKS ditandatangani.");
    }
    const o = await tx.obligation.create({
      data: {
        caseId,
        party: input.party,
        description: input.description,
        indicator: input.indicator,
        target: input.target,
        unit: input.unit,
        dueOn: toDbDate(input.dueOn),
        contribution: input.contribution === null ? null : BigInt(input.contribution),
        createdById: user.id,
        createdAt: now,
      },
    });
    await recordOnTimeline(tx, caseId, {
      actorId: user.id,
      role: staffRole(user),
      action: "kewajiban_dicatat",
      createdAt: now,
      data: {
        label: `Kewajiban ${PARTIES[input.party].toLowerCase()} dicatat: ${input.description} (target ${describeTarget(input)}, tenggat ${formatIsoDate(input.dueOn)}${input.contribution !== null ? `, kontribusi ${formatRupiah(input.contribution)}` : ""})`,
        obligationId: o.id,
      },
    });
    return o;
  });
}

/** Withdraws an obligation recorded by mistake or changed by an addendum; it stays on the record, struck out. */
/** The case an obligation belongs to, or null when there is no such obligation. */
export const obligationCase = (prisma: PrismaClient, id: number) => prisma.obligation.findUnique({ where: { id }, select: { caseId: true } });

export async function cancelObligation(prisma: PrismaClient, user: CurrentUser, id: number, reason: string, now = new Date()) {
  return prisma.$transaction(async (tx) => {
    const o = await tx.obligation.findUnique({ where: { id } });
    if (!o) throw notFound("Kewajiban tidak ditemukan.");
    const c = await loadCaseFor(tx, user, o.caseId);
    authorize(user, "obligation.cancel", c, "Kewajiban ditarik oleh Bagian Kerjasama selama PKS berlaku.");
    const done = await tx.obligation.updateMany({ where: { id, cancelledAt: null }, data: { cancelledAt: now, cancelledById: user.id, cancelReason: reason } });
    if (done.count !== 1) throw conflict("Kewajiban ini sudah ditarik.");
    await recordOnTimeline(tx, o.caseId, {
      actorId: user.id,
      role: staffRole(user),
      action: "kewajiban_ditarik",
      reason,
      createdAt: now,
      data: { label: `Kewajiban ditarik: ${o.description}`, obligationId: o.id },
    });
  });
}

/**
 * Writes the realisations typed into a progress report (inside its transaction):
 * each must be an obligation of this case still in force; the report's documents
 * are their evidence. Returns the timeline text for them.
 */
export async function applyRealisations(
  tx: Tx,
  caseId: number,
  reportId: number,
  values: { obligationId: number; value: number }[],
  now: Date,
): Promise<string[]> {
  if (!values.length) return [];
  const found = await tx.obligation.findMany({ where: { id: { in: values.map((v) => v.obligationId) }, caseId, cancelledAt: null } });
  const lines: string[] = [];
  for (const v of values) {
    const o = found.find((x) => x.id === v.obligationId);
    if (!o) throw new AppError(409, "Salah satu kewajiban sudah ditarik atau bukan milik kerja sama ini; muat ulang halaman.");
    if (v.value === o.realised) continue;
    await tx.obligation.update({ where: { id: o.id }, data: { realised: v.value, realisedAt: now } });
    await tx.obligationRealisation.create({ data: { obligationId: o.id, reportId, value: v.value, createdAt: now } });
    lines.push(`${o.indicator}: ${formatQuantity(v.value)} dari ${describeTarget(o)}`);
  }
  return lines;
}

export type ObligationRow = Awaited<ReturnType<typeof listObligations>>[number];

/** A case's obligations with their state on `today`, in due order (withdrawn ones last). */
export async function listObligations(prisma: PrismaClient | Tx, caseId: number, today = todayJakarta()) {
  return withStates(await prisma.obligation.findMany({ where: { caseId }, orderBy: [{ dueOn: "asc" }, { id: "asc" }] }), today);
}

/** Obligations (in due order) with their state on `today`, withdrawn ones last. */
export const withStates = (rows: Obligation[], today: string) =>
  rows.map((o) => withState(o, today)).sort((a, b) => Number(!!a.cancelledAt) - Number(!!b.cancelledAt));

export function withState<O extends { target: number; realised: number; dueOn: Date; cancelledAt: Date | null }>(o: O, today: string) {
  const due = fromDbDate(o.dueOn);
  const share = realisationShare(o);
  const met = share >= 1;
  return { ...o, due, share, met, overdue: !o.cancelledAt && !met && due < today };
}

/** The obligations an evaluation reads: in force and due by `upTo` (the period's end), as they stand now. */
export type StatedObligation = ReturnType<typeof withState<Obligation>>;

export function snapshotFor(obligations: StatedObligation[], upTo: string): ObligationSnapshot[] {
  return obligations
    .filter((o) => !o.cancelledAt && o.due <= upTo)
    .map((o) => ({
      id: o.id,
      party: o.party,
      description: o.description,
      indicator: o.indicator,
      target: o.target,
      unit: o.unit,
      realised: o.realised,
      dueOn: o.due,
      share: o.share,
    }));
}

/**
 * The daily job's part: every obligation past its due date and short of its target,
 * on a case still running, is told to the case's SKPD (and the Penatalaksana) once.
 */
export async function notifyOverdueObligations(prisma: PrismaClient, today: string, holders?: Holders): Promise<number> {
  const overdue = (
    await prisma.obligation.findMany({
      where: { cancelledAt: null, overdueNotifiedOn: null, dueOn: { lt: toDbDate(today) }, case: { status: "IN_PROGRESS" } },
      include: { case: { select: { title: true, skpdId: true } } },
    })
  ).filter((x) => realisationShare(x) < 1);
  if (!overdue.length) return 0;
  // In sets (the daily job): who holds the roles read once, every notice written in one statement.
  const holding = holders ?? (await holdersOn(prisma, today));
  const written = await notifyMany(
    prisma,
    overdue.map((o) => ({
      userIds: [...holding(["SKPD"], o.case.skpdId), ...holding(["PENATALAKSANA"], null)],
      kind: "OBLIGATION" as const,
      title: `Kewajiban lewat tenggat ${formatIsoDate(fromDbDate(o.dueOn))}: ${o.description} (${o.case.title})`,
      link: `/kasus/${o.caseId}#kewajiban`,
      dedupe: `obligation-overdue:${o.id}`,
    })),
  );
  await prisma.obligation.updateMany({
    where: { id: { in: overdue.map((o) => o.id) }, overdueNotifiedOn: null },
    data: { overdueNotifiedOn: toDbDate(today) },
  });
  return countKind(written, "OBLIGATION");
}
