// The case page's view model, built in one place: buildCasePage takes the loaded case
// (case-page.ts loads it) and the user, and returns everything views/cases/show.ejs and
// its partials (views/cases/show/*.ejs) render. Every rule, filter and lookup the page
// needs is here; the templates only loop over prepared lists and test prepared booleans.
import { isSrikandi, numberSourceText } from "../numbering/number-source.js";
import { DOCUMENT_KINDS, UPLOAD_KINDS, type DocKind } from "../../core/documents/kinds.js";
import { SIGNING, signingRuleOf } from "../../core/sop/signing.js";
import type { GateLine } from "../gates/gate-state.js";
import { missingWithHow } from "../gates/gate-state.js";
import { lettersAt } from "../letters/letters.js";
import { nextPeriod, periodLabel } from "../../core/sop/periods.js";
import { isProgressInterval, nextProgressDue, PROGRESS_INTERVALS } from "../monitoring/progress-schedule.js";
import { describeTarget, withStates } from "../obligations/obligation-service.js";
import { PARTIES } from "../obligations/schema.js";
import { casePermissions, documentPolicy, type CasePermissions } from "../../core/policies/index.js";
import { ACCESS_CLASSES, isAccessClass } from "../../core/documents/records.js";
import { expectationOnCase } from "../../core/policies/task.js";
import { actingLabel, ROLE_LABELS, viaDelegation, type CurrentUser } from "../../core/users/roles.js";
import { fromDbDate } from "../../core/calendar/calendar.js";
import { availableActions, canPause, canWithdraw, holdsTask, isOpen, rowIndex } from "../../core/policies/case-actions.js";
import { kindOf, naskahLabel, naskahText } from "../../core/sop/kinds.js";
import { distributionAt, MISSING_ROWS, requireRow, requireRowFor, sopFor, WITHDRAW, type ActionDef } from "../../core/sop/sop.js";
import { formatDate, formatIsoDate } from "../../platform/time.js";
import type { caseDetail } from "../cases/case-service.js";
import { RECIPIENT_TYPES } from "../copies/record-distribution.js";
import { formatRupiah } from "../../core/case-data/rupiah.js";
import { JENIS_LABELS } from "../../core/case-data/schema.js";
import { regionLabel } from "../../core/case-data/regions.js";

export const STATUS_LABELS: Record<string, string> = {
  DRAFT: "Draf",
  IN_PROGRESS: "Berjalan",
  DONE: "Selesai",
  REJECTED: "Tidak dilanjutkan",
  REFUSED: "Tidak disetujui Walikota",
  DECLINED: "Mitra menolak / tidak menjawab",
  WITHDRAWN: "Ditarik SKPD",
};

export type DueState = "overdue" | "soon" | "ok" | "paused" | "none";

/**
 * Overdue, due soon (within DUE_SOON_WORKING_DAYS working days: the same rule as the
 * daily reminders), paused, or fine. `soonLimit` is cal.addWorkingDays(today, DUE_SOON_WORKING_DAYS).
 */
export function dueState(t: { dueOn: Date | null; pausedSince: Date | null }, today: string, soonLimit: string): DueState {
  if (t.pausedSince) return "paused";
  if (!t.dueOn) return "none";
  const due = fromDbDate(t.dueOn);
  if (due < today) return "overdue";
  return due <= soonLimit ? "soon" : "ok";
}

/** What an action recorded (a signing's dates, its signatory and surat kuasa), labelled as its form asked. */
export function recordedFields(jenis: string | null, e: { fromRow: number | null; action: string; data: unknown }): string[] {
  const values = (e.data as { fields?: Record<string, string | null> } | null)?.fields;
  if (!values || e.fromRow === null) return [];
  const def = sopFor(jenis)
    .find((r) => r.no === e.fromRow)
    ?.actions.find((a) => a.id === e.action);
  const out: string[] = [];
  for (const f of def?.fields ?? []) {
    const v = values[f.name];
    if (!v || (f.onlyWhen && values[f.onlyWhen.field] !== f.onlyWhen.is)) continue;
    out.push(`${f.label}: ${f.type === "date" ? formatIsoDate(v) : f.type === "choice" ? (f.options?.[v] ?? v) : v}`);
  }
  return out;
}

export type CaseDetail = Awaited<ReturnType<typeof caseDetail>>;
type Agenda = { meetingId: number; heldOn: string; startsAt: string; place: string };
/** transition-service.ts closingState: early while an agreement runs, and then the one whose end is cut short. */
type Closing = { missingEvaluations: string[] } & ({ early: true; endDate: string; endKind: string } | { early: false; endDate: null; endKind: null });

