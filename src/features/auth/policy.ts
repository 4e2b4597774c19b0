// Account state that gates every page (who may do what lives in src/core/policies/).
import type { NextFunction, Request, Response } from "express";

/** After a reset by an administrator, the user must first choose a new password. */
export function enforcePasswordChange(req: Request, res: Response, next: NextFunction): void {
  if (req.user?.mustChangePassword && !["/akun/password", "/logout"].includes(req.path)) {
    res.redirect("/akun/password");
    return;
  }
  next();
}
