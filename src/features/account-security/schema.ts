// Route inputs of "Keamanan akun" and ADMIN's end of a user's sessions.
import { z } from "zod";
import { idParams } from "../../platform/http/validate.js";

export const routes = {
  page: {},
  /** A session is named by a hash of its id (sessions.ts handleOf): 22 base64url characters. */
  endOne: { params: z.strictObject({ handle: z.string().regex(/^[A-Za-z0-9_-]{22}$/) }) },
  endOthers: {},
  endAll: { params: idParams },
};
