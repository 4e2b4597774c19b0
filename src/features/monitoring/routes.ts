// Row 21 pages: the evaluation form and report, and the SKPD's progress reports.
import { Router, type Request, type Response } from "express";
import type { RenderCasePage } from "../cases/case-page-port.js";
import { caseGuard } from "../cases/case-guard.js";
import { checkFiles } from "../cases/check-files.js";
import type { Config } from "../../platform/config.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { AppError, forbidden } from "../../platform/errors.js";
import { flash } from "../../platform/http/flash.js";
import { parseForm } from "../../platform/http/forms.js";
import { upload } from "../../platform/http/upload.js";
import { route } from "../../platform/http/validate.js";
import { userOf } from "../../platform/http/current-user.js";
import { allow, casePolicy, evaluation as evaluationPolicy, loggedIn } from "../../core/policies/index.js";
import { addProgressReport, assertFillable, completeEvaluation, setProgressSchedule, startAdhocEvaluation } from "./monitoring-service.js";
import { loadEvaluation } from "./evaluation-page.js";
import { PROGRESS_INTERVALS, type ProgressInterval } from "./progress-schedule.js";
import { periodLabel } from "../../core/sop/periods.js";
import { answersSchema, progressSchema, routes as s, type Answers } from "./schema.js";
import { FORM_LABELS, ITEMS, itemsOf, RECOMMENDATIONS, type EvaluationForm } from "../../core/sop/item-bank.js";
import { describeTarget } from "../obligations/obligation-service.js";
import { PARTIES, parseRealisations } from "../obligations/schema.js";
import { getSigners } from "../../core/settings/settings-service.js";
import { formatIsoDate } from "../../platform/time.js";
import { todayJakarta } from "../../core/calendar/calendar.js";
import { kindOf, naskahLabel } from "../../core/sop/kinds.js";

const canEvaluate = allow((u) => evaluationPolicy.can(u, "fill"));

