import { z } from "zod";
import "../../platform/zod-locale.js";
import { optionalText, requiredText } from "../../platform/http/forms.js";
import { form, idParams, text } from "../../platform/http/validate.js";

export const URUSAN_GROUPS = {
  WAJIB_DASAR: "Urusan wajib pelayanan dasar",
  WAJIB_NON_DASAR: "Urusan wajib non-pelayanan dasar",
  PILIHAN: "Urusan pilihan",
} as const;
export type UrusanGroupId = keyof typeof URUSAN_GROUPS;

export const urusanSchema = z.object({
  name: requiredText(3, 120, "Nama urusan"),
  group: z.enum(Object.keys(URUSAN_GROUPS) as [UrusanGroupId, ...UrusanGroupId[]], { error: "Pilih kelompok urusan" }),
  /** Permendagri 90/2019's code ("1.02"), carried by the open data; empty is none. */
  code: optionalText(10, "Kode urusan").refine((v) => v === undefined || /^[1-9]\.\d{2}$/.test(v), "Kode urusan ditulis seperti 1.02 (Permendagri 90/2019)"),
});
export type UrusanInput = z.infer<typeof urusanSchema>;

// Route inputs.
export const routes = {
  list: {},
  create: { body: form({ name: text(400).optional(), group: text(40).optional(), code: text(40).optional() }) },
  update: {
    params: idParams,
    body: form({ name: text(400).optional(), group: text(40).optional(), code: text(40).optional(), active: z.enum(["ya", "tidak"]).optional() }),
  },
};
