// Renders the case page; used by the case routes and by the forms on it that live
// in other features (progress reports), so a failed form comes back with its values.
import type { Request, Response } from "express";
import { DOCUMENT_KINDS, UPLOAD_KINDS } from "../documents/kinds.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { soonLimit } from "../holidays/holiday-service.js";
import { canUpload, caseDetail, RECIPIENT_TYPES } from "./case-service.js";
import { lettersAt } from "../letters/letters.js";
import { isOpen } from "../workflow/engine.js";
import { nextPeriod, periodLabel } from "../monitoring/periods.js";
import { nextProgressDue, PROGRESS_INTERVALS, type ProgressInterval } from "../monitoring/progress-schedule.js";
import { casePolicy, dashboard as dashboardPolicy, evaluation as evaluationPolicy, gate as gatePolicy, obligation as obligationPolicy } from "../policies/index.js";
import { describeTarget, withStates } from "../obligations/obligation-service.js";
import { loadGateLines } from "../gates/gate-service.js";
import { missingWithHow } from "../gates/gate-state.js";
import { agendaOf, waitingSubject } from "../tkksd/agenda.js";
import { kindOf } from "../workflow/kinds.js";
import { PARTIES } from "../obligations/schema.js";
import { fromDbDate } from "../workflow/calendar.js";
import { todayJakarta } from "../workflow/calendar.js";
import { closingState } from "../workflow/transition-service.js";
import { buildCaseView } from "./case-view.js";

export async function renderCasePage(
  prisma: PrismaClient,
  req: Request,
  res: Response,
  id: number,
  status = 200,
  extra: { actionError?: string; actionValues?: Record<string, unknown> } = {},
) {
  const d = await caseDetail(prisma, req.user!, id, req.cached);
  const v = buildCaseView(d, req.user!, await req.cached("soonLimit", () => soonLimit(prisma)));
  const today = todayJakarta();
  const closes = v.actions.some((a) => a.closesCooperation);
  const gates = await req.cached(`gates:${id}`, () => loadGateLines(prisma, d.c));
  res.status(status).render("cases/show", {
    title: d.c.title,
    v,
    periodLabel,
    today,
    // Back to where the user came from: the register, the inbox (for roles that have one) or the case list.
    backLink: /\/perjanjian(\/|\?|$)/.test(String(req.get("referer") ?? ""))
      ? { href: "/perjanjian", label: "Register perjanjian" }
      : dashboardPolicy.hasInbox(req.user!)
        ? { href: "/inbox", label: "Kotak tugas" }
        : { href: "/kasus", label: "Semua kasus" },
    // Rows 20–21: when the next periodic evaluation opens, and whether P3ADK may start one now.
    nextEvaluation: v.running ? nextPeriod(today) : null,
    canStartAdhoc: v.running && evaluationPolicy.can(req.user!, "fill"),
    progress: v.running ? progressState(d, today, casePolicy.can(req.user!, "setProgressSchedule", d.c)) : null,
    progressIntervals: PROGRESS_INTERVALS,
    // Approvals before signing (kinds.ts): which apply, which are recorded, which may be recorded now.
    gates,
    // Waiting for the TKKSD (row 4, a final draft): the meeting that has it on its agenda, or none yet (tkksd/agenda.ts).
    tkksdWait: await req.cached(`tkksdWait:${id}`, async () => {
      const subject = isOpen(d.c) ? await waitingSubject(prisma, d.c, d.c.currentRow) : null;
      return subject ? { subject: subject.label, subjectId: subject.id, meeting: await agendaOf(prisma, id) } : null;
    }),
    // At a signing row: the approvals still missing, each with how it is obtained.
    signingNeeds: isOpen(d.c) && d.c.currentRow !== null ? missingWithHow(gates, d.c.currentRow) : [],
    mayRecordGate: gatePolicy.can(req.user!, "record", d.c),
    // The approvals this user may record on the case by hand (the TKKSD's come from its meetings).
    recordableGates: gates.filter((g) => !g.gate.viaMeeting && gatePolicy.can(req.user!, "record", d.c, g.gate)).map((g) => g.gate.id),
    kind: kindOf(d.c.jenis),
    // Obligations under the signed PKS, with realisation against target.
    obligations: withStates(d.obligations, today),
    mayObligation: { record: obligationPolicy.can(req.user!, "record", d.c), report: obligationPolicy.can(req.user!, "report", d.c) },
    parties: PARTIES,
    describeTarget,
    closing: closes ? await req.cached(`closing:${id}`, () => closingState(prisma, id, today)) : null,
    canUpload: await canUpload(prisma, req.user!, d.c, d.tasks),
    // Documents whose content search cannot read: scans without a text layer, files too large (search/extract-job.ts).
    // Kept per revision like the rest of the page (BlobText moves no revision: a new verdict shows within MAX_AGE_MS).
    unreadable: new Map(await req.cached(`unreadable:${id}`, () => unreadableDocuments(prisma, d.documents.map((x) => x.sha256)))),
    // Letters and drafts the system can write at this row (letters/letters.ts).
    letters: lettersAt(isOpen(d.c) ? d.c.currentRow : null),
    docKinds: DOCUMENT_KINDS,
    uploadKinds: UPLOAD_KINDS,
    recipientTypes: RECIPIENT_TYPES,
    actionError: extra.actionError ?? null,
    actionValues: extra.actionValues ?? {},
  });
}

/** What the page says of a document search cannot read: a scan, a file too large, or one that could not be read (with the reason). */
async function unreadableDocuments(prisma: PrismaClient, sha256s: string[]): Promise<[string, string][]> {
  const rows = await prisma.blobText.findMany({ where: { sha256: { in: sha256s }, status: { in: ["NO_TEXT", "SKIPPED", "FAILED"] } }, select: { sha256: true, status: true, error: true } });
  return rows.map((x) => [
    x.sha256,
    x.status === "NO_TEXT" ? "pindaian tanpa teks" : x.status === "SKIPPED" ? "terlalu besar untuk dicari isinya" : `isinya tidak dapat dibaca: ${x.error ?? "berkas rusak"}`,
  ]);
}

/** When the SKPD's next progress report is due, from the agreement's start and the last report. */
function progressState(d: Awaited<ReturnType<typeof caseDetail>>, today: string, canSet: boolean) {
  const starts = d.agreements.map((a) => fromDbDate(a.startDate)).sort();
  if (!starts.length) return null;
  const last = d.reports.map((r) => r.createdAt.toISOString().slice(0, 10)).sort().at(-1) ?? null;
  const everyMonths = d.c.progressEveryMonths;
  const nextDue = nextProgressDue({ everyMonths, agreementStart: starts.at(-1)!, lastReportOn: last });
  return { everyMonths, label: PROGRESS_INTERVALS[everyMonths as ProgressInterval] ?? `setiap ${everyMonths} bulan`, nextDue, overdue: nextDue < today, canSet };
}
