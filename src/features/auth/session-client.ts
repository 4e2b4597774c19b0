// The device and address a session began on, kept in the session for the user's list
// of sessions (features/sessions) and for the notice of a sign-in from a new device.
import type { Request } from "express";
import Bowser from "bowser";

/** How the first factor was given. */
export type LoginVia = "password" | "sso";

export type SessionClient = {
  /** The address the login came from (req.ip: X-Forwarded-For only behind TRUST_PROXY). */
  ip: string;
  /** "Chrome 131 di Windows 10", from the User-Agent; "Peramban tidak dikenal" without one. */
  device: string;
  /** When the session began (ms since the epoch). */
  at: number;
  via: LoginVia;
};

/** A short description of a browser from its User-Agent, in Indonesian. */
export function describeDevice(userAgent: string | undefined): string {
  if (!userAgent) return "Peramban tidak dikenal";
  const p = Bowser.parse(userAgent.slice(0, 512));
  const major = p.browser.version?.split(".")[0];
  const browser = p.browser.name ? `${p.browser.name}${major ? ` ${major}` : ""}` : "Peramban tidak dikenal";
  const os = p.os.name ? `${p.os.name}${p.os.versionName ? ` ${p.os.versionName}` : p.os.version ? ` ${p.os.version}` : ""}` : "";
  return os ? `${browser} di ${os}` : browser;
}

export const clientOf = (req: Request, via: LoginVia, now = Date.now()): SessionClient => ({
  ip: req.ip ?? "tidak diketahui",
  device: describeDevice(req.get("user-agent")),
  at: now,
  via,
});
