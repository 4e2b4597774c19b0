// Password hashing (argon2id) and the password policy.
import { Algorithm, hash, verify } from "@node-rs/argon2";
import { createRequire } from "node:module";
import type { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { z } from "zod";
import { must } from "../../platform/must.js";

export const hashPassword = (plain: string) => hash(plain, { algorithm: Algorithm.Argon2id });

export async function verifyPassword(hashed: string, plain: string): Promise<boolean> {
  try {
    return await verify(hashed, plain);
  } catch {
    return false;
  }
}

export const PASSWORD_MIN = 12;

// zxcvbn-ts estimates how guessable a password is from common-password lists,
// dictionaries, keyboard patterns, repeats and sequences (score 0–4). Its dictionaries
// take about 15 MB: they load the first time a password is checked, not at start
// (docs/architecture.md#memory). Synchronously, because zod's refinements are.
const require = createRequire(import.meta.url);
let strength: ZxcvbnFactory | undefined;
function checker(): ZxcvbnFactory {
  if (!strength) {
    const core = require("@zxcvbn-ts/core") as typeof import("@zxcvbn-ts/core");
    const common = require("@zxcvbn-ts/language-common") as typeof import("@zxcvbn-ts/language-common");
    strength = new core.ZxcvbnFactory({
      dictionary: {
        ...common.dictionary,
        app: ["kerjasama", "yogyakarta", "jogja", "jogjakota", "pemkot", "p3adk", "tkksd", "skpd", "walikota", "sandi", "password"],
      },
      graphs: common.adjacencyGraphs,
    });
  }
  return strength;
}
export const MIN_SCORE = 3;

/** Why a new password is refused (Indonesian), or null when it is good enough. */
export function passwordProblem(pw: string, user?: { username: string; fullName?: string | null }): string | null {
  if (pw.trim().length < PASSWORD_MIN) return `Kata sandi minimal ${PASSWORD_MIN} karakter (tanpa spasi di awal/akhir)`;
  if (user && pw.toLowerCase().includes(user.username.toLowerCase())) return "Kata sandi tidak boleh memuat nama pengguna";
  const inputs = user ? [user.username, ...(user.fullName ?? "").split(/\s+/).filter((w) => w.length >= 3)] : [];
  if (checker().check(pw.slice(0, 100), inputs).score < MIN_SCORE) {
    return "Kata sandi terlalu mudah ditebak. Pakai beberapa kata yang tidak berhubungan, angka dan tanda baca (contoh: pohon-Kereta-47-senja)";
  }
  return null;
}

export const newPasswordSchema = z
  .string({ error: "Kata sandi baru wajib diisi" })
  .max(200, "Kata sandi paling banyak 200 karakter")
  .superRefine((v, ctx) => {
    const p = passwordProblem(v);
    if (p) ctx.addIssue({ code: "custom", message: p });
  });

/** A readable one-time password for resets: three words of letters plus digits. */
export function temporaryPassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz";
  const pick = (n: number) => Array.from(crypto.getRandomValues(new Uint32Array(n)), (x) => alphabet[x % alphabet.length]).join("");
  const digits = String(must(crypto.getRandomValues(new Uint32Array(1)).at(0), "a random number") % 10000).padStart(4, "0");
  return `${pick(4)}-${pick(4)}-${digits}`;
}
