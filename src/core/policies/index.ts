// Access, defined once per resource. Routes use `allow(...)`; services call the
// policies on loaded objects; lists use `scope`; menus and views get booleans.
import type { NextFunction, Request, Response } from "express";
import { forbidden } from "../../platform/errors.js";
import type { CurrentUser } from "../users/roles.js";
import type { GateDef } from "../sop/kinds.js";
import * as admin from "./admin.js";
import * as agreement from "./agreement.js";
import * as casePolicy from "./case.js";
import * as dashboard from "./dashboard.js";
import * as documentPolicy from "./document.js";
import * as delegation from "./delegation.js";
import * as evaluation from "./evaluation.js";
import * as gate from "./gate.js";
import * as integration from "./integration.js";
import * as obligation from "./obligation.js";
import * as tkksd from "./tkksd.js";
import * as report from "./report.js";
import * as signature from "./signature.js";
import * as notification from "./notification.js";
import * as srikandi from "./srikandi.js";
import * as webhook from "./webhook.js";

import * as task from "./task.js";
export { casePermissions, type CasePermissions, type PermissionCase } from "./case-permissions.js";

export { admin, agreement, casePolicy, dashboard, delegation, evaluation, gate, notification, obligation, report, signature, task, tkksd };
export { srikandi };
export { documentPolicy };
export { integration };
export { webhook };

/** A rule the roles alone decide: asked like the others, its resource is always undefined. */
const rolesOnly = <A extends string>(can: (u: CurrentUser, a: A) => boolean): ((u: CurrentUser, a: A, r: undefined) => boolean) => can;

/**
 * Every action a policy decides, by domain, each with the resource it is decided on
 * (undefined where the roles alone decide). `authorize` and `allowed` read this table.
 */
const RULES = {
  admin: (u: CurrentUser, a: "manage", r: admin.AdminResource) => admin.can(u, a, r),
  agreement: (u: CurrentUser, a: agreement.AgreementAction, r: agreement.AgreementSubject | undefined) => agreement.can(u, a, r),
  case: (u: CurrentUser, a: casePolicy.CaseAction, r: casePolicy.CaseSubject | undefined) => casePolicy.can(u, a, r),
  delegation: rolesOnly(delegation.can),
  document: (u: CurrentUser, a: documentPolicy.DocumentAction, r: documentPolicy.DocumentSubject) => documentPolicy.can(u, a, r),
  records: rolesOnly(documentPolicy.canRecords),
  evaluation: (u: CurrentUser, a: evaluation.EvaluationAction, r: evaluation.EvaluationSubject | undefined) => evaluation.can(u, a, r),
  gate: (u: CurrentUser, a: gate.GateAction, r: { case: casePolicy.CaseSubject; gate?: GateDef }) => gate.can(u, a, r.case, r.gate),
  integration: rolesOnly(integration.can),
  notification: (u: CurrentUser, a: "read" | "markRead", r: { userId: number }) => notification.can(u, a, r),
  obligation: (u: CurrentUser, a: obligation.ObligationAction, r: obligation.ObligationCase) => obligation.can(u, a, r),
  report: rolesOnly(report.can),
  signature: (u: CurrentUser, a: signature.SignatureAction, r: signature.SignatureSubject) => signature.can(u, a, r),
  tkksd: (u: CurrentUser, a: tkksd.TkksdAction, r: { closedAt: Date | null } | undefined) => tkksd.can(u, a, r),
  srikandi: (u: CurrentUser, a: srikandi.SrikandiAction, r: srikandi.SrikandiSubject) => srikandi.can(u, a, r),
  webhook: rolesOnly(webhook.can),
};
type Rules = typeof RULES;
type Domain = keyof Rules;
/** "case.edit", "delegation.manage", "gate.record", ...: a domain and one of its actions. */
export type PolicyAction = { [D in Domain]: `${D}.${Parameters<Rules[D]>[1]}` }[Domain];
type DomainOf<A extends PolicyAction> = A extends `${infer D extends Domain}.${string}` ? D : never;
/** The resource an action is decided on (undefined where the roles alone decide). */
export type ResourceOf<A extends PolicyAction> = Parameters<Rules[DomainOf<A>]>[2];

/** Does the policy allow `user` to take `action` on `resource`? */
export function allowed<A extends PolicyAction>(user: CurrentUser, action: A, resource: ResourceOf<A>): boolean {
  const dot = action.indexOf(".");
  const rule = RULES[action.slice(0, dot) as Domain] as (u: CurrentUser, a: string, r: unknown) => boolean;
  return rule(user, action.slice(dot + 1), resource);
}

export const NOT_ALLOWED = "Anda tidak berwenang melakukan tindakan ini.";

/**
 * Services and routes: go on only when the policy allows it, else the app's 403
 * (AppError "FORBIDDEN") with `message`, in Indonesian, saying who may.
 */
export function authorize<A extends PolicyAction>(user: CurrentUser, action: A, resource: ResourceOf<A>, message = NOT_ALLOWED): void {
  if (!allowed(user, action, resource)) throw forbidden(message);
}

/** Route guard: logged in (else to the login page), and `check` holds (else 403). */
export const allow =
  (check: (user: CurrentUser) => boolean) =>
  (req: Request, res: Response, next: NextFunction): void => {
    if (!req.user) {
      res.redirect(req.method === "GET" && req.originalUrl !== "/" ? `/login?next=${encodeURIComponent(req.originalUrl.slice(0, 500))}` : "/login");
      return;
    }
    next(check(req.user) ? undefined : forbidden());
  };

export const loggedIn = allow(() => true);
export const adminOnly = (resource: admin.AdminResource) => allow((u) => admin.can(u, "manage", resource));

/**
 * The logged-in user, in a handler behind `allow(...)` (or `loggedIn`, `adminOnly`).
 * Without one the route was mounted without its guard: a bug, answered as 500 and logged.
 */
