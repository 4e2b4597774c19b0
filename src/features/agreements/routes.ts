// The agreement register: list, filters, exports, dossier, legacy entry and import,
// early end and renewal. SKPD users see their own unit only.
import { officialNumber } from "../numbering/number-source.js";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Router, type Request, type Response } from "express";
import type { z } from "zod";
import { JENIS_LABELS, NASKAH_STATUSES } from "../../core/case-data/schema.js";
import type { Config } from "../../platform/config.js";
import { DOCUMENT_KINDS } from "../../core/documents/kinds.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { AppError } from "../../platform/errors.js";
import { flash } from "../../platform/http/flash.js";
import { parseForm, searchText } from "../../platform/http/forms.js";
import { filesOf, upload } from "../../platform/http/upload.js";
import { route } from "../../platform/http/validate.js";
import { userOf } from "../../platform/http/current-user.js";
import { agreement as agreementPolicy, allow, documentPolicy } from "../../core/policies/index.js";
import { todayJakarta } from "../../core/calendar/calendar.js";
import * as svc from "./agreement-service.js";
import { importTemplate, registerCsv, registerXlsx } from "./excel.js";
import { checkImport, commitImport } from "./import-service.js";
import { RECOMMENDATIONS } from "../../core/sop/item-bank.js";
import { periodLabel } from "../../core/sop/periods.js";
import { naskahLabel } from "../../core/sop/kinds.js";
import { legacySchema, LEGACY_COLUMNS, routes as s } from "./schema.js";
import { AGREEMENT_STATUS } from "./status.js";
import { agreementPage } from "./agreement-page.js";
import { recordLegacyAgreement } from "./record-legacy.js";
import { PUBLIC_MODES } from "../public-register/register-service.js";
import { activeSkpds } from "../../core/users/skpds.js";

declare module "express-session" {
  interface SessionData {
    pendingImport?: { token: string; name: string };
  }
}

const PAGE = 25;
const canList = allow((u) => agreementPolicy.can(u, "list"));
const canManage = allow((u) => agreementPolicy.can(u, "manage"));
type Filters = z.output<typeof s.list.query>;

