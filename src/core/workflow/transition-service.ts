// The one service that changes a case's state. One transaction:
//   1. check the role (and the SKPD), the required inputs and the guard;
//   2. update the case only if its row and version are still those the user saw
//      (otherwise 409: someone else acted first);
//   3. write the audit event and the next task(s) with their due dates;
//   4. announce what happened (events.ts): numbering, the agreement register, the
//      TKKSD agenda and the notices are the features' listeners, in the same
//      transaction; the numbered copy is made after the commit.
import { kindOf, partnerTypeFits } from "../sop/kinds.js";
import { appendCaseEvent, lockCase, STALE_MESSAGE, stepAction, type DocRef, type MeetingRef, type StepData } from "./case-log.js";
import { announce, runAfterCommit, runGuards, runPreflights, type Contribution, type ExternalNumber, type OpenedTask } from "./events.js";
import { proposalSchema } from "../case-data/schema.js";
import { proposalValues } from "../case-data/case-values.js";
import { DOCUMENT_KINDS, type DocKind } from "../documents/kinds.js";
import { insertDocuments, type Upload } from "../documents/document-rows.js";
import type { Case, Prisma, PrismaClient, Task } from "../../generated/prisma/client.js";
import type { CaseStatus, Jenis } from "../../generated/prisma/enums.js";
import { uniqueViolation } from "../../platform/db/errors.js";
import { isRealIsoDate, monthsBetween } from "../../platform/http/dates.js";
import { AppError, badRequest, conflict, forbidden, notFound } from "../../platform/errors.js";
import { periodLabel } from "../sop/periods.js";
import { formatIsoDate } from "../../platform/time.js";
import { casePolicy } from "../policies/index.js";
import { taskSkpdId } from "../policies/task.js";
import { DEFAULT_APP_URL } from "../../platform/config.js";
import { loadCalendar } from "../calendar/holiday-service.js";
import { actingLabel, viaDelegation, type CurrentUser, type RoleName } from "../users/roles.js";
import { fromDbDate, todayJakarta, toDbDate, type WorkingCalendar } from "../calendar/calendar.js";
import { actingRole, canWithdraw } from "../policies/case-actions.js";
import { isOpen, nextRow, rowIndex, type CaseState } from "../sop/case-state.js";
import { actionRoles, requireRow, requireRowFor, UNSTORED_FIELDS, WITHDRAW, type ActionDef, type FieldCondition, type RowDef } from "../sop/sop.js";

export class RequirementError extends AppError {
  constructor(public readonly missing: string[]) {
    super(422, `Belum lengkap: ${missing.join("; ")}.`, "REQUIREMENTS");
  }
}

export { STALE_MESSAGE };

export type { Upload };

export type TransitionInput = {
  caseId: number;
  expectedVersion: number;
  actionId: string;
  user: CurrentUser;
  reason?: string | null;
  /** Row 21: the user confirmed that closing now ends the agreement early. */
  confirmEarlyEnd?: boolean;
  fields?: Record<string, string | undefined>;
  uploads?: Upload[];
  now?: Date;
  /** Written in the transition's own transaction (e.g. a TKKSD meeting marks its agenda item applied): both commit, or neither. */
  within?: (tx: Prisma.TransactionClient) => Promise<unknown>;
  /** The app's public address, for the QR code of a numbered copy (rows 13 and 18). */
  appUrl?: string;
  /** Extra facts for the timeline event (e.g. the meeting whose decision this is). */
  eventData?: MeetingRef;
  /** A numbering step: the number SRIKANDI gave (its signed PDF among `uploads`), instead of the counter's. */
  externalNumber?: ExternalNumber;
};

export type TransitionResult = {
  caseId: number;
  version: number;
  fromRow: number | null;
  toRow: number | null;
  status: CaseStatus;
  number?: string;
  numberId?: number;
  /** The numbered copy made after the commit: failed with its reason, or made. */
  copy?: { ok: true } | { ok: false; message: string };
};

type Tx = Prisma.TransactionClient;

