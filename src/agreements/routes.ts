// The agreement register: list, filters, exports, dossier, legacy entry and import,
// early end and renewal. SKPD users see their own unit only.
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import { requireLogin, requireRole } from "../auth/policy.js";
import { caseDetail } from "../cases/case-service.js";
import { JENIS_LABELS } from "../cases/schema.js";
import type { Config } from "../config.js";
import { DOCUMENT_KINDS } from "../documents/kinds.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { requireCsrfAfterUpload } from "../http/csrf.js";
import { AppError, notFound } from "../http/errors.js";
import { flash } from "../http/flash.js";
import { idParam, parseForm, searchText } from "../http/forms.js";
import { filesOf, uploadAny } from "../http/upload.js";
import * as svc from "./agreement-service.js";
import { importTemplate, registerCsv, registerXlsx } from "./excel.js";
import { checkImport, commitImport } from "./import-service.js";
import { legacySchema, LEGACY_COLUMNS } from "./schema.js";
import { AGREEMENT_STATUS, type AgreementStatus } from "./status.js";

declare module "express-session" {
  interface SessionData {
    pendingImport?: { token: string; name: string };
  }
}

const filterSchema = z.object({
  q: z.preprocess(searchText, z.string()).optional().catch(undefined),
  status: z.enum(Object.keys(AGREEMENT_STATUS) as [AgreementStatus, ...AgreementStatus[]]).optional().catch(undefined),
  kind: z.enum(["MOU", "PKS"]).optional().catch(undefined),
  jenis: z.enum(["KSDD", "KSDPK", "KSDPL"]).optional().catch(undefined),
  skpd: z.coerce.number().int().positive().optional().catch(undefined),
  tahun: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  hal: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});

const PAGE = 25;
const REGISTER_ROLES = ["SKPD", "PENATALAKSANA", "PENELAAH", "KASUBBAG", "KABAG", "TKKSD", "PIMPINAN", "ADMIN"] as const;

