// The SRIKANDI routes' inputs: strict objects, every field one bounded string. The
// number's and date's own rules (sane characters, a real date not in the future) are
// checked by srikandi-number.ts, which brings the page back with the reason (422).
import { z } from "zod";
import { form, idParams, text, version } from "../../platform/http/validate.js";

export const routes = {
  numbering: {
    params: idParams,
    body: form({ version, number: text(400).optional(), date: text(40).optional(), partnerNumber: text(400).optional() }),
  },
  letter: {
    params: idParams,
    body: form({ version, letter: text(40), number: text(400).optional(), date: text(40).optional() }),
  },
} satisfies Record<string, { params: z.ZodType; query?: z.ZodType; body: z.ZodType }>;
