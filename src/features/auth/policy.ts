// Account state that gates every page (who may do what lives in src/core/policies/).
import type { NextFunction, Request, Response } from "express";
import { alwaysNeedsSecondFactor } from "../../core/policies/second-factor.js";

/** After a reset by an administrator, the user must first choose a new password. */
export function enforcePasswordChange(req: Request, res: Response, next: NextFunction): void {
  // The recovery codes just made are shown first: they are shown only once.
  if (req.user?.mustChangePassword && !["/akun/password", "/logout", "/akun/kode-pemulihan"].includes(req.path)) {
    res.redirect("/akun/password");
    return;
  }
  next();
}

/**
 * A session of a role that always needs a second factor (ADMIN), begun without one (it
 * began before the role was given, or before second factors existed), ends: the next
 * sign-in asks for the factor. Roles the administrator adds are handled when the setting
 * changes (second-factor/routes.ts ends their sessions).
 */
export function enforceSecondFactor(req: Request, res: Response, next: NextFunction): void {
  const u = req.user;
  if (!u || req.session.secondFactor || !alwaysNeedsSecondFactor(u.ownRoles ?? u.roles)) {
    next();
    return;
  }
  req.logout((e) => {
    if (e) {
      next(e);
      return;
    }
    req.session.destroy(() => {
      res.redirect("/login");
    });
  });
}
