// Time-based one-time codes (RFC 6238, as authenticator apps make them) with otplib:
// 6 digits, 30-second steps, SHA-1 (what every app supports). A code of the step
// before or after the current one is accepted (a phone's clock a little off, a code
// typed as it changed), and a step once accepted is never accepted again: the caller
// stores it (User.totpLastStep) and passes it back.
import { generate, generateSecret, generateURI, verify } from "otplib";

export const PERIOD_SECONDS = 30;
const TOLERANCE: [number, number] = [PERIOD_SECONDS, PERIOD_SECONDS];

export const newTotpSecret = (): string => generateSecret({ length: 20 });

/** The otpauth:// address an authenticator app reads from the QR code. */
export const totpUri = (secret: string, account: string): string => generateURI({ issuer: "Kerjasama Daerah Kota Yogyakarta", label: account, secret });

/** The secret in groups of four, for typing it into an app by hand. */
export const groupedSecret = (secret: string): string => secret.replace(/(.{4})/g, "$1 ").trim();

/** Six digits, spaces and dashes ignored; anything else is not a code. */
export const normaliseCode = (input: string): string | null => {
  const s = input.replace(/[\s-]/g, "");
  return /^\d{6}$/.test(s) ? s : null;
};

/** The time step `code` belongs to when it is good now and later than `afterStep`; null otherwise. */
export async function acceptedStep(secret: string, code: string, afterStep: number | null, now = Date.now()): Promise<number | null> {
  const epoch = Math.floor(now / 1000);
  // A last step ahead of the whole window (the server's clock went back: NTP, a restored VM,
  // instances out of step): no code can be later than it, and otplib would throw.
  if (afterStep !== null && afterStep >= Math.floor(epoch / PERIOD_SECONDS) + 1) return null;
  const r = await verify({
    secret,
    token: code,
    epoch,
    epochTolerance: TOLERANCE,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  // delta: the matching step's distance from the current one (-1, 0 or 1).
  return r.valid ? Math.floor(epoch / PERIOD_SECONDS) + r.delta : null;
}

/** The code of the step that contains `at` (tests, and the enrolment check). */
export const codeAt = (secret: string, at: number): Promise<string> => generate({ secret, epoch: Math.floor(at / 1000) });