/** Everything case-page.ts loads for the page: the case, and what other features say about it. */
export type CasePageData = {
  d: CaseDetail;
  today: string;
  soonLimit: string;
  /** Approvals before signing (gates/gate-service.ts). */
  gates: GateLine[];
  /** Waiting for the TKKSD: the subject, and the meeting that has it on its agenda (tkksd/agenda.ts). */
  tkksdWait: { subject: string; subjectId: string; meeting: Agenda | null } | null;
  /** Loaded only when an action on the page closes the cooperation (see closesCooperation). */
  closing: Closing | null;
  canUpload: boolean;
  /** Documents whose content search cannot read, by sha256, with what the page says of them. */
  unreadable: Map<string, string>;
  /** The signature check's conclusion of each PDF, by its hash (null while it is being checked). */
  signatureChecks: Map<string, string | null>;
  /** The Referer was the agreement register. */
  fromRegister: boolean;
  actionError: string | null;
  actionValues: Record<string, unknown>;
};

/** The actions the user may take on the case now (the page's "Tindakan Anda"). */
function actionsOf(d: CaseDetail, user: CurrentUser) {
  const { c } = d;
  const open = d.tasks.filter((t) => t.status === "OPEN" && t.kind === "ROW");
  const state = { status: c.status, currentRow: c.currentRow, skpdId: c.skpdId, jenis: c.jenis };
  return { open, state, actions: availableActions(state, open, user) };
}

/** Whether an action the user may take closes the cooperation (then the loader reads its closing state). */
export const closesCooperation = (d: CaseDetail, user: CurrentUser) => actionsOf(d, user).actions.some((a) => a.action.closesCooperation);

const orDash = (v: string | null | undefined) => v || "—";
const yesNo = (v: boolean | null) => (v === null ? "—" : v ? "Ya" : "Tidak");