/** Opens the task(s) of `row` for a case, with due dates from the calendar; returns the due date and the new tasks. */
export async function openTasks(
  tx: Tx,
  cal: WorkingCalendar,
  c: { id: number; skpdId: number; agreementEnd: Date | null; title?: string },
  row: RowDef,
  today: string,
) {
  const due = cal.dueDate(row, today, c.agreementEnd ? fromDbDate(c.agreementEnd) : null);
  const specs = row.parts ? row.parts.map((p) => ({ part: p.id, roles: p.roles })) : [{ part: null, roles: row.holders }];
  const tasks: OpenedTask[] = [];
  for (const s of specs) {
    const skpdId = taskSkpdId(s.roles, c.skpdId);
    const t = await tx.task.create({
      data: { caseId: c.id, rowNo: row.no, part: s.part, roles: s.roles, skpdId, startedOn: toDbDate(today), dueOn: due ? toDbDate(due) : null },
      select: { id: true },
    });
    tasks.push({ id: t.id, caseId: c.id, kind: "ROW", rowNo: row.no, part: s.part, roles: s.roles, skpdId, title: c.title ?? "" });
  }
  return { due, taskIds: tasks.map((t) => t.id), tasks };
}

/** How long a task took in working days (minus pauses) and whether it met its due date. */
function completionFigures(cal: WorkingCalendar, t: { startedOn: Date; dueOn: Date | null; pausedDays: number }, today: string) {
  return {
    actualDays: Math.max(0, cal.workingDaysBetween(fromDbDate(t.startedOn), today) - t.pausedDays),
    onTime: t.dueOn ? today <= fromDbDate(t.dueOn) : null,
  };
}

function checkReason(a: { reason?: "required" | "optional" }, reason: string | null | undefined): string | null {
  const r = (reason ?? "").trim();
  if (a.reason === "required" && r.length < 5) throw new RequirementError(["alasan (minimal 5 karakter)"]);
  if (r.length > 2000) throw badRequest("Alasan paling banyak 2000 karakter.");
  return r || null;
}

/** The row a return or an advance goes to (validateDefinition checks that it has one). */
function targetRow(a: ActionDef): number {
  if (a.to === undefined) throw new Error(`SOP: action ${a.id} has no target row`);
  return a.to;
}

/** Does a field's condition hold for what the form sent? */
const holds = (when: FieldCondition | undefined, fields: Record<string, string | undefined>) => !when || (fields[when.field] ?? "").trim() === when.is;

function checkFields(a: ActionDef, fields: Record<string, string | undefined>, today: string) {
  const missing: string[] = [];
  const values: Record<string, string | null> = {};
  for (const f of a.fields ?? []) {
    const v = (fields[f.name] ?? "").trim();
    const applies = holds(f.onlyWhen, fields);
    if (!v) {
      if (f.required || (f.onlyWhen && applies)) missing.push(f.label.toLowerCase());
      values[f.name] = null;
      continue;
    }
    // A value for a field its condition rules out: the form says two things, and neither is guessed.
    // (A field without a condition always applies.)
    if (f.onlyWhen && !applies) {
      const when = f.onlyWhen;
      const other = (a.fields ?? []).find((x) => x.name === when.field);
      if (!other) throw new Error(`SOP: action ${a.id}: field ${f.name} depends on ${when.field}, which is not on the form`);
      throw new AppError(
        422,
        `${f.label} diisi, padahal ${other.label.toLowerCase()} bukan "${other.options?.[when.is] ?? when.is}". Pilih itu, atau kosongkan isian ini.`,
        "BAD_FIELD",
      );
    }
    if (f.type === "choice" && !Object.hasOwn(f.options ?? {}, v)) throw new AppError(422, `${f.label}: pilih dari daftar.`, "BAD_FIELD");
    if (f.type === "date" && !isRealIsoDate(v)) throw new AppError(422, `${f.label}: tanggal tidak valid.`, "BAD_FIELD");
    if (f.past && v > today) throw new AppError(422, `${f.label} tidak boleh sesudah hari ini (${formatIsoDate(today)}).`, "BAD_FIELD");
    if (v.length > 200) throw new AppError(422, `${f.label} paling banyak 200 karakter.`, "BAD_FIELD");
    values[f.name] = v;
  }
  if (missing.length) throw new RequirementError(missing);
  for (const f of a.fields ?? []) Object.assign(values, f.fills?.[values[f.name] ?? ""] ?? {});
  for (const [from, to] of [
    ["agreementStart", "agreementEnd"],
    ["signedMouOn", "mouEnd"],
  ] as const) {
    const a = values[from];
    const b = values[to];
    if (!a || !b) continue;
    if (b <= a) throw new AppError(422, "Tanggal berakhir harus sesudah tanggal mulai berlaku.", "BAD_FIELD");
    // Terms of 20-30 years exist (e.g. infrastructure with a third party).
    if (monthsBetween(a, b) > 360) throw new AppError(422, "Jangka waktu perjanjian paling lama 30 tahun.", "BAD_FIELD");
  }
  return values;
}