export function agreementRoutes(prisma: PrismaClient, config: Config): Router {
  const r = Router();
  const importDir = path.join(config.dataDir, "imports");

  const toFilter = (f: Filters) => ({ q: searchText(f.q) || undefined, status: f.status, kind: f.kind, jenis: f.jenis, skpdId: f.skpd, year: f.tahun });

  r.get(
    "/perjanjian",
    canList,
    route(s.list, async (req, res, { query }) => {
      const f = { ...query, hal: query.hal ?? 1 };
      const user = userOf(req);
      const { total, rows } = await req.cached(`agreements:${user.id}:${JSON.stringify(f)}`, () =>
        svc.listAgreements(prisma, user, toFilter(f), config.expiringDays, { skip: (f.hal - 1) * PAGE, take: PAGE }),
      );
      // What the query holds: its optional keys may be missing (undefined).
      const entries: [string, string | number | undefined][] = Object.entries(query);
      const qs = new URLSearchParams(entries.filter(([k, v]) => k !== "hal" && v !== undefined && v !== "").map(([k, v]) => [k, String(v)])).toString();
      const skpds = agreementPolicy.onlySkpd(user) ? [] : await req.cached("skpds:active", () => activeSkpds(prisma));
      res.render("agreements/index", {
        title: "Register perjanjian",
        f,
        rows,
        total,
        qs,
        skpds,
        pages: Math.max(1, Math.ceil(total / PAGE)),
        statusLabels: AGREEMENT_STATUS,
        jenisLabels: JENIS_LABELS,
        canManage: agreementPolicy.can(user, "manage"),
        expiringDays: config.expiringDays,
      });
    }),
  );

  const exportRows = async (req: Request, f: Filters) => (await svc.listAgreements(prisma, userOf(req), toFilter(f), config.expiringDays)).rows;
  const stamp = () => todayJakarta();

  r.get(
    "/perjanjian/ekspor.xlsx",
    canList,
    route(s.export, async (req, res, { query }) => {
      const buf = await registerXlsx(await exportRows(req, query));
      res.attachment(`register-perjanjian-${stamp()}.xlsx`);
      res.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").send(buf);
    }),
  );

  r.get(
    "/perjanjian/ekspor.csv",
    canList,
    route(s.export, async (req, res, { query }) => {
      res.attachment(`register-perjanjian-${stamp()}.csv`);
      res.type("text/csv; charset=utf-8").send(registerCsv(await exportRows(req, query)));
    }),
  );

  r.get(
    "/perjanjian/templat-impor.xlsx",
    canManage,
    route(s.template, async (req, res) => {
      res.attachment("templat-impor-perjanjian.xlsx");
      res.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").send(await importTemplate());
    }),
  );

  // Legacy entry by form
  const legacyForm = async (res: Response, status: number, values: Record<string, string>, errors: Record<string, string>) => {
    const skpds = await activeSkpds(prisma);
    res.status(status).render("agreements/legacy-form", { title: "Catat perjanjian yang sudah berjalan", values, errors, skpds, jenisLabels: JENIS_LABELS });
  };
  r.get(
    "/perjanjian/baru",
    canManage,
    route(s.legacyForm, (req, res) => legacyForm(res, 200, {}, {})),
  );
  r.post(
    "/perjanjian/baru",
    canManage,
    route(s.legacyCreate, async (req, res, { body }) => {
      const values = Object.fromEntries(LEGACY_COLUMNS.map((c) => [c.key, body[c.key] ?? ""]));
      const f = parseForm(legacySchema, body);
      if (!f.ok) return legacyForm(res, 422, values, f.errors);
      const recorded = await recordLegacyAgreement(prisma, userOf(req), f.data);
      if (!recorded.ok) return legacyForm(res, 422, values, recorded.errors);
      flash(req, "success", "Perjanjian dicatat dan masuk ke langkah 20 (Pelaksanaan).");
      res.redirect(`/perjanjian/${recorded.agreementId}`);
    }),
  );

  // Import: upload → check every row → confirm
  const importPage = "agreements/import";
  const importTitle = "Impor perjanjian dari Excel";
  r.get(
    "/perjanjian/impor",
    canManage,
    route(s.importForm, (req, res) => {
      res.render(importPage, { title: importTitle, result: null, fileError: null, name: null });
    }),
  );

  r.post(
    "/perjanjian/impor",
    canManage,
    ...upload("/perjanjian/impor", config),
    route(s.importCheck, async (req, res) => {
      const f = filesOf(req).find((x) => x.fieldname === "file");
      if (!f) {
        res.status(422).render(importPage, { title: importTitle, result: null, fileError: "Pilih berkas .xlsx terlebih dahulu.", name: null });
        return;
      }
      const check = await checkImport(prisma, { path: f.path });
      if (check.fileError) {
        res.status(422).render(importPage, { title: importTitle, result: null, fileError: check.fileError, name: f.originalname });
        return;
      }
      const clean = check.rows.every((x) => !x.errors.length);
      let pendingToken: string | null = null;
      if (clean) {
        await mkdir(importDir, { recursive: true });
        pendingToken = randomUUID();
        await copyFile(f.path, path.join(importDir, `${pendingToken}.xlsx`));
        req.session.pendingImport = { token: pendingToken, name: f.originalname };
      }
      res.status(clean ? 200 : 422).render(importPage, { title: importTitle, result: check.rows, fileError: null, name: f.originalname, clean, pendingToken });
    }),
  );

  r.post(
    "/perjanjian/impor/konfirmasi",
    canManage,
    route(s.importConfirm, async (req, res, { body }) => {
      const pending = req.session.pendingImport;
      if (!pending || pending.token !== body.token) throw new AppError(409, "Tidak ada impor yang menunggu konfirmasi; unggah berkasnya lagi.");
      const file = path.join(importDir, `${pending.token}.xlsx`);
      if (!existsSync(file)) throw new AppError(409, "Berkas impor tidak ditemukan lagi; unggah berkasnya lagi.");
      // Checked again: the register may have changed since the preview.
      const check = await checkImport(prisma, { path: file });
      if (check.fileError || check.rows.some((x) => x.errors.length)) {
        res.status(422).render(importPage, { title: importTitle, result: check.rows, fileError: check.fileError ?? null, name: pending.name, clean: false });
        return;
      }
      const n = await commitImport(prisma, userOf(req), check.rows);
      delete req.session.pendingImport;
      await rm(file, { force: true });
      flash(req, "success", `${n} perjanjian diimpor dan masuk ke langkah 20 (Pelaksanaan).`);
      res.redirect("/perjanjian");
    }),
  );

  r.get(
    "/perjanjian/:id",
    canList,
    route(s.show, async (req, res, { params }) => {
      const { a, d, evaluations, reports, tree, lastEvaluation, decision, askDecision } = await agreementPage(
        prisma,
        userOf(req),
        params.id,
        config.expiringDays,
        req.cached,
      );
      res.render("agreements/show", {
        title: `${naskahLabel(a.case.jenis, a.kind)}: ${a.case.title}`,
        a,
        d,
        evaluations,
        reports,
        tree,
        naskahStatuses: NASKAH_STATUSES,
        lastEvaluation,
        recommendations: RECOMMENDATIONS,
        periodLabel,
        decision,
        askDecision,
        statusLabels: AGREEMENT_STATUS,
        jenisLabels: JENIS_LABELS,
        docKinds: DOCUMENT_KINDS,
        // Where its number comes from (SRIKANDI or the register's counter).
        officialNumber: officialNumber(d.numbers, a.kind, a.cityNumber),
        // A document's access class narrows who may open it (docs/records.md): the others see its name without a link.
        mayOpen: (doc: { accessClass: string; uploadedById: number }) => documentPolicy.can(userOf(req), "open", { ...doc, case: d.c }),
        restrictedText: documentPolicy.RESTRICTED_TEXT,
        canManage: agreementPolicy.can(userOf(req), "manage"),
        canRenew: agreementPolicy.can(userOf(req), "renew", a),
        canPublish: agreementPolicy.can(userOf(req), "publish"),
        publicModes: PUBLIC_MODES,
      });
    }),
  );

  r.post(
    "/perjanjian/:id/biarkan-berakhir",
    canManage,
    route(s.letEnd, async (req, res, { params, body }) => {
      await svc.letEnd(prisma, userOf(req), params.id, config.expiringDays, body.note ?? "");
      flash(req, "success", "Keputusan dicatat: perjanjian dibiarkan berakhir pada tanggalnya.");
      res.redirect(`/perjanjian/${params.id}`);
    }),
  );

  r.post(
    "/perjanjian/:id/akhiri",
    canManage,
    route(s.endEarly, async (req, res, { params, body }) => {
      await svc.endEarly(prisma, userOf(req), params.id, body.on ?? "", body.reason ?? "");
      flash(req, "success", "Perjanjian dicatat berakhir lebih awal.");
      res.redirect(`/perjanjian/${params.id}`);
    }),
  );

  r.post(
    "/perjanjian/:id/perpanjang",
    canList,
    route(s.renew, async (req, res, { params }) => {
      const c = await svc.startRenewal(prisma, userOf(req), params.id, config.expiringDays);
      flash(req, "success", "Draf perpanjangan dibuat di langkah 1. SKPD melengkapi dan mengirimnya seperti usulan baru.");
      res.redirect(`/kasus/${c.id}`);
    }),
  );

  return r;
}
