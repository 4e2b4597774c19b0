// The register's page of one agreement: the agreement, its case, its evaluations and
// progress reports, the tree of its addenda and extensions, and, as its end nears, the
// decision asked for next to what the last evaluation recommended.
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { caseDetail, type Cached } from "../cases/case-service.js";
import { agreementFor, naskahTree } from "./agreement-service.js";

export async function agreementPage(prisma: PrismaClient, user: CurrentUser, id: number, expiringDays: number, cached: Cached) {
  const a = await agreementFor(prisma, user, id, expiringDays);
  const [d, evaluations, reports, tree] = await Promise.all([
    caseDetail(prisma, user, a.caseId, cached),
    prisma.evaluation.findMany({ where: { caseId: a.caseId }, orderBy: { period: "asc" } }),
    prisma.progressReport.findMany({ where: { caseId: a.caseId }, orderBy: { createdAt: "asc" } }),
    naskahTree(prisma, a.caseId),
  ]);
  const lastEvaluation =
    evaluations
      .filter((e): e is typeof e & { completedAt: Date } => !!(e.completedAt && e.recommendation))
      .sort((x, y) => x.completedAt.getTime() - y.completedAt.getTime())
      .at(-1) ?? null;
  const renewing = a.case.renewals.some((x) => x.status === "DRAFT" || x.status === "IN_PROGRESS" || x.status === "DONE");
  const askDecision = a.status === "EXPIRING" && !a.endedEarlyAt;
  const decision = askDecision ? (renewing ? "EXTEND" : a.expiryDecision) : null;
  return { a, d, evaluations, reports, tree, lastEvaluation, decision, askDecision };
}
