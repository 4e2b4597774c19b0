// Row 21 evaluations: everyone who may read the case reads them; the P3ADK
// evaluators fill in an open one whose task still stands.
import { hasRole, type CurrentUser, type RoleName } from "../users/roles.js";

export const EVALUATOR_ROLES: RoleName[] = ["PENELAAH", "PENATALAKSANA"];
export type EvaluationAction = "fill";
export type EvaluationSubject = { completedAt: Date | null; task: { status: string } | null };

export function can(user: CurrentUser, action: EvaluationAction, ev?: EvaluationSubject): boolean {
  switch (action) {
    case "fill":
      return hasRole(user, ...EVALUATOR_ROLES) && (!ev || (!ev.completedAt && (ev.task === null || ev.task.status === "OPEN")));
  }
}
