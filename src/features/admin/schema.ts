import { z } from "zod";
import { newPasswordSchema } from "../auth/password.js";
import { requiredText, stringList } from "../../platform/http/forms.js";
import { form, idParams, list, pageNo, query, text } from "../../platform/http/validate.js";
import { ALL_ROLES, needsSkpd, type RoleName } from "../../core/users/roles.js";

const roles = stringList.pipe(z.array(z.enum(ALL_ROLES as [RoleName, ...RoleName[]], { error: "Peran tidak dikenal" })).min(1, "Pilih minimal satu peran"));

const skpdId = z.preprocess(
  (v) => (v === "" || v === undefined ? null : Number(v)),
  z.number({ error: "SKPD tidak valid" }).int("SKPD tidak valid").positive("SKPD tidak valid").nullable(),
);

const userFields = {
  fullName: requiredText(3, 120, "Nama lengkap"),
  email: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v),
    z.email("Alamat email tidak valid").max(200).optional(),
  ),
  /** NIP (18 digits, spaces allowed): the city's single sign-on matches a first login by it. */
  nip: z.preprocess(
    (v) => (typeof v === "string" ? v.replace(/\s/g, "") || undefined : v),
    z
      .string()
      .regex(/^\d{18}$/, "NIP terdiri atas 18 angka")
      .optional(),
  ),
  roles,
  skpdId,
};

const skpdRule = (v: { roles: RoleName[]; skpdId: number | null }) => !needsSkpd(v.roles) || v.skpdId !== null;
const skpdRuleMsg = { path: ["skpdId"], message: "Pengguna dengan peran SKPD wajib memilih satu SKPD" };

export const createUserSchema = z
  .object({
    username: z
      .string({ error: "Nama pengguna wajib diisi" })
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9._-]{2,39}$/, "Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah atau strip"),
    password: newPasswordSchema,
    ...userFields,
  })
  .refine(skpdRule, skpdRuleMsg);

export const updateUserSchema = z.object(userFields).refine(skpdRule, skpdRuleMsg);

export const skpdSchema = z.object({
  code: z
    .string({ error: "Kode wajib diisi" })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9.-]{2,20}$/, "Kode 2–20 karakter: huruf, angka, titik atau strip"),
  name: requiredText(3, 200, "Nama SKPD"),
  active: z.preprocess((v) => v === "on" || v === "1" || v === true, z.boolean()),
});

export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
export type SkpdInput = z.infer<typeof skpdSchema>;

// Route inputs.
const userBody = {
  fullName: text(400).optional(),
  email: text(400).optional(),
  nip: text(60).optional(),
  roles: list(40, 20),
  skpdId: text(12).optional(),
};
export const routes = {
  users: {},
  newUser: {},
  createUser: { body: form({ username: text(100).optional(), password: text(200).optional(), ...userBody }) },
  user: { params: idParams },
  updateUser: { params: idParams, body: form(userBody) },
  userAction: { params: idParams },
  log: { query: query({ hal: pageNo }) },
  skpds: {},
  newSkpd: {},
  skpd: { params: idParams },
  createSkpd: { body: form({ code: text(40).optional(), name: text(400).optional(), active: text(5).optional() }) },
  updateSkpd: { params: idParams, body: form({ code: text(40).optional(), name: text(400).optional(), active: text(5).optional() }) },
};
