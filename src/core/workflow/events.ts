// What a transition announces, and who listens. The workflow engine changes a
// case's row and status and writes its audit event; everything else a step sets off
// (an agreement number, the numbered copy, the TKKSD agenda, the notices) belongs to
// a feature that listens here. The engine imports none of them: the features
// register their listeners at start (src/wiring.ts), and the engine refuses to run
// before they have.
//
// Three moments, each with its own contract:
//   - checks: read-only refusals (a 4xx AppError), before the transaction (`preflight`)
//     or in it, on the claimed case, before anything changes (`guard`);
//   - in the transaction: effects that must commit with the step or not at all;
//     a listener may contribute facts to the audit event and the result;
//   - after the commit: effects that may fail on their own (the numbered copy), whose
//     outcome is reported with the result.
import type { Case, Prisma, PrismaClient } from "../../generated/prisma/client.js";
import type { Role } from "../../generated/prisma/enums.js";
import type { CurrentUser, RoleName } from "../users/roles.js";
import type { ActionDef, RowDef } from "../sop/sop.js";

type Tx = Prisma.TransactionClient;

/** A task a transition opened (its holders are told). */
export type OpenedTask = { id: number; caseId: number; kind: "ROW"; rowNo: number; part: string | null; roles: Role[]; skpdId: number | null; title: string };

/** The case as the transition found it (claimed, at the version the user saw). */
export type TransitionCase = Case;

/**
 * A number the city's letter already has from SRIKANDI (the national records
 * application, where letters are drafted, numbered and signed): a numbering step
 * records it instead of taking one from the register's counter, and the signed PDF
 * uploaded with it (`documentId`, stored by the step) is the numbered copy.
 */
export type ExternalNumber = { source: "SRIKANDI"; number: string; date: string };

/** What the transition is about to do, for the checks. */
export type TransitionAttempt = {
  case: TransitionCase;
  row: RowDef;
  action: ActionDef;
  user: CurrentUser;
  fields: Record<string, string | null>;
  /** A numbering step that records a SRIKANDI number (no counter, no stamping). */
  external?: ExternalNumber | null;
};

/** The events a transition announces (a discriminated union on `type`). */
export type WorkflowEvent =
  /** The case entered a new row (not an end). */
  | { type: "RowEntered"; case: TransitionCase; row: number; today: string; now: Date }
  /** The step gives the signed MoU or PKS its city number (rows 13 and 18). */
  /** `external`: the number is SRIKANDI's, recorded as it is (no counter moves). */
  | {
      type: "NumberRequested";
      case: TransitionCase;
      kind: "MOU" | "PKS";
      partnerNumber: string | null;
      userId: number;
      now: Date;
      external: ExternalNumber | null;
    }
  /** The number was given: the agreement goes into the register, its numbered copy is owed (or, for a SRIKANDI number, is the step's upload: `documents`). */
  | {
      type: "NumberGiven";
      case: TransitionCase;
      kind: "MOU" | "PKS";
      number: string;
      numberId: number;
      partnerNumber: string | null;
      external: ExternalNumber | null;
      /** The documents the step stored (a SRIKANDI number's signed PDF among them). */
      documents: { id: number; kind: string }[];
    }
  /** The step is done: state changed, audit event written. */
  | {
      type: "CaseTransitioned";
      caseId: number;
      title: string;
      skpdId: number;
      createdById: number;
      actor: { id: number; name: string; role: RoleName };
      effect: ActionDef["effect"];
      actionLabel: string;
      fromRow: number | null;
      toRow: number | null;
      endStatus: string | null;
      reason: string | null;
      milestone: string | null;
      number: string | null;
      opened: OpenedTask[];
      closedTaskIds: number[];
    };

export type WorkflowEventType = WorkflowEvent["type"];
type EventOf<T extends WorkflowEventType> = Extract<WorkflowEvent, { type: T }>;

/** What an in-transaction listener may add: facts for the audit event and the result. */
export type Contribution = { number?: string; numberId?: number };