export function buildCasePage(p: CasePageData, user: CurrentUser) {
  const { d, today, gates, tkksdWait, closing, actionValues: av } = p;
  const { c } = d;
  const jenis = c.jenis;
  const { open, state, actions } = actionsOf(d, user);
  const row = c.currentRow !== null ? requireRowFor(jenis, c.currentRow) : null;
  const since = c.rowEnteredAt.getTime();
  const docsHere = new Set(d.documents.filter((x) => x.rowNo === c.currentRow && x.createdAt.getTime() >= since).map((x) => x.kind));
  const distributedHere = d.distributions.filter((x) => x.createdAt.getTime() >= since).length;
  // Everything the page may offer this user, from the policies at once.
  const perms = casePermissions(
    user,
    c,
    gates.map((g) => g.gate),
  );
  const running = perms.running;
  const isOwnSkpd = perms.ownSkpd;
  const may = {
    distribute: perms.distribute,
    voidNumber: perms.voidNumber,
    replaceNumber: perms.replaceNumber,
    stampCopy: perms.stampCopy,
    comment: perms.comment,
  };

  // What this row needs, each marked when it is here (uploaded since the case entered the row).
  const checklist: { label: string; kind: string; done: boolean }[] = row
    ? [...new Set(row.actions.flatMap((a) => a.docs ?? []))].map((k) => ({ label: naskahText(jenis, DOCUMENT_KINDS[k]), kind: k, done: docsHere.has(k) }))
    : [];
  if (row?.actions.some((a) => a.distribution))
    checklist.push({ label: "Penerima distribusi dengan tanda terima", kind: "distribusi", done: distributedHere > 0 });
  const hasDoc = (k: string) => checklist.some((x) => x.kind === k && x.done);

  const stated = withStates(d.obligations, today);
  const obligationMay = { record: perms.obligation.record, report: perms.obligation.report };

  return {
    title: c.title,
    // Back to where the user came from: the register, the inbox (for roles that have one) or the case list.
    backLink: p.fromRegister
      ? { href: "/perjanjian", label: "Register perjanjian" }
      : perms.inbox
        ? { href: "/inbox", label: "Kotak tugas" }
        : { href: "/kasus", label: "Semua kasus" },
    header: {
      id: c.id,
      title: c.title,
      statusClass: c.status.toLowerCase(),
      statusLabel: STATUS_LABELS[c.status],
      skpdName: c.skpd.name,
      jenisLabel: jenis ? JENIS_LABELS[jenis] : "—",
      definitionVersion: c.definitionVersion,
      actionError: p.actionError,
      returned: returnedNote(d),
    },
    now: nowSection(p, user, perms, row, open, checklist),
    expectation: expectationOf(d, user, row, open, actions.length > 0),
    actions:
      actions.length || canWithdraw(state, user)
        ? {
            caseId: c.id,
            version: c.version,
            items: actions.map((a) => actionForm(a.action, roleLabelOf(user, a.role), jenis, av, hasDoc, closing, today)),
            withdraw: canWithdraw(state, user) ? { id: WITHDRAW.id, label: WITHDRAW.label } : null,
          }
        : null,
    distribution: may.distribute ? distributionForm(d, av) : null,
    gates: gates.length && c.status !== "DRAFT" ? gatesSection(d, perms, gates, tkksdWait, av) : null,
    obligations:
      c.signedPksOn || stated.length
        ? {
            caseId: c.id,
            list: { obligations: stated, parties: PARTIES, describeTarget, canCancel: obligationMay.record },
            form: obligationMay.record
              ? {
                  open: av.form === "obligation",
                  values: obligationValues(av.form === "obligation" ? av : {}),
                  parties: Object.entries(PARTIES).map(([value, label]) => ({
                    value,
                    label,
                    selected: (av.form === "obligation" ? av.party : undefined) === value,
                  })),
                }
              : null,
          }
        : null,
    monitoring: running || d.evaluations.length || d.reports.length ? monitoringSection(d, perms, today, running, isOwnSkpd, stated, av) : null,
    facts: factsOf(d),
    numbers: d.numbers.length ? numbersSection(d, may) : null,
    distributions: d.distributions.length
      ? d.distributions.map((x) => ({
          kindLabel: naskahLabel(jenis, x.kind),
          copy: x.copy,
          recipientName: x.recipientName,
          recipientTypeLabel: (RECIPIENT_TYPES as Record<string, string>)[x.recipientType] || x.recipientType,
          sentOn: x.sentOn,
          receiptId: x.receiptId,
          receiptName: x.receipt.originalName,
        }))
      : null,
    // Letters and drafts the system can write at this row (letters/letters.ts).
    letters: (() => {
      const letters = lettersAt(isOpen(c) ? c.currentRow : null);
      return p.canUpload && letters.length ? { caseId: c.id, items: letters.map((l) => ({ key: l.key, label: naskahText(jenis, l.label) })) } : null;
    })(),
    documents: {
      caseId: c.id,
      items: d.documents.map((x) => ({
        id: x.id,
        kindLabel: (DOCUMENT_KINDS as Record<string, string>)[x.kind] || x.kind,
        version: x.version,
        name: x.originalName,
        // Records metadata (docs/records.md): its code, its access class, and whether this user may open it.
        classificationCode: x.classificationCode,
        accessClass: x.accessClass,
        accessLabel: isAccessClass(x.accessClass) ? ACCESS_CLASSES[x.accessClass] : x.accessClass,
        mayOpen: documentPolicy.can(user, "open", { ...x, case: c }),
        mayClassify: documentPolicy.can(user, "classify", { ...x, case: c }),
        sizeKb: (x.size / 1024).toFixed(0),
        unreadable: p.unreadable.get(x.sha256) ?? null,
        ...documentSigning(x, d.documents, p.signatureChecks, p.canUpload && isOpen(c)),
        rowNo: x.rowNo,
        uploadedBy: x.uploadedBy.fullName,
        createdAt: x.createdAt,
      })),
      upload: p.canUpload ? { kinds: Object.entries(UPLOAD_KINDS).map(([value, label]) => ({ value, label })) } : null,
      accessClasses: Object.entries(ACCESS_CLASSES).map(([value, label]) => ({ value, label })),
      restrictedText: documentPolicy.RESTRICTED_TEXT,
    },
    comments: {
      caseId: c.id,
      items: d.comments.map((m) => ({ author: m.author.fullName, createdAt: m.createdAt, body: m.body })),
      mayComment: may.comment,
    },
    steps: stepsOf(d),
    timeline: d.events
      .slice()
      .reverse()
      .map((e) => timelineEntry(jenis, e)),
  };
}

export type CasePage = ReturnType<typeof buildCasePage>;

