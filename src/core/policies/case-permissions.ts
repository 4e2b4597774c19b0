// Everything the case page may offer a user, decided at once: one object of booleans
// (and the approvals the user may record) for the view model (cases/case-view.ts,
// case-page.ts), so that no view or view model asks a policy or compares roles itself.
import type { CurrentUser } from "../users/roles.js";
import { canWithdraw } from "./case-actions.js";
import type { GateDef, GateId } from "../sop/kinds.js";
import { distributionAt, isRunningRow } from "../sop/sop.js";
import { can as canCase, isOwnSkpd, uploadsAnyTime, type CaseSubject } from "./case.js";
import { hasInbox } from "./dashboard.js";
import { can as canEvaluation } from "./evaluation.js";
import { can as canGate } from "./gate.js";
import { can as canObligation } from "./obligation.js";

export type PermissionCase = CaseSubject & { signedPksOn: Date | null; jenis?: string | null };

export type CasePermissions = {
  read: boolean;
  /** The proposal form (row 1, the SKPD that proposed it). */
  edit: boolean;
  comment: boolean;
  /** The policy's part of uploading; the service also checks the open tasks (cases/case-service.ts canUpload). */
  upload: boolean;
  /** Documents at any time, whoever holds the case now (Bagian Kerjasama). */
  uploadAnyTime: boolean;
  /** Withdraw the proposal (the SKPD, up to the MoU's signing). */
  withdraw: boolean;
  /** Record a copy sent, only at a distribution row. */
  distribute: boolean;
  voidNumber: boolean;
  replaceNumber: boolean;
  stampCopy: boolean;
  /** The agreement runs (the monitoring section applies). */
  running: boolean;
  reportProgress: boolean;
  setProgressSchedule: boolean;
  /** Start an ad-hoc evaluation (while the agreement runs). */
  startAdhocEvaluation: boolean;
  /** May the user's roles ever fill an evaluation or a self-report (each form decides on its own state). */
  evaluation: { fill: boolean; selfReport: boolean };
  /** Record approvals on this case now, and which of the applicable gates the user records by hand (not those of a TKKSD meeting). */
  gate: { record: boolean; recordable: GateId[] };
  obligation: { read: boolean; record: boolean; cancel: boolean; report: boolean };
  /** The proposing SKPD's own user. */
  ownSkpd: boolean;
  /** The user has an inbox (links back to it). */
  inbox: boolean;
};

/** The case page's permissions for `user` on `c`; `gates` are the approvals that apply to it (kinds.ts applicableGates). */
export function casePermissions(user: CurrentUser, c: PermissionCase, gates: readonly GateDef[] = []): CasePermissions {
  const read = canCase(user, "read", c);
  const running = c.status === "IN_PROGRESS" && isRunningRow(c.currentRow);
  const mayRecordGate = read && canGate(user, "record", c);
  return {
    read,
    edit: canCase(user, "edit", c),
    comment: canCase(user, "comment", c),
    upload: canCase(user, "upload", c),
    uploadAnyTime: read && uploadsAnyTime(user),
    withdraw: read && canWithdraw(c, user),
    distribute: canCase(user, "distribute", c) && distributionAt(c.currentRow) !== null,
    voidNumber: canCase(user, "voidNumber", c),
    replaceNumber: canCase(user, "replaceNumber", c),
    stampCopy: canCase(user, "stampCopy", c),
    running,
    reportProgress: canCase(user, "reportProgress", c),
    setProgressSchedule: canCase(user, "setProgressSchedule", c),
    startAdhocEvaluation: read && running && canEvaluation(user, "fill"),
    evaluation: { fill: read && canEvaluation(user, "fill"), selfReport: read && canEvaluation(user, "selfReport") },
    gate: { record: mayRecordGate, recordable: gates.filter((g) => !g.viaMeeting && canGate(user, "record", c, g)).map((g) => g.id) },
    obligation: {
      read: canObligation(user, "read", c),
      record: canObligation(user, "record", c),
      cancel: canObligation(user, "cancel", c),
      report: canObligation(user, "report", c),
    },
    ownSkpd: isOwnSkpd(user, c.skpdId),
    inbox: hasInbox(user),
  };
}
