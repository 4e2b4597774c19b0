// The case log: every change to a case takes the case's lock, moves its version and
// appends one audit event, in the writer's transaction. One lock, one version rule,
// one conflict message, one shape of event data, for every writer (the transition,
// the proposal's edits, the register, the gates, meetings, evaluations, escalation).
//
// The lock is the version bump itself: one UPDATE that takes the row lock (a
// concurrent writer waits, then finds the version moved) and returns the case as it
// was. The event takes the new version as its sequence number, so two writers can
// never both append the same step (CaseEvent's unique (caseId, seq)).
import type { Case, Prisma } from "../../generated/prisma/client.js";
import type { Role } from "../../generated/prisma/enums.js";
import { conflict, notFound } from "../../platform/errors.js";

type Tx = Prisma.TransactionClient;

/** The one message for "someone else changed this case first". */
export const STALE_MESSAGE = "Kasus ini baru saja diproses oleh pengguna lain. Muat ulang halaman untuk melihat keadaan terbaru sebelum bertindak.";

/** A document a step stored, as the event names it. */
export type DocRef = { id: number; kind: string; version: number };

/** What an audit event may record besides its label: each fact named and typed once. */
export type CaseEventData = {
  /** The line the timeline shows. */
  label: string;
  /** An acting official (Plh/Plt): the actor, and whose position. */
  actingAs?: string;
  /** The part of a row with several parts. */
  part?: string;
  documents?: DocRef[];
  /** The values a step's form recorded (field name → value). */
  fields?: Record<string, string | null>;
  /** A city number given or replaced. */
  number?: string;
  /** The next task's due date (ISO). */
  due?: string | null;
  /** The case's new status, when it changed. */
  status?: string;
  /** The day a running agreement was ended early (ISO). */
  endedEarly?: string;
  /** Evaluation periods still missing when the cooperation was closed. */
  missingEvaluations?: string[];
  /** The SOP definition version the case started under. */
  definitionVersion?: string;
  /** The TKKSD meeting whose decision this is, and its minutes' number. */
  meetingId?: number;
  minutes?: string;
  /** A task's clock paused or resumed, or escalated. */
  taskId?: number;
  pausedWorkingDays?: number;
  oldDue?: string | null;
  newDue?: string | null;
  /** Escalation: the level reached and the working days late. */
  level?: number;
  lateWorkingDays?: number;
  /** A copy sent: its distribution record, the day sent, the numbered copy sent. */
  distributionId?: number;
  sentOn?: string;
  copyId?: number;
  /** An approval recorded before signing. */
  gate?: string;
  gateId?: number;
  /** An evaluation or progress report, and the schedule of progress reports. */
  period?: string;
  recommendation?: string | null;
  reportId?: number;
  from?: number | null;
  to?: number;
  obligationId?: number;
  /** A renewal: the case it renews, or the case that renews it. */
  renewalOf?: number;
  renewal?: number;
};

export type CaseEvent = {
  actorId: number | null;
  /** The role the actor acted in; none for the system's own events (escalation). */
  role: Role | null;
  action: string;
  /** The case's row before and after (the same row for an event that does not move it). */
  fromRow?: number | null;
  toRow?: number | null;
  reason?: string | null;
  createdAt?: Date;
  data: CaseEventData;
};

/**
 * Locks the case for the rest of the transaction and moves its version. With
 * `expectedVersion` (the version the user's form was made from), a case that moved
 * since gets the conflict message (409); a case that does not exist, 404. Returns the
 * case as it was before the lock, and the sequence number of the event to append.
 */
export async function lockCase(tx: Tx, caseId: number, expectedVersion?: number): Promise<{ case: Case; seq: number }> {
  const locked = await tx.case
    .update({ where: { id: caseId, ...(expectedVersion !== undefined ? { version: expectedVersion } : {}) }, data: { version: { increment: 1 } } })
    .catch((e: unknown) => {
      if ((e as { code?: string }).code === "P2025") return null;
      throw e;
    });
  if (!locked) {
    const exists = await tx.case.count({ where: { id: caseId } });
    throw exists ? conflict(STALE_MESSAGE) : notFound("Kasus tidak ditemukan.");
  }
  return { case: { ...locked, version: locked.version - 1 }, seq: locked.version };
}

/** An event as its row in CaseEvent (the one mapping both writers use). */
const eventRow = (caseId: number, seq: number, e: CaseEvent) => ({
  caseId,
  seq,
  actorId: e.actorId,
  role: e.role,
  action: e.action,
  fromRow: e.fromRow ?? null,
  toRow: e.toRow ?? null,
  reason: e.reason ?? null,
  data: e.data,
  ...(e.createdAt ? { createdAt: e.createdAt } : {}),
});

/** Appends one event to a locked case's log (`seq` from lockCase). */
export async function appendCaseEvent(tx: Tx, caseId: number, seq: number, e: CaseEvent): Promise<void> {
  await tx.caseEvent.create({ select: { id: true }, data: eventRow(caseId, seq, e) });
}

/**
 * The same for a set writer (the daily escalation): locks many cases in one statement,
 * moving each case's version by the number of events it will append (`counts`: case id
 * → events). Returns each case's first sequence number; its events take it and the
 * following ones, in order.
 */
export async function lockCases(tx: Tx, counts: Map<number, number>, now: Date): Promise<Map<number, number>> {
  if (!counts.size) return new Map();
  const bumped = await tx.$queryRaw<{ id: number; version: number }[]>`
    UPDATE "Case" c SET "version" = c."version" + v."n", "updatedAt" = (${now.toISOString()}::timestamptz AT TIME ZONE 'UTC')
      FROM unnest(${[...counts.keys()]}::int[], ${[...counts.values()]}::int[]) AS v("id", "n")
     WHERE c."id" = v."id"
    RETURNING c."id", c."version"`;
  return new Map(
    bumped.map((c) => {
      const n = counts.get(c.id);
      // RETURNING gives back exactly the ids the statement was given.
      if (n === undefined) throw new Error(`Invariant: case ${c.id} came back from a version bump it was not in`);
      return [c.id, c.version - n + 1];
    }),
  );
}

/** Appends events to cases locked by lockCases, in one statement. */
export async function appendCaseEvents(tx: Tx, events: (CaseEvent & { caseId: number; seq: number })[]): Promise<void> {
  if (!events.length) return;
  await tx.caseEvent.createMany({ data: events.map((e) => eventRow(e.caseId, e.seq, e)) });
}
