// One-time messages shown on the next page (after a redirect).
import type { NextFunction, Request, Response } from "express";

export function flash(req: Request, kind: "success" | "error" | "info", message: string): void {
  (req.session.flash ??= []).push({ kind, message });
}

export function flashToLocals(req: Request, res: Response, next: NextFunction): void {
  res.locals.flash = req.session?.flash ?? [];
  if (req.session?.flash) delete req.session.flash;
  next();
}
