// Route inputs of electronic signatures.
import { z } from "zod";
import { form, id, idParams, text } from "../../platform/http/validate.js";

export const routes = {
  page: { params: idParams },
  sign: {
    params: idParams,
    body: form({
      secretKind: z.enum(["passphrase", "totp"], { error: "Pilih passphrase atau OTP." }).default("passphrase"),
      // Never logged, never stored: passed to the provider for this request only.
      secret: z.string().min(1, "Ketik passphrase atau OTP Anda.").max(200, "paling banyak 200 karakter"),
    }),
  },
  settle: {
    params: idParams,
    body: form({
      outcome: z.enum(["not_signed", "signed_elsewhere"], { error: "Pilih hasil pemeriksaan." }),
      note: text(500).trim().min(5, "Tulis singkat apa yang diperiksa (minimal 5 karakter)."),
      resultDocumentId: z.preprocess((v) => (v === "" ? undefined : v), id.optional()),
    }),
  },
  certificate: {},
  enrol: {
    body: form({
      passphrase: z.string().min(8, "Passphrase minimal 8 karakter.").max(200, "paling banyak 200 karakter"),
      confirm: z.string().max(200),
    }),
  },
  admin: {},
  addAnchor: { body: form({ name: text(120).trim().min(3, "Beri nama, mis. Root CA BSrE."), pem: z.string().max(16_000, "paling banyak 16.000 karakter") }) },
  removeAnchor: { params: idParams },
  verifyToken: { params: z.object({ token: z.string().max(200) }) },
  verifyForm: {},
  verifyFile: { body: form({}) },
};
