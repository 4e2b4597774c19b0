// One event on a case's timeline, written in the caller's transaction: the case's
// version moves (so a second tab or a replayed form meets a conflict instead of
// writing over it) and the event takes the new version as its sequence number.
import type { Prisma } from "../../generated/prisma/client.js";
import type { Role } from "../../generated/prisma/enums.js";
import { appendCaseEvent, lockCase, type CaseEventBody } from "../../core/workflow/case-log.js";

/** An event of any kind (its action and data, case-log.ts), by a user acting in a role. */
export type TimelineEvent = CaseEventBody & {
  actorId: number;
  role: Role;
  reason?: string | null;
  createdAt?: Date;
};

export async function recordOnTimeline(tx: Prisma.TransactionClient, caseId: number, e: TimelineEvent) {
  const { case: c, seq } = await lockCase(tx, caseId);
  await appendCaseEvent(tx, caseId, seq, { ...e, fromRow: c.currentRow, toRow: c.currentRow });
  return c;
}