const PDF_MIME = "application/pdf";
const DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
/** What the document list offers on a document: its signature check, the signing page, a PDF made from a Word file. */
function documentSigning(
  x: { id: number; kind: string; version: number; mime: string; sha256: string },
  all: readonly { kind: string; version: number }[],
  checks: Map<string, string | null>,
  mayMakePdf: boolean,
) {
  const latest = !all.some((o) => o.kind === x.kind && o.version > x.version);
  const conclusion = x.mime === PDF_MIME ? checks.get(x.sha256) : undefined;
  const badge = conclusion ? (SIGNATURE_BADGES[conclusion] ?? null) : null;
  return {
    signatureCheck: badge,
    // The latest signed MoU, PKS or offer letter whose signature is broken: flagged above the list.
    brokenSigned: latest && badge?.tone === "bad" && SIGNING.some((r) => r.signedKind === x.kind),
    signable: latest && x.mime === PDF_MIME && signingRuleOf(x.kind) !== undefined,
    makePdf: mayMakePdf && latest && x.mime === DOCX_MIME,
  };
}

/** The badge of a PDF's signature check (signatures/verification.ts words it in full). */
const SIGNATURE_BADGES: Record<string, { label: string; tone: "ok" | "warn" | "bad" } | undefined> = {
  VALID: { label: "Bertanda tangan elektronik (sah)", tone: "ok" },
  UNTRUSTED: { label: "Bertanda tangan, penerbit tidak dipercaya", tone: "warn" },
  MODIFIED: { label: "Diubah setelah ditandatangani", tone: "bad" },
  INVALID: { label: "Tanda tangan rusak", tone: "bad" },
};

const roleLabelOf = (user: CurrentUser, role: keyof typeof ROLE_LABELS) => {
  const via = viaDelegation(user, role);
  return via ? actingLabel(via, role) : ROLE_LABELS[role];
};

/** Sent back for fixing: who returned it, when and why, and where it goes once fixed. */
function returnedNote(d: CaseDetail) {
  const { c } = d;
  if (c.resumeRow === null || !isOpen(c)) return null;
  const e = d.events.filter((x) => x.fromRow === c.resumeRow && x.toRow === c.currentRow).at(-1);
  if (!e) return null;
  const role = e.role ? ROLE_LABELS[e.role] : "";
  return {
    by: e.actor?.fullName ?? "—",
    roleSuffix: role ? ` (${role})` : "",
    at: e.createdAt,
    reason: e.reason,
    fromRow: c.resumeRow,
    fromLabel: requireRowFor(c.jenis, c.resumeRow).kegiatan,
  };
}

/** "Sekarang": the row, its tasks and their deadlines, what it waits for, and its checklist; or how the case ended. */
function nowSection(
  p: CasePageData,
  user: CurrentUser,
  perms: CasePermissions,
  row: ReturnType<typeof requireRowFor> | null,
  open: CaseDetail["tasks"],
  checklist: { label: string; done: boolean }[],
) {
  const { d, today, soonLimit, gates, tkksdWait } = p;
  const { c } = d;
  const jenis = c.jenis;
  return {
    caseId: c.id,
    row: row ? { no: row.no, kegiatan: row.kegiatan, pelaksana: row.pelaksana, timeLabel: row.time.label } : null,
    tasks: open.map((t) => {
      const due = dueState(t, today, soonLimit);
      const mayPause = canPause(requireRow(t.rowNo), t, user);
      return {
        id: t.id,
        due,
        part: t.part ? (requireRow(t.rowNo).parts?.find((x) => x.id === t.part)?.label ?? t.part) : null,
        holders: t.roles.map((r) => (r === "SKPD" ? `${ROLE_LABELS.SKPD} (${c.skpd.code})` : ROLE_LABELS[r])).join(", "),
        dueText: t.dueOn ? formatDate(t.dueOn) : "mengikuti jangka waktu perjanjian",
        pill:
          due === "overdue"
            ? { cls: "pill pill-danger", text: "Terlambat" }
            : due === "soon"
              ? { cls: "pill pill-warn", text: "Segera" }
              : due === "paused"
                ? { cls: "pill", text: `Jam ditunda sejak ${formatDate(t.pausedSince)}: ${t.pauseReason ?? ""}` }
                : null,
        pausedDays: t.pausedDays || null,
        mayResume: mayPause && !!t.pausedSince,
        mayPause: mayPause && !t.pausedSince,
      };
    }),
    tkksdWait: tkksdWait
      ? {
          subject: naskahText(jenis, tkksdWait.subject),
          meeting: tkksdWait.meeting ? { ...tkksdWait.meeting, heldOn: formatIsoDate(tkksdWait.meeting.heldOn) } : null,
        }
      : null,
    // At a signing row: the approvals still missing, each with how it is obtained.
    signingNeeds: (isOpen(c) && c.currentRow !== null ? missingWithHow(gates, c.currentRow) : []).map((n) => ({
      label: naskahText(jenis, n.label),
      how: naskahText(jenis, n.how),
    })),
    ended: { statusLabel: STATUS_LABELS[c.status], endReason: c.endReason, endedAt: c.endedAt },
    checklist: checklist.map((i) => ({
      cls: i.done ? "ok" : "todo",
      mark: i.done ? "✔" : "○",
      label: i.label,
      srText: i.done ? "(sudah ada)" : "(belum ada)",
    })),
    editable: perms.edit,
  };
}

