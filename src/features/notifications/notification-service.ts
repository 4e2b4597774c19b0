// In-app notifications: a task assigned, a case returned, due soon, overdue, an
// agreement expiring, an evaluation due. Created after the change has committed.
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";

/** Works on the client or inside a transaction (notifications are written with the change they report). */
type Db = PrismaClient | Prisma.TransactionClient;
import type { Role } from "../../generated/prisma/enums.js";
import { ROLE_LABELS } from "../../core/users/roles.js";
import { rowDef } from "../../core/sop/sop.js";
import { usersHolding } from "./holders.js";
import type { WorkflowEvent } from "../../core/workflow/events.js";

export const NOTIFICATION_KINDS = {
  TASK: "Tugas baru",
  RETURNED: "Dikembalikan",
  DUE_SOON: "Tenggat dekat",
  OVERDUE: "Terlambat",
  EXPIRING: "Perjanjian akan berakhir",
  EVALUATION: "Evaluasi",
  DECISION: "Keputusan",
  PROGRESS: "Laporan kemajuan",
  MILESTONE: "Kemajuan",
  ESCALATION: "Eskalasi",
  OBLIGATION: "Kewajiban",
  SECURITY: "Keamanan akun",
  SIGNATURE: "Tanda tangan",
} as const;
export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

/**
 * The dedupe keys of the notifications about one task, defined once: the daily job
 * writes them and markTasksRead finds them by their common prefix ("<kind>:<taskId>:").
 * notify() appends ":u<userId>".
 */
export const TASK_NOTICE_KINDS = ["task", "soon", "overdue"] as const;
export const taskNoticeKey = (kind: (typeof TASK_NOTICE_KINDS)[number], taskId: number, day?: string) =>
  day ? `${kind}:${taskId}:${day}` : `${kind}:${taskId}`;

/** Creates one notification per user; a dedupe key makes a reminder appear once only. */
export async function notify(prisma: Db, userIds: number[], n: { kind: NotificationKind; title: string; link?: string; dedupe?: string }): Promise<number> {
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

/** What a transition did, as the workflow announces it (workflow/events.ts), for its notices. */
export type TransitionNotice = Omit<Extract<WorkflowEvent, { type: "CaseTransitioned" }>, "type">;

const END_LABELS: Record<string, string> = {
  DONE: "Kerja sama ditutup",
  REJECTED: "Usulan tidak dilanjutkan",
  REFUSED: "Walikota tidak menyetujui usulan",
  DECLINED: "Calon mitra tidak menerima penawaran",
  WITHDRAWN: "Usulan ditarik",
};

/** "langkah 6 (Disposisi Walikota)" */
const rowName = (no: number | null) => (no === null ? "" : `langkah ${no} (${rowDef(no)?.kegiatan ?? "?"})`);
const by = (a: TransitionNotice["actor"]) => `oleh ${a.name} (${ROLE_LABELS[a.role]})`;

/** The holders of newly opened tasks are told what the task is; returns who was told. */
/** What a new-task notice says about a task (its case's title included). */
export type NoticeTask = { id: number; caseId: number; kind: string; rowNo: number; part: string | null; roles: Role[]; skpdId: number | null; title: string };

export async function notifyTasks(
  prisma: Db,
  taskIds: number[],
  opts: { actorId?: number; returned?: { by: string; reason: string | null } } = {},
): Promise<Set<number>> {
  if (!taskIds.length) return new Set();
  const tasks = await prisma.task.findMany({ where: { id: { in: taskIds } }, include: { case: { select: { title: true } } } });
  return notifyOpenedTasks(
    prisma,
    tasks.map((t) => ({ ...t, title: t.case.title })),
    opts,
  );
}

/** notifyTasks for tasks the caller has in hand (a transition just opened them): no query to find them again. */
export async function notifyOpenedTasks(
  prisma: Db,
  tasks: NoticeTask[],
  opts: { actorId?: number; returned?: { by: string; reason: string | null } } = {},
): Promise<Set<number>> {
  const told = new Set<number>();
  for (const t of tasks) {
    const users = (await usersHolding(prisma, t.roles, t.skpdId)).filter((id) => id !== opts.actorId);
    const part = t.part ? rowDef(t.rowNo)?.parts?.find((p) => p.id === t.part)?.label : null;
    const what = `${rowName(t.rowNo)}${part ? `, ${part}` : ""}`;
    await notify(prisma, users, {
      kind: opts.returned ? "RETURNED" : t.kind === "EVALUATION" ? "EVALUATION" : "TASK",
      title: opts.returned
        ? `Dikembalikan ke ${what} ${opts.returned.by}${opts.returned.reason ? `: "${opts.returned.reason}"` : ""} — ${t.title}`
        : `Tugas baru, ${what}: ${t.title}`,
      link: `/kasus/${t.caseId}`,
      dedupe: taskNoticeKey("task", t.id),
    });
    users.forEach((u) => told.add(u));
  }
  return told;
}

/** The proposing SKPD's users and the case's creator (not the actor). */
async function skpdSide(prisma: Db, n: TransitionNotice): Promise<number[]> {
  const ids = new Set(await usersHolding(prisma, ["SKPD"], n.skpdId));
  const creator = await prisma.user.findUnique({ where: { id: n.createdById }, select: { active: true } });
  if (creator?.active) ids.add(n.createdById);
  ids.delete(n.actor.id);
  return [...ids];
}

/**
 * With a transition, in its transaction: the holders of the new tasks are told what to
 * do (a return says who returned it and why); the proposing SKPD and the case's
 * creator are told of every end and milestone, with the reason and who decided;
 * notifications about the tasks just finished are marked read.
 */
export async function notifyTransition(prisma: Db, n: TransitionNotice): Promise<void> {
  const returned = n.effect === "return" ? { by: by(n.actor), reason: n.reason } : undefined;
  const told = await notifyOpenedTasks(prisma, n.opened, { actorId: n.actor.id, returned });
  let message: string | null = null;
  let kind: NotificationKind = "MILESTONE";
  if (n.effect === "end" && n.endStatus) {
    kind = "DECISION";
    message = `${END_LABELS[n.endStatus] ?? "Kasus selesai"} di ${rowName(n.fromRow)} ${by(n.actor)}${n.reason ? `. Alasan: "${n.reason}"` : ""} — ${n.title}`;
  } else if (n.effect === "return") {
    kind = "RETURNED";
    message = `Dikembalikan dari ${rowName(n.fromRow)} ke ${rowName(n.toRow)} ${by(n.actor)}${n.reason ? `: "${n.reason}"` : ""} — ${n.title}`;
  } else if (n.milestone) {
    message = `${n.milestone}${n.number ? ` (${n.number})` : ""} ${by(n.actor)} — ${n.title}`;
  }
  if (message) {
    const users = (await skpdSide(prisma, n)).filter((u) => !told.has(u));
    await notify(prisma, users, { kind, title: message, link: `/kasus/${n.caseId}` });
  }
  await markTasksRead(prisma, n.closedTaskIds);
}

/** A finished task's notifications (new task, due soon, overdue) need nobody's attention any more. */
export async function markTasksRead(prisma: Db, taskIds: number[]): Promise<void> {
  if (!taskIds.length) return;
  await prisma.notification.updateMany({
    where: {
      readAt: null,
      OR: taskIds.flatMap((id) => TASK_NOTICE_KINDS.map((k) => ({ dedupeKey: { startsWith: `${taskNoticeKey(k, id)}:` } }))),
    },
    data: { readAt: new Date() },
  });
}

export const unreadCount = (prisma: PrismaClient, userId: number) => prisma.notification.count({ where: { userId, readAt: null } });
