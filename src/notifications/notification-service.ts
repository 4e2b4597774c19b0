// In-app notifications: a task assigned, a case returned, due soon, overdue, an
// agreement expiring, an evaluation due. Created after the change has committed.
import type { PrismaClient } from "../generated/prisma/client.js";
import type { Role } from "../generated/prisma/enums.js";

export const NOTIFICATION_KINDS = {
  TASK: "Tugas baru",
  RETURNED: "Dikembalikan",
  DUE_SOON: "Tenggat dekat",
  OVERDUE: "Terlambat",
  EXPIRING: "Perjanjian akan berakhir",
  EVALUATION: "Evaluasi",
} as const;
export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

/** Active users holding any of `roles` (SKPD role only for `skpdId`). Raw SQL: see inbox-service on enum arrays. */
export async function usersHolding(prisma: PrismaClient, roles: Role[], skpdId: number | null): Promise<number[]> {
  const nonSkpd = roles.filter((r) => r !== "SKPD");
  const rows = await prisma.$queryRawUnsafe<{ id: number }[]>(
    `SELECT "id" FROM "User" WHERE "active" AND ("roles" && $1::"Role"[] OR ($2::boolean AND 'SKPD' = ANY("roles") AND "skpdId" = $3))`,
    `{${nonSkpd.join(",")}}`,
    roles.includes("SKPD"),
    skpdId ?? -1,
  );
  return rows.map((r) => Number(r.id));
}

/** Creates one notification per user; a dedupe key makes a reminder appear once only. */
export async function notify(
  prisma: PrismaClient,
  userIds: number[],
  n: { kind: NotificationKind; title: string; link?: string; dedupe?: string },
): Promise<number> {
  if (!userIds.length) return 0;
  const r = await prisma.notification.createMany({
    data: userIds.map((userId) => ({
      userId,
      kind: n.kind,
      title: n.title.slice(0, 300),
      link: n.link ?? null,
      dedupeKey: n.dedupe ? `${n.dedupe}:u${userId}` : null,
    })),
    skipDuplicates: true,
  });
  return r.count;
}

/** After a transition: the holders of the new open tasks are told; a return says so. */
export async function notifyNewTasks(prisma: PrismaClient, caseId: number, opts: { returned?: boolean; actorId?: number } = {}) {
  const c = await prisma.case.findUnique({ where: { id: caseId }, select: { title: true, tasks: { where: { status: "OPEN" }, orderBy: { id: "desc" } } } });
  if (!c) return;
  const latest = c.tasks.filter((t) => t.createdAt.getTime() >= Date.now() - 60_000);
  for (const t of latest) {
    const users = (await usersHolding(prisma, t.roles, t.skpdId)).filter((id) => id !== opts.actorId);
    await notify(prisma, users, {
      kind: opts.returned ? "RETURNED" : t.kind === "EVALUATION" ? "EVALUATION" : "TASK",
      title: opts.returned ? `Dikembalikan untuk perbaikan: ${c.title} (langkah ${t.rowNo})` : `Tugas baru langkah ${t.rowNo}: ${c.title}`,
      link: `/kasus/${caseId}`,
      dedupe: `task:${t.id}`,
    });
  }
}

export const unreadCount = (prisma: PrismaClient, userId: number) => prisma.notification.count({ where: { userId, readAt: null } });
