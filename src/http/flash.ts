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

/**
 * A redirect that carries a message goes out only once the session holding the message
 * is saved. express-session sends a response's headers before it has saved the session
 * (it holds back only the body's last byte), and a browser follows a redirect as soon
 * as the headers arrive: the next page could be read from the session as it was before.
 */
export function saveBeforeRedirect(req: Request, res: Response, next: NextFunction): void {
  const redirect = res.redirect.bind(res) as (...a: unknown[]) => void;
  res.redirect = ((...args: unknown[]) => {
    if (!req.session?.flash?.length) {
      redirect(...args);
      return;
    }
    req.session.save(() => redirect(...args));
  });
  next();
}
