// A case written AT a row, for tests that only need a case sitting there: the state
// the rows before it would have left, written with the core's own functions, without
// driving each transition (caseAtRow: 2 s to row 2, 21 s to row 20 on a busy machine,
// most of it the parsing process that checks and stamps the signed MoU and PKS).
//
// What each passed row leaves is written by the transition's own steps
// (src/core/workflow/transition-service.ts): the lock (lockCase), its documents
// (insertDocuments), then the action's effects (applyStep): its task done with its
// figures and the next row's task(s) open with their due dates, the stored fields of a
// signing, one audit event per action, and the announcements the features listen to:
// RowEntered (the TKKSD agenda), NumberRequested/NumberGiven (the city number, the
// agreement register, the owed copy) and CaseTransitioned (the notices). What the
// driver records through other services before a step (the approvals before a
// signing, a TKKSD meeting, a distribution) goes through those same services here.
//
// The numbered copy is the one thing not made as the app makes it: stamping runs in
// the parsing process (12 s to start cold under load). By default the signed file is
// recorded as the copy, linked and logged as makeNumberedCopy does; `stampCopies`
// stamps it for real, for tests that read the copy itself.
//
// test/integration/build-case.test.ts holds it to caseAtRow: same row, open tasks,
// document kinds and case page permissions.
import { createDraft } from "../../src/features/cases/case-service.js";
import { recordDistribution } from "../../src/features/copies/record-distribution.js";
import { DEFAULT_APP_URL } from "../../src/platform/config.js";
import { recordOnTimeline } from "../../src/features/cases/timeline.js";
import { COPY_KINDS, makeNumberedCopy } from "../../src/features/copies/copy-service.js";
import { insertDocuments, type Upload } from "../../src/core/documents/document-rows.js";
import type { DocKind } from "../../src/core/documents/kinds.js";
import { loadGateLines, recordGate } from "../../src/features/gates/gate-service.js";
import type { Case, Prisma, PrismaClient } from "../../src/generated/prisma/client.js";
import { loadCalendar } from "../../src/core/calendar/holiday-service.js";
import { decideInMeeting } from "../../src/features/seed/tkksd-meeting.js";
import dayjs from "../../src/platform/time.js";
import type { CurrentUser } from "../../src/core/users/roles.js";
import { wireFeatures } from "../../src/wiring.js";
import { todayJakarta, type WorkingCalendar } from "../../src/core/calendar/calendar.js";
import { lockCase } from "../../src/core/workflow/case-log.js";
import { must } from "../../src/platform/must.js";
import { kindOf } from "../../src/core/sop/kinds.js";
import { actionRoles, requireRowFor, ROW_NUMBERS, type ActionDef, type RowDef } from "../../src/core/sop/sop.js";
import { applyStep, rowTasks } from "../../src/core/workflow/transition-service.js";
import { actorFor, file, fullProposal, type Actors } from "./workflow.js";

export type BuildCaseInput = {
  /** The row the case sits at (1: a draft). */
  row: number;
  /** Its kind (Jenis); the proposal's partner type follows it unless given. */
  kind?: string;
  /** Stamp the numbered copies in the parsing process, as the app does (slow); otherwise the signed file stands in. */
  stampCopies?: boolean;
  /** Any proposal field (title, partnerName, ...), as caseAtRow takes them. */
  [field: string]: unknown;
};

/** The values the seed driver enters on the signing forms (src/features/seed/driver.ts). */
function driverFields(today: dayjs.Dayjs): Record<string, string> {
  const d = (days: number) => today.add(days, "day").format("YYYY-MM-DD");
  return {
    signedMouOn: d(-6),
    mouEnd: today.add(5, "year").subtract(7, "day").format("YYYY-MM-DD"),
    signedPksOn: d(-5),
    agreementStart: d(5),
    agreementEnd: today.add(2, "year").format("YYYY-MM-DD"),
    partnerNumber: `MITRA/001/${today.year()}`,
    pksSignedBy: "WALIKOTA",
  };
}

/** What the action's form records, as checkFields reads it: each field's value or null, then the values a choice stands for. */
function fieldValues(a: ActionDef, entered: Record<string, string>): Record<string, string | null> {
  const values: Record<string, string | null> = {};
  for (const f of a.fields ?? []) {
    const applies = !f.onlyWhen || (entered[f.onlyWhen.field] ?? "") === f.onlyWhen.is;
    values[f.name] = applies ? (entered[f.name] ?? null) : null;
  }
  for (const f of a.fields ?? []) Object.assign(values, f.fills?.[values[f.name] ?? ""] ?? {});
  return values;
}

/** The action the driver takes at a row: the advance (or, at a row of parts, each part in turn). */
function actionsAt(row: RowDef): ActionDef[] {
  if (row.parts) return row.actions.filter((a) => a.effect === "part");
  return [row.actions.find((x) => x.effect === "advance" || (x.effect === "end" && x.endStatus === "DONE"))!];
}

const uploadsOf = async (kinds: DocKind[]): Promise<Upload[]> => Promise.all(kinds.map(async (kind) => ({ kind, file: await file(`${kind}.pdf`) })));

/**
 * One action at the case's row, written by the transition's own effect step (applyStep),
 * without its checks (the walk takes only the steps the driver takes, with what they
 * require). Returns the id of the number a numbering step gave.
 */