/** What the case's kind asks of a proposal (kinds.ts): its documents, uploaded at row 1 at any time, and a KSDD's nature. */
async function kindRequirements(
  tx: Tx,
  c: { id: number; jenis: string | null; ksddNature: string | null; naskahStatus: string; parentCaseId: number | null; partnerKind: string | null },
): Promise<string[]> {
  const kind = kindOf(c.jenis);
  if (!kind) return [];
  const missing = await missingDocs(tx, c.id, 1, new Date(0), kind.proposalDocs);
  if (kind.asksNature && !c.ksddNature) missing.push("sifat KSDD (wajib atau sukarela)");
  if (!partnerTypeFits(c.jenis, c.partnerKind)) missing.push(`jenis calon mitra yang sesuai dengan ${kind.short} (${kind.partnerTypes.join(", ")})`);
  if (c.naskahStatus !== "BARU" && !c.parentCaseId) missing.push("perjanjian induk (untuk adendum atau perpanjangan)");
  return missing.map((m) => (m.startsWith("dokumen") ? `${m} untuk ${kind.short}` : m));
}

async function missingDocs(tx: Tx, caseId: number, rowNo: number, since: Date, kinds: DocKind[]): Promise<string[]> {
  if (!kinds.length) return [];
  const have = await tx.document.findMany({
    where: { caseId, rowNo, kind: { in: kinds }, createdAt: { gte: since } },
    select: { kind: true },
  });
  const got = new Set(have.map((d) => d.kind));
  return kinds.filter((k) => !got.has(k)).map((k) => `dokumen "${DOCUMENT_KINDS[k]}"`);
}

/** What closing a running cooperation at row 21 means today: see ActionDef.closesCooperation. */
export async function closingState(tx: Tx | PrismaClient, caseId: number, today: string) {
  const agreements = await tx.agreement.findMany({ where: { caseId, endedEarlyAt: null } });
  const running = agreements.filter((a) => fromDbDate(a.endDate) > today);
  const due = await tx.evaluation.findMany({ where: { caseId, completedAt: null, dueOn: { lt: toDbDate(today) } }, orderBy: { period: "asc" } });
  // The PKS governs the cooperation (its deadline is the one the page shows); the MoU only when no PKS runs.
  const governing = running.find((a) => a.kind === "PKS") ?? running.sort((a, b) => b.endDate.getTime() - a.endDate.getTime()).at(0);
  const missingEvaluations = due.map((e) => e.period);
  // Early exactly when an agreement still runs, and then `governing` is one of them.
  return governing
    ? { early: true as const, endDate: fromDbDate(governing.endDate), endKind: governing.kind, missingEvaluations }
    : { early: false as const, endDate: null, endKind: null, missingEvaluations };
}

