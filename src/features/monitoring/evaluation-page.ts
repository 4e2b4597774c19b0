// What the evaluation pages (the form, the report and its PDF) show: the evaluation with
// its tasks, the case, its agreements, progress reports and obligations, and what the
// user may do with it. 404 for an evaluation of a case the user may not read.
import { loadCaseFor } from "../cases/case-service.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { notFound } from "../../platform/errors.js";
import { listObligations } from "../obligations/obligation-service.js";
import { evaluation as evaluationPolicy } from "../../core/policies/index.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { obligationBasis } from "./monitoring-service.js";

export async function loadEvaluation(prisma: PrismaClient, user: CurrentUser, id: number) {
  const found = await prisma.evaluation.findUnique({ where: { id } });
  if (!found) throw notFound("Evaluasi tidak ditemukan.");
  const c = await loadCaseFor(prisma, user, found.caseId);
  const [tasks, agreements, reports, obligations, basis] = await Promise.all([
    prisma.task.findMany({
      where: { id: { in: [found.taskId, found.selfTaskId].filter((x): x is number => x !== null) } },
      select: { id: true, status: true },
    }),
    prisma.agreement.findMany({ where: { caseId: c.id } }),
    prisma.progressReport.findMany({ where: { caseId: c.id }, orderBy: { createdAt: "asc" } }),
    listObligations(prisma, c.id),
    obligationBasis(prisma, found),
  ]);
  const taskOf = (tid: number | null) => tasks.find((t) => t.id === tid) ?? null;
  const ev = { ...found, task: taskOf(found.taskId), selfTask: taskOf(found.selfTaskId) };
  const may = {
    fill: evaluationPolicy.can(user, "fill", ev),
    selfReport: evaluationPolicy.can(user, "selfReport", { ...ev, task: ev.selfTask, case: c }),
  };
  return { ev, c, agreements, reports, obligations, basis, may };
}
