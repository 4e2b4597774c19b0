// Row 21: SKPD progress reports (any time) and P3ADK evaluations (per semester and
// at year end), whose tasks the daily job creates.
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import type { Role } from "../../generated/prisma/enums.js";
import { loadCaseFor } from "../cases/case-service.js";
import { uniqueViolation } from "../../platform/db/errors.js";
import type { StoredFile } from "../../platform/files/blob-store.js";
import { AppError, conflict, forbidden, notFound } from "../../platform/errors.js";
import { authorize, casePolicy, evaluation as evaluationPolicy } from "../../core/policies/index.js";
import { isOwnSkpd } from "../../core/policies/case.js";
import { PROGRESS_INTERVALS, type ProgressInterval } from "./progress-schedule.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { todayJakarta, toDbDate } from "../../core/calendar/calendar.js";
import { EVALUATION_ROW, isRunningRow, RUNNING_ROWS } from "../../core/sop/sop.js";
import { insertDocuments } from "../../core/documents/document-rows.js";
import { adhocKey, isAdhoc, openPeriods, periodLabel, periodsOfYear } from "../../core/sop/periods.js";
import { loadCalendar } from "../../core/calendar/holiday-service.js";
import type { Answers, ProgressInput } from "./schema.js";
import { recordOnTimeline } from "../cases/timeline.js";
import { applyRealisations, listObligations, snapshotFor } from "../obligations/obligation-service.js";
import { derivedScores, itemsOf, meanScore, type EvaluationForm } from "../../core/sop/item-bank.js";
import { must } from "../../platform/must.js";
import { recordAgreementEvent } from "../webhooks/outbox.js";

/** The `part` of an SKPD self-report task: "<period>:mandiri". */
export const SELF_PART = "mandiri";

/**
 * Creates the evaluation (and its inbox task) of every running agreement for every
 * open period that does not have one yet. Idempotent. Returns the new evaluations.
 */
