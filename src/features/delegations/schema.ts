// Input of the acting-official routes: one strict schema per route.
import { z } from "zod";
import { form, idParams, text } from "../../platform/http/validate.js";

export const routes = {
  list: {},
  create: {
    body: form({
      kind: text(10).optional(),
      actingId: text(12).optional(),
      absentId: text(12).optional(),
      fromDay: text(20).optional(),
      untilDay: text(20).optional(),
      decreeNumber: text(200).optional(),
    }),
  },
  end: { params: idParams, body: form({ reason: text(1000).optional() }) },
  decree: { params: idParams },
};

/** The form's fields, checked as a whole so that every problem is shown beside its field. */
export const delegationSchema = z.object({
  kind: z.enum(["PLH", "PLT"], { error: "Pilih Plh atau Plt" }),
  actingId: z.coerce.number({ error: "Pilih pejabat pengganti" }).int().positive("Pilih pejabat pengganti"),
  absentId: z.coerce.number({ error: "Pilih pejabat yang berhalangan" }).int().positive("Pilih pejabat yang berhalangan"),
  fromDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Isi tanggal mulai"),
  untilDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Isi tanggal selesai"),
  decreeNumber: z.string().trim().min(3, "Isi nomor surat perintah (minimal 3 karakter)").max(100, "Nomor surat paling banyak 100 karakter"),
});
