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
  // What an OpenID Connect provider sends back in a query string (features/sso): redactUrl hides it in the URL too.
  "req.query.code",
  "req.query.state",
  "req.query.id_token_hint",
];

/** Query parameters that carry a credential of a login through the city's provider (a code, its state, a token). */
const SECRET_PARAMS = new Set(["code", "state", "nonce", "id_token", "id_token_hint", "access_token", "refresh_token"]);

/** A request's URL (or a redirect's Location) as a log line may show it: the values of SECRET_PARAMS hidden. */
export function redactUrl(url: string): string {
  const q = url.indexOf("?");
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  let hidden = false;
  for (const k of new Set(params.keys())) {
    if (SECRET_PARAMS.has(k)) {
      params.set(k, "[disembunyikan]");
      hidden = true;
    }
  }
  return hidden ? `${url.slice(0, q)}?${params.toString()}` : url;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = {
    level,
    base: { app: "kerjasama-daerah" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: "[disembunyikan]" },
  };
  return destination ? pino(options, destination) : pino(options);
}
