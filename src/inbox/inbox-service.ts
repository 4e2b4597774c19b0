// What the user's roles hold now: open tasks, SKPD users limited to their own unit.
import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import type { Jenis, Role } from "../generated/prisma/enums.js";
import type { CurrentUser } from "../users/roles.js";
import { todayJakarta, toDbDate } from "../workflow/calendar.js";

export type InboxFilter = { row?: number; skpdId?: number; jenis?: Jenis; overdue?: boolean; q?: string; page: number };
export const PAGE_SIZE = 25;

/**
 * Ids of the open tasks the user holds. Raw SQL because the PGlite adapter
 * serialises enum-array parameters wrongly (has/hasSome fail with "malformed array literal").
 */
export async function heldTaskIds(prisma: Pick<PrismaClient, "$queryRawUnsafe">, user: CurrentUser): Promise<number[]> {
  const nonSkpd = user.roles.filter((r) => r !== "SKPD") as Role[];
  const rows = await prisma.$queryRawUnsafe<{ id: number }[]>(
    `SELECT "id" FROM "Task" WHERE "status" = 'OPEN'
       AND ("roles" && $1::"Role"[] OR ('SKPD' = ANY("roles") AND "skpdId" = $2))`,
    `{${nonSkpd.join(",")}}`,
    user.roles.includes("SKPD") && user.skpdId ? user.skpdId : -1,
  );
  return rows.map((r) => Number(r.id));
}

export function taskWhere(ids: number[], f: Omit<InboxFilter, "page"> = {}): Prisma.TaskWhereInput {
  const caseWhere: Prisma.CaseWhereInput = { status: { in: ["DRAFT", "IN_PROGRESS"] } };
  if (f.skpdId) caseWhere.skpdId = f.skpdId;
  if (f.jenis) caseWhere.jenis = f.jenis;
  if (f.q) {
    caseWhere.OR = [
      { title: { contains: f.q, mode: "insensitive" } },
      { partnerName: { contains: f.q, mode: "insensitive" } },
    ];
  }
  return {
    status: "OPEN",
    id: { in: ids },
    ...(f.row ? { rowNo: f.row } : {}),
    ...(f.overdue ? { dueOn: { lt: toDbDate(todayJakarta()) }, pausedSince: null } : {}),
    case: caseWhere,
  };
}

export async function inbox(prisma: PrismaClient, user: CurrentUser, f: InboxFilter) {
  const where = taskWhere(await heldTaskIds(prisma, user), f);
  const [total, tasks] = await Promise.all([
    prisma.task.count({ where }),
    prisma.task.findMany({
      where,
      orderBy: [{ dueOn: { sort: "asc", nulls: "last" } }, { id: "asc" }],
      skip: (f.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      include: { case: { include: { skpd: { select: { code: true, name: true } } } } },
    }),
  ]);
  return { total, tasks, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

export const inboxCount = async (prisma: PrismaClient, user: CurrentUser) =>
  prisma.task.count({ where: taskWhere(await heldTaskIds(prisma, user)) });
