// The webhook outbox: an event becomes one delivery row per active endpoint that wants
// it, written in the transaction of the change it reports (both commit, or neither).
// The sender (sender.ts) posts them afterwards. A delivery is once per endpoint and
// event key, so a rerun (the daily job taken over, a listener called twice) writes
// nothing twice.
import { randomUUID } from "node:crypto";
import type { Prisma } from "../../generated/prisma/client.js";
import { fromDbDate, todayJakarta, toDbDate } from "../../core/calendar/calendar.js";
import { addDays } from "../../platform/http/dates.js";
import { agreementStatus } from "../agreements/status.js";
import type { AgreementEventType, WebhookEventType } from "./events.js";

type Tx = Prisma.TransactionClient;

/** The agreement an event is about: a row of the register, or a case before its number (signed). */
export type AgreementRef = { agreementId: number } | { caseId: number; kind?: "MOU" | "PKS" };

/** The status in the payload: the register's, without its "ending soon" window (that is an event of its own). */
export type WebhookAgreementStatus = "SIGNED" | "ACTIVE" | "EXPIRED" | "ENDED_EARLY" | "EXTENDED";

export type AgreementData = {
  agreementId: number | null;
  caseId: number;
  kind: "MOU" | "PKS";
  number: string | null;
  partnerNumber: string | null;
  title: string;
  skpd: { code: string; name: string };
  partner: string | null;
  signedOn: string | null;
  startDate: string | null;
  endDate: string | null;
  status: WebhookAgreementStatus;
};

const iso = (d: Date | null | undefined) => (d ? fromDbDate(d) : null);
const caseSelect = {
  id: true,
  title: true,
  partnerName: true,
  signedMouOn: true,
  signedPksOn: true,
  mouEnd: true,
  agreementStart: true,
  agreementEnd: true,
  skpd: { select: { code: true, name: true } },
  renewals: { select: { agreements: { select: { id: true } } } },
} satisfies Prisma.CaseSelect;

type AgreementRow = {
  id: number;
  caseId: number;
  kind: "MOU" | "PKS";
  cityNumber: string | null;
  partnerNumber: string | null;
  signedOn: Date | null;
  startDate: Date;
  endDate: Date;
  endedEarlyAt: Date | null;
};
type CaseRow = Prisma.CaseGetPayload<{ select: typeof caseSelect }>;

/** The agreement a ref names among those loaded (a case's latest naskah, its PKS, when no kind is given). */
function pick(ref: AgreementRef, agreements: AgreementRow[]): AgreementRow | undefined {
  if ("agreementId" in ref) return agreements.find((a) => a.id === ref.agreementId);
  const own = agreements.filter((a) => a.caseId === ref.caseId);
  return ref.kind ? own.find((a) => a.kind === ref.kind) : (own.find((a) => a.kind === "PKS") ?? own.find((a) => a.kind === "MOU"));
}

function dataOf(ref: AgreementRef, a: AgreementRow | undefined, c: CaseRow, now: Date): AgreementData {
  const common = { caseId: c.id, title: c.title, skpd: c.skpd, partner: c.partnerName };
  if (!a) {
    // Signed, not yet numbered: the dates recorded at the signing step.
    const kind = ("kind" in ref && ref.kind) || "MOU";
    return {
      ...common,
      agreementId: null,
      kind,
      number: null,
      partnerNumber: null,
      signedOn: iso(kind === "MOU" ? c.signedMouOn : c.signedPksOn),
      startDate: iso(kind === "MOU" ? c.signedMouOn : c.agreementStart),
      endDate: iso(kind === "MOU" ? c.mouEnd : c.agreementEnd),
      status: "SIGNED",
    };
  }
  const renewed = c.renewals.some((r) => r.agreements.length > 0);
  const s = agreementStatus(a, renewed, 0, todayJakarta(now));
  return {
    ...common,
    agreementId: a.id,
    kind: a.kind,
    number: a.cityNumber,
    partnerNumber: a.partnerNumber,
    signedOn: iso(a.signedOn),
    startDate: iso(a.startDate),
    endDate: iso(a.endDate),
    status: s === "EXPIRING" ? "ACTIVE" : s,
  };
}

/**
 * What a receiver is told about each ref's agreement (no values, notes or documents),
 * in two statements whatever their number (the daily job works in sets). Null for a
 * ref that names nothing.
 */