/** What an after-commit listener reports back (the numbered copy's outcome). */
export type AfterCommitOutcome = { copy?: { ok: true } | { ok: false; message: string } };

/** The transition's result, as after-commit listeners see it. */
export type Committed = { caseId: number; userId: number; numberId?: number; appUrl: string; now?: Date };

type InTx<T extends WorkflowEventType> = (tx: Tx, e: EventOf<T>) => Promise<Contribution | undefined> | Promise<void>;
type Check = (db: Tx, attempt: TransitionAttempt) => Promise<void>;
type Preflight = (prisma: PrismaClient, attempt: TransitionAttempt) => Promise<void>;
type AfterCommit = (prisma: PrismaClient, done: Committed) => Promise<AfterCommitOutcome | undefined> | Promise<void>;

const listeners: { [T in WorkflowEventType]: { name: string; fn: InTx<T> }[] } = { RowEntered: [], NumberRequested: [], NumberGiven: [], CaseTransitioned: [] };
const guards: { name: string; fn: Check }[] = [];
const preflights: { name: string; fn: Preflight }[] = [];
const afterCommits: { name: string; fn: AfterCommit }[] = [];
let sealed = false;

const once = <X extends { name: string }>(list: X[], item: X) => {
  if (!list.some((l) => l.name === item.name)) list.push(item);
};

/** A feature listens to an event, in the transition's transaction (registration is idempotent by name). */
export function on<T extends WorkflowEventType>(type: T, name: string, fn: InTx<T>): void {
  once(listeners[type] as { name: string; fn: InTx<T> }[], { name, fn });
}
/** A feature refuses a step on the claimed case, in the transaction, before anything changes. */
export function guard(name: string, fn: Check): void {
  once(guards, { name, fn });
}
/** A feature refuses a step before the transaction (e.g. a file that must open). */
export function preflight(name: string, fn: Preflight): void {
  once(preflights, { name, fn });
}
/** A feature acts after the commit; its failure does not undo the step. */
export function afterCommit(name: string, fn: AfterCommit): void {
  once(afterCommits, { name, fn });
}

/** Marks the listeners complete: from now on transitions may run. */
export function seal(): void {
  sealed = true;
}

function assertSealed() {
  // A transition without its listeners would skip numbers, notices and agendas silently.
  if (!sealed) throw new Error("Workflow listeners are not registered: call wireFeatures() (src/wiring.ts) at start.");
}

/** Announces an event in the transaction; returns what the listeners contributed. */
export async function announce<T extends WorkflowEventType>(tx: Tx, e: EventOf<T>): Promise<Contribution> {
  assertSealed();
  const out: Contribution = {};
  for (const l of listeners[e.type] as { name: string; fn: InTx<T> }[]) Object.assign(out, (await l.fn(tx, e)) ?? {});
  return out;
}

export async function runGuards(tx: Tx, attempt: TransitionAttempt): Promise<void> {
  assertSealed();
  for (const g of guards) await g.fn(tx, attempt);
}

export async function runPreflights(prisma: PrismaClient, attempt: TransitionAttempt): Promise<void> {
  assertSealed();
  for (const p of preflights) await p.fn(prisma, attempt);
}

export async function runAfterCommit(prisma: PrismaClient, done: Committed): Promise<AfterCommitOutcome> {
  const out: AfterCommitOutcome = {};
  for (const a of afterCommits) Object.assign(out, (await a.fn(prisma, done)) ?? {});
  return out;
}

/** The registered listeners by name, for the architecture test and docs. */
export function registered() {
  return {
    events: Object.fromEntries(Object.entries(listeners).map(([k, v]) => [k, v.map((l) => l.name)])) as Record<WorkflowEventType, string[]>,
    guards: guards.map((g) => g.name),
    preflights: preflights.map((p) => p.name),
    afterCommits: afterCommits.map((a) => a.name),
  };
}