/** A holder of this row who takes no action here: what the SOP expects of them, with a direct upload. */
function expectationOf(d: CaseDetail, user: CurrentUser, row: ReturnType<typeof requireRowFor> | null, open: CaseDetail["tasks"], hasActions: boolean) {
  const { c } = d;
  if (!row || hasActions || !open.some((t) => t.rowNo === row.no && holdsTask(user, t))) return null;
  const own = expectationOnCase(user, c.skpdId, row.expects);
  return {
    caseId: c.id,
    text: own?.text ?? `Hasil yang diharapkan di langkah ini: ${row.outputs.join(", ")}.`,
    docs: (own?.docs ?? []).map((k) => ({ kind: k, label: DOCUMENT_KINDS[k] })),
  };
}

/** One action's form: its files, fields and reason, refilled with what was sent when it came back with an error. */
function actionForm(
  a: ActionDef,
  roleLabel: string,
  jenis: string | null,
  av: Record<string, unknown>,
  hasDoc: (k: string) => boolean,
  closing: Closing | null,
  today: string,
) {
  const sentBack = av.action === a.id;
  const kindLabel = (k: DocKind) => naskahText(jenis, DOCUMENT_KINDS[k]);
  const optionOf = (field: string, value: string): string | undefined => ((a.fields ?? []).find((x) => x.name === field)?.options ?? {})[value];
  const refill = sentBack ? (a.docs ?? []).filter((k) => !hasDoc(k)) : [];
  const early = !!(a.closesCooperation && closing && closing.early);
  const missingEvaluations =
    !early && a.closesCooperation && closing && closing.missingEvaluations.length ? closing.missingEvaluations.map(periodLabel).join(", ") : null;
  return {
    id: a.id,
    label: a.label,
    roleLabel,
    open: a.tone === "primary" || sentBack,
    danger: a.tone === "danger",
    refill: refill.length ? refill.map((k) => (DOCUMENT_KINDS as Record<string, string>)[k]).join(", ") : null,
    docs: (a.docs ?? []).map((k) => ({
      kind: k,
      label: kindLabel(k) + (hasDoc(k) ? " (sudah ada; unggah lagi bila perlu versi baru)" : ""),
      required: !hasDoc(k),
    })),
    optionalDocs: (a.optionalDocs ?? []).map((k) => {
      const w = (a.docsWhen ?? []).find((x) => x.docs.includes(k));
      return {
        kind: k,
        onlyWhen: w ? `${w.field}=${w.is}` : null,
        label: `${kindLabel(k)} ${w ? `(wajib bila ${optionOf(w.field, w.is) ?? w.is})` : "(bila ada)"}`,
      };
    }),
    fields: (a.fields ?? []).map((f) => {
      const sent = sentBack ? av[f.name] || "" : "";
      return {
        name: f.name,
        choice: f.type === "choice",
        options: Object.entries(f.options ?? {}).map(([value, label]) => ({ value, label, checked: sent === value })),
        label: f.onlyWhen ? `${f.label} (wajib bila ${optionOf(f.onlyWhen.field, f.onlyWhen.is) ?? ""})` : f.label,
        onlyWhen: f.onlyWhen ? `${f.onlyWhen.field}=${f.onlyWhen.is}` : null,
        type: f.type,
        value: sent,
        required: f.required,
        max: f.past ? today : null,
      };
    }),
    // Closing the cooperation while its agreement runs, or with an evaluation left empty (transition-service.ts closingState).
    earlyEnd: early
      ? { endLabel: naskahLabel(jenis, closing.endKind), endDate: formatIsoDate(closing.endDate), confirmed: sentBack && av.confirm === "ya" }
      : null,
    missingEvaluations,
    reason: a.reason
      ? {
          label:
            a.reason === "required" ? "Alasan / catatan (wajib)" : early || missingEvaluations ? "Alasan (wajib, minimal 10 karakter)" : "Catatan (opsional)",
          required: a.reason === "required",
          value: sentBack ? av.reason || "" : "",
        }
      : null,
    requiresProposal: !!a.requiresProposal,
  };
}

