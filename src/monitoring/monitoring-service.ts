// Row 21: SKPD progress reports (any time) and P3ADK evaluations (per semester and
// at year end), whose tasks the daily job creates.
import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import type { Role } from "../generated/prisma/enums.js";
import { loadCaseFor } from "../cases/case-service.js";
import { uniqueViolation } from "../db/errors.js";
import type { StoredFile } from "../documents/storage.js";
import { AppError, conflict, forbidden, notFound } from "../http/errors.js";
import { casePolicy, evaluation as evaluationPolicy } from "../policies/index.js";
import { PROGRESS_INTERVALS, type ProgressInterval } from "./progress-schedule.js";
import type { CurrentUser } from "../users/roles.js";
import { todayJakarta, toDbDate } from "../workflow/calendar.js";
import { insertDocuments } from "../workflow/transition-service.js";
import { adhocKey, openPeriods, periodLabel } from "./periods.js";
import { loadCalendar } from "../holidays/holiday-service.js";
import type { EvaluationInput, ProgressInput } from "./schema.js";

export const EVALUATOR_ROLES: Role[] = ["PENELAAH", "PENATALAKSANA"];
const RUNNING_ROWS = [20, 21];

async function bump(tx: Prisma.TransactionClient, caseId: number) {
  const c = await tx.case.findUniqueOrThrow({ where: { id: caseId } });
  const r = await tx.case.updateMany({ where: { id: caseId, version: c.version }, data: { version: { increment: 1 } } });
  if (r.count !== 1) throw conflict("Kasus baru saja berubah; coba lagi.");
  return { c, seq: c.version + 1 };
}

/**
 * Creates the evaluation (and its inbox task) of every running agreement for every
 * open period that does not have one yet. Idempotent. Returns the new evaluations.
 */
export async function scheduleEvaluations(prisma: PrismaClient, today = todayJakarta()) {
  const created: { caseId: number; period: string; taskId: number }[] = [];
  for (const p of openPeriods(today)) {
    const cases = await prisma.case.findMany({
      where: {
        status: "IN_PROGRESS",
        currentRow: { in: RUNNING_ROWS },
        evaluations: { none: { period: p.key } },
        agreements: {
          some: {
            startDate: { lte: toDbDate(p.end) },
            endDate: { gte: toDbDate(p.start) },
            OR: [{ endedEarlyAt: null }, { endedEarlyAt: { gte: toDbDate(p.start) } }],
          },
        },
      },
      select: { id: true },
    });
    for (const c of cases) {
      try {
        await prisma.$transaction(async (tx) => {
          const task = await tx.task.create({
            data: { caseId: c.id, kind: "EVALUATION", rowNo: 21, part: p.key, roles: EVALUATOR_ROLES, startedOn: toDbDate(today), dueOn: toDbDate(p.end < today ? today : p.end) },
          });
          await tx.evaluation.create({ data: { caseId: c.id, period: p.key, taskId: task.id, dueOn: task.dueOn! } });
          created.push({ caseId: c.id, period: p.key, taskId: task.id });
        });
      } catch (e) {
        // Another instance created the same evaluation first: (caseId, period) is unique.
        if (uniqueViolation(e) === null) throw e;
      }
    }
  }
  return created;
}

/**
 * P3ADK starts an ad-hoc (insidentil) evaluation of a running agreement outside the
 * semester rhythm, e.g. after a complaint; it gets a task like the periodic ones.
 */
export async function startAdhocEvaluation(prisma: PrismaClient, user: CurrentUser, caseId: number, now = new Date()) {
  if (!evaluationPolicy.can(user, "fill")) throw forbidden("Evaluasi dimulai oleh Penelaah atau Penatalaksana Kerjasama.");
  const today = todayJakarta(now);
  const cal = await loadCalendar(prisma);
  try {
    return await prisma.$transaction(async (tx) => {
      const c = await loadCaseFor(tx, user, caseId);
      if (c.status !== "IN_PROGRESS" || !RUNNING_ROWS.includes(c.currentRow ?? 0)) {
        throw new AppError(409, "Evaluasi insidentil dimulai selama perjanjian dilaksanakan (langkah 20–21).");
      }
      const dueOn = toDbDate(cal.addWorkingDays(today, 5));
      const task = await tx.task.create({ data: { caseId, kind: "EVALUATION", rowNo: 21, part: adhocKey(today), roles: EVALUATOR_ROLES, startedOn: toDbDate(today), dueOn } });
      const ev = await tx.evaluation.create({ data: { caseId, period: adhocKey(today), taskId: task.id, dueOn } });
      const { seq } = await bump(tx, caseId);
      await tx.caseEvent.create({
        data: {
          caseId, seq, actorId: user.id, role: user.roles.find((r) => EVALUATOR_ROLES.includes(r)) as Role, action: "evaluasi_insidentil",
          fromRow: c.currentRow, toRow: c.currentRow, createdAt: now, data: { label: "Evaluasi insidentil dimulai", period: ev.period },
        },
      });
      return ev;
    });
  } catch (e) {
    if (uniqueViolation(e) !== null) throw conflict("Evaluasi insidentil untuk hari ini sudah dimulai; buka dari daftar evaluasi.");
    throw e;
  }
}