async function checkClosing(tx: Tx, caseId: number, today: string, reason: string | null, confirmed: boolean) {
  const s = await closingState(tx, caseId, today);
  const why = (reason ?? "").trim();
  if (s.early) {
    const missing: string[] = [];
    if (!confirmed) missing.push(`konfirmasi bahwa ${s.endKind === "MOU" ? "MoU" : "PKS"} (berlaku sampai ${formatIsoDate(s.endDate)}) diakhiri lebih awal`);
    if (why.length < 10) missing.push("alasan pengakhiran lebih awal (minimal 10 karakter)");
    if (missing.length) throw new RequirementError(missing);
    await tx.agreement.updateMany({
      where: { caseId, endedEarlyAt: null, endDate: { gt: toDbDate(today) } },
      data: { endedEarlyAt: toDbDate(today), endedEarlyReason: why },
    });
  } else if (s.missingEvaluations.length && why.length < 10) {
    throw new RequirementError([
      `evaluasi ${s.missingEvaluations.map(periodLabel).join(", ")} belum diisi: isi evaluasinya, atau tulis alasannya (minimal 10 karakter)`,
    ]);
  }
  return s;
}

/**
 * The listeners' checks before the transaction (e.g. a numbering step needs a signed
 * file that opens, checked in a parsing process, so that a file that cannot be stamped
 * uses no number). Only for a user who holds the action at the case's row: anyone else
 * gets the transaction's own 403/404/409.
 */
async function preflightChecks(prisma: PrismaClient, input: TransitionInput) {
  const c = await prisma.case.findUnique({ where: { id: input.caseId } });
  if (!c || c.currentRow === null || c.version !== input.expectedVersion || !casePolicy.can(input.user, "read", c)) return;
  const row = requireRowFor(c.jenis, c.currentRow);
  const action = row.actions.find((a) => a.id === input.actionId);
  if (!action || !actingRole(input.user, actionRoles(row, action), c.skpdId)) return;
  await runPreflights(prisma, {
    case: c,
    row,
    action,
    user: input.user,
    fields: { ...input.fields } as Record<string, string | null>,
    external: input.externalNumber ?? null,
  });
}

/**
 * Applies one action to one case. Throws AppError (403/404/409/422) and changes nothing
 * on failure. After the commit, the listeners' effects that may fail on their own (the
 * numbered copy of a number given here: its failure leaves the number as it is, with
 * the reason, for a later try: `copy`).
 */
export async function applyTransition(prisma: PrismaClient, input: TransitionInput): Promise<TransitionResult> {
  await preflightChecks(prisma, input);
  let result: Awaited<ReturnType<typeof transitionInTransaction>>;
  try {
    result = await transitionInTransaction(prisma, input);
  } catch (e) {
    // Two writers that both passed the guard (e.g. the same event sequence): the loser gets the same 409.
    if (uniqueViolation(e) !== null) throw conflict(STALE_MESSAGE);
    throw e;
  }
  // Its notifications were written in the same transaction; e-mail goes out afterwards (the outbox).
  const after = await runAfterCommit(prisma, {
    caseId: result.caseId,
    userId: input.user.id,
    numberId: result.numberId,
    appUrl: input.appUrl ?? DEFAULT_APP_URL,
    now: input.now,
  });
  return { ...result, ...after };
}

type ActionSubject = { skpdId: number; status: CaseStatus; currentRow: number | null; createdById: number; jenis: Jenis | null };

/**
 * Which action the user takes on the case at its row, and in which role: the rule
 * checked before an upload is stored (assertMayApply) and again in the transition's
 * transaction, on the claimed case. Throws 409 (closed), 400 (no such action here) or
 * 403 (not the holder; one's own proposal as an acting official).
 */
function resolveAction(user: CurrentUser, c: ActionSubject, actionId: string) {
  const state: CaseState = { status: c.status, currentRow: c.currentRow, skpdId: c.skpdId };
  if (!isOpen(state) || c.currentRow === null) throw conflict("Kasus ini sudah selesai; tidak ada tindakan lagi.");
  // The row as this case's kind words it (the rules are the same for every kind).
  const row = requireRowFor(c.jenis, c.currentRow);
  let action: ActionDef;
  let role: RoleName | null;
  if (actionId === WITHDRAW.id) {
    if (!canWithdraw(state, user)) throw forbidden("Usulan hanya dapat ditarik oleh SKPD pengusul sebelum MoU ditandatangani.");
    action = { id: WITHDRAW.id, label: WITHDRAW.label, effect: "end", endStatus: "WITHDRAWN", reason: "required" };
    role = "SKPD";
  } else {
    const found = row.actions.find((a) => a.id === actionId);
    if (!found) throw badRequest(`Tindakan itu tidak tersedia pada langkah ${row.no}.`);
    action = found;
    role = actingRole(user, actionRoles(row, action), c.skpdId);
    if (!role) throw forbidden(`Langkah ${row.no} (${row.kegiatan}) tidak dipegang oleh peran Anda.`);
  }
  const via = viaDelegation(user, role);
  if (via && c.createdById === user.id) throw forbidden("Usulan yang Anda buat sendiri tidak dapat Anda putuskan sebagai pejabat pengganti (Plh/Plt).");
  return { row, action, role, via };
}

