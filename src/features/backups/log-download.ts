// A backup holds every document and every account: each download is in the admin log,
// written before the first byte leaves (a download cut off halfway is still a download).
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { CurrentUser } from "../../core/users/roles.js";

export async function logBackupDownload(
  prisma: PrismaClient,
  user: CurrentUser,
  backup: { name: string; size: number },
  ip: string | undefined,
): Promise<void> {
  await prisma.adminLog.create({ data: { actorId: user.id, action: "backup.download", target: backup.name, detail: { size: backup.size, ip: ip ?? null } } });
}
