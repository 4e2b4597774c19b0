// The inputs of the single sign-on's routes.
import { z } from "zod";
import { form, idParams, query, text } from "../../platform/http/validate.js";

export const routes = {
  start: { query: query({ next: text(600).optional() }) },
  // The provider's answer: the parameters OpenID Connect defines; others a provider adds are ignored, not refused.
  callback: {
    query: z.object({
      code: text(2000).optional(),
      state: text(500).optional(),
      iss: text(500).optional(),
      session_state: text(500).optional(),
      error: text(200).optional(),
      error_description: text(1000).optional(),
      error_uri: text(1000).optional(),
    }),
  },
  admin: {},
  unlink: { params: idParams },
  createUsers: { body: form({ allow: z.enum(["0", "1"], { error: "pilih Ya atau Tidak" }) }) },
};
