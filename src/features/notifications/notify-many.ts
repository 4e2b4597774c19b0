// Notifications for many items at once (the daily job, escalations): who holds which
// roles is read in one statement for the whole batch (holders.ts), and every notice of
// the batch is written in one statement, whatever the number of due items.
import { Prisma, type PrismaClient } from "../../generated/prisma/client.js";
import type { NotificationKind } from "./notification-service.js";

type Db = PrismaClient | Prisma.TransactionClient;

export { holdersOn, type Holders } from "./holders.js";

export type Notice = { userIds: number[]; kind: NotificationKind; title: string; link?: string; dedupe?: string };

/**
 * Writes the notifications of many notices in one statement, each user once per notice;
 * a dedupe key makes a reminder appear once only (as notify() does). Returns the rows
 * written (those already there are skipped), with their kind and key.
 */
export async function notifyMany(prisma: Db, notices: Notice[]): Promise<{ kind: string; dedupeKey: string | null }[]> {
  const data = notices.flatMap((n) =>
    [...new Set(n.userIds)].map((userId) => ({
      userId,
      kind: n.kind,
      title: n.title.slice(0, 300),
      link: n.link ?? null,
      dedupeKey: n.dedupe ? `${n.dedupe}:u${userId}` : null,
    })),
  );
  if (!data.length) return [];
  return prisma.notification.createManyAndReturn({ data, skipDuplicates: true, select: { kind: true, dedupeKey: true } });
}

/** How many of `rows` are of `kind`. */
export const countKind = (rows: { kind: string }[], kind: NotificationKind) => rows.filter((r) => r.kind === kind).length;
