import { z } from "zod";
import { newPasswordSchema } from "./password.js";

export const loginSchema = z.object({
  username: z.string().trim().max(100).default(""),
  password: z.string().max(200).default(""),
});

export const changePasswordSchema = z
  .object({
    current: z.string({ error: "Kata sandi saat ini wajib diisi" }).min(1, "Kata sandi saat ini wajib diisi"),
    next: newPasswordSchema,
    confirm: z.string().default(""),
  })
  .refine((v) => v.next === v.confirm, { path: ["confirm"], error: "Konfirmasi tidak sama dengan kata sandi baru" });
