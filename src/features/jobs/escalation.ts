// Escalation of overdue tasks, level by level, as the SOP definition says (RowDef.escalation).
// Run by the daily job. Each level is told once: the tasks' escalationLevel is raised
// with a guarded update in the same transaction as the timeline events and the
// notifications, so two instances (or a rerun after a crash) never tell a level twice.
// All overdue tasks are escalated together, in a fixed number of statements.
import type { PrismaClient } from "../../generated/prisma/client.js";
import { addDays } from "../../platform/http/dates.js";
import type { WorkingCalendar } from "../../core/calendar/calendar.js";
import { fromDbDate, toDbDate } from "../../core/calendar/calendar.js";
import { holdersOn, notifyMany, type Holders, type Notice } from "../notifications/notify-many.js";
import { ROLE_LABELS } from "../../core/users/roles.js";
import { escalationChain, type EscalationLevel } from "../../core/sop/sop.js";
import { appendCaseEvents, lockCases } from "../../core/workflow/case-log.js";
import { must } from "../../platform/must.js";

/** Working days after the due date up to and including today (the due date itself is not late). */
export const lateWorkingDays = (cal: WorkingCalendar, due: string, today: string): number =>
  today <= due ? 0 : cal.workingDaysBetween(addDays(due, 1), addDays(today, 1));

/** The levels of `chain` reached after `late` working days overdue (how many). */
export const levelReached = (chain: EscalationLevel[], late: number): number => chain.filter((l) => l.afterDays <= late).length;

export const escalationLabel = (level: EscalationLevel): string => level.to.map((r) => ROLE_LABELS[r]).join(", ");

/**
 * Raises every overdue open task to the level its lateness has reached. A task whose
 * clock is paused (waiting on an outside party) is not late. Returns how many levels
 * were told. `holders` (who holds which roles) is read here when not given.
 */
export async function escalateOverdue(prisma: PrismaClient, cal: WorkingCalendar, today: string, now = new Date(), holders?: Holders): Promise<number> {
  const tasks = await prisma.task.findMany({
    where: { status: "OPEN", pausedSince: null, dueOn: { lt: toDbDate(today) }, case: { status: { in: ["DRAFT", "IN_PROGRESS"] } } },
    include: { case: { select: { title: true } } },
  });
  const due = tasks.flatMap((t) => {
    const chain = escalationChain(t);
    const late = lateWorkingDays(cal, fromDbDate(must(t.dueOn, "dueOn (the query asked for one before today)")), today);
    const reached = levelReached(chain, late);
    return reached > t.escalationLevel ? [{ t, chain, late, reached }] : [];
  });
  if (!due.length) return 0;
  const holding = holders ?? (await holdersOn(prisma, today));
  const at = now.toISOString();
  return prisma.$transaction(async (tx) => {
    // The claim: only the tasks still at the level read above are raised; another instance got the rest first.
    const claimed = await tx.$queryRaw<{ id: number }[]>`
      UPDATE "Task" t SET "escalationLevel" = v."reached", "escalatedAt" = (${at}::timestamptz AT TIME ZONE 'UTC')
        FROM unnest(${due.map((d) => d.t.id)}::int[], ${due.map((d) => d.t.escalationLevel)}::int[], ${due.map((d) => d.reached)}::int[]) AS v("id", "from", "reached")
       WHERE t."id" = v."id" AND t."status" = 'OPEN' AND t."escalationLevel" = v."from"
      RETURNING t."id"`;
    const won = new Set(claimed.map((r) => r.id));
    const mine = due.filter((d) => won.has(d.t.id));
    if (!mine.length) return 0;
    // One timeline event per task: each takes the next version of its case.
    const perCase = new Map<number, number>();
    for (const d of mine) perCase.set(d.t.caseId, (perCase.get(d.t.caseId) ?? 0) + 1);
    const next = await lockCases(tx, perCase, new Date());
    const events: Parameters<typeof appendCaseEvents>[1] = [];
    const notices: Notice[] = [];
    let told = 0;
    for (const { t, chain, late, reached } of mine) {
      const seq = must(next.get(t.caseId), "the next version of a case just locked");
      next.set(t.caseId, seq + 1);
      // Levels skipped while the job did not run are each told now, once.
      const levels = chain.slice(t.escalationLevel, reached);
      const names = levels.map(escalationLabel).join("; ");
      events.push({
        caseId: t.caseId,
        seq,
        actorId: null,
        role: null,
        action: "eskalasi",
        fromRow: t.rowNo,
        toRow: t.rowNo,
        createdAt: now,
        data: { label: `Terlambat ${late} hari kerja: dieskalasi ke ${names}`, taskId: t.id, level: reached, lateWorkingDays: late },
      });
      for (const [i, level] of levels.entries()) {
        notices.push({
          userIds: holding(level.to, null),
          kind: "ESCALATION",
          title: `Eskalasi: ${t.case.title} (langkah ${t.rowNo}) terlambat ${late} hari kerja`,
          link: `/kasus/${t.caseId}`,
          dedupe: `escalation:${t.id}:${t.escalationLevel + i + 1}`,
        });
      }
      told += levels.length;
    }
    await appendCaseEvents(tx, events);
    await notifyMany(tx, notices);
    return told;
  });
}
