// The minutes of a meeting are the same file as the notulen document attached to each
// case it decided (meeting-service.ts): whoever downloads them must be one who may open
// each of those documents, whose access class (core/policies/document.ts) may restrict them.
import type { PrismaClient } from "../../generated/prisma/client.js";
import { documentPolicy } from "../../core/policies/index.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { forbidden } from "../../platform/errors.js";

export async function assertMayOpenMinutes(prisma: PrismaClient, user: CurrentUser, sha256: string): Promise<void> {
  const docs = await prisma.document.findMany({ where: { sha256, kind: "notulen" }, include: { case: true } });
  const refused = docs.find((d) => !documentPolicy.can(user, "open", d));
  if (refused) throw forbidden(documentPolicy.restrictedMessage(refused.accessClass));
}
