// Route inputs of the second factor's pages.
import { z } from "zod";
import { stringList } from "../../platform/http/forms.js";
import { form, idParams, list, text } from "../../platform/http/validate.js";
import { ALL_ROLES, type RoleName } from "../../core/users/roles.js";

export const routes = {
  page: {},
  code: { body: form({ code: text(100).optional() }) },
  userAction: { params: idParams },
  roles: { body: form({ roles: list(40, 20) }) },
};

/** The roles an administrator ticks as needing a second factor (ADMIN is always among them, ticked or not). */
export const rolesSchema = z.object({
  roles: stringList.pipe(z.array(z.enum(ALL_ROLES as [RoleName, ...RoleName[]], { error: "Peran tidak dikenal" }))),
});
