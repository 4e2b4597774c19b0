// The report to Kemendagri and the Governor: the page with its completeness check,
// the files, recording it as sent, and the archive of what was sent.
import { Router } from "express";
import { z } from "zod";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { sendBlob } from "../../platform/files/blob-store.js";
import { AppError } from "../../platform/errors.js";
import { flash } from "../../platform/http/flash.js";
import { form, id, query, route, text } from "../../platform/http/validate.js";
import { allow, report as reportPolicy } from "../../core/policies/index.js";
import { userOf } from "../../platform/http/current-user.js";
import { todayJakarta } from "../../core/calendar/calendar.js";
import { currentPeriodKey, ministryReport, parsePeriod, periodChoices, rupiahOrDash, type ReportPeriod } from "./ministry-report.js";
// PDF and spreadsheet code (pdf-lib, fonts, exceljs) is loaded on the first download, not at start (docs/architecture.md#memory).
const files = () => import("./report-files.js");
import { archivedReportFile, sendReport, sentReports } from "./send-report.js";

const periodKey = z.string().max(10).optional();
const s = {
  page: { query: query({ periode: periodKey }) },
  file: { query: query({ periode: periodKey }) },
  send: { body: form({ periode: text(10).optional(), recipient: text(400).optional(), sentOn: text(20).optional(), confirm: z.literal("ya").optional() }) },
  archive: { params: z.strictObject({ id, file: z.enum(["xlsx", "pdf"]) }) },
};
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const RECIPIENT = "Menteri Dalam Negeri c.q. Dirjen Bina Administrasi Kewilayahan; Gubernur DIY";
/** The page is a preview of the files (which hold everything): its size stays the same whatever the period holds. */
const SHOWN = 50;
const GAPS_SHOWN = 100;

export function reportRoutes(prisma: PrismaClient): Router {
  const r = Router();
  const canRead = allow((u) => reportPolicy.can(u, "read"));
  const periodOf = (key: string | undefined): ReportPeriod => {
    const p = parsePeriod(key || currentPeriodKey());
    if (!p) throw new AppError(400, "Periode laporan tidak dikenal (contoh: 2026-S1, 2026-S2 atau 2026).", "BAD_PERIOD");
    return p;
  };
  const page = async (
    req: import("express").Request,
    res: import("express").Response,
    period: ReportPeriod,
    status = 200,
    extra: Record<string, unknown> = {},
  ) => {
    const [report, sent] = await Promise.all([
      // Kept per data revision: the report is read by several people while nothing changes.
      req.cached(`ministry-report:${period.key}`, () => ministryReport(prisma, period)),
      sentReports(prisma),
    ]);
    const senders = sent.senders;
    res.status(status).render("reports/ministry", {
      title: "Laporan ke Kemendagri dan Gubernur",
      report,
      shown: report.rows.slice(0, SHOWN),
      gapsShown: GAPS_SHOWN,
      sent: sent.list,
      senders,
      choices: periodChoices(),
      rupiahOrDash,
      periodName: (k: string) => parsePeriod(k)?.label ?? k,
      canSend: reportPolicy.can(userOf(req), "send"),
      defaults: { recipient: RECIPIENT, sentOn: todayJakarta() },
      values: {},
      error: null,
      ...extra,
    });
  };

  r.get(
    "/laporan/kemendagri",
    canRead,
    route(s.page, (req, res, { query: q }) => page(req, res, periodOf(q.periode))),
  );

  r.get(
    "/laporan/kemendagri/laporan.xlsx",
    canRead,
    route(s.file, async (req, res, { query: q }) => {
      const p = periodOf(q.periode);
      const report = await req.cached(`ministry-report:${p.key}`, () => ministryReport(prisma, p));
      res
        .attachment(`laporan-kerjasama-${p.key}.xlsx`)
        .type(XLSX)
        .send(await (await files()).reportXlsx(report, todayJakarta()));
    }),
  );
  r.get(
    "/laporan/kemendagri/laporan.pdf",
    canRead,
    route(s.file, async (req, res, { query: q }) => {
      const p = periodOf(q.periode);
      const report = await req.cached(`ministry-report:${p.key}`, () => ministryReport(prisma, p));
      res
        .attachment(`laporan-kerjasama-${p.key}.pdf`)
        .type("application/pdf")
        .send(await (await files()).reportPdf(report, todayJakarta()));
    }),
  );

  r.post(
    "/laporan/kemendagri/kirim",
    canRead,
    route(s.send, async (req, res, { body }) => {
      const period = periodOf(body.periode);
      try {
        const sent = await sendReport(prisma, userOf(req), {
          period,
          recipient: body.recipient ?? "",
          sentOn: body.sentOn ?? "",
          confirmIncomplete: body.confirm === "ya",
        });
        flash(req, "success", `Laporan ${period.label} dicatat terkirim (${sent.agreements} perjanjian). Berkasnya tersimpan di arsip.`);
      } catch (e) {
        if (e instanceof AppError && e.status === 422) return page(req, res, period, 422, { error: e.userMessage, values: body });
        throw e;
      }
      res.redirect(`/laporan/kemendagri?periode=${period.key}#arsip`);
    }),
  );

  r.get(
    "/laporan/kemendagri/arsip/:id/:file",
    canRead,
    route(s.archive, async (req, res, { params }) => {
      const { sent, sha, size } = await archivedReportFile(prisma, params.id, params.file);
      res.attachment(`laporan-kerjasama-${sent.period}-terkirim-${sent.id}.${params.file}`);
      res.setHeader("Content-Type", params.file === "xlsx" ? XLSX : "application/pdf");
      res.setHeader("Content-Length", String(size));
      await sendBlob(prisma, sha, res);
    }),
  );
  return r;
}
