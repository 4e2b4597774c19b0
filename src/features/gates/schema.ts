import { z } from "zod";
import "../../platform/zod-locale.js";
import { isoDate } from "../../platform/http/dates.js";
import { requiredText } from "../../platform/http/forms.js";
import { form, idParams, text } from "../../platform/http/validate.js";
import { GATES, type GateId } from "../../core/sop/kinds.js";

export const gateSchema = z.object({
  gate: z.enum(Object.keys(GATES) as [GateId, ...GateId[]], { error: "Pilih persetujuan yang dicatat" }),
  letterNumber: requiredText(3, 120, "Nomor surat persetujuan"),
  letterDate: isoDate("Tanggal surat"),
});
export type GateInput = z.infer<typeof gateSchema>;

// Route inputs.
export const routes = {
  record: { params: idParams, body: form({ gate: text(40).optional(), letterNumber: text(400).optional(), letterDate: text(40).optional() }) },
};