/** May the user take some action on the case at its row (before a form's body is read: upload guards)? */
export function mayActOn(user: CurrentUser, c: ActionSubject): boolean {
  const state: CaseState = { status: c.status, currentRow: c.currentRow, skpdId: c.skpdId };
  if (!isOpen(state) || c.currentRow === null) return false;
  const row = requireRowFor(c.jenis, c.currentRow);
  return canWithdraw(state, user) || row.actions.some((a) => actingRole(user, actionRoles(row, a), c.skpdId) !== null);
}

/**
 * The transition's own checks, read-only and before anything is stored: a form whose
 * action would be refused stores none of its files. The transaction checks them again
 * on the claimed case (someone may act in between).
 */
export async function assertMayApply(prisma: PrismaClient, input: Pick<TransitionInput, "caseId" | "expectedVersion" | "actionId" | "user">): Promise<void> {
  const c = await prisma.case.findUnique({
    where: { id: input.caseId },
    select: { id: true, skpdId: true, status: true, createdById: true, currentRow: true, version: true, jenis: true },
  });
  if (!c || !casePolicy.can(input.user, "read", c)) throw notFound("Kasus tidak ditemukan.");
  if (c.version !== input.expectedVersion) throw conflict(STALE_MESSAGE);
  resolveAction(input.user, c, input.actionId);
}

/**
 * Guard first: locks the case at the version the user saw, before anything else is
 * read or written (case-log.ts). Returns the lock (the case as it was, and its event's
 * sequence number); 404 when the case does not exist or the user may not read it
 * (whatever its version), 409 when its version moved.
 */
async function claimCase(tx: Tx, input: TransitionInput) {
  let locked: Awaited<ReturnType<typeof lockCase>>;
  try {
    locked = await lockCase(tx, input.caseId, input.expectedVersion);
  } catch (e) {
    if (e instanceof AppError && e.status === 409) {
      const c = await tx.case.findUnique({
        where: { id: input.caseId },
        select: { id: true, skpdId: true, status: true, createdById: true, currentRow: true },
      });
      if (!c || !casePolicy.can(input.user, "read", c)) throw notFound("Kasus tidak ditemukan.");
    }
    throw e;
  }
  // Not readable: the lock is rolled back with the transaction.
  if (!casePolicy.can(input.user, "read", locked.case)) throw notFound("Kasus tidak ditemukan.");
  return locked;
}

/** The case's open row tasks, and the task of the part the action finishes. */
export type RowTasks = { open: Task[]; part: Task | null };

/** Reads the case's open row tasks; a part already finished is a 409. */
export async function rowTasks(tx: Tx, caseId: number, row: RowDef, action: ActionDef): Promise<RowTasks> {
  const open = await tx.task.findMany({ where: { caseId, status: "OPEN", kind: "ROW" } });
  if (action.effect !== "part") return { open, part: null };
  const part = open.find((t) => t.rowNo === row.no && t.part === action.part);
  if (!part) throw conflict("Bagian pekerjaan ini sudah diselesaikan.");
  return { open, part };
}

/** The form's reason and fields, checked (422), and its uploads stored at the row. */
async function storeInputs(tx: Tx, c: Case, row: RowDef, action: ActionDef, input: TransitionInput, today: string, now: Date) {
  const reason = checkReason(action, input.reason);
  const fields = checkFields(action, input.fields ?? {}, today);
  const docs = await insertDocuments(tx, c.id, row.no, input.user.id, input.uploads ?? [], now);
  return { reason, fields, docs };
}

