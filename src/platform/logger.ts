import { pino, type Logger } from "pino";

export type { Logger };

/**
 * What must never reach a log line: a session id copied from a log opens the
 * account, and so would a password or a CSRF token.
 */
export const REDACT_PATHS = [
  "req.headers.cookie",
  "req.headers.authorization",
  'req.headers["x-csrf-token"]',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  "*.password",
  "*.current",
  "*.next",
  "*.confirm",
  "*._csrf",
  "*.passwordHash",
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = {
    level,
    base: { app: "kerjasama-daerah" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: "[disembunyikan]" },
  };
  return destination ? pino(options, destination) : pino(options);
}
