// Escalation of overdue tasks, level by level, as the SOP definition says (RowDef.escalation).
// Run by the daily job. Each level is told once: the task's escalationLevel is raised
// with a guarded update in the same transaction as the timeline event and the
// notifications, so two instances (or a rerun after a crash) never tell a level twice.
import type { PrismaClient } from "../generated/prisma/client.js";
import { addDays } from "../http/dates.js";
import type { WorkingCalendar } from "../workflow/calendar.js";
import { fromDbDate, toDbDate } from "../workflow/calendar.js";
import { notify, usersHolding } from "../notifications/notification-service.js";
import { ROLE_LABELS, type RoleName } from "../users/roles.js";
import { escalationChain, type EscalationLevel } from "../workflow/sop.js";

/** Working days after the due date up to and including today (the due date itself is not late). */
export const lateWorkingDays = (cal: WorkingCalendar, due: string, today: string): number =>
  today <= due ? 0 : cal.workingDaysBetween(addDays(due, 1), addDays(today, 1));

/** The levels of `chain` reached after `late` working days overdue (how many). */
export const levelReached = (chain: EscalationLevel[], late: number): number => chain.filter((l) => l.afterDays <= late).length;

export const escalationLabel = (level: EscalationLevel): string => level.to.map((r) => ROLE_LABELS[r as RoleName]).join(", ");

/**
 * Raises every overdue open task to the level its lateness has reached. A task whose
 * clock is paused (waiting on an outside party) is not late. Returns how many levels
 * were told.
 */
export async function escalateOverdue(prisma: PrismaClient, cal: WorkingCalendar, today: string, now = new Date()): Promise<number> {
  const tasks = await prisma.task.findMany({
    where: { status: "OPEN", pausedSince: null, dueOn: { lt: toDbDate(today) }, case: { status: { in: ["DRAFT", "IN_PROGRESS"] } } },
    include: { case: { select: { title: true } } },
  });
  let told = 0;
  for (const t of tasks) {
    const chain = escalationChain(t);
    const late = lateWorkingDays(cal, fromDbDate(t.dueOn!), today);
    const reached = levelReached(chain, late);
    if (reached <= t.escalationLevel) continue;
    told += await prisma.$transaction(async (tx) => {
      const claimed = await tx.task.updateMany({
        where: { id: t.id, status: "OPEN", escalationLevel: t.escalationLevel },
        data: { escalationLevel: reached, escalatedAt: now },
      });
      if (claimed.count !== 1) return 0; // another instance got there first
      const c = await tx.case.update({ where: { id: t.caseId }, data: { version: { increment: 1 } }, select: { version: true } });
      // Levels skipped while the job did not run are each told now, once.
      const levels = chain.slice(t.escalationLevel, reached);
      const names = levels.map(escalationLabel).join("; ");
      await tx.caseEvent.create({
        data: {
          caseId: t.caseId, seq: c.version, action: "eskalasi", fromRow: t.rowNo, toRow: t.rowNo, createdAt: now,
          data: { label: `Terlambat ${late} hari kerja: dieskalasi ke ${names}`, taskId: t.id, level: reached, lateWorkingDays: late },
        },
      });
      for (const [i, level] of levels.entries()) {
        await notify(tx, await usersHolding(tx, level.to, null), {
          kind: "ESCALATION",
          title: `Eskalasi: ${t.case.title} (langkah ${t.rowNo}) terlambat ${late} hari kerja`,
          link: `/kasus/${t.caseId}`,
          dedupe: `escalation:${t.id}:${t.escalationLevel + i + 1}`,
        });
      }
      return levels.length;
    });
  }
  return told;
}
