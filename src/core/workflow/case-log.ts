// The case log: every change to a case takes the case's lock, moves its version and
// appends one audit event, in the writer's transaction. One lock, one version rule,
// one conflict message, one typed event per kind of action, for every writer (the transition,
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

/** What every event's data may carry: the line the timeline shows, who acted for whom, the documents stored. */
type EventBase = {
  /** The line the timeline shows. */
  label: string;
  /** An acting official (Plh/Plt): the actor, and whose position. */
  actingAs?: string;
  documents?: DocRef[];
};

/** The TKKSD meeting whose decision this is, and its minutes' number. */
export type MeetingRef = { meetingId?: number; minutes?: string };

/**
 * The action id of an SOP step (ActionDef.id, or the withdrawal's): kept apart from the
 * fixed actions below, so that a step's event cannot be written under an escalation's
 * or a distribution's name (nor the other way round). stepAction() makes one.
 */
export type StepAction = string & { readonly __stepAction: true };
export const stepAction = (id: string) => id as StepAction;

/** A transition: one SOP action taken at a row. */
export type StepData = EventBase &
  MeetingRef & {
    /** The part of a row with several parts. */
    part?: string;
    /** The values a step's form recorded (field name → value). */
    fields?: Record<string, string | null>;
    /** The city number given. */
    number?: string;
    /** Where that number comes from, when not the register's counter: SRIKANDI, with its date (ISO). */
    numberSource?: "SRIKANDI";
    numberDate?: string;
    /** The next task's due date (ISO). */
    due?: string;
    /** The case's new status, when it changed. */
    status?: string;
    /** The day a running agreement was ended early (ISO). */
    endedEarly?: string;
    /** Evaluation periods still missing when the cooperation was closed. */
    missingEvaluations?: string[];
  };
/** A draft created: its first task's due date and the SOP definition version it starts under. */
export type DraftCreatedData = EventBase & { due: string | null; definitionVersion: string };
/** A running agreement recorded after the fact: its first task's due date. */
export type LegacyAgreementData = EventBase & { due: string | null };
/** A renewal's draft, naming the case it renews. */
export type RenewalDraftData = EventBase & { renewalOf: number; due: string | null };
/** The renewed case, naming the case that renews it. */
export type RenewedData = EventBase & { renewal: number };
/** Documents uploaded (or a letter made from a template) outside a step. */
export type DocumentsData = EventBase & { documents: DocRef[] };
/** A task's clock paused. */
export type PausedData = EventBase & { taskId: number };
/** A task's clock resumed: the working days it was paused, and the due date it moved from and to. */
export type ResumedData = EventBase & { taskId: number; pausedWorkingDays: number; oldDue: string | null; newDue: string | null };
/** A late task escalated: the level reached and the working days late. */
export type EscalatedData = EventBase & { taskId: number; level: number; lateWorkingDays: number };
/** A city number voided, replaced, or its numbered copy made. */
export type NumberData = EventBase & { number: string };
/** A numbered copy made (with its document). */
export type NumberedCopyData = NumberData & { documents: DocRef[] };
/** A copy sent: its distribution record, the day sent, its number and the numbered copy sent. */
export type DistributionData = EventBase & { distributionId: number; sentOn: string; number: string; copyId?: number };
/** An approval recorded before signing (a meeting's, when the TKKSD gave it). */
export type GateData = EventBase & MeetingRef & { gate: string; gateId: number; documents: DocRef[] };
/** A TKKSD meeting that did not agree: its minutes. */
export type MeetingNotAgreedData = EventBase & MeetingRef & { documents: DocRef[] };
/** An ad hoc evaluation started. */
export type EvaluationStartedData = EventBase & { period: string };
/** An evaluation (or the SKPD's own report) filled in. */
export type EvaluationData = EventBase & { period: string; recommendation: string | null };
/** A progress report. */
export type ProgressReportData = EventBase & { reportId: number };
/** The schedule of progress reports changed (months). */
export type ProgressScheduleData = EventBase & { from: number | null; to: number };
/** An obligation recorded or withdrawn. */
export type ObligationData = EventBase & { obligationId: number };
/** An electronic signature (paraf or signature) on a document, or a person settling one whose outcome was unknown. */
export type SignatureData = EventBase & { requestId: number; purpose: string; provider: string; signer: string; documents: DocRef[] };
/** An outgoing letter's number from SRIKANDI recorded (its signed PDF, when uploaded, in `documents`). */
export type SrikandiLetterData = EventBase & { letter: string; number: string; numberedOn: string };
/** Only the label (and the reason on the event): a proposal edited, an agreement ended early or let end. */
export type NoteData = EventBase;

/**
 * What an event records, keyed by its action: one data type per kind of event, so a
 * writer names exactly the facts of its kind. The stored JSON is the data as it was
 * (the action is the event's own column): rows written before these types read the same.
 */
export type CaseEventBody =
  | { action: StepAction; data: StepData }
  | { action: "buat"; data: DraftCreatedData }
  | { action: "perjanjian_lama"; data: LegacyAgreementData }
  | { action: "perpanjangan"; data: RenewalDraftData | RenewedData }
  | { action: "ubah" | "akhiri_awal" | "biarkan_berakhir"; data: NoteData }
  | { action: "unggah" | "buat_dokumen"; data: DocumentsData }
  | { action: "tunda"; data: PausedData }
  | { action: "lanjutkan"; data: ResumedData }
  | { action: "eskalasi"; data: EscalatedData }
  | { action: "batal_nomor" | "nomor_pengganti"; data: NumberData }
  | { action: "salinan_bernomor"; data: NumberedCopyData }
  | { action: "distribusi"; data: DistributionData }
  | { action: "persetujuan"; data: GateData }
  | { action: "tkksd_belum_setuju"; data: MeetingNotAgreedData }
  | { action: "evaluasi_insidentil"; data: EvaluationStartedData }
  | { action: "evaluasi" | "evaluasi_mandiri"; data: EvaluationData }
  | { action: "laporan_kemajuan"; data: ProgressReportData }
  | { action: "jadwal_laporan"; data: ProgressScheduleData }
  | { action: "kewajiban_dicatat" | "kewajiban_ditarik"; data: ObligationData }
  | { action: "tanda_tangan" | "tanda_tangan_diselesaikan"; data: SignatureData }
  | { action: "nomor_srikandi"; data: SrikandiLetterData };

/** The data of any event (what a reader may find in CaseEvent.data). */
export type CaseEventData = CaseEventBody["data"];

export type CaseEvent = CaseEventBody & {
  actorId: number | null;
  /** The role the actor acted in; none for the system's own events (escalation). */
  role: Role | null;
  /** The case's row before and after (the same row for an event that does not move it). */
  fromRow?: number | null;
  toRow?: number | null;
  reason?: string | null;
  createdAt?: Date;
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
