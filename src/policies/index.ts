// Access, defined once per resource. Routes use `allow(...)`; services call the
// policies on loaded objects; lists use `scope`; menus and views get booleans.
import type { NextFunction, Request, Response } from "express";
import { forbidden } from "../http/errors.js";
import type { CurrentUser } from "../users/roles.js";
import * as admin from "./admin.js";
import * as agreement from "./agreement.js";
import * as casePolicy from "./case.js";
import * as dashboard from "./dashboard.js";
import * as delegation from "./delegation.js";
import * as evaluation from "./evaluation.js";
import * as gate from "./gate.js";
import * as obligation from "./obligation.js";
import * as tkksd from "./tkksd.js";
import * as report from "./report.js";
import * as notification from "./notification.js";

export { admin, agreement, casePolicy, dashboard, delegation, evaluation, gate, notification, obligation, report, tkksd };

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
