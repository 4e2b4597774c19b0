// Signing per the Standard Webhooks spec (https://www.standardwebhooks.com/): the secret
// is "whsec_" + base64 of random bytes; the signature is
// "v1," + base64(HMAC-SHA256(secret bytes, "<webhook-id>.<webhook-timestamp>.<body>")).
import { createHmac, randomBytes } from "node:crypto";

const PREFIX = "whsec_";

/** A new secret: 32 random bytes, in the spec's format. */
export const newSecret = (): string => PREFIX + randomBytes(32).toString("base64");

/** The value of the webhook-signature header for one message. */
export function signature(secret: string, messageId: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, "base64");
  return "v1," + createHmac("sha256", key).update(`${messageId}.${timestampSeconds}.${body}`).digest("base64");
}

/** The three headers of one attempt (the timestamp is the attempt's, in seconds). */
export function signedHeaders(secret: string, messageId: string, at: Date, body: string): Record<string, string> {
  const ts = Math.floor(at.getTime() / 1000);
  return { "webhook-id": messageId, "webhook-timestamp": String(ts), "webhook-signature": signature(secret, messageId, ts, body) };
}