/** Recording the distribution of the numbered copy at row 15 or 19, with the copy to send. */
function distributionForm(d: CaseDetail, av: Record<string, unknown>) {
  const { c } = d;
  const kind = distributionAt(c.currentRow) ?? "PKS";
  const sending = d.numbers.filter((n) => n.kind === kind && !n.voidedAt).at(-1);
  return {
    caseId: c.id,
    docLabel: naskahLabel(c.jenis, kind),
    // The latest number in force, and its numbered copy (the one to send) once it is made.
    hasNumber: !!sending,
    number: sending?.number ?? null,
    copy: sending?.copy ? { id: sending.copy.id, name: sending.copy.originalName } : null,
    recipientTypes: Object.entries(RECIPIENT_TYPES).map(([value, label]) => ({ value, label, selected: av.recipientType === value })),
    recipientName: av.recipientName || "",
    sentOn: av.sentOn || "",
  };
}

/** "Persetujuan sebelum penandatanganan": each approval's state, and the form for those this user may record by hand. */
function gatesSection(d: CaseDetail, perms: CasePermissions, gates: GateLine[], tkksdWait: CasePageData["tkksdWait"], av: Record<string, unknown>) {
  const { c } = d;
  const kind = kindOf(c.jenis);
  // The approvals this user may record on the case by hand (the TKKSD's come from its meetings).
  const recordable = gates.filter((g) => !g.passed && !g.waitsFor && perms.gate.recordable.includes(g.gate.id));
  const gv = av.form === "gate" ? av : {};
  return {
    caseId: c.id,
    kindLabel: kind ? kind.label : "",
    mouLabel: naskahLabel(c.jenis, "MOU"),
    pksLabel: naskahLabel(c.jenis, "PKS"),
    lines: gates.map((g) => ({
      label: g.gate.label,
      body: g.gate.body,
      why: g.why,
      before: g.gate.before.join(" dan "),
      passed: g.passed,
      stale: !g.passed && g.stale,
      waitsFor: !g.passed && !g.stale && g.waitsFor ? g.waitsFor.label : null,
      record: g.record,
      draft: g.gate.approves
        ? {
            text: g.draft ? `draf final versi ${g.draft.version}` : "draf final belum diunggah",
            approved: !!(g.passed && g.record?.draftDocumentId && g.draft && g.record.draftDocumentId === g.draft.id),
          }
        : null,
      obtained: g.gate.obtained,
      // A TKKSD approval: the meeting that gave it, or the meeting that has it on its agenda.
      approvedAtMeeting: g.gate.viaMeeting && g.passed && g.record?.meetingId ? g.record.meetingId : null,
      agenda:
        g.gate.viaMeeting && !g.passed && tkksdWait && tkksdWait.meeting && tkksdWait.subjectId === g.gate.id
          ? { meetingId: tkksdWait.meeting.meetingId, heldOn: formatIsoDate(tkksdWait.meeting.heldOn) }
          : null,
    })),
    form:
      perms.gate.record && recordable.length
        ? {
            open: av.form === "gate",
            options: recordable.map((g) => ({ value: g.gate.id, label: g.gate.label, selected: gv.gate === g.gate.id })),
            letterNumber: gv.letterNumber || "",
            letterDate: gv.letterDate || "",
          }
        : null,
  };
}

const obligationValues = (ov: Record<string, unknown>) => ({
  description: ov.description || "",
  indicator: ov.indicator || "",
  target: ov.target || "",
  unit: ov.unit || "",
  dueOn: ov.dueOn || "",
  contribution: ov.contribution || "",
});