export function monitoringRoutes(prisma: PrismaClient, config: Config, renderCasePage: RenderCasePage): Router {
  const r = Router();

  const load = (req: Request, id: number) => loadEvaluation(prisma, userOf(req), id);
  type Loaded = Awaited<ReturnType<typeof load>>;
  const title = (d: Loaded) => `Evaluasi ${periodLabel(d.ev.period)}: ${d.c.title}`;
  const common = { items: ITEMS, itemsOf, formLabels: FORM_LABELS, recommendations: RECOMMENDATIONS, parties: PARTIES, periodLabel, describeTarget };
  const showForm = (res: Response, d: Loaded, which: EvaluationForm, status = 200, values: Record<string, unknown> = {}, errors: Record<string, string> = {}) =>
    res.status(status).render("monitoring/evaluation-form", { title: title(d), ...d, ...common, which, values, errors });

  r.get(
    "/evaluasi/:id",
    loggedIn,
    route(s.evaluation, async (req, res, { params, query }) => {
      const d = await load(req, params.id);
      if (!query.laporan && d.may.fill) {
        showForm(res, d, "P3ADK");
        return;
      }
      if (!query.laporan && d.may.selfReport) {
        showForm(res, d, "SKPD");
        return;
      }
      res.render("monitoring/report", { title: title(d), ...d, ...common, cancelled: !d.ev.completedAt && d.ev.task?.status === "CANCELLED" });
    }),
  );

  // The same report as a PDF to keep or send (the page prints from the browser; the Word letter is made on the case page).
  r.get(
    "/evaluasi/:id/laporan.pdf",
    loggedIn,
    route(s.evaluationPdf, async (req, res, { params }) => {
      const d = await load(req, params.id);
      const snapshot = (d.ev.completedAt && d.ev.obligations ? d.ev.obligations : d.basis.snapshot) as unknown as {
        party: string;
        description: string;
        indicator: string;
        dueOn: string;
        target: number;
        unit: string;
        realised: number;
        share?: number | null;
      }[];
      // A stored snapshot's party as it was written: one without a label is shown as it is.
      const parties: Partial<Record<string, string>> = PARTIES;
      const signers = await getSigners(prisma);
      // pdf-lib and the fonts load on the first download, not at start (docs/architecture.md#memory).
      const { evaluationPdf } = await import("./evaluation-pdf.js");
      const pdf = await evaluationPdf({
        periodLabel: periodLabel(d.ev.period),
        title: d.c.title,
        kind: kindOf(d.c.jenis)?.label ?? d.c.jenis ?? "—",
        skpd: d.c.skpd.name,
        partner: d.c.partnerName,
        agreements: d.agreements.map((a) => ({ label: naskahLabel(d.c.jenis, a.kind), number: a.cityNumber, start: a.startDate, end: a.endDate })),
        dueOn: d.ev.dueOn,
        completedAt: d.ev.completedAt,
        selfCompletedAt: d.ev.selfCompletedAt,
        answers: d.ev.answers as Record<string, unknown> | null,
        selfAnswers: d.ev.selfAnswers as Record<string, unknown> | null,
        score: d.ev.score,
        selfScore: d.ev.selfScore,
        recommendation: d.ev.recommendation,
        selfRecommendation: d.ev.selfRecommendation,
        obligations: (Array.isArray(snapshot) ? snapshot : []).map((o) => ({
          party: parties[o.party] ?? o.party,
          description: o.description,
          indicator: o.indicator,
          dueOn: o.dueOn.slice(0, 10),
          target: describeTarget(o),
          realised: `${o.realised.toLocaleString("id-ID", { maximumFractionDigits: 2 })} ${o.unit}`,
          share: o.share ?? 0,
        })),
        reports: d.reports.map((r) => ({
          period: r.period,
          progress: r.progress,
          indicator: r.indicator,
          achievement: r.achievement,
          obstacle: r.obstacle,
          solution: r.solution,
        })),
        madeOn: formatIsoDate(todayJakarta()),
        kabag: { name: signers.kabag, nip: signers.kabagNip },
      });
      const name = `laporan-evaluasi-${d.ev.period.replace(/[^A-Za-z0-9-]/g, "-")}-kasus-${d.c.id}.pdf`;
      res.set({ "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${name}"`, "X-Content-Type-Options": "nosniff" });
      res.send(pdf);
    }),
  );

  const submit = (which: EvaluationForm) =>
    route(s.completeEvaluation, async (req, res, { params, body }) => {
      const d = await load(req, params.id);
      assertFillable(userOf(req), which, { ...d.ev, task: which === "SKPD" ? d.ev.selfTask : d.ev.task, case: d.c });
      const f = parseForm(answersSchema(which, Object.keys(d.basis.derived)), body);
      const values = { ...body, _csrf: undefined };
      if (!f.ok) {
        showForm(res, d, which, 422, values, f.errors);
        return;
      }
      try {
        await completeEvaluation(prisma, userOf(req), params.id, which, f.data as Answers);
      } catch (e) {
        if (e instanceof AppError && e.status === 409) {
          showForm(res, await load(req, params.id), which, 409, values, { _form: e.userMessage });
          return;
        }
        throw e;
      }
      flash(req, "success", which === "SKPD" ? `Laporan mandiri ${periodLabel(d.ev.period)} disimpan.` : `Evaluasi ${periodLabel(d.ev.period)} disimpan.`);
      res.redirect(`/evaluasi/${params.id}`);
    });
  r.post("/evaluasi/:id", canEvaluate, submit("P3ADK"));
  r.post(
    "/evaluasi/:id/mandiri",
    allow((u) => evaluationPolicy.can(u, "selfReport")),
    submit("SKPD"),
  );

  r.post(
    "/kasus/:id/evaluasi-insidentil",
    canEvaluate,
    route(s.adhoc, async (req, res, { params }) => {
      const ev = await startAdhocEvaluation(prisma, userOf(req), params.id);
      flash(req, "success", "Evaluasi insidentil dimulai. Isi formulirnya di bawah ini.");
      res.redirect(`/evaluasi/${ev.id}`);
    }),
  );

  r.post(
    "/kasus/:id/jadwal-laporan",
    loggedIn,
    route(s.progressSchedule, async (req, res, { params, body }) => {
      await setProgressSchedule(prisma, userOf(req), params.id, body.everyMonths as ProgressInterval);
      flash(req, "success", `Laporan kemajuan SKPD kini ${PROGRESS_INTERVALS[body.everyMonths as ProgressInterval]}.`);
      res.redirect(`/kasus/${params.id}#monitoring`);
    }),
  );

  const reportable = caseGuard(
    prisma,
    (u, c) => casePolicy.can(u, "reportProgress", c),
    () => forbidden("Laporan kemajuan disampaikan oleh SKPD pengusul selama perjanjian berjalan (langkah 20–21)."),
  );
  r.post(
    "/kasus/:id/laporan-kemajuan",
    allow(casePolicy.reportsProgress),
    ...upload("/kasus/:id/laporan-kemajuan", config, reportable),
    route(s.progress, async (req, res, { params, body }) => {
      const id = params.id;
      const again = (message: string) =>
        renderCasePage(prisma, req, res, id, 422, {
          actionError: `Laporan kemajuan belum tersimpan: ${message}`,
          actionValues: { ...body, _csrf: undefined, form: "progress" },
        });
      const f = parseForm(progressSchema, body);
      const realised = parseRealisations(body);
      const errors = [...(f.ok ? [] : Object.values(f.errors)), ...realised.errors];
      if (!f.ok || errors.length) return again(`${errors.join("; ")}.`);
      try {
        const files = await checkFiles(req, ["bukti_kemajuan"]);
        await addProgressReport(
          prisma,
          userOf(req),
          id,
          f.data,
          files.map((x) => x.file),
          realised.values,
        );
      } catch (e) {
        if (e instanceof AppError && e.status < 500) return again(e.userMessage);
        throw e;
      }
      flash(req, "success", "Laporan kemajuan disimpan.");
      res.redirect(`/kasus/${id}#monitoring`);
    }),
  );

  return r;
}
