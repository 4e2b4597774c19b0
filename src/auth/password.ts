// Password hashing (argon2id) and the password policy.
import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";

// Algorithm 2 = Argon2id.
export const hashPassword = (plain: string) => hash(plain, { algorithm: 2 });

export async function verifyPassword(hashed: string, plain: string): Promise<boolean> {
  try {
    return await verify(hashed, plain);
  } catch {
    return false;
  }
}

export const newPasswordSchema = z
  .string({ error: "Kata sandi baru wajib diisi" })
  .min(10, "Kata sandi minimal 10 karakter")
  .max(200, "Kata sandi paling banyak 200 karakter");

/** A readable one-time password for resets: three words of letters plus digits. */
export function temporaryPassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz";
  const pick = (n: number) =>
    Array.from(crypto.getRandomValues(new Uint32Array(n)), (x) => alphabet[x % alphabet.length]).join("");
  const digits = String(crypto.getRandomValues(new Uint32Array(1))[0] % 10000).padStart(4, "0");
  return `${pick(4)}-${pick(4)}-${digits}`;
}
