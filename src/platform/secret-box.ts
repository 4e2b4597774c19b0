// Secrets kept in the database encrypted (AES-256-GCM) with a key derived from
// SESSION_SECRET (HKDF, a label per purpose): TOTP secrets (features/second-factor)
// the local signing CA's key and the signers' PKCS#12 files (features/signatures). A copy of the database alone,
// a backup say, does not give anyone a user's codes or the CA. Changing SESSION_SECRET makes the stored secrets unreadable:
// those users then sign in with a recovery code or have an administrator reset their
// second factor (docs/sign-in.md).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const VERSION = "v1";
/** What a box holds: each purpose has its own key. */
export type BoxPurpose =
  | "totp-secret-box"
  | "signing-ca-key"
  | "signer-p12"
  // Webhook endpoints' signing secrets (features/webhooks).
  | "webhook-secret";
const keyOf = (secret: string, purpose: BoxPurpose) => Buffer.from(hkdfSync("sha256", secret, "kerjasama-daerah", purpose, 32));

/** "v1.<iv>.<tag>.<ciphertext>", base64url. */
export function seal(appSecret: string, plain: string, purpose: BoxPurpose = "totp-secret-box"): string {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", keyOf(appSecret, purpose), iv);
  const body = Buffer.concat([c.update(plain, "utf8"), c.final()]);
  return [VERSION, iv.toString("base64url"), c.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

/** The plain text, or null when the box was sealed with another key or was altered. */
export function open(appSecret: string, sealed: string, purpose: BoxPurpose = "totp-secret-box"): string | null {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || !body) return null;
  try {
    const d = createDecipheriv("aes-256-gcm", keyOf(appSecret, purpose), Buffer.from(iv, "base64url"));
    d.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([d.update(Buffer.from(body, "base64url")), d.final()]).toString("utf8");
  } catch {
    return null;
  }
}
