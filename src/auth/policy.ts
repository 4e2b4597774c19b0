// Route guards: who is logged in, and which roles may pass.
import type { NextFunction, Request, Response } from "express";
import { forbidden } from "../http/errors.js";
import { hasRole, type RoleName } from "../users/roles.js";

export function requireLogin(req: Request, res: Response, next: NextFunction): void {
  if (req.user) return next();
  if (req.method === "GET") req.session.returnTo = req.originalUrl;
  res.redirect("/login");
}

export const requireRole =
  (...roles: RoleName[]) =>
  (req: Request, res: Response, next: NextFunction): void => {
    if (!req.user) return requireLogin(req, res, next);
    if (!hasRole(req.user, ...roles)) return next(forbidden());
    next();
  };

/** After a reset by an administrator, the user must first choose a new password. */
export function enforcePasswordChange(req: Request, res: Response, next: NextFunction): void {
  if (req.user?.mustChangePassword && !["/akun/password", "/logout"].includes(req.path)) {
    return res.redirect("/akun/password");
  }
  next();
}
