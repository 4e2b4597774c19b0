// One-time messages shown on the next page (after a redirect).
import type { NextFunction, Request, Response } from "express";

export function flash(req: Request, kind: "success" | "error" | "info", message: string): void {
  (req.session.flash ??= []).push({ kind, message });
}

/** req.session, which express-session deletes when the session is destroyed (logout), although its type says it is always there. */
export const sessionOf = (req: Request): Request["session"] | undefined => req.session;

export function flashToLocals(req: Request, res: Response, next: NextFunction): void {
  const session = sessionOf(req);
  res.locals.flash = session?.flash ?? [];
  if (session?.flash) delete session.flash;
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
  res.redirect = (...args: unknown[]) => {
    const session = sessionOf(req);
    if (!session?.flash?.length) {
      redirect(...args);
      return;
    }
    session.save(() => redirect(...args));
  };
  next();
}
