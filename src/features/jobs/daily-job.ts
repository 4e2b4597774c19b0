// The daily job: evaluation tasks, due-soon/overdue reminders, escalations,
// expiring-agreement notices, progress reports and overdue obligations. It runs exactly
// once per day even when several instances share one PostgreSQL: its JobRun row
// (name, day) is a lease claimed through the job runtime (platform/job-runtime.ts); when its owner
// dies mid-run, another instance takes the run over after the lease has passed.
//
// It works in sets: each step reads its due items in one statement, who holds which
// roles once for the whole run (notify-many.ts), and writes all its notices in one
// statement, so the number of statements does not grow with the number of due items.
// Every step is idempotent (dedupe keys, guarded updates): a rerun tells nobody twice.
import { startTicker } from "./ticker.js";
import type { Config } from "../../platform/config.js";
import type { Database } from "../../platform/db/client.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { loadCalendar } from "../../core/calendar/holiday-service.js";
import type { Logger } from "../../platform/logger.js";
import { scheduleEvaluations } from "../monitoring/monitoring-service.js";
import { periodLabel } from "../../core/sop/periods.js";
import { nextProgressDue } from "../monitoring/progress-schedule.js";
import { deliverPending } from "../notifications/mailer.js";
import { countKind, holdersOn, notifyMany, type Holders, type Notice } from "../notifications/notify-many.js";
import { nightlyBackup } from "../ops/nightly-backup.js";
import { escalateOverdue } from "./escalation.js";
import { notifyOverdueObligations } from "../obligations/obligation-service.js";
import { getSettings, parseReminderDays } from "../../core/settings/settings-service.js";
import { taskNoticeKey } from "../notifications/notification-service.js";
import dayjs, { ZONE } from "../../platform/time.js";
import { DUE_SOON_WORKING_DAYS, fromDbDate, todayJakarta, toDbDate } from "../../core/calendar/calendar.js";
import { RUNNING_ROWS } from "../../core/sop/sop.js";
import { INSTANCE, LEASES, runLeased, type RunLease } from "../../platform/job-runtime.js";
import { must } from "../../platform/must.js";
import { endedByDate, endingSoonEvent, recordAgreementEvents, type AgreementEvent } from "../webhooks/outbox.js";

export { INSTANCE };
/** How long a claim on the day's run holds before another instance may take it over (platform/job-runtime.ts). */
export const LEASE_MS = LEASES.daily;

/** Which reminder an agreement with `left` days to go is due: the smallest of `marks` not below `left`. */
export const reminderMark = (marks: number[], left: number): number | undefined => marks.filter((m) => left <= m).sort((x, y) => x - y)[0];

export type DailySummary = {
  evaluations: number;
  dueSoon: number;
  overdue: number;
  escalated: number;
  expiring: number;
  progress: number;
  obligations: number;
};

export async function runDailyJob(
  prisma: PrismaClient,
  config: Pick<Config, "expiringDays">,
  opts: { now?: Date; instance?: string; log?: Logger } = {},
): Promise<{ ran: boolean; summary?: DailySummary }> {
  const now = opts.now ?? new Date();
  const today = todayJakarta(now);
  return runLeased(
    prisma,
    { name: "daily", leaseMs: LEASE_MS, run: (lease) => dailyWork(prisma, lease, today, now) },
    { day: today, now, instance: opts.instance, log: opts.log },
  );
}