export function agreementRoutes(prisma: PrismaClient, config: Config): Router {
  const r = Router();
  const importDir = path.join(config.dataDir, "imports");

  const filters = (req: Request) => {
    const f = filterSchema.parse(req.query);
    return { f, filter: { q: f.q || undefined, status: f.status, kind: f.kind, jenis: f.jenis, skpdId: f.skpd, year: f.tahun } };
  };

  r.get("/perjanjian", requireRole(...REGISTER_ROLES), async (req, res) => {
    const { f, filter } = filters(req);
    const { total, rows } = await svc.listAgreements(prisma, req.user!, filter, config.expiringDays, { skip: (f.hal - 1) * PAGE, take: PAGE });
    const qs = new URLSearchParams(Object.entries(req.query).filter(([k, v]) => k !== "hal" && typeof v === "string" && v !== "") as [string, string][]).toString();
    const skpds = req.user!.roles.every((x) => x === "SKPD") ? [] : await prisma.skpd.findMany({ where: { active: true }, orderBy: { name: "asc" } });
    res.render("agreements/index", {
      title: "Register perjanjian",
      f, rows, total, qs, skpds,
      pages: Math.max(1, Math.ceil(total / PAGE)),
      statusLabels: AGREEMENT_STATUS,
      jenisLabels: JENIS_LABELS,
      canManage: svc.canManageRegister(req.user!),
      expiringDays: config.expiringDays,
    });
  });

  const exportRows = async (req: Request) => (await svc.listAgreements(prisma, req.user!, filters(req).filter, config.expiringDays)).rows;
  const stamp = () => new Date().toISOString().slice(0, 10);

  r.get("/perjanjian/ekspor.xlsx", requireRole(...REGISTER_ROLES), async (req, res) => {
    const buf = await registerXlsx(await exportRows(req));
    res.attachment(`register-perjanjian-${stamp()}.xlsx`);
    res.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").send(buf);
  });

  r.get("/perjanjian/ekspor.csv", requireRole(...REGISTER_ROLES), async (req, res) => {
    res.attachment(`register-perjanjian-${stamp()}.csv`);
    res.type("text/csv; charset=utf-8").send(registerCsv(await exportRows(req)));
  });

  r.get("/perjanjian/templat-impor.xlsx", requireRole("PENATALAKSANA", "ADMIN"), async (req, res) => {
    res.attachment("templat-impor-perjanjian.xlsx");
    res.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").send(await importTemplate());
  });

  // Legacy entry by form
  const legacyForm = async (res: Response, status: number, values: Record<string, string>, errors: Record<string, string>) => {
    const skpds = await prisma.skpd.findMany({ where: { active: true }, orderBy: { name: "asc" } });
    res.status(status).render("agreements/legacy-form", { title: "Catat perjanjian yang sudah berjalan", values, errors, skpds, jenisLabels: JENIS_LABELS });
  };
  r.get("/perjanjian/baru", requireRole("PENATALAKSANA", "ADMIN"), (req, res) => legacyForm(res, 200, {}, {}));
  r.post("/perjanjian/baru", requireRole("PENATALAKSANA", "ADMIN"), async (req, res) => {
    const values = Object.fromEntries(LEGACY_COLUMNS.map((c) => [c.key, String(req.body?.[c.key] ?? "")]));
    const form = parseForm(legacySchema, req.body);
    if (!form.ok) return legacyForm(res, 422, values, form.errors);
    const skpd = await prisma.skpd.findFirst({ where: { code: form.data.skpdCode, active: true } });
    if (!skpd) return legacyForm(res, 422, values, { skpdCode: "Pilih SKPD dari daftar" });
    if (await prisma.agreement.count({ where: { cityNumber: form.data.cityNumber } })) {
      return legacyForm(res, 422, values, { cityNumber: "Nomor Pemkot ini sudah ada di register" });
    }
    const a = await prisma.$transaction((tx) => svc.createLegacy(tx, req.user!, form.data, skpd.id));
    flash(req, "success", "Perjanjian dicatat dan masuk ke langkah 20 (Pelaksanaan).");
    res.redirect(`/perjanjian/${a.id}`);
  });

  // Import: upload → check every row → confirm
  r.get("/perjanjian/impor", requireRole("PENATALAKSANA", "ADMIN"), (req, res) => {
    res.render("agreements/import", { title: "Impor perjanjian dari Excel", result: null, fileError: null, name: null });
  });

  r.post("/perjanjian/impor", requireRole("PENATALAKSANA", "ADMIN"), uploadAny(config.uploadMaxBytes), requireCsrfAfterUpload, async (req, res) => {
    const f = filesOf(req).find((x) => x.fieldname === "file");
    if (!f) return res.status(422).render("agreements/import", { title: "Impor perjanjian dari Excel", result: null, fileError: "Pilih berkas .xlsx terlebih dahulu.", name: null });
    const check = await checkImport(prisma, f.buffer);
    if (check.fileError) return res.status(422).render("agreements/import", { title: "Impor perjanjian dari Excel", result: null, fileError: check.fileError, name: f.originalname });
    const clean = check.rows.every((x) => !x.errors.length);
    let pendingToken: string | null = null;
    if (clean) {
      await mkdir(importDir, { recursive: true });
      pendingToken = randomUUID();
      await writeFile(path.join(importDir, `${pendingToken}.xlsx`), f.buffer);
      req.session.pendingImport = { token: pendingToken, name: f.originalname };
    }
    res.status(clean ? 200 : 422).render("agreements/import", { title: "Impor perjanjian dari Excel", result: check.rows, fileError: null, name: f.originalname, clean, pendingToken });
  });

  r.post("/perjanjian/impor/konfirmasi", requireRole("PENATALAKSANA", "ADMIN"), async (req, res) => {
    const pending = req.session.pendingImport;
    if (!pending || pending.token !== req.body?.token) throw new AppError(409, "Tidak ada impor yang menunggu konfirmasi; unggah berkasnya lagi.");
    const file = path.join(importDir, `${pending.token}.xlsx`);
    const buffer = await readFile(file).catch(() => null);
    if (!buffer) throw new AppError(409, "Berkas impor tidak ditemukan lagi; unggah berkasnya lagi.");
    // Checked again: the register may have changed since the preview.
    const check = await checkImport(prisma, buffer);
    if (check.fileError || check.rows.some((x) => x.errors.length)) {
      return res.status(422).render("agreements/import", { title: "Impor perjanjian dari Excel", result: check.rows, fileError: check.fileError ?? null, name: pending.name, clean: false });
    }
    const n = await commitImport(prisma, req.user!, check.rows);
    delete req.session.pendingImport;
    await rm(file, { force: true });
    flash(req, "success", `${n} perjanjian diimpor dan masuk ke langkah 20 (Pelaksanaan).`);
    res.redirect("/perjanjian");
  });

  r.get("/perjanjian/:id", requireRole(...REGISTER_ROLES), async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    const a = await svc.agreementFor(prisma, req.user!, id, config.expiringDays);
    const d = await caseDetail(prisma, req.user!, a.caseId);
    const evaluations = await prisma.evaluation.findMany({ where: { caseId: a.caseId }, orderBy: { period: "asc" } });
    const reports = await prisma.progressReport.findMany({ where: { caseId: a.caseId }, orderBy: { createdAt: "asc" } });
    const isOwnSkpd = req.user!.roles.includes("SKPD") && req.user!.skpdId === a.case.skpdId;
    res.render("agreements/show", {
      title: `${a.kind === "MOU" ? "MoU" : "PKS"}: ${a.case.title}`,
      a, d, evaluations, reports,
      statusLabels: AGREEMENT_STATUS,
      jenisLabels: JENIS_LABELS,
      docKinds: DOCUMENT_KINDS,
      canManage: svc.canManageRegister(req.user!),
      canRenew: (isOwnSkpd || svc.canManageRegister(req.user!)) && (a.status === "EXPIRING" || a.status === "EXPIRED") && !a.case.renewals.some((x) => x.status === "DRAFT" || x.status === "IN_PROGRESS"),
    });
  });

  r.post("/perjanjian/:id/akhiri", requireRole("PENATALAKSANA", "ADMIN"), async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    await svc.endEarly(prisma, req.user!, id, String(req.body?.on ?? ""), String(req.body?.reason ?? ""));
    flash(req, "success", "Perjanjian dicatat berakhir lebih awal.");
    res.redirect(`/perjanjian/${id}`);
  });

  r.post("/perjanjian/:id/perpanjang", requireLogin, async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    const c = await svc.startRenewal(prisma, req.user!, id, config.expiringDays);
    flash(req, "success", "Draf perpanjangan dibuat di langkah 1. SKPD melengkapi dan mengirimnya seperti usulan baru.");
    res.redirect(`/kasus/${c.id}`);
  });

  return r;
}
