// ADMIN or the Penatalaksana records an agreement that was signed before the app: it
// enters the register at row 20 (implementation). Refused, field by field, when the
// unit is not on the list or the city's number is already in the register.
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { createLegacy } from "./agreement-service.js";
import type { LegacyInput } from "./schema.js";

export type LegacyOutcome = { ok: true; agreementId: number } | { ok: false; errors: Record<string, string> };

export async function recordLegacyAgreement(prisma: PrismaClient, user: CurrentUser, input: LegacyInput): Promise<LegacyOutcome> {
  const skpd = await prisma.skpd.findFirst({ where: { code: input.skpdCode, active: true } });
  if (!skpd) return { ok: false, errors: { skpdCode: "Pilih SKPD dari daftar" } };
  if (await prisma.agreement.count({ where: { cityNumber: input.cityNumber } }))
    return { ok: false, errors: { cityNumber: "Nomor Pemkot ini sudah ada di register" } };
  const a = await prisma.$transaction((tx) => createLegacy(tx, user, input, skpd.id));
  return { ok: true, agreementId: a.id };
}
