// Row 21 pages: the evaluation form and report, and the SKPD's progress reports.
import { Router } from "express";
import { requireLogin, requireRole } from "../auth/policy.js";
import { loadCaseFor } from "../cases/case-service.js";
import { renderCasePage } from "../cases/case-page.js";
import { storeFiles } from "../cases/routes.js";
import type { Config } from "../config.js";
import { removeStored } from "../documents/storage.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { requireCsrfAfterUpload } from "../http/csrf.js";
import { AppError, notFound } from "../http/errors.js";
import { flash } from "../http/flash.js";
import { idParam, parseForm } from "../http/forms.js";
import { uploadAny } from "../http/upload.js";
import { addProgressReport, completeEvaluation } from "./monitoring-service.js";
import { periodLabel } from "./periods.js";
import { evaluationSchema, progressSchema, RECOMMENDATIONS, SCORE_FIELDS } from "./schema.js";

export function monitoringRoutes(prisma: PrismaClient, config: Config): Router {
  const r = Router();

  const load = async (req: import("express").Request, id: number) => {
    const ev = await prisma.evaluation.findUnique({ where: { id } });
    if (!ev) throw notFound("Evaluasi tidak ditemukan.");
    const c = await loadCaseFor(prisma, req.user!, ev.caseId);
    const agreements = await prisma.agreement.findMany({ where: { caseId: c.id } });
    const reports = await prisma.progressReport.findMany({ where: { caseId: c.id }, orderBy: { createdAt: "asc" } });
    return { ev, c, agreements, reports };
  };
  const formLocals = { scoreFields: SCORE_FIELDS, recommendations: RECOMMENDATIONS, periodLabel };

  r.get("/evaluasi/:id", requireLogin, async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    const d = await load(req, id);
    const canFill = !d.ev.completedAt && req.user!.roles.some((x) => x === "PENELAAH" || x === "PENATALAKSANA");
    res.render(d.ev.completedAt || !canFill ? "monitoring/report" : "monitoring/evaluation-form", {
      title: `Evaluasi ${periodLabel(d.ev.period)}: ${d.c.title}`, ...d, ...formLocals, values: {}, errors: {},
    });
  });

  r.post("/evaluasi/:id", requireRole("PENELAAH", "PENATALAKSANA"), async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    const d = await load(req, id);
    const form = parseForm(evaluationSchema, req.body);
    const values = { ...(req.body ?? {}) };
    delete values._csrf;
    if (!form.ok) {
      return res.status(422).render("monitoring/evaluation-form", { title: `Evaluasi ${periodLabel(d.ev.period)}: ${d.c.title}`, ...d, ...formLocals, values, errors: form.errors });
    }
    await completeEvaluation(prisma, req.user!, id, form.data);
    flash(req, "success", `Evaluasi ${periodLabel(d.ev.period)} disimpan.`);
    res.redirect(`/evaluasi/${id}`);
  });

  r.post("/kasus/:id/laporan-kemajuan", requireRole("SKPD"), uploadAny(config.uploadMaxBytes), requireCsrfAfterUpload, async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    const form = parseForm(progressSchema, req.body);
    const again = (message: string) =>
      renderCasePage(prisma, req, res, id, 422, { actionError: `Laporan kemajuan belum tersimpan: ${message}`, actionValues: { ...req.body, _csrf: undefined, form: "progress" } });
    if (!form.ok) return again(`${Object.values(form.errors).join("; ")}.`);
    let files: Awaited<ReturnType<typeof storeFiles>> = [];
    try {
      files = await storeFiles(config, req, ["laporan"]);
      await addProgressReport(prisma, req.user!, id, form.data, files.map((f) => f.file));
    } catch (e) {
      await removeStored(config.dataDir, files.map((f) => f.file));
      if (e instanceof AppError && e.status < 500) return again(e.userMessage);
      throw e;
    }
    flash(req, "success", "Laporan kemajuan disimpan.");
    res.redirect(`/kasus/${id}#monitoring`);
  });

  return r;
}
