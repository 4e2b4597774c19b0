// Recovery codes: ten single-use codes shown once when a second factor is set up (or
// renewed), for a lost phone. Each has 50 bits from a CSPRNG, so a plain SHA-256 of
// it is enough to keep (no slow hash needed); typed with or without its dash, in any case.
import { createHash, randomInt } from "node:crypto";

export const RECOVERY_CODE_COUNT = 10;
// Crockford's base32: no I, L, O, U to misread.
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

const part = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");

export const newRecoveryCodes = (): string[] => Array.from({ length: RECOVERY_CODE_COUNT }, () => `${part()}-${part()}`);

/** A typed recovery code in its stored form; null when it cannot be one. */
export function normaliseRecoveryCode(input: string): string | null {
  const s = input.toLowerCase().replace(/[\s-]/g, "").replace(/[il]/g, "1").replace(/o/g, "0");
  return /^[0-9a-hjkmnp-tv-z]{10}$/.test(s) ? s : null;
}

export const hashRecoveryCode = (normalised: string) => createHash("sha256").update(`recovery|${normalised}`).digest("hex");