/** What the action needs at this row (its documents, a complete proposal, a distribution): 422 naming what is missing. */
async function checkRequirements(tx: Tx, c: Case, row: RowDef, action: ActionDef, form: Record<string, string | undefined>) {
  const missing = await missingDocs(tx, c.id, row.no, c.rowEnteredAt, action.docs ?? []);
  if (action.requiresProposal) {
    const check = proposalSchema.safeParse(proposalValues(c));
    if (!check.success) missing.push(...new Set(check.error.issues.map((i) => i.message.toLowerCase())));
    missing.push(...(await kindRequirements(tx, c)));
  }
  if (action.distribution) {
    const n = await tx.distribution.count({ where: { caseId: c.id, kind: action.distribution, createdAt: { gte: c.rowEnteredAt } } });
    if (n === 0) missing.push("minimal satu penerima distribusi dengan tanda terima");
  }
  // Documents a choice on the form calls for (the surat kuasa's scan when another official signs).
  for (const w of action.docsWhen ?? []) if (holds(w, form)) missing.push(...(await missingDocs(tx, c.id, row.no, c.rowEnteredAt, w.docs)));
  if (missing.length) throw new RequirementError(missing);
}

/** One action at the case's row, checked and its inputs stored: what applyStep writes. */
export type Step = {
  cal: WorkingCalendar;
  /** The case as it was before its lock, and the sequence number of its event (lockCase). */
  case: Case;
  seq: number;
  row: RowDef;
  action: ActionDef;
  tasks: RowTasks;
  user: Pick<CurrentUser, "id" | "fullName">;
  role: RoleName;
  /** An acting official: the event names both (the actor, and whose position). */
  actingAs: string | null;
  fields: Record<string, string | null>;
  docs: DocRef[];
  reason: string | null;
  /** Row 21's closing (closingState), when the action closes the cooperation. */
  closing: { early: boolean; missingEvaluations: string[] } | null;
  eventData?: MeetingRef | undefined;
  /** Written after the event, in the same transaction (TransitionInput.within). */
  within?: ((tx: Tx) => Promise<unknown>) | undefined;
  /** A numbering step's SRIKANDI number (TransitionInput.externalNumber). */
  external?: ExternalNumber | null | undefined;
  now: Date;
};

/** Where the step takes the case: its row (null when it ends) and its status. */
type NextState = { toRow: number | null; status: CaseStatus };

/** validateDefinition() gives every return and advance its row, every end its status, every parallel row a next row. */
function nextState({ case: c, row, action, tasks }: Step): NextState {
  const status: CaseStatus = c.status === "DRAFT" ? "IN_PROGRESS" : c.status;
  switch (action.effect) {
    case "return":
      return { toRow: targetRow(action), status };
    case "advance": {
      // Fixed after a return: back to the row (and holder) that returned it, not through the rows in between.
      const to = targetRow(action);
      return { toRow: c.resumeRow !== null && rowIndex(c.resumeRow) > rowIndex(to) ? c.resumeRow : to, status };
    }
    case "end":
      if (!action.endStatus) throw new Error(`SOP: end action ${action.id} has no status`);
      return { toRow: null, status: action.endStatus };
    case "part": {
      if (tasks.open.some((t) => t.id !== tasks.part?.id && t.rowNo === row.no)) return { toRow: c.currentRow, status };
      // The last part done: on to the next row.
      const next = nextRow(row.no);
      if (next === undefined) throw new Error(`SOP: parallel row ${row.no} has no next row`);
      return { toRow: next, status };
    }
  }
}