export async function agreementData(tx: Tx, refs: AgreementRef[], now: Date): Promise<(AgreementData | null)[]> {
  const ids = refs.flatMap((r) => ("agreementId" in r ? [r.agreementId] : []));
  const caseIds = refs.flatMap((r) => ("caseId" in r ? [r.caseId] : []));
  const agreements: AgreementRow[] = await tx.agreement.findMany({ where: { OR: [{ id: { in: ids } }, { caseId: { in: caseIds } }] } });
  const allCases = [...new Set([...caseIds, ...agreements.map((a) => a.caseId)])];
  const cases = new Map((await tx.case.findMany({ where: { id: { in: allCases } }, select: caseSelect })).map((c) => [c.id, c]));
  return refs.map((ref) => {
    const a = pick(ref, agreements);
    const c = cases.get(a?.caseId ?? ("caseId" in ref ? ref.caseId : -1));
    if (!c || ("agreementId" in ref && !a)) return null;
    return dataOf(ref, a, c, now);
  });
}

/** The envelope every delivery carries (docs/webhooks.md). */
export type Envelope = { id: string; type: WebhookEventType; occurredAt: string; data: Record<string, unknown> };

export const newMessageId = () => `msg_${randomUUID().replaceAll("-", "")}`;

/** The JSON body of one delivery, with its message id. */
export function envelope(type: WebhookEventType, occurredAt: Date, data: Record<string, unknown>): { messageId: string; body: string } {
  const messageId = newMessageId();
  const e: Envelope = { id: messageId, type, occurredAt: occurredAt.toISOString(), data };
  return { messageId, body: JSON.stringify(e) };
}

export type AgreementEvent = {
  type: AgreementEventType;
  ref: AgreementRef;
  /** Once per endpoint: e.g. "numbered:12", "ending_soon:12:30". */
  key: string;
  occurredAt: Date;
  /** Facts of this event beside the agreement's (the reminder's days, the end's reason, the evaluation). */
  extra?: Record<string, unknown>;
};

/**
 * Writes the deliveries of `events` for every active endpoint that wants them, in `tx`.
 * Returns how many were written (those already written for the same key are skipped).
 */
export async function recordAgreementEvents(tx: Tx, events: AgreementEvent[]): Promise<number> {
  if (!events.length) return 0;
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { active: true, events: { hasSome: [...new Set(events.map((e) => e.type))] } },
    select: { id: true, events: true },
  });
  if (!endpoints.length) return 0;
  const wanted = events.filter((e) => endpoints.some((p) => p.events.includes(e.type)));
  const data = await agreementData(
    tx,
    wanted.map((e) => e.ref),
    wanted[0]?.occurredAt ?? new Date(),
  );
  const rows: Prisma.WebhookDeliveryCreateManyInput[] = [];
  for (const [i, e] of wanted.entries()) {
    const agreement = data[i];
    if (!agreement) continue;
    for (const p of endpoints.filter((x) => x.events.includes(e.type))) {
      const { messageId, body } = envelope(e.type, e.occurredAt, { ...agreement, ...(e.extra ?? {}) });
      rows.push({ endpointId: p.id, messageId, eventKey: e.key, type: e.type, body, nextAttemptAt: e.occurredAt, createdAt: e.occurredAt });
    }
  }
  if (!rows.length) return 0;
  return (await tx.webhookDelivery.createMany({ data: rows, skipDuplicates: true })).count;
}

/** One event, in the transaction of its change. */
export const recordAgreementEvent = (tx: Tx, e: AgreementEvent) => recordAgreementEvents(tx, [e]);

/** "ended" is once per agreement, whichever way it ended first. */
export const endedKey = (agreementId: number) => `ended:${agreementId}`;

/** How far back the daily job looks for agreements whose end date passed (a job missed for days still reports them). */
export const ENDED_LOOKBACK_DAYS = 7;

/** The daily job's reminder for an agreement, as an event (once per reminder day, like its notice). */
export const endingSoonEvent = (agreementId: number, daysLeft: number, mark: number, now: Date): AgreementEvent => ({
  type: "agreement.ending_soon",
  ref: { agreementId },
  key: `ending_soon:${agreementId}:${mark}`,
  occurredAt: now,
  extra: { reminder: { daysLeft, mark } },
});

/** Agreements whose end date passed in the last days (not ended early), as "ended" events. */
export async function endedByDate(tx: Tx, today: string, now: Date): Promise<AgreementEvent[]> {
  const rows = await tx.agreement.findMany({
    where: { endedEarlyAt: null, endDate: { lt: toDbDate(today), gte: toDbDate(addDays(today, -ENDED_LOOKBACK_DAYS)) } },
    select: { id: true, endDate: true },
  });
  return rows.map((a) => ({
    type: "agreement.ended",
    ref: { agreementId: a.id },
    key: endedKey(a.id),
    occurredAt: now,
    extra: { end: { reason: "EXPIRED", on: fromDbDate(a.endDate) } },
  }));
}
