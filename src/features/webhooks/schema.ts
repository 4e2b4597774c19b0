// Route inputs of ADMIN's webhook pages.
import { z } from "zod";
import { form, id, idParams, list, optionalChoice, query, text } from "../../platform/http/validate.js";

const endpointForm = form({
  url: text(2000).optional(),
  description: text(1000).optional(),
  events: list(40, 10),
  active: z.enum(["1"]).optional(),
});

export const routes = {
  list: { query: query({}) },
  add: { body: endpointForm },
  show: { params: idParams, query: query({ status: optionalChoice(["PENDING", "DELIVERED", "FAILED"] as const) }) },
  update: { params: idParams, body: endpointForm },
  setActive: { params: idParams, body: form({ active: z.enum(["0", "1"], { error: "pilihan tidak dikenal" }) }) },
  rotate: { params: idParams, body: form({}) },
  remove: { params: idParams, body: form({ confirm: z.enum(["1"]).optional() }) },
  ping: { params: idParams, body: form({}) },
  resend: { params: idParams, body: form({ delivery: id }) },
};