/** The case's columns after the step: its row and status, when it moved or ended, the form's stored fields and the action's settings. */
function caseChanges({ case: c, action, fields, reason, now }: Step, next: NextState): Prisma.CaseUpdateManyMutationInput {
  const rowChanged = next.toRow !== c.currentRow;
  const data: Prisma.CaseUpdateManyMutationInput = { currentRow: next.toRow, status: next.status };
  if (rowChanged) data.rowEnteredAt = now;
  if (action.effect === "return") data.resumeRow = c.currentRow;
  else if (rowChanged) data.resumeRow = null;
  if (next.toRow === null) data.endedAt = now;
  if (c.status === "DRAFT") data.submittedAt = now;
  if (action.effect === "end") data.endReason = reason;
  for (const [k, v] of Object.entries(fields)) {
    if ((UNSTORED_FIELDS as string[]).includes(k)) continue;
    const type = action.fields?.find((f) => f.name === k)?.type;
    (data as Record<string, unknown>)[k] = v ? (type === "date" ? toDbDate(v) : v) : null;
  }
  Object.assign(data, action.sets ?? {});
  return data;
}

/**
 * Tasks: the part's task done; when the row changes, its other tasks done (an advance,
 * the last part) or cancelled; when the case ends, every open task cancelled (periodic
 * evaluations too); the next row's task(s) opened, and the row entered announced.
 */
async function moveTasks(tx: Tx, s: Step, next: NextState, today: string) {
  const { case: c, tasks, now } = s;
  const rowChanged = next.toRow !== c.currentRow;
  const finish = (t: Task) => ({ status: "DONE" as const, completedAt: now, completedById: s.user.id, ...completionFigures(s.cal, t, today) });
  // updateMany: nothing to read back.
  if (tasks.part) await tx.task.updateMany({ where: { id: tasks.part.id }, data: finish(tasks.part) });
  const others = rowChanged ? tasks.open.filter((x) => x.id !== tasks.part?.id) : [];
  const done = s.action.effect === "advance" || s.action.effect === "part";
  for (const t of others) await tx.task.updateMany({ where: { id: t.id }, data: done ? finish(t) : { status: "CANCELLED", completedAt: now } });
  if (next.toRow === null) await tx.task.updateMany({ where: { caseId: c.id, status: "OPEN" }, data: { status: "CANCELLED", completedAt: now } });
  const closed = [...(tasks.part ? [tasks.part.id] : []), ...others.map((x) => x.id)];
  if (!rowChanged || next.toRow === null) return { due: null, opened: [] as OpenedTask[], closed };
  const agreementEnd = s.fields.agreementEnd ? toDbDate(s.fields.agreementEnd) : c.agreementEnd;
  const { due, tasks: opened } = await openTasks(tx, s.cal, { id: c.id, skpdId: c.skpdId, agreementEnd, title: c.title }, requireRow(next.toRow), today);
  // E.g. waiting for the TKKSD now (row 4, a final draft to approve): on the next planned meeting's agenda.
  await announce(tx, { type: "RowEntered", case: c, row: next.toRow, today, now });
  return { due, opened, closed };
}

/** A numbering step: the number is given (and the agreement registered, its copy owed) by the listeners. */
async function giveNumber(tx: Tx, { case: c, action, fields, user, now, external, docs }: Step): Promise<Contribution> {
  const kind = action.numbering;
  if (!kind) {
    if (external) throw badRequest("Nomor SRIKANDI hanya dicatat pada langkah penomoran.");
    return {};
  }
  const partnerNumber = fields.partnerNumber ?? null;
  const ext = external ?? null;
  const { number, numberId } = await announce(tx, { type: "NumberRequested", case: c, kind, partnerNumber, userId: user.id, now, external: ext });
  if (number === undefined || numberId === undefined) throw new Error(`No listener gave the ${kind} number`);
  const documents = docs.map((d) => ({ id: d.id, kind: d.kind }));
  await announce(tx, { type: "NumberGiven", case: c, kind, number, numberId, partnerNumber, external: ext, documents });
  return { number, numberId };
}

