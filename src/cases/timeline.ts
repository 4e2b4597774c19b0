// One event on a case's timeline, written in the caller's transaction: the case's
// version moves (so a second tab or a replayed form meets a conflict instead of
// writing over it) and the event takes the new version as its sequence number.
import type { Prisma } from "../generated/prisma/client.js";
import type { Role } from "../generated/prisma/enums.js";
import { conflict } from "../http/errors.js";

export type TimelineEvent = {
  actorId: number;
  role: Role;
  action: string;
  data: Prisma.InputJsonObject & { label: string };
  reason?: string | null;
  createdAt?: Date;
};

export async function recordOnTimeline(tx: Prisma.TransactionClient, caseId: number, e: TimelineEvent) {
  const c = await tx.case.findUniqueOrThrow({ where: { id: caseId } });
  const r = await tx.case.updateMany({ where: { id: caseId, version: c.version }, data: { version: { increment: 1 } } });
  if (r.count !== 1) throw conflict("Kasus baru saja berubah; coba lagi.");
  await tx.caseEvent.create({
    data: {
      caseId, seq: c.version + 1, actorId: e.actorId, role: e.role, action: e.action, fromRow: c.currentRow, toRow: c.currentRow,
      reason: e.reason ?? null, data: e.data, ...(e.createdAt ? { createdAt: e.createdAt } : {}),
    },
  });
  return c;
}