export async function completeEvaluation(prisma: PrismaClient, user: CurrentUser, evaluationId: number, input: EvaluationInput, now = new Date()) {
  if (!evaluationPolicy.can(user, "fill")) throw forbidden("Evaluasi diisi oleh Penelaah atau Penatalaksana Kerjasama.");
  return prisma.$transaction(async (tx) => {
    const ev = await tx.evaluation.findUnique({ where: { id: evaluationId } });
    if (!ev) throw notFound("Evaluasi tidak ditemukan.");
    if (ev.completedAt) throw conflict("Evaluasi periode ini sudah diisi.");
    const task = ev.taskId ? await tx.task.findUnique({ where: { id: ev.taskId } }) : null;
    if (!evaluationPolicy.can(user, "fill", { completedAt: ev.completedAt, task })) {
      throw conflict("Tugas evaluasi ini sudah dibatalkan (kerja sama telah ditutup); evaluasi tidak dapat diisi lagi.");
    }
    const done = await tx.evaluation.updateMany({ where: { id: ev.id, completedAt: null }, data: { ...input, completedById: user.id, completedAt: now } });
    if (done.count !== 1) throw conflict("Evaluasi periode ini baru saja diisi oleh pengguna lain.");
    if (ev.taskId) {
      const closed = await tx.task.updateMany({ where: { id: ev.taskId, status: "OPEN" }, data: { status: "DONE", completedAt: now, completedById: user.id } });
      if (closed.count !== 1) throw conflict("Tugas evaluasi ini baru saja ditutup; muat ulang halaman.");
    }
    const { c, seq } = await bump(tx, ev.caseId);
    await tx.caseEvent.create({
      data: {
        caseId: ev.caseId, seq, actorId: user.id, role: user.roles.find((r) => EVALUATOR_ROLES.includes(r)) as Role, action: "evaluasi",
        fromRow: c.currentRow, toRow: c.currentRow, createdAt: now,
        data: { label: `Evaluasi ${periodLabel(ev.period)} diisi`, period: ev.period, recommendation: input.recommendation },
      },
    });
  });
}

export async function addProgressReport(prisma: PrismaClient, user: CurrentUser, caseId: number, input: ProgressInput, evidence: StoredFile[], now = new Date()) {
  return prisma.$transaction(async (tx) => {
    const c = await loadCaseFor(tx, user, caseId);
    if (!(user.roles.includes("SKPD") && user.skpdId === c.skpdId)) throw forbidden("Laporan kemajuan diisi oleh SKPD pelaksana.");
    if (c.status !== "IN_PROGRESS" || !RUNNING_ROWS.includes(c.currentRow ?? 0)) {
      throw new AppError(409, "Laporan kemajuan diisi selama perjanjian dilaksanakan (langkah 20–21).");
    }
    const { seq } = await bump(tx, caseId);
    const report = await tx.progressReport.create({ data: { caseId, ...input, obstacle: input.obstacle ?? null, solution: input.solution ?? null, createdById: user.id, createdAt: now } });
    const docs = await insertDocuments(tx, caseId, c.currentRow!, user.id, evidence.map((file) => ({ kind: "bukti_kemajuan" as const, file })), now);
    await tx.caseEvent.create({
      data: {
        caseId, seq, actorId: user.id, role: "SKPD", action: "laporan_kemajuan", fromRow: c.currentRow, toRow: c.currentRow, createdAt: now,
        data: { label: `Laporan kemajuan ${input.period}: ${input.progress}%`, reportId: report.id, ...(docs.length ? { documents: docs.map((d) => ({ id: d.id, kind: d.kind, version: d.version })) } : {}) },
      },
    });
    return report;
  });
}

/** P3ADK sets how often the SKPD reports progress on this agreement (1, 3, 6 or 12 months). */
export async function setProgressSchedule(prisma: PrismaClient, user: CurrentUser, caseId: number, everyMonths: ProgressInterval, now = new Date()) {
  return prisma.$transaction(async (tx) => {
    const c = await loadCaseFor(tx, user, caseId);
    if (!casePolicy.can(user, "setProgressSchedule", c)) {
      throw forbidden("Jadwal laporan kemajuan diatur oleh Bagian Kerjasama selama perjanjian dilaksanakan.");
    }
    const { seq } = await bump(tx, caseId);
    await tx.case.update({ where: { id: caseId }, data: { progressEveryMonths: everyMonths } });
    await tx.caseEvent.create({
      data: {
        caseId, seq, actorId: user.id, role: user.roles.find((r) => r !== "SKPD") as Role, action: "jadwal_laporan",
        fromRow: c.currentRow, toRow: c.currentRow, createdAt: now,
        data: { label: `Laporan kemajuan SKPD ${PROGRESS_INTERVALS[everyMonths]}`, from: c.progressEveryMonths, to: everyMonths },
      },
    });
  });
}
