// The /sop page's figures: cases at each row now, and how long finished tasks took
// (working days, minus paused days) against the row's time standard.
import type { PrismaClient } from "../generated/prisma/client.js";
import { loadCalendar } from "../holidays/holiday-service.js";
import { fromDbDate, todayJakarta } from "../workflow/calendar.js";
import { SOP } from "../workflow/sop.js";

export type RowStats = { here: number; finished: number; median: number | null; onTimeShare: number | null };

const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export async function sopStats(prisma: PrismaClient): Promise<Map<number, RowStats>> {
  const [here, done, cal] = await Promise.all([
    prisma.case.groupBy({ by: ["currentRow"], where: { status: { in: ["DRAFT", "IN_PROGRESS"] } }, _count: { _all: true } }),
    prisma.task.findMany({
      where: { status: "DONE", completedAt: { not: null } },
      select: { rowNo: true, startedOn: true, completedAt: true, dueOn: true, pausedDays: true },
    }),
    loadCalendar(prisma),
  ]);
  const out = new Map<number, RowStats>();
  for (const r of SOP) {
    const tasks = done.filter((t) => t.rowNo === r.no);
    const durations = tasks.map((t) =>
      Math.max(0, cal.workingDaysBetween(fromDbDate(t.startedOn), todayJakarta(t.completedAt!)) - t.pausedDays),
    );
    const withDue = tasks.filter((t) => t.dueOn);
    const onTime = withDue.filter((t) => todayJakarta(t.completedAt!) <= fromDbDate(t.dueOn!)).length;
    out.set(r.no, {
      here: here.find((h) => h.currentRow === r.no)?._count._all ?? 0,
      finished: tasks.length,
      median: median(durations),
      onTimeShare: withDue.length ? onTime / withDue.length : null,
    });
  }
  return out;
}
