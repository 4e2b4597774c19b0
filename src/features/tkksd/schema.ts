import { z } from "zod";
import "../../platform/zod-locale.js";
import { isoDate } from "../../platform/http/dates.js";
import { requiredText, stringList } from "../../platform/http/forms.js";
import { form, id, idParams, text } from "../../platform/http/validate.js";

export const meetingSchema = z.object({
  heldOn: isoDate("Tanggal rapat"),
  startsAt: z
    .string({ error: "Jam mulai wajib diisi" })
    .trim()
    .regex(/^([01]\d|2[0-3])[.:][0-5]\d$/, "Jam mulai ditulis JJ.MM, misalnya 09.00"),
  place: requiredText(3, 200, "Tempat"),
  // May be empty: a meeting planned ahead takes each case that comes to wait (tkksd/agenda.ts).
  caseIds: stringList.pipe(
    z.array(
      z
        .string()
        .regex(/^\d{1,9}$/, "Pilihan agenda tidak dikenal")
        .transform(Number),
    ),
  ),
});
export type MeetingInput = z.infer<typeof meetingSchema>;

/** Decision fields: decision_<item id> and reason_<item id>. */
export const DECISION_FIELD = /^(decision|reason)_(\d{1,9})$/;

// Route inputs.
export const routes = {
  list: {},
  create: {
    body: form({
      heldOn: text(40).optional(),
      startsAt: text(20).optional(),
      place: text(400).optional(),
      caseIds: z.union([text(12), z.array(text(12)).max(500)]).optional(),
    }),
  },
  show: { params: idParams },
  pdf: { params: idParams },
  save: {
    params: idParams,
    body: form({ attendance: text(8000).optional(), intent: z.enum(["simpan", "tutup"]).optional() })
      .catchall(text(4000))
      .superRefine((b, ctx) => {
        for (const k of Object.keys(b)) {
          if (!["_csrf", "_idem", "attendance", "intent"].includes(k) && !DECISION_FIELD.test(k))
            ctx.addIssue({ code: "custom", path: [k], message: "isian tidak dikenal" });
        }
      }),
  },
  close: { params: z.strictObject({ id }) },
};