async function writeStep(
  tx: Prisma.TransactionClient,
  cal: WorkingCalendar,
  caseId: number,
  row: RowDef,
  action: ActionDef,
  user: CurrentUser,
  uploads: Upload[],
  entered: Record<string, string>,
  now: Date,
) {
  const { case: c, seq } = await lockCase(tx, caseId);
  const tasks = await rowTasks(tx, caseId, row, action);
  const docs = await insertDocuments(tx, caseId, row.no, user.id, uploads, now);
  const role = must(actionRoles(row, action)[0], `a role for ${action.id} at row ${row.no}`);
  const fields = fieldValues(action, entered);
  const done = await applyStep(tx, { cal, case: c, seq, row, action, tasks, user, role, actingAs: null, fields, docs, reason: null, closing: null, now });
  return done.numberId;
}

/** The copy of a number, as makeNumberedCopy records it, with the signed file standing in for the stamped one. */
async function standInCopy(prisma: PrismaClient, numberId: number, userId: number, now: Date) {
  const n = await prisma.registerNumber.findUniqueOrThrow({ where: { id: numberId }, include: { case: { select: { currentRow: true } } } });
  await prisma.$transaction(async (tx) => {
    await tx.registerNumber.update({ where: { id: n.id }, data: { copyDue: false, copyError: null, copyNextAt: null } });
    const [inserted] = await insertDocuments(
      tx,
      n.caseId,
      n.case.currentRow ?? 0,
      userId,
      [{ kind: COPY_KINDS[n.kind].copy, file: await file(`Salinan bernomor ${n.number.replace(/[/\\]/g, "-")}.pdf`) }],
      now,
    );
    const doc = must(inserted, `the stand-in copy of number ${n.number}`);
    await tx.registerNumber.update({ where: { id: n.id }, data: { copyId: doc.id } });
    await recordOnTimeline(tx, n.caseId, {
      actorId: userId,
      role: "PENATALAKSANA",
      action: "salinan_bernomor",
      createdAt: now,
      data: { label: `Salinan bernomor ${n.number} dibuat`, number: n.number, documents: [{ id: doc.id, kind: doc.kind, version: doc.version }] },
    });
  });
}

/**
 * A case of `kind` (default the proposal's, KSDPK) at `row`, as caseAtRow would leave
 * it: same row, tasks, documents, approvals, numbers, agreements, distributions and
 * log. Proposal fields as in caseAtRow's `over`.
 */
export async function buildCase(prisma: PrismaClient, a: Actors, input: BuildCaseInput): Promise<Case> {
  const { row: target, kind, stampCopies, ...over } = input;
  if (!(ROW_NUMBERS as readonly number[]).includes(target)) throw new Error(`no row ${target}`);
  wireFeatures();
  const who = (role: Parameters<typeof actorFor>[1]) => actorFor(a, role);
  const draft = await createDraft(prisma, a.skpd, fullProposal({ ...(kind ? { jenis: kind } : {}), ...over }));
  const caseId = draft.id;
  const cal = await loadCalendar(prisma);
  const entered = driverFields(dayjs.utc(todayJakarta()));
  const today = dayjs.utc(todayJakarta());
  for (const no of ROW_NUMBERS) {
    if (no === target) break;
    let c = await prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    const row = requireRowFor(c.jenis, no);
    const actions = actionsAt(row);
    const first = must(actions[0], `an action at row ${no}`);
    // What the driver records before the step, through the same services.
    if (first.requiresProposal) {
      const k = kindOf(c.jenis);
      if (k?.asksNature && !c.ksddNature) await prisma.case.update({ where: { id: caseId }, data: { ksddNature: "SUKARELA" } });
      if (!c.urusanId) await prisma.case.update({ where: { id: caseId }, data: { urusan: { connect: { name: "Pariwisata" } } } });
    }
    if (first.distribution) {
      await recordDistribution(prisma, who("PENATALAKSANA"), caseId, {
        recipientType: "MITRA",
        recipientName: c.partnerName ?? "Mitra",
        sentOn: today.format("YYYY-MM-DD"),
        receipt: await file("tanda-terima.pdf"),
      });
    }
    if (first.signs) {
      for (const line of await loadGateLines(prisma, c)) {
        if (line.passed || !line.gate.before.includes(no)) continue;
        if (line.gate.viaMeeting) await decideInMeeting(prisma, who, caseId);
        else
          await recordGate(
            prisma,
            who("PENATALAKSANA"),
            caseId,
            { gate: line.gate.id, letterNumber: `${line.gate.id}/${today.year()}/${caseId}`, letterDate: today.subtract(7, "day").format("YYYY-MM-DD") },
            await file("persetujuan.pdf"),
          );
      }
    }
    for (const action of actions) {
      c = await prisma.case.findUniqueOrThrow({ where: { id: caseId } });
      const user = who(must(actionRoles(row, action)[0], `a role for ${action.id} at row ${no}`));
      const docs = [...(action.docs ?? []), ...(action.requiresProposal ? (kindOf(c.jenis)?.proposalDocs ?? []) : [])];
      const uploads = await uploadsOf(docs);
      const now = new Date();
      const numberId = await prisma.$transaction((tx) => writeStep(tx, cal, caseId, row, action, user, uploads, entered, now));
      if (numberId !== undefined) {
        if (stampCopies) {
          const made = await makeNumberedCopy(prisma, { numberId, userId: user.id, appUrl: DEFAULT_APP_URL });
          if (!made.ok) throw new Error(`numbered copy: ${made.message}`);
        } else await standInCopy(prisma, numberId, user.id, new Date());
      }
    }
  }
  return prisma.case.findUniqueOrThrow({ where: { id: caseId } });
}
