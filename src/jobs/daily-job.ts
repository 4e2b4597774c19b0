// The daily job: evaluation tasks, due-soon/overdue reminders and expiring-agreement
// notices. It runs exactly once per day even when several instances share one
// PostgreSQL: the JobRun row (name, day) is inserted with ON CONFLICT DO NOTHING,
// and only the instance whose insert succeeded does the work. The claim is a lease:
// when its owner dies mid-run, another instance takes the run over after it expires.
import { startTicker } from "./ticker.js";
import { hostname } from "node:os";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { loadCalendar } from "../holidays/holiday-service.js";
import type { Logger } from "../logger.js";
import { scheduleEvaluations } from "../monitoring/monitoring-service.js";
import { periodLabel } from "../monitoring/periods.js";
import { nextProgressDue } from "../monitoring/progress-schedule.js";
import { deliverPending } from "../notifications/mailer.js";
import { nightlyBackup } from "../ops/nightly-backup.js";
import { escalateOverdue } from "./escalation.js";
import { notifyOverdueObligations } from "../obligations/obligation-service.js";
import { getSettings, parseReminderDays } from "../settings/settings-service.js";
import { notify, taskNoticeKey, usersHolding } from "../notifications/notification-service.js";
import dayjs, { ZONE } from "../time.js";
import { DUE_SOON_WORKING_DAYS, fromDbDate, todayJakarta, toDbDate } from "../workflow/calendar.js";

export const INSTANCE = `${hostname()}:${process.pid}`;
/** How long a claim on the day's run holds before another instance may take it over. */
export const LEASE_MS = 15 * 60_000;

/** Which reminder an agreement with `left` days to go is due: the smallest of `marks` not below `left`. */
export const reminderMark = (marks: number[], left: number): number | undefined =>
  marks.filter((m) => left <= m).sort((x, y) => x - y)[0];

export type DailySummary = { evaluations: number; dueSoon: number; overdue: number; escalated: number; expiring: number; progress: number; obligations: number };

export async function runDailyJob(
  prisma: PrismaClient,
  config: Pick<Config, "expiringDays">,
  opts: { now?: Date; instance?: string } = {},
): Promise<{ ran: boolean; summary?: DailySummary }> {
  const now = opts.now ?? new Date();
  const today = todayJakarta(now);
  const instance = opts.instance ?? INSTANCE;
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  const claim = await prisma.jobRun.createMany({
    data: [{ name: "daily", day: toDbDate(today), instance, leaseUntil }],
    skipDuplicates: true,
  });
  // A run whose owner died before finishing (its lease passed) is taken over; every step is idempotent.
  const owned =
    claim.count === 1 ||
    (await prisma.jobRun.updateMany({
      where: { name: "daily", day: toDbDate(today), finishedAt: null, leaseUntil: { lt: now } },
      data: { instance, leaseUntil, startedAt: now },
    })).count === 1;
  if (!owned) return { ran: false };
  const summary: DailySummary = { evaluations: 0, dueSoon: 0, overdue: 0, escalated: 0, expiring: 0, progress: 0, obligations: 0 };

  // 1. Evaluation tasks for running agreements.
  const created = await scheduleEvaluations(prisma, today);
  summary.evaluations = created.length;
  for (const e of created) {
    const c = await prisma.case.findUniqueOrThrow({ where: { id: e.caseId }, select: { title: true, skpdId: true } });
    await notify(prisma, await usersHolding(prisma, ["PENELAAH", "PENATALAKSANA"], null), {
      kind: "EVALUATION",
      title: `Evaluasi ${periodLabel(e.period)} jatuh tempo: ${c.title}`,
      link: `/kasus/${e.caseId}#evaluasi`,
      dedupe: `evaluation:${e.caseId}:${e.period}`,
    });
    await notify(prisma, await usersHolding(prisma, ["SKPD"], c.skpdId), {
      kind: "EVALUATION",
      title: `Laporan mandiri evaluasi ${periodLabel(e.period)} diminta: ${c.title}`,
      link: `/evaluasi/${e.evaluationId}`,
      dedupe: `evaluation-self:${e.caseId}:${e.period}`,
    });
  }

  // 2. Due soon and overdue tasks.
  const cal = await loadCalendar(prisma);
  const soonLimit = cal.addWorkingDays(today, DUE_SOON_WORKING_DAYS);
  const tasks = await prisma.task.findMany({
    where: { status: "OPEN", pausedSince: null, dueOn: { not: null, lte: toDbDate(soonLimit) }, case: { status: { in: ["DRAFT", "IN_PROGRESS"] } } },
    include: { case: { select: { title: true } } },
  });
  for (const t of tasks) {
    const due = fromDbDate(t.dueOn!);
    const users = await usersHolding(prisma, t.roles, t.skpdId);
    if (due < today) {
      summary.overdue += await notify(prisma, users, {
        kind: "OVERDUE",
        title: `Terlambat sejak ${dayjs.utc(due).format("D MMM YYYY")}: ${t.case.title} (langkah ${t.rowNo})`,
        link: `/kasus/${t.caseId}`,
        dedupe: taskNoticeKey("overdue", t.id, today),
      });
    } else {
      summary.dueSoon += await notify(prisma, users, {
        kind: "DUE_SOON",
        title: `Tenggat ${dayjs.utc(due).format("D MMM YYYY")}: ${t.case.title} (langkah ${t.rowNo})`,
        link: `/kasus/${t.caseId}`,
        dedupe: taskNoticeKey("soon", t.id),
      });
    }
  }

  // 2b. Overdue tasks escalate up their row's chain (each level told once).
  summary.escalated = await escalateOverdue(prisma, cal, today, now);

  // 3. Agreements nearing their end: one reminder on each configured day before it (a setting), each once.
  const marks = parseReminderDays((await getSettings(prisma))["expiry.reminderDays"]);
  const horizon = dayjs.utc(today).add(marks[0] ?? 0, "day").format("YYYY-MM-DD");
  const expiring = await prisma.agreement.findMany({
    where: { endedEarlyAt: null, endDate: { gte: toDbDate(today), lte: toDbDate(horizon) }, case: { renewals: { none: { agreements: { some: {} } } } } },
    include: { case: { select: { title: true, skpdId: true } } },
  });
  for (const a of expiring) {
    const left = dayjs.utc(fromDbDate(a.endDate)).diff(dayjs.utc(today), "day");
    // The reminder whose window the agreement is in (the smallest configured day not below what is left).
    const mark = reminderMark(marks, left);
    if (mark === undefined) continue;
    const users = [
      ...(await usersHolding(prisma, ["SKPD"], a.case.skpdId)),
      ...(await usersHolding(prisma, ["PENATALAKSANA", "KASUBBAG"], null)),
    ];
    summary.expiring += await notify(prisma, [...new Set(users)], {
      kind: "EXPIRING",
      title: `${a.kind === "MOU" ? "MoU" : "PKS"} ${left === 0 ? "berakhir hari ini" : `berakhir dalam ${left} hari`}: ${a.case.title}`,
      link: `/perjanjian/${a.id}`,
      dedupe: `expiring:${a.id}:${mark}`,
    });
  }

  // 4. Progress reports the SKPD owes on running agreements (its part of row 21), once per due date.
  summary.progress = await remindProgressReports(prisma, today);

  // 5. Obligations past their due date and short of target: the SKPD (and the Penatalaksana) told once.
  summary.obligations = await notifyOverdueObligations(prisma, today);

  await prisma.jobRun.update({
    where: { name_day: { name: "daily", day: toDbDate(today) } },
    data: { finishedAt: new Date(), summary },
  });
  return { ran: true, summary };
}