export async function scheduleEvaluations(prisma: PrismaClient, today = todayJakarta()) {
  const created: { caseId: number; period: string; taskId: number; evaluationId: number }[] = [];
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
      select: { id: true, skpdId: true },
    });
    for (const c of cases) {
      try {
        await prisma.$transaction(async (tx) => {
          const dueOn = toDbDate(p.end < today ? today : p.end);
          const task = await tx.task.create({
            data: {
              caseId: c.id,
              kind: "EVALUATION",
              rowNo: EVALUATION_ROW,
              part: p.key,
              roles: evaluationPolicy.EVALUATOR_ROLES,
              startedOn: toDbDate(today),
              dueOn,
            },
          });
          // The SKPD's self-report on the same period, held by its own users.
          const self = await tx.task.create({
            data: {
              caseId: c.id,
              kind: "EVALUATION",
              rowNo: EVALUATION_ROW,
              part: `${p.key}:${SELF_PART}`,
              roles: ["SKPD"],
              skpdId: c.skpdId,
              startedOn: toDbDate(today),
              dueOn,
            },
          });
          const ev = await tx.evaluation.create({ data: { caseId: c.id, period: p.key, taskId: task.id, selfTaskId: self.id, dueOn } });
          created.push({ caseId: c.id, period: p.key, taskId: task.id, evaluationId: ev.id });
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
  authorize(user, "evaluation.fill", undefined, "Evaluasi dimulai oleh Penelaah atau Penatalaksana Kerjasama.");
  const today = todayJakarta(now);
  const cal = await loadCalendar(prisma);
  try {
    return await prisma.$transaction(async (tx) => {
      const c = await loadCaseFor(tx, user, caseId);
      if (c.status !== "IN_PROGRESS" || !isRunningRow(c.currentRow)) {
        throw new AppError(409, `Evaluasi insidentil dimulai selama perjanjian dilaksanakan (langkah ${RUNNING_ROWS.join("–")}).`);
      }
      const dueOn = toDbDate(cal.addWorkingDays(today, 5));
      const task = await tx.task.create({
        data: {
          caseId,
          kind: "EVALUATION",
          rowNo: EVALUATION_ROW,
          part: adhocKey(today),
          roles: evaluationPolicy.EVALUATOR_ROLES,
          startedOn: toDbDate(today),
          dueOn,
        },
      });
      const ev = await tx.evaluation.create({ data: { caseId, period: adhocKey(today), taskId: task.id, dueOn } });
      await recordOnTimeline(tx, caseId, {
        actorId: user.id,
        role: evaluationPolicy.evaluatorRole(user) as Role,
        action: "evaluasi_insidentil",
        createdAt: now,
        data: { label: "Evaluasi insidentil dimulai", period: ev.period },
      });
      return ev;
    });
  } catch (e) {
    if (uniqueViolation(e) !== null) throw conflict("Evaluasi insidentil untuk hari ini sudah dimulai; buka dari daftar evaluasi.");
    throw e;
  }
}

/** The day up to which an evaluation looks: its period's end, or the day an ad-hoc one was started. */
export const periodEnd = (key: string) =>
  isAdhoc(key)
    ? key.slice(0, 10)
    : must(
        periodsOfYear(Number(key.slice(0, 4))).find((p) => p.key === key),
        `the period ${key}`,
      ).end;

/** What an evaluation form reads from the obligations: their snapshot and the scores they give. */
export async function obligationBasis(db: PrismaClient | Prisma.TransactionClient, ev: { caseId: number; period: string }, today = todayJakarta()) {
  const snapshot = snapshotFor(await listObligations(db, ev.caseId, today), periodEnd(ev.period));
  return { snapshot, derived: derivedScores(snapshot) };
}

/** Throws, with the reason, unless `user` may fill in this form of the evaluation now (403: not theirs; 409: no longer open). */
export function assertFillable(
  user: CurrentUser,
  which: EvaluationForm,
  ev: {
    completedAt: Date | null;
    selfCompletedAt: Date | null;
    task: { status: string } | null;
    case: { skpdId: number; status: string; currentRow: number | null };
  },
) {
  const self = which === "SKPD";
  const action = self ? "selfReport" : "fill";
  if (!evaluationPolicy.can(user, action) || (self && !isOwnSkpd(user, ev.case.skpdId))) {
    throw forbidden(self ? "Laporan mandiri diisi oleh SKPD pelaksana." : "Evaluasi diisi oleh Penelaah atau Penatalaksana Kerjasama.");
  }
  if (self ? ev.selfCompletedAt : ev.completedAt) throw conflict(self ? "Laporan mandiri periode ini sudah diisi." : "Evaluasi periode ini sudah diisi.");
  if (!evaluationPolicy.can(user, action, ev)) {
    throw conflict(
      self && !ev.task
        ? `Laporan mandiri diisi selama perjanjian dilaksanakan (langkah ${RUNNING_ROWS.join("–")}).`
        : "Tugas evaluasi ini sudah dibatalkan (kerja sama telah ditutup); evaluasi tidak dapat diisi lagi.",
    );
  }
}

/**
 * Fills in one of an evaluation's two forms: the P3ADK assessment or the SKPD's
 * self-report. `answers` are those the user gave (already checked against the
 * item bank); the scores the obligations give are set here, from the
 * obligations as they stand in this transaction.
 */
export async function completeEvaluation(
  prisma: PrismaClient,
  user: CurrentUser,
  evaluationId: number,
  which: EvaluationForm,
  given: Answers,
  now = new Date(),
) {
  return prisma.$transaction(async (tx) => {
    const ev = await tx.evaluation.findUnique({ where: { id: evaluationId } });
    if (!ev) throw notFound("Evaluasi tidak ditemukan.");
    const c = await loadCaseFor(tx, user, ev.caseId);
    const self = which === "SKPD";
    const taskId = self ? ev.selfTaskId : ev.taskId;
    const task = taskId ? await tx.task.findUnique({ where: { id: taskId } }) : null;
    assertFillable(user, which, { ...ev, task, case: c });
    const { snapshot, derived } = await obligationBasis(tx, ev, todayJakarta(now));
    const answers: Answers = { ...given, ...Object.fromEntries(Object.entries(derived).map(([k, d]) => [k, d.score])) };
    // Looked up as a record whose keys may be missing (an item the form did not send).
    const byKey: Partial<Answers> = answers;
    const missing = itemsOf(which).filter((i) => byKey[i.key] === undefined);
    if (missing.length)
      throw conflict(`Kewajiban kerja sama baru saja berubah; muat ulang formulir dan isi ${missing.map((i) => i.label.toLowerCase()).join(", ")}.`);
    const recommendation = String(answers.rekomendasi);
    const score = meanScore(which, answers);
    const done = self
      ? await tx.evaluation.updateMany({
          where: { id: ev.id, selfCompletedAt: null },
          data: { selfAnswers: answers, selfScore: score, selfRecommendation: recommendation, selfCompletedById: user.id, selfCompletedAt: now },
        })
      : await tx.evaluation.updateMany({
          where: { id: ev.id, completedAt: null },
          data: { answers, score, obligations: snapshot, recommendation, completedById: user.id, completedAt: now },
        });
    if (done.count !== 1)
      throw conflict(self ? "Laporan mandiri periode ini baru saja diisi oleh pengguna lain." : "Evaluasi periode ini baru saja diisi oleh pengguna lain.");
    if (taskId) {
      const closed = await tx.task.updateMany({ where: { id: taskId, status: "OPEN" }, data: { status: "DONE", completedAt: now, completedById: user.id } });
      if (closed.count !== 1) throw conflict("Tugas evaluasi ini baru saja ditutup; muat ulang halaman.");
    }
    await recordOnTimeline(tx, ev.caseId, {
      actorId: user.id,
      role: self ? "SKPD" : (evaluationPolicy.evaluatorRole(user) as Role),
      action: self ? "evaluasi_mandiri" : "evaluasi",
      createdAt: now,
      data: {
        label: `${self ? "Laporan mandiri SKPD" : "Evaluasi"} ${periodLabel(ev.period)} diisi${score !== null ? ` (nilai rata-rata ${score.toLocaleString("id-ID")})` : ""}`,
        period: ev.period,
        recommendation,
      },
    });
    // The P3ADK assessment completes the evaluation: reported to webhooks with the change.
    if (!self) {
      await recordAgreementEvent(tx, {
        type: "agreement.evaluated",
        ref: { caseId: ev.caseId },
        key: `evaluated:${ev.id}`,
        occurredAt: now,
        extra: { evaluation: { id: ev.id, period: ev.period, score, recommendation } },
      });
    }
  });
}

export async function addProgressReport(
  prisma: PrismaClient,
  user: CurrentUser,
  caseId: number,
  input: ProgressInput,
  evidence: StoredFile[],
  realisations: { obligationId: number; value: number }[] = [],
  now = new Date(),
) {
  return prisma.$transaction(async (tx) => {
    const c = await loadCaseFor(tx, user, caseId);
    if (!isOwnSkpd(user, c.skpdId)) throw forbidden("Laporan kemajuan diisi oleh SKPD pelaksana.");
    if (c.status !== "IN_PROGRESS" || !isRunningRow(c.currentRow)) {
      throw new AppError(409, `Laporan kemajuan diisi selama perjanjian dilaksanakan (langkah ${RUNNING_ROWS.join("–")}).`);
    }
    const report = await tx.progressReport.create({
      data: { caseId, ...input, obstacle: input.obstacle ?? null, solution: input.solution ?? null, createdById: user.id, createdAt: now },
    });
    const realised = await applyRealisations(tx, caseId, report.id, realisations, now);
    if (realised.length && !evidence.length)
      throw new AppError(422, "Lampirkan bukti untuk realisasi kewajiban yang berubah (mis. foto kegiatan, berita acara, kuitansi).");
    // Progress is reported on a running case, which is at a row.
    const docs = await insertDocuments(
      tx,
      caseId,
      must(c.currentRow, "the row of a running case"),
      user.id,
      evidence.map((file) => ({ kind: "bukti_kemajuan" as const, file })),
      now,
    );
    await recordOnTimeline(tx, caseId, {
      actorId: user.id,
      role: "SKPD",
      action: "laporan_kemajuan",
      createdAt: now,
      data: {
        label: `Laporan kemajuan ${input.period}: ${input.progress}%${realised.length ? `; realisasi ${realised.join("; ")}` : ""}`,
        reportId: report.id,
        ...(docs.length ? { documents: docs.map((d) => ({ id: d.id, kind: d.kind, version: d.version })) } : {}),
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
    await recordOnTimeline(tx, caseId, {
      actorId: user.id,
      role: user.roles.find((r) => r !== "SKPD") as Role,
      action: "jadwal_laporan",
      createdAt: now,
      data: { label: `Laporan kemajuan SKPD ${PROGRESS_INTERVALS[everyMonths]}`, from: c.progressEveryMonths, to: everyMonths },
    });
    await tx.case.update({ where: { id: caseId }, data: { progressEveryMonths: everyMonths } });
  });
}