/** "Monitoring dan evaluasi" (rows 20–21): agreements, evaluations, progress reports and their schedule. */
function monitoringSection(
  d: CaseDetail,
  perms: CasePermissions,
  today: string,
  running: boolean,
  isOwnSkpd: boolean,
  obligations: ReturnType<typeof withStates>,
  av: Record<string, unknown>,
) {
  const { c } = d;
  const evaluations = d.evaluations.map((e) => {
    const cancelled = !e.completedAt && d.tasks.some((t) => t.id === e.taskId && t.status === "CANCELLED");
    return {
      id: e.id,
      period: periodLabel(e.period),
      stateText: e.completedAt
        ? "selesai " + formatDate(e.completedAt)
        : cancelled
          ? "dibatalkan (kerja sama ditutup)"
          : "belum diisi, tenggat " + formatDate(e.dueOn),
      completed: !!e.completedAt,
    };
  });
  // When the next periodic evaluation opens (rows 20–21).
  const next = running ? nextPeriod(today) : null;
  const progress = running ? progressState(d, today, perms.setProgressSchedule) : null;
  const pv = av.form === "progress" ? av : {};
  const inForce = obligations.filter((o) => !o.cancelledAt);
  return {
    caseId: c.id,
    agreements: d.agreements.map((a) => ({
      id: a.id,
      label: naskahLabel(c.jenis, a.kind),
      cityNumber: a.cityNumber || "",
      startDate: a.startDate,
      endDate: a.endDate,
    })),
    evaluations,
    nextEvaluation: next ? { label: next.label, opensOn: formatIsoDate(next.opensOn), end: formatIsoDate(next.end) } : null,
    noEvaluation: !next && !evaluations.length,
    canStartAdhoc: perms.startAdhocEvaluation,
    progress: progress
      ? {
          cls: progress.overdue ? "field-error" : "muted",
          label: progress.label,
          dueWord: progress.overdue ? "sudah jatuh tempo sejak" : "paling lambat",
          nextDue: formatIsoDate(progress.nextDue),
        }
      : null,
    reports: d.reports.map((r) => ({
      period: r.period,
      progress: r.progress,
      indicator: r.indicator,
      achievement: r.achievement,
      obstacle: r.obstacle,
      solution: r.solution,
    })),
    schedule:
      progress && progress.canSet
        ? { options: Object.entries(PROGRESS_INTERVALS).map(([value, label]) => ({ value, label, selected: Number(value) === progress.everyMonths })) }
        : null,
    report:
      running && isOwnSkpd
        ? {
            open: av.form === "progress",
            values: {
              period: pv.period || "",
              progress: pv.progress || "",
              indicator: pv.indicator || "",
              achievement: pv.achievement || "",
              obstacle: pv.obstacle || "",
              solution: pv.solution || "",
            },
            obligations: inForce.map((o) => ({
              id: o.id,
              indicator: o.indicator,
              party: o.party === "MITRA" ? "mitra" : "Pemkot",
              target: describeTarget(o),
              realised: o.realised.toLocaleString("id-ID", { maximumFractionDigits: 2 }),
              value: pv[`realisasi_${o.id}`] || "",
            })),
            evidenceNote: inForce.length ? " (wajib bila realisasi berubah)" : " (opsional)",
          }
        : null,
  };
}

/** When the SKPD's next progress report is due, from the agreement's start and the last report. */
function progressState(d: CaseDetail, today: string, canSet: boolean) {
  const starts = d.agreements.map((a) => fromDbDate(a.startDate)).sort();
  const agreementStart = starts.at(-1);
  if (agreementStart === undefined) return null;
  const last =
    d.reports
      .map((r) => r.createdAt.toISOString().slice(0, 10))
      .sort()
      .at(-1) ?? null;
  const everyMonths = d.c.progressEveryMonths;
  const nextDue = nextProgressDue({ everyMonths, agreementStart, lastReportOn: last });
  return {
    everyMonths,
    label: isProgressInterval(everyMonths) ? PROGRESS_INTERVALS[everyMonths] : `setiap ${everyMonths} bulan`,
    nextDue,
    overdue: nextDue < today,
    canSet,
  };
}

/** "Data potensi kerja sama": the proposal's facts and what the signings recorded. */
function factsOf(d: CaseDetail) {
  const { c } = d;
  return {
    urusan: c.urusan ? c.urusan.name : "—",
    bidang: orDash(c.bidang),
    objek: orDash(c.objek),
    ruangLingkup: orDash(c.ruangLingkup),
    partnerName: orDash(c.partnerName),
    partnerKind: c.partnerKind || null,
    partnerRegion: d.partnerRegion ? regionLabel(d.partnerRegion) : c.partnerRegionCode,
    partnerAddress: c.partnerAddress || "",
    partnerContact: c.partnerContact || "",
    manfaat: orDash(c.manfaat),
    pembiayaan: orDash(c.pembiayaan),
    cost: c.estimatedCost === null ? "—" : formatRupiah(c.estimatedCost),
    duration: c.durationMonths ? `${c.durationMonths} bulan` : "—",
    ksddNature: c.ksddNature ? (c.ksddNature === "WAJIB" ? "Wajib" : "Sukarela") : null,
    burdensPublic: yesNo(c.burdensPublic),
    outsideApbd: yesNo(c.outsideApbd),
    rpjmd: orDash(c.rpjmdLink),
    liaisonName: orDash(c.liaisonName),
    liaisonPhone: c.liaisonPhone || "",
    mou: c.signedMouOn
      ? { signedOn: c.signedMouOn, method: c.signingMethodMou ? (c.signingMethodMou === "SEREMONIAL" ? "seremonial" : "biasa") : null, endOn: c.mouEnd }
      : null,
    origin: c.parentCaseId
      ? { label: c.naskahStatus === "ADENDUM" ? "Adendum dari" : "Perpanjangan dari", caseId: c.parentCaseId }
      : c.renewalOfId
        ? { label: "Perpanjangan dari", caseId: c.renewalOfId }
        : null,
    pks: c.signedPksOn
      ? {
          label: naskahLabel(c.jenis, "PKS"),
          signedOn: c.signedPksOn,
          method: c.signingMethodPks === "SEREMONIAL" ? "seremonial" : "biasa",
          signatory: c.pksSignatory || null,
          suratKuasa: c.suratKuasaNumber ? { number: c.suratKuasaNumber, date: c.suratKuasaDate } : null,
        }
      : null,
    term: c.agreementStart ? { start: c.agreementStart, end: c.agreementEnd } : null,
  };
}