/** Every few minutes: deliver pending emails; after DAILY_JOB_HOUR (WIB), run the daily job once. */
export function startScheduler(
  prisma: PrismaClient,
  config: Config,
  log: Logger,
  opts: { everyMs?: number; nightlyBackup?: Database } = {},
): () => void {
  return startTicker(
    opts.everyMs ?? 5 * 60_000,
    async () => {
      if (dayjs().tz(ZONE).hour() >= config.dailyJobHour) {
        const r = await runDailyJob(prisma, config);
        if (r.ran) log.info({ summary: r.summary }, "daily job done");
        // After the daily job, and again later the same day when it failed (nightly-backup.ts).
        if (opts.nightlyBackup) {
          try {
            const file = await nightlyBackup(opts.nightlyBackup, config, todayJakarta());
            if (file) log.info({ file }, "nightly backup written");
          } catch (err) {
            log.error({ err }, "nightly backup failed; it is tried again later");
          }
        }
      }
      await deliverPending(prisma, config, log);
    },
    (err) => log.error({ err }, "scheduler tick failed"),
  );
}

/** Reminds the SKPD of each running agreement whose next progress report is due. */
export async function remindProgressReports(prisma: PrismaClient, today: string): Promise<number> {
  const cases = await prisma.case.findMany({
    where: { status: "IN_PROGRESS", currentRow: { in: [20, 21] }, agreements: { some: { endedEarlyAt: null } } },
    select: {
      id: true, title: true, skpdId: true, progressEveryMonths: true,
      agreements: { select: { startDate: true } },
      reports: { select: { createdAt: true }, orderBy: { createdAt: "desc" }, take: 1 },
    },
  });
  let sent = 0;
  for (const c of cases) {
    const start = c.agreements.map((a) => fromDbDate(a.startDate)).sort().at(-1)!;
    const last = c.reports[0]?.createdAt.toISOString().slice(0, 10) ?? null;
    const due = nextProgressDue({ everyMonths: c.progressEveryMonths, agreementStart: start, lastReportOn: last });
    if (due > today) continue;
    sent += await notify(prisma, await usersHolding(prisma, ["SKPD"], c.skpdId), {
      kind: "PROGRESS",
      title: `Laporan kemajuan jatuh tempo ${dayjs.utc(due).format("D MMM YYYY")}: ${c.title}`,
      link: `/kasus/${c.id}#monitoring`,
      dedupe: `progress:${c.id}:${due}`,
    });
  }
  return sent;
}
