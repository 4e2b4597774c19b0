// What the proposal form offers besides its fixed lists: the government affairs in use
// (and the one this proposal chose, if ADMIN has retired it since), and the unit's
// registered agreements an addendum or an extension may follow.
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { CurrentUser } from "../../core/users/roles.js";

export async function proposalChoices(prisma: PrismaClient, user: CurrentUser | undefined, o: { caseId?: number; chosenUrusanId?: string }) {
  const chosen = /^\d+$/.test(o.chosenUrusanId ?? "") ? [{ id: Number(o.chosenUrusanId) }] : [];
  const [urusanList, parents] = await Promise.all([
    prisma.urusan.findMany({ where: { OR: [{ active: true }, ...chosen] }, orderBy: [{ group: "asc" }, { name: "asc" }] }),
    prisma.case.findMany({
      where: { skpdId: user?.skpdId ?? -1, agreements: { some: {} }, ...(o.caseId ? { id: { not: o.caseId } } : {}) },
      select: { id: true, title: true, jenis: true, agreements: { select: { kind: true, cityNumber: true, endDate: true }, orderBy: { kind: "asc" } } },
      orderBy: { id: "desc" },
      take: 300,
    }),
  ]);
  return { urusanList, parents };
}