async function dailyWork(prisma: PrismaClient, lease: RunLease, today: string, now: Date): Promise<DailySummary> {
  const summary: DailySummary = { evaluations: 0, dueSoon: 0, overdue: 0, escalated: 0, expiring: 0, progress: 0, obligations: 0 };
  // Who holds which roles (acting officials included), read once for every step, as of the job's day.
  const holding = await holdersOn(prisma, today);

  // 1. Evaluation tasks for running agreements.
  const created = await scheduleEvaluations(prisma, today);
  summary.evaluations = created.length;
  if (created.length) {
    const cases = new Map(
      (await prisma.case.findMany({ where: { id: { in: [...new Set(created.map((e) => e.caseId))] } }, select: { id: true, title: true, skpdId: true } })).map(
        (c) => [c.id, c],
      ),
    );
    await notifyMany(
      prisma,
      created.flatMap((e): Notice[] => {
        const c = must(cases.get(e.caseId), "the case of an evaluation just scheduled");
        return [
          {
            userIds: holding(["PENELAAH", "PENATALAKSANA"], null),
            kind: "EVALUATION",
            title: `Evaluasi ${periodLabel(e.period)} jatuh tempo: ${c.title}`,
            link: `/kasus/${e.caseId}#evaluasi`,
            dedupe: `evaluation:${e.caseId}:${e.period}`,
          },
          {
            userIds: holding(["SKPD"], c.skpdId),
            kind: "EVALUATION",
            title: `Laporan mandiri evaluasi ${periodLabel(e.period)} diminta: ${c.title}`,
            link: `/evaluasi/${e.evaluationId}`,
            dedupe: `evaluation-self:${e.caseId}:${e.period}`,
          },
        ];
      }),
    );
  }

  // 2. Due soon and overdue tasks.
  await lease.renew();
  const cal = await loadCalendar(prisma);
  const soonLimit = cal.addWorkingDays(today, DUE_SOON_WORKING_DAYS);
  const tasks = await prisma.task.findMany({
    where: { status: "OPEN", pausedSince: null, dueOn: { not: null, lte: toDbDate(soonLimit) }, case: { status: { in: ["DRAFT", "IN_PROGRESS"] } } },
    include: { case: { select: { title: true } } },
  });
  const reminded = await notifyMany(
    prisma,
    tasks.map((t): Notice => {
      const due = fromDbDate(must(t.dueOn, "dueOn (the query asked for not null)"));
      const users = holding(t.roles, t.skpdId);
      return due < today
        ? {
            userIds: users,
            kind: "OVERDUE",
            title: `Terlambat sejak ${dayjs.utc(due).format("D MMM YYYY")}: ${t.case.title} (langkah ${t.rowNo})`,
            link: `/kasus/${t.caseId}`,
            dedupe: taskNoticeKey("overdue", t.id, today),
          }
        : {
            userIds: users,
            kind: "DUE_SOON",
            title: `Tenggat ${dayjs.utc(due).format("D MMM YYYY")}: ${t.case.title} (langkah ${t.rowNo})`,
            link: `/kasus/${t.caseId}`,
            dedupe: taskNoticeKey("soon", t.id),
          };
    }),
  );
  summary.overdue = countKind(reminded, "OVERDUE");
  summary.dueSoon = countKind(reminded, "DUE_SOON");

  // 2b. Overdue tasks escalate up their row's chain (each level told once).
  await lease.renew();
  summary.escalated = await escalateOverdue(prisma, cal, today, now, holding);

  // 3. Agreements nearing their end: one reminder on each configured day before it (a setting), each once.
  await lease.renew();
  const marks = parseReminderDays((await getSettings(prisma))["expiry.reminderDays"]);
  const horizon = dayjs
    .utc(today)
    .add(marks[0] ?? 0, "day")
    .format("YYYY-MM-DD");
  const expiring = await prisma.agreement.findMany({
    where: { endedEarlyAt: null, endDate: { gte: toDbDate(today), lte: toDbDate(horizon) }, case: { renewals: { none: { agreements: { some: {} } } } } },
    include: { case: { select: { title: true, skpdId: true } } },
  });
  const expiryNotices: Notice[] = [];
  const expiryEvents: AgreementEvent[] = [];
  for (const a of expiring) {
    const left = dayjs.utc(fromDbDate(a.endDate)).diff(dayjs.utc(today), "day");
    // The reminder whose window the agreement is in (the smallest configured day not below what is left).
    const mark = reminderMark(marks, left);
    if (mark === undefined) continue;
    expiryNotices.push({
      userIds: [...holding(["SKPD"], a.case.skpdId), ...holding(["PENATALAKSANA", "KASUBBAG"], null)],
      kind: "EXPIRING",
      title: `${a.kind === "MOU" ? "MoU" : "PKS"} ${left === 0 ? "berakhir hari ini" : `berakhir dalam ${left} hari`}: ${a.case.title}`,
      link: `/perjanjian/${a.id}`,
      dedupe: `expiring:${a.id}:${mark}`,
    });
    expiryEvents.push(endingSoonEvent(a.id, left, mark, now));
  }
  summary.expiring = countKind(await notifyMany(prisma, expiryNotices), "EXPIRING");
  // The same reminders, and the ends the date passed, as webhook events (once per endpoint and key: a rerun writes nothing twice).
  await recordAgreementEvents(prisma, [...expiryEvents, ...(await endedByDate(prisma, today, now))]);

  // 4. Progress reports the SKPD owes on running agreements (its part of row 21), once per due date.
  await lease.renew();
  summary.progress = await remindProgressReports(prisma, today, holding);

  // 5. Obligations past their due date and short of target: the SKPD (and the Penatalaksana) told once.
  await lease.renew();
  summary.obligations = await notifyOverdueObligations(prisma, today, holding);
  return summary;
}

/** Every few minutes: deliver pending emails; after DAILY_JOB_HOUR (WIB), run the daily job once. */
export function startScheduler(prisma: PrismaClient, config: Config, log: Logger, opts: { everyMs?: number; nightlyBackup?: Database } = {}): () => void {
  return startTicker(
    "scheduler",
    opts.everyMs ?? 5 * 60_000,
    async () => {
      if (dayjs().tz(ZONE).hour() >= config.dailyJobHour) {
        const r = await runDailyJob(prisma, config, { log });
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
export async function remindProgressReports(prisma: PrismaClient, today: string, holders?: Holders): Promise<number> {
  const cases = await prisma.case.findMany({
    where: { status: "IN_PROGRESS", currentRow: { in: RUNNING_ROWS }, agreements: { some: { endedEarlyAt: null } } },
    select: {
      id: true,
      title: true,
      skpdId: true,
      progressEveryMonths: true,
      agreements: { select: { startDate: true } },
      reports: { select: { createdAt: true }, orderBy: { createdAt: "desc" }, take: 1 },
    },
  });
  const notices: Notice[] = [];
  let holding = holders;
  for (const c of cases) {
    const start = must(
      c.agreements
        .map((a) => fromDbDate(a.startDate))
        .sort()
        .at(-1),
      "an agreement's start (the query asked for some)",
    );
    const last = c.reports[0]?.createdAt.toISOString().slice(0, 10) ?? null;
    const due = nextProgressDue({ everyMonths: c.progressEveryMonths, agreementStart: start, lastReportOn: last });
    if (due > today) continue;
    holding ??= await holdersOn(prisma, today);
    notices.push({
      userIds: holding(["SKPD"], c.skpdId),
      kind: "PROGRESS",
      title: `Laporan kemajuan jatuh tempo ${dayjs.utc(due).format("D MMM YYYY")}: ${c.title}`,
      link: `/kasus/${c.id}#monitoring`,
      dedupe: `progress:${c.id}:${due}`,
    });
  }
  return countKind(await notifyMany(prisma, notices), "PROGRESS");
}
