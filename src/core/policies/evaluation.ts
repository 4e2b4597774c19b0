// Row 21 evaluations: everyone who may read the case reads them. The P3ADK
// evaluators fill in the assessment, and the SKPD that runs the agreement its
// self-report, while the form is open and its task still stands.
import { hasRole, type CurrentUser, type RoleName } from "../users/roles.js";
import { isRunningRow } from "../sop/sop.js";
import { isOwnSkpd } from "./case.js";

export const EVALUATOR_ROLES: RoleName[] = ["PENELAAH", "PENATALAKSANA"];
export type EvaluationAction = "fill" | "selfReport";
export type EvaluationSubject = {
  completedAt: Date | null;
  selfCompletedAt?: Date | null;
  /** The form's task (the assessment's or the self-report's); null for an ad-hoc self-report. */
  task: { status: string } | null;
  case?: { skpdId: number; status: string; currentRow: number | null };
};

const running = (c: EvaluationSubject["case"]) => !!c && c.status === "IN_PROGRESS" && isRunningRow(c.currentRow);

/** Without a subject: whether the user's roles may ever do it. */
export function can(user: CurrentUser, action: EvaluationAction, ev?: EvaluationSubject): boolean {
  switch (action) {
    case "fill":
      return hasRole(user, ...EVALUATOR_ROLES) && (!ev || (!ev.completedAt && (ev.task === null || ev.task.status === "OPEN")));
    case "selfReport":
      if (!ev) return user.roles.includes("SKPD");
      return !!ev.case && isOwnSkpd(user, ev.case.skpdId) && !ev.selfCompletedAt && (ev.task ? ev.task.status === "OPEN" : running(ev.case));
  }
}

/** The evaluator role an assessment is recorded under. */
export const evaluatorRole = (user: CurrentUser): RoleName | undefined => EVALUATOR_ROLES.find((r) => hasRole(user, r));
