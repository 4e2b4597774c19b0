// The city's work units (SKPD) as the filters and forms list them.
import type { PrismaClient } from "../../generated/prisma/client.js";

/** The active units, by name: for filters and pickers. */
export const activeSkpds = (prisma: PrismaClient) =>
  prisma.skpd.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { id: true, code: true, name: true } });
