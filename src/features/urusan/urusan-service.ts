// The list of government affairs (urusan pemerintahan) proposals are tied to: seeded
// from UU 23/2014 by a migration, kept by ADMIN. An urusan in use is retired, never
// deleted, so past proposals keep theirs.
import type { PrismaClient } from "../../generated/prisma/client.js";
import { uniqueViolation } from "../../platform/db/errors.js";
import { AppError, notFound } from "../../platform/errors.js";
import type { CurrentUser } from "../../core/users/roles.js";
import type { UrusanInput } from "./schema.js";

export const listUrusan = (prisma: PrismaClient) =>
  prisma.urusan.findMany({
    orderBy: [{ group: "asc" }, { code: { sort: "asc", nulls: "last" } }, { name: "asc" }],
    include: { _count: { select: { cases: true } } },
  });

const sameName = (e: unknown) => {
  const fields = uniqueViolation(e);
  if (fields?.includes("code")) throw new AppError(422, "Kode urusan itu sudah dipakai urusan lain.");
  if (fields !== null) throw new AppError(422, "Nama urusan itu sudah ada di daftar.");
  throw e;
};

export async function addUrusan(prisma: PrismaClient, user: CurrentUser, input: UrusanInput) {
  const u = await prisma.urusan.create({ data: { ...input, code: input.code ?? null } }).catch(sameName);
  await prisma.adminLog.create({ data: { actorId: user.id, action: "urusan.create", target: `urusan:${u.id}`, detail: input } });
  return u;
}

export async function updateUrusan(prisma: PrismaClient, user: CurrentUser, id: number, input: UrusanInput & { active: boolean }) {
  const before = await prisma.urusan.findUnique({ where: { id } });
  if (!before) throw notFound("Urusan tidak ditemukan.");
  const u = await prisma.urusan.update({ where: { id }, data: { ...input, code: input.code ?? null } }).catch(sameName);
  await prisma.adminLog.create({
    data: {
      actorId: user.id,
      action: "urusan.update",
      target: `urusan:${id}`,
      detail: { before: { name: before.name, code: before.code, group: before.group, active: before.active }, after: { ...input, code: input.code ?? null } },
    },
  });
  return u;
}
