// A user's own notifications: the list, opening one (marks it read), marking all read.
import type { PrismaClient } from "../../generated/prisma/client.js";
import { notFound } from "../../platform/errors.js";
import { notification as notificationPolicy } from "../../core/policies/index.js";
import type { CurrentUser } from "../../core/users/roles.js";

/** The user's latest 100 notifications, newest first. */
export const latestNotifications = (prisma: PrismaClient, user: CurrentUser) =>
  prisma.notification.findMany({ where: notificationPolicy.scope(user), orderBy: { id: "desc" }, take: 100 });

/** Opens one of the user's notifications (404 for anyone else's) and marks it read. */
export async function openNotification(prisma: PrismaClient, user: CurrentUser, id: number) {
  const n = await prisma.notification.findUnique({ where: { id } });
  if (!n || !notificationPolicy.can(user, "markRead", n)) throw notFound("Notifikasi tidak ditemukan.");
  if (!n.readAt) await prisma.notification.update({ where: { id: n.id }, data: { readAt: new Date() } });
  return n;
}

export async function markAllRead(prisma: PrismaClient, user: CurrentUser): Promise<void> {
  await prisma.notification.updateMany({ where: { ...notificationPolicy.scope(user), readAt: null }, data: { readAt: new Date() } });
}
