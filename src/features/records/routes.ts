// Records (docs/records.md): the metadata per document kind (/admin/arsip, ADMIN), one
// document's access class (ADMIN or the Kabag, from the case page), the retention
// report and its export (/admin/arsip/retensi, ADMIN and the Kabag), and ADMIN's
// disposal decisions. Thin: parse, call the use case, render.
import { Router, type Request, type Response } from "express";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { allow, documentPolicy } from "../../core/policies/index.js";
import { isDocKind, DOCUMENT_KINDS } from "../../core/documents/kinds.js";
import { ACCESS_CLASSES, DISPOSITIONS } from "../../core/documents/records.js";
import { AppError, notFound } from "../../platform/errors.js";
import { flash } from "../../platform/http/flash.js";
import { parseForm, type FieldErrors } from "../../platform/http/forms.js";
import { route } from "../../platform/http/validate.js";
import { userOf } from "../../platform/http/current-user.js";
import { listKindRecords, updateKindRecord } from "./kind-records.js";
import { changeAccessClass, documentToClassify } from "./access-class.js";
import { retentionReport, thisYear } from "./retention.js";
import { retentionXlsx } from "./excel.js";
import { decideDisposal } from "./disposal.js";
import { accessClassSchema, disposalSchema, DISPOSAL_DECISIONS, kindRecordSchema, routes as s, yearSchema } from "./schema.js";

export function recordsRoutes(prisma: PrismaClient): Router {
  const r = Router();
  const manageKinds = allow((u) => documentPolicy.canRecords(u, "manageKinds"));
  const viewRetention = allow((u) => documentPolicy.canRecords(u, "viewRetention"));
  const decide = allow((u) => documentPolicy.canRecords(u, "decideDisposal"));

  // --- Metadata per document kind -------------------------------------------------
  const kindsPage = async (res: Response, status = 200, failed: { kind: string; values: Record<string, unknown>; errors: FieldErrors } | null = null) =>
    res.status(status).render("records/kinds", {
      title: "Arsip: klasifikasi dan retensi",
      kinds: await listKindRecords(prisma),
      accessClasses: ACCESS_CLASSES,
      dispositions: DISPOSITIONS,
      failed,
    });

  r.get(
    "/admin/arsip",
    manageKinds,
    route(s.kinds, (_req, res) => kindsPage(res)),
  );

  r.post(
    "/admin/arsip/jenis/:kind",
    manageKinds,
    route(s.updateKind, async (req, res, { params, body }) => {
      if (!isDocKind(params.kind)) throw notFound();
      const f = parseForm(kindRecordSchema, body);
      if (!f.ok) return kindsPage(res, 422, { kind: params.kind, values: body, errors: f.errors });
      await updateKindRecord(prisma, userOf(req), params.kind, f.data);
      flash(req, "success", `Klasifikasi dan retensi "${DOCUMENT_KINDS[params.kind]}" disimpan. Berlaku untuk dokumen yang dibuat sejak sekarang.`);
      res.redirect(`/admin/arsip#jenis-${params.kind}`);
    }),
  );

  // --- One document's access class (from the case page) ----------------------------
  r.post(
    "/dokumen/:id/kelas-akses",
    allow(() => true),
    route(s.accessClass, async (req, res, { params, body }) => {
      const user = userOf(req);
      const f = parseForm(accessClassSchema, body);
      if (!f.ok) {
        // The policy first: a document the user may not see or change answers as always.
        const doc = await documentToClassify(prisma, user, params.id);
        flash(req, "error", `Kelas akses belum diubah: ${Object.values(f.errors).join("; ")}.`);
        res.redirect(`/kasus/${doc.caseId}#dokumen`);
        return;
      }
      const out = await changeAccessClass(prisma, user, params.id, f.data);
      flash(
        req,
        "success",
        out.changed
          ? `Kelas akses "${out.doc.originalName}" menjadi ${ACCESS_CLASSES[f.data.accessClass]}.`
          : `Kelas akses "${out.doc.originalName}" sudah ${ACCESS_CLASSES[f.data.accessClass]}.`,
      );
      res.redirect(`/kasus/${out.doc.caseId}#dokumen`);
    }),
  );

  // --- Retention report and disposal decisions --------------------------------------
  const reportPage = async (
    req: Request,
    res: Response,
    rawYear: unknown,
    status = 200,
    failed: { documentId: number; values: Record<string, unknown>; errors: FieldErrors } | null = null,
  ) => {
    const y = parseForm(yearSchema, { tahun: rawYear });
    const year = y.ok ? (y.data.tahun ?? thisYear()) : thisYear();
    res.status(y.ok ? status : 422).render("records/retention", {
      title: `Retensi arsip ${year}`,
      report: await retentionReport(prisma, year),
      yearError: y.ok ? null : y.errors.tahun,
      typedYear: typeof rawYear === "string" ? rawYear : "",
      mayDecide: documentPolicy.canRecords(userOf(req), "decideDisposal"),
      decisions: DISPOSAL_DECISIONS,
      failed,
    });
  };

  r.get(
    "/admin/arsip/retensi",
    viewRetention,
    route(s.retention, (req, res, { query }) => reportPage(req, res, query.tahun)),
  );

  r.get(
    "/admin/arsip/retensi/ekspor.xlsx",
    viewRetention,
    route(s.retentionExport, async (req, res, { query }) => {
      const y = parseForm(yearSchema, { tahun: query.tahun });
      if (!y.ok) return reportPage(req, res, query.tahun);
      const year = y.data.tahun ?? thisYear();
      const buf = await retentionXlsx(await retentionReport(prisma, year));
      res.attachment(`retensi-arsip-${year}.xlsx`);
      res.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").send(buf);
    }),
  );

  r.post(
    "/admin/arsip/retensi/dokumen/:id/keputusan",
    decide,
    route(s.decide, async (req, res, { params, body }) => {
      const f = parseForm(disposalSchema, body);
      if (!f.ok) return reportPage(req, res, body.tahun, 422, { documentId: params.id, values: body, errors: f.errors });
      try {
        await decideDisposal(prisma, userOf(req), params.id, f.data);
      } catch (e) {
        if (e instanceof AppError && e.status === 409)
          return reportPage(req, res, body.tahun, 409, { documentId: params.id, values: body, errors: { _form: e.userMessage } });
        throw e;
      }
      flash(req, "success", `Keputusan "${DISPOSAL_DECISIONS[f.data.decision]}" dicatat (${f.data.decreeNumber}).`);
      res.redirect(`/admin/arsip/retensi?tahun=${encodeURIComponent(body.tahun ?? "")}#dokumen-${params.id}`);
    }),
  );

  return r;
}
