// Row 21 pages: the evaluation form and report, and the SKPD's progress reports.
import { Router, type Request } from "express";
import { loadCaseFor } from "../cases/case-service.js";
import { renderCasePage } from "../cases/case-page.js";
import { checkFiles } from "../cases/routes.js";
import type { Config } from "../config.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { AppError, notFound } from "../http/errors.js";
import { flash } from "../http/flash.js";
import { parseForm } from "../http/forms.js";
import { upload } from "../http/upload.js";
import { route } from "../http/validate.js";
import { allow, evaluation as evaluationPolicy, loggedIn } from "../policies/index.js";
import { addProgressReport, completeEvaluation, setProgressSchedule, startAdhocEvaluation } from "./monitoring-service.js";
import { PROGRESS_INTERVALS, type ProgressInterval } from "./progress-schedule.js";
import { periodLabel } from "./periods.js";
import { evaluationSchema, progressSchema, RECOMMENDATIONS, routes as s, SCORE_FIELDS } from "./schema.js";

const canEvaluate = allow((u) => evaluationPolicy.can(u, "fill"));

export function monitoringRoutes(prisma: PrismaClient, config: Config): Router {
  const r = Router();

  const load = async (req: Request, id: number) => {
    const found = await prisma.evaluation.findUnique({ where: { id } });
    if (!found) throw notFound("Evaluasi tidak ditemukan.");
    const task = found.taskId ? await prisma.task.findUnique({ where: { id: found.taskId }, select: { status: true } }) : null;
    const ev = { ...found, task };
    const c = await loadCaseFor(prisma, req.user!, ev.caseId);
    const agreements = await prisma.agreement.findMany({ where: { caseId: c.id } });
    const reports = await prisma.progressReport.findMany({ where: { caseId: c.id }, orderBy: { createdAt: "asc" } });
    return { ev, c, agreements, reports };
  };
  const formLocals = { scoreFields: SCORE_FIELDS, recommendations: RECOMMENDATIONS, periodLabel };
  const title = (d: Awaited<ReturnType<typeof load>>) => `Evaluasi ${periodLabel(d.ev.period)}: ${d.c.title}`;

  r.get("/evaluasi/:id", loggedIn, route(s.evaluation, async (req, res, { params }) => {
    const d = await load(req, params.id);
    const canFill = evaluationPolicy.can(req.user!, "fill", d.ev);
    res.render(canFill ? "monitoring/evaluation-form" : "monitoring/report", {
      title: title(d), ...d, ...formLocals, values: {}, errors: {}, cancelled: !d.ev.completedAt && d.ev.task?.status === "CANCELLED",
    });
  }));

  r.post("/evaluasi/:id", canEvaluate, route(s.completeEvaluation, async (req, res, { params, body }) => {
    const d = await load(req, params.id);
    const f = parseForm(evaluationSchema, body);
    const values = { ...body, _csrf: undefined };
    if (!f.ok) {
      return res.status(422).render("monitoring/evaluation-form", { title: title(d), ...d, ...formLocals, values, errors: f.errors });
    }
    await completeEvaluation(prisma, req.user!, params.id, f.data);
    flash(req, "success", `Evaluasi ${periodLabel(d.ev.period)} disimpan.`);
    res.redirect(`/evaluasi/${params.id}`);
  }));

  r.post("/kasus/:id/evaluasi-insidentil", canEvaluate, route(s.adhoc, async (req, res, { params }) => {
    const ev = await startAdhocEvaluation(prisma, req.user!, params.id);
    flash(req, "success", "Evaluasi insidentil dimulai. Isi formulirnya di bawah ini.");
    res.redirect(`/evaluasi/${ev.id}`);
  }));

  r.post("/kasus/:id/jadwal-laporan", loggedIn, route(s.progressSchedule, async (req, res, { params, body }) => {
    await setProgressSchedule(prisma, req.user!, params.id, body.everyMonths as ProgressInterval);
    flash(req, "success", `Laporan kemajuan SKPD kini ${PROGRESS_INTERVALS[body.everyMonths as ProgressInterval]}.`);
    res.redirect(`/kasus/${params.id}#monitoring`);
  }));

  r.post("/kasus/:id/laporan-kemajuan", allow((u) => u.roles.includes("SKPD")), ...upload("/kasus/:id/laporan-kemajuan", config), route(s.progress, async (req, res, { params, body }) => {
    const id = params.id;
    const again = (message: string) =>
      renderCasePage(prisma, req, res, id, 422, { actionError: `Laporan kemajuan belum tersimpan: ${message}`, actionValues: { ...body, _csrf: undefined, form: "progress" } });
    const f = parseForm(progressSchema, body);
    if (!f.ok) return again(`${Object.values(f.errors).join("; ")}.`);
    try {
      const files = await checkFiles(req, ["bukti_kemajuan"]);
      await addProgressReport(prisma, req.user!, id, f.data, files.map((x) => x.file));
    } catch (e) {
      if (e instanceof AppError && e.status < 500) return again(e.userMessage);
      throw e;
    }
    flash(req, "success", "Laporan kemajuan disimpan.");
    res.redirect(`/kasus/${id}#monitoring`);
  }));

  return r;
}
