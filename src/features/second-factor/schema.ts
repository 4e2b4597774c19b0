// Route inputs of the second factor's pages.
import { z } from "zod";
import { stringList } from "../../platform/http/forms.js";
import { form, idParams, list, text } from "../../platform/http/validate.js";
import { ALL_ROLES, type RoleName } from "../../core/users/roles.js";

// A security key's answer (WebAuthn), as @simplewebauthn/browser sends it: base64url fields, nothing else kept.
const b64url = z
  .string()
  .max(8192)
  .regex(/^[A-Za-z0-9_-]*$/, "bukan base64url");
const credential = <T extends z.ZodRawShape>(response: T) =>
  z.object({
    id: b64url.min(1),
    rawId: b64url.min(1),
    type: z.literal("public-key"),
    response: z.object({ clientDataJSON: b64url.min(1), ...response }),
    clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
    authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  });
export const registrationResponse = credential({
  attestationObject: b64url.min(1),
  authenticatorData: b64url.optional(),
  transports: z.array(z.string().max(20)).max(10).optional(),
  publicKeyAlgorithm: z.number().int().optional(),
  publicKey: b64url.optional(),
});
export const authenticationResponse = credential({
  authenticatorData: b64url.min(1),
  signature: b64url.min(1),
  userHandle: b64url.nullish().transform((v) => v ?? undefined),
});

export const routes = {
  page: {},
  keyOptions: { body: form({}) },
  keySignIn: { body: form({ response: authenticationResponse }) },
  keyAdd: { body: form({ name: text(60).optional(), response: registrationResponse }) },
  keyRemove: { params: idParams, body: form({}) },
  code: { body: form({ code: text(100).optional() }) },
  userAction: { params: idParams },
  roles: { body: form({ roles: list(40, 20) }) },
};

/** The roles an administrator ticks as needing a second factor (ADMIN is always among them, ticked or not). */
export const rolesSchema = z.object({
  roles: stringList.pipe(z.array(z.enum(ALL_ROLES as [RoleName, ...RoleName[]], { error: "Peran tidak dikenal" }))),
});