/** "Nomor register": each number, its numbered copy, and what this user may do with it. */
function numbersSection(d: CaseDetail, may: { voidNumber: boolean; replaceNumber: boolean; stampCopy: boolean }) {
  const { c } = d;
  return {
    caseId: c.id,
    rows: d.numbers.map((n) => {
      const valid = !n.voidedAt;
      return {
        id: n.id,
        kindLabel: naskahLabel(c.jenis, n.kind),
        number: n.number,
        // Which number is authoritative, and from where (SRIKANDI or this register's counter).
        source: numberSourceText(n),
        srikandi: isSrikandi(n),
        partnerNumber: n.partnerNumber || "—",
        inactive: !valid,
        copy: n.copy ? { id: n.copy.id, name: n.copy.originalName, verifyToken: n.verifyToken } : null,
        copyError: !n.copy && valid && n.copyError ? { text: n.copyError, retry: n.copyDue } : null,
        making: !n.copy && valid && !n.copyError && n.copyDue,
        mayStamp: !n.copy && valid && may.stampCopy,
        dash: !n.copy && !(valid && may.stampCopy) && !n.copyError && !n.copyDue,
        status: n.voidedAt ? `Dibatalkan: ${n.voidReason ?? ""}` : "Berlaku",
        mayVoid: valid && may.voidNumber,
      };
    }),
    // A kind whose every number was voided gets a replacement number.
    replaceable: may.replaceNumber
      ? (["MOU", "PKS"] as const)
          .filter((kind) => {
            const ks = d.numbers.filter((n) => n.kind === kind);
            return ks.length && ks.every((n) => n.voidedAt);
          })
          .map((kind) => ({ kind, label: naskahLabel(c.jenis, kind) }))
      : [],
  };
}

/** "Alur SOP": every row of the case's SOP, with the rows missing from the source document. */
function stepsOf(d: CaseDetail) {
  const { c } = d;
  return sopFor(c.jenis).flatMap((r) => {
    const items = [];
    if ((MISSING_ROWS as readonly number[]).includes(r.no - 1)) items.push({ no: r.no - 1, state: "missing", text: "(tidak ada di dokumen sumber)" });
    const state =
      c.currentRow === null
        ? c.status === "DONE" || d.events.some((e) => e.fromRow === r.no && e.toRow !== r.no)
          ? "done"
          : "todo"
        : r.no === c.currentRow
          ? "current"
          : rowIndex(r.no) < rowIndex(c.currentRow)
            ? "done"
            : "todo";
    items.push({ no: r.no, state, text: r.kegiatan });
    return items.map((x) => ({ ...x, current: x.state === "current" }));
  });
}

/** One entry of "Riwayat", newest first. */
function timelineEntry(jenis: string | null, e: CaseDetail["events"][number]) {
  const data = (e.data || {}) as {
    label?: string;
    actingAs?: string;
    number?: string;
    due?: string;
    newDue?: string;
    oldDue?: string;
    pausedWorkingDays?: number;
  };
  return {
    createdAt: e.createdAt,
    label: data.label || e.action,
    move: e.fromRow !== e.toRow ? { from: e.fromRow ?? "—", to: e.toRow ?? "selesai" } : null,
    actor: e.actor ? e.actor.fullName : "Sistem",
    actorRole: data.actingAs ? ` sebagai ${data.actingAs}` : e.role ? ` · ${ROLE_LABELS[e.role]}` : "",
    reason: e.reason,
    fieldLines: recordedFields(jenis, e),
    number: data.number || null,
    due: data.due ? formatIsoDate(data.due) : null,
    shift: data.newDue ? { days: data.pausedWorkingDays, from: formatIsoDate(data.oldDue), to: formatIsoDate(data.newDue) } : null,
  };
}