/** What the step's audit event records (a fact only when there is one). */
function stepEventData(s: Step, next: NextState, due: string | null, number: string | undefined, today: string): StepData {
  return {
    label: s.action.label,
    ...(s.actingAs ? { actingAs: s.actingAs } : {}),
    ...(s.action.part ? { part: s.action.part } : {}),
    ...(s.docs.length ? { documents: s.docs.map((d) => ({ id: d.id, kind: d.kind, version: d.version })) } : {}),
    ...(Object.keys(s.fields).length ? { fields: s.fields } : {}),
    ...(number ? { number } : {}),
    ...(number && s.external ? { numberSource: s.external.source, numberDate: s.external.date } : {}),
    ...(due ? { due } : {}),
    ...(next.status !== s.case.status ? { status: next.status } : {}),
    ...(s.closing?.early ? { endedEarly: today } : {}),
    ...(s.closing?.missingEvaluations.length ? { missingEvaluations: s.closing.missingEvaluations } : {}),
    ...(s.eventData ?? {}),
  };
}

/** The step done, announced in the transaction: the notices are rows written with the change (both commit, or neither). */
async function announceStep(
  tx: Tx,
  { case: c, action, user, role, reason }: Step,
  next: NextState,
  out: { number?: string | undefined; opened: OpenedTask[]; closed: number[] },
) {
  await announce(tx, {
    type: "CaseTransitioned",
    caseId: c.id,
    title: c.title,
    skpdId: c.skpdId,
    createdById: c.createdById,
    actor: { id: user.id, name: user.fullName, role },
    effect: action.effect,
    actionLabel: action.label,
    fromRow: c.currentRow,
    toRow: next.toRow,
    endStatus: action.effect === "end" ? next.status : null,
    reason,
    milestone: action.informSkpd ?? null,
    number: out.number ?? null,
    opened: out.opened,
    closedTaskIds: out.closed,
  });
}

/**
 * The action's effects at the case's row, on the locked case: its new row and status,
 * its tasks, the number of a numbering step, the audit event, the caller's own write
 * (`within`), then the step announced. Shared with the test factory that writes a case at a row
 * (test/helpers/build-case.ts), so that it writes what a transition writes.
 */
export async function applyStep(tx: Tx, s: Step) {
  const today = todayJakarta(s.now);
  const c = s.case;
  const next = nextState(s);
  await tx.case.updateMany({ where: { id: c.id }, data: caseChanges(s, next) });
  const { due, opened, closed } = await moveTasks(tx, s, next, today);
  const { number, numberId } = await giveNumber(tx, s);
  await appendCaseEvent(tx, c.id, s.seq, {
    actorId: s.user.id,
    role: s.role,
    action: stepAction(s.action.id),
    fromRow: c.currentRow,
    toRow: next.toRow,
    reason: s.reason,
    createdAt: s.now,
    data: stepEventData(s, next, due, number, today),
  });
  if (s.within) await s.within(tx);
  await announceStep(tx, s, next, { number, opened, closed });
  return { ...next, number, numberId };
}

/** The transaction: lock, authorize, check and store the form, the features' guards, then the step's effects. */
async function transitionInTransaction(prisma: PrismaClient, input: TransitionInput): Promise<TransitionResult> {
  const now = input.now ?? new Date();
  const today = todayJakarta(now);
  const cal = await loadCalendar(prisma);
  return prisma.$transaction(async (tx) => {
    const { case: c, seq } = await claimCase(tx, input);
    const { row, action, role, via } = resolveAction(input.user, c, input.actionId);
    const tasks = await rowTasks(tx, c.id, row, action);
    const { reason, fields, docs } = await storeInputs(tx, c, row, action, input, today, now);
    await checkRequirements(tx, c, row, action, input.fields ?? {});
    // The features' refusals on the claimed case (e.g. a signing step's missing approvals).
    await runGuards(tx, { case: c, row, action, user: input.user, fields, external: input.externalNumber ?? null });
    const closing = action.closesCooperation ? await checkClosing(tx, c.id, today, reason, !!input.confirmEarlyEnd) : null;
    const actingAs = via ? actingLabel(via, role) : null;
    const step = { cal, case: c, seq, row, action, tasks, user: input.user, role, actingAs, fields, docs, reason, closing, now };
    const done = await applyStep(tx, { ...step, eventData: input.eventData, within: input.within, external: input.externalNumber ?? null });
    return { caseId: c.id, version: seq, fromRow: c.currentRow, ...done };
  });
}
