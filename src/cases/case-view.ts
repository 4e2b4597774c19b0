// Builds the plain object the case page renders: progress, holders, checklist, actions.
import { DOCUMENT_KINDS, type DocKind } from "../documents/kinds.js";
import { actingLabel, ROLE_LABELS, viaDelegation, type CurrentUser } from "../users/roles.js";
import { fromDbDate, todayJakarta } from "../workflow/calendar.js";
import { casePolicy } from "../policies/index.js";
import { availableActions, canPause, canWithdraw, holdsTask, isOpen, rowIndex } from "../workflow/engine.js";
import { MISSING_ROWS, requireRow, requireRowFor, sopFor, WITHDRAW } from "../workflow/sop.js";
import { naskahText } from "../workflow/kinds.js";
import { formatIsoDate } from "../time.js";
import type { caseDetail } from "./case-service.js";
import { JENIS_LABELS } from "./schema.js";

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

export function buildCaseView(d: Awaited<ReturnType<typeof caseDetail>>, user: CurrentUser, soonLimit: string) {
  const today = todayJakarta();
  const { c } = d;
  const open = d.tasks.filter((t) => t.status === "OPEN" && t.kind === "ROW");
  const row = c.currentRow !== null ? requireRowFor(c.jenis, c.currentRow) : null;
  const state = { status: c.status, currentRow: c.currentRow, skpdId: c.skpdId, jenis: c.jenis };
  const actions = availableActions(state, open, user);
  const since = c.rowEnteredAt.getTime();
  const docsHere = new Set(
    d.documents.filter((x) => x.rowNo === c.currentRow && x.createdAt.getTime() >= since).map((x) => x.kind),
  );
  const distributedHere = d.distributions.filter((x) => x.createdAt.getTime() >= since).length;

  const progress = sopFor(c.jenis).flatMap((r) => {
    const items = [];
    if ((MISSING_ROWS as readonly number[]).includes(r.no - 1)) items.push({ no: r.no - 1, missing: true as const, kegiatan: "Tidak ada di dokumen sumber", state: "missing" });
    const state =
      c.currentRow === null
        ? c.status === "DONE" || d.events.some((e) => e.fromRow === r.no && e.toRow !== r.no) ? "done" : "todo"
        : r.no === c.currentRow
          ? "current"
          : rowIndex(r.no) < rowIndex(c.currentRow)
            ? "done"
            : "todo";
    items.push({ no: r.no, missing: false as const, kegiatan: r.kegiatan, state });
    return items;
  });

  const checklist: { label: string; kind: string; done: boolean; for: string[] }[] = row
    ? [...new Set(row.actions.flatMap((a) => a.docs ?? []))].map((k) => ({
        label: naskahText(c.jenis, DOCUMENT_KINDS[k as DocKind]),
        kind: k,
        done: docsHere.has(k),
        for: row.actions.filter((a) => a.docs?.includes(k)).map((a) => a.label),
      }))
    : [];
  if (row?.actions.some((a) => a.distribution)) {
    checklist.push({ label: "Penerima distribusi dengan tanda terima", kind: "distribusi", done: distributedHere > 0, for: [] });
  }

  const tasks = open.map((t) => ({
    id: t.id,
    rowNo: t.rowNo,
    part: t.part ? requireRow(t.rowNo).parts?.find((p) => p.id === t.part)?.label ?? t.part : null,
    holders: t.roles.map((r) => (r === "SKPD" ? `${ROLE_LABELS.SKPD} (${c.skpd.code})` : ROLE_LABELS[r])).join(", "),
    dueOn: t.dueOn,
    due: dueState(t, today, soonLimit),
    pausedSince: t.pausedSince,
    pauseReason: t.pauseReason,
    pausedDays: t.pausedDays,
    mine: holdsTask(user, t),
    canPause: canPause(requireRow(t.rowNo), t, user),
  }));

  return {
    c,
    jenisLabel: c.jenis ? JENIS_LABELS[c.jenis] : "—",
    statusLabel: STATUS_LABELS[c.status],
    row,
    progress,
    tasks,
    checklist,
    actions: actions.map((a) => {
      const via = viaDelegation(user, a.role);
      return { ...a.action, roleLabel: via ? actingLabel(via, a.role) : ROLE_LABELS[a.role] };
    }),
    withdraw: canWithdraw(state, user) ? WITHDRAW : null,
    editable: casePolicy.can(user, "edit", c),
    may: {
      distribute: casePolicy.can(user, "distribute", c) && (c.currentRow === 15 || c.currentRow === 19),
      voidNumber: casePolicy.can(user, "voidNumber", c),
      replaceNumber: casePolicy.can(user, "replaceNumber", c),
      stampCopy: casePolicy.can(user, "stampCopy", c),
      comment: casePolicy.can(user, "comment", c),
      reportProgress: casePolicy.can(user, "reportProgress", c),
    },
    numbers: d.numbers,
    distributions: d.distributions,
    documents: d.documents,
    comments: d.comments,
    evaluations: d.evaluations.map((e) => ({ ...e, cancelled: !e.completedAt && d.tasks.some((t) => t.id === e.taskId && t.status === "CANCELLED") })),
    reports: d.reports,
    agreements: d.agreements,
    running: c.status === "IN_PROGRESS" && (c.currentRow === 20 || c.currentRow === 21),
    isOwnSkpd: casePolicy.isOwnSkpd(user, c.skpdId),
    renewalOfId: c.renewalOfId,
    // A holder of this row who takes no action here: what the SOP expects of them, with a direct upload.
    expectation: (() => {
      if (!row || actions.length || !open.some((t) => t.rowNo === row.no && holdsTask(user, t))) return null;
      const own = row.expects?.find((x) => (x.role === "SKPD" ? casePolicy.isOwnSkpd(user, c.skpdId) : user.roles.includes(x.role)));
      return {
        text: own?.text ?? `Hasil yang diharapkan di langkah ini: ${row.outputs.join(", ")}.`,
        docs: (own?.docs ?? []).map((k) => ({ kind: k, label: DOCUMENT_KINDS[k] })),
      };
    })(),
    // Sent back for fixing: who returned it, when and why, and where it goes once fixed.
    returned: (() => {
      if (c.resumeRow === null || !isOpen(c)) return null;
      const e = d.events.filter((x) => x.fromRow === c.resumeRow && x.toRow === c.currentRow).at(-1);
      return e ? { by: e.actor?.fullName ?? "—", role: e.role ? ROLE_LABELS[e.role] : "", at: e.createdAt, reason: e.reason, fromRow: c.resumeRow, fromLabel: requireRowFor(c.jenis, c.resumeRow).kegiatan } : null;
    })(),
    events: d.events.slice().reverse().map((e) => ({ ...e, fieldLines: recordedFields(c.jenis, e) })),
  };
}

/** What an action recorded (a signing's dates, its signatory and surat kuasa), labelled as its form asked. */
export function recordedFields(jenis: string | null, e: { fromRow: number | null; action: string; data: unknown }): string[] {
  const values = (e.data as { fields?: Record<string, string | null> } | null)?.fields;
  if (!values || e.fromRow === null) return [];
  const def = sopFor(jenis).find((r) => r.no === e.fromRow)?.actions.find((a) => a.id === e.action);
  const out: string[] = [];
  for (const f of def?.fields ?? []) {
    const v = values[f.name];
    if (!v || (f.onlyWhen && values[f.onlyWhen.field] !== f.onlyWhen.is)) continue;
    out.push(`${f.label}: ${f.type === "date" ? formatIsoDate(v) : f.type === "choice" ? (f.options?.[v] ?? v) : v}`);
  }
  return out;
}
