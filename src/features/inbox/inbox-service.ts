// What the user's roles hold now: open tasks, SKPD users limited to their own unit.
// One indexed query for the page (LIMIT/OFFSET) and one COUNT, both with the
// holder rule in SQL: no list of every held task id travels to the app and back.
// Raw SQL because the PGlite adapter serialises enum-array parameters wrongly
// (Prisma's has/hasSome fail there with "malformed array literal").
import { Prisma, type PrismaClient } from "../../generated/prisma/client.js";
import type { Jenis, Role } from "../../generated/prisma/enums.js";
import { needsSkpd, type CurrentUser } from "../../core/users/roles.js";
import { heldSkpd } from "../../core/policies/task.js";
import { todayJakarta } from "../../core/calendar/calendar.js";
import { must } from "../../platform/must.js";

export type InboxFilter = { row?: number; skpdId?: number; jenis?: Jenis; overdue?: boolean; q?: string; page: number };
export const PAGE_SIZE = 25;

type Db = Pick<PrismaClient, "$queryRaw">;

/** The FROM and WHERE clauses, with their parameters, for the open tasks `user` holds, narrowed by the filter. */
function heldWhere(user: CurrentUser, f: Omit<InboxFilter, "page"> = {}): Prisma.Sql {
  const nonSkpd = user.roles.filter((r) => r !== "SKPD") as Role[];
  const skpdId = heldSkpd(user) ?? -1;
  const and: Prisma.Sql[] = [
    Prisma.sql`t."status" = 'OPEN'`,
    Prisma.sql`c."status" IN ('DRAFT', 'IN_PROGRESS')`,
    // The roles travel as an array literal ("{A,B}") cast in SQL.
    Prisma.sql`(t."roles" && ${`{${nonSkpd.join(",")}}`}::"Role"[] OR ('SKPD' = ANY(t."roles") AND t."skpdId" = ${skpdId}))`,
  ];
  if (f.row) and.push(Prisma.sql`t."rowNo" = ${f.row}`);
  if (f.skpdId) and.push(Prisma.sql`c."skpdId" = ${f.skpdId}`);
  if (f.jenis) and.push(Prisma.sql`c."jenis" = ${f.jenis}::"Jenis"`);
  if (f.overdue) and.push(Prisma.sql`t."dueOn" < ${todayJakarta()}::date AND t."pausedSince" IS NULL`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    and.push(Prisma.sql`(c."title" ILIKE ${like} OR c."partnerName" ILIKE ${like})`);
  }
  return Prisma.sql`FROM "Task" t JOIN "Case" c ON c."id" = t."caseId" WHERE ${Prisma.join(and, " AND ")}`;
}

/** Who the user is as a holder of tasks: users with the same key hold the same tasks (the cache key of inbox figures). */
/** The evaluations whose assessment or self-report these tasks are (the inbox opens their form and names their period). */
export const evaluationsOfTasks = (prisma: PrismaClient, taskIds: number[]) =>
  prisma.evaluation.findMany({
    where: { OR: [{ taskId: { in: taskIds } }, { selfTaskId: { in: taskIds } }] },
    select: { id: true, taskId: true, selfTaskId: true, period: true },
  });

export function holderKey(user: CurrentUser): string {
  const roles = [...user.roles].sort().join(",");
  return needsSkpd(user.roles) ? `${roles}/${user.skpdId ?? "-"}` : roles;
}

/** How many open tasks the user holds (the menu's badge, the home page). */
export async function countHeld(prisma: Db, user: CurrentUser, f: Omit<InboxFilter, "page"> = {}): Promise<number> {
  const w = heldWhere(user, f);
  const rows = await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n ${w}`;
  return must(rows[0], "the count(*) row").n;
}

export async function inbox(prisma: PrismaClient, user: CurrentUser, f: InboxFilter) {
  const w = heldWhere(user, f);
  const [total, ids] = await Promise.all([
    countHeld(prisma, user, f),
    prisma.$queryRaw<{ id: number }[]>`SELECT t."id" ${w} ORDER BY t."dueOn" ASC NULLS LAST, t."id" ASC LIMIT ${PAGE_SIZE} OFFSET ${(f.page - 1) * PAGE_SIZE}`,
  ]);
  const order = ids.map((r) => r.id);
  const found = await prisma.task.findMany({
    where: { id: { in: order } },
    include: { case: { include: { skpd: { select: { code: true, name: true } } } } },
  });
  const byId = new Map(found.map((t) => [t.id, t]));
  // A task closed between the two reads is left out.
  const tasks = order.flatMap((id) => byId.get(id) ?? []);
  return { total, tasks, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

/** The menu's two badges in one round trip: tasks held and unread notifications. */
export async function menuCounts(prisma: Db, user: CurrentUser): Promise<{ tasks: number; unread: number }> {
  const w = heldWhere(user);
  const rows = await prisma.$queryRaw<{ tasks: number; unread: number }[]>`SELECT (SELECT count(*)::int ${w}) AS tasks,
            (SELECT count(*)::int FROM "Notification" n WHERE n."userId" = ${user.id} AND n."readAt" IS NULL) AS unread`;
  const { tasks, unread } = must(rows[0], "the counts row");
  return { tasks, unread };
}

export type HeldDueTask = {
  id: number;
  caseId: number;
  rowNo: number;
  kind: "ROW" | "EVALUATION";
  part: string | null;
  dueOn: Date;
  pausedSince: Date | null;
  title: string;
  jenis: Jenis | null;
};

/** The held tasks with a due date on or after `from` (ISO day), soonest first, at most `limit` (the calendar feed). */
export async function heldDueTasks(prisma: Db, user: CurrentUser, from: string, limit: number): Promise<HeldDueTask[]> {
  const w = heldWhere(user);
  const rows = await prisma.$queryRaw<
    HeldDueTask[]
  >`SELECT t."id", t."caseId", t."rowNo", t."kind"::text AS "kind", t."part", t."dueOn", t."pausedSince", c."title", c."jenis"::text AS "jenis"
     ${w} AND t."dueOn" >= ${from}::date
     ORDER BY t."dueOn" ASC, t."id" ASC LIMIT ${Math.max(1, Math.floor(limit))}`;
  return rows;
}
