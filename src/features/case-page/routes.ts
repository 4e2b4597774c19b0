// Proposals and the case page. Thin: parse (one schema per route), authorise via
// the policies and services, render.
import { ACTION_FIELD_NAMES } from "../../core/sop/sop.js";
import { Router, type Request, type Response } from "express";
import type { Config } from "../../platform/config.js";
import { isDocKind, DOCUMENT_KINDS, type DocKind } from "../../core/documents/kinds.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { AppError, conflict, forbidden } from "../../platform/errors.js";
import { isRealIsoDate } from "../../platform/http/dates.js";
import { flash } from "../../platform/http/flash.js";
import { parseForm, searchText, type FieldErrors } from "../../platform/http/forms.js";
import { checkUploadedFile, filesOf, upload } from "../../platform/http/upload.js";
import { route } from "../../platform/http/validate.js";
import { userOf } from "../../platform/http/current-user.js";
import { allow, casePolicy, loggedIn } from "../../core/policies/index.js";
import { formatIsoDate } from "../../platform/time.js";
import { SOP } from "../../core/sop/sop.js";
import { applyTransition, assertMayApply, mayActOn, RequirementError, STALE_MESSAGE } from "../../core/workflow/transition-service.js";
import { caseGuard } from "../cases/case-guard.js";
import * as svc from "../cases/case-service.js";
import { renderCasePage } from "./case-page.js";
import { checkFiles } from "../cases/check-files.js";
import { proposalChoices } from "../cases/proposal-choices.js";
import { RECIPIENT_TYPES, recordDistribution } from "../copies/record-distribution.js";
import { replacementNumber } from "../copies/replacement-number.js";
import { voidCaseNumber } from "../numbering/void-case-number.js";
import { STATUS_LABELS } from "./case-view.js";
import { proposalValues } from "../../core/case-data/case-values.js";
import { KINDS, KSDD_NATURES, partnerTypeFits } from "../../core/sop/kinds.js";
import { URUSAN_GROUPS } from "../urusan/schema.js";
import { dprdThreshold } from "../gates/gate-service.js";
import { NASKAH_STATUSES } from "../../core/case-data/schema.js";
import { loadRegions, regionProblem, REGIONAL_PARTNER_TYPE } from "../../core/case-data/regions.js";
import { draftSchema, JENIS_LABELS, PARTNER_KINDS, PEMBIAYAAN, proposalSchema, routes as s } from "../../core/case-data/schema.js";

// Every document some kind asks of a proposal (kinds.ts).
const PROPOSAL_ATTACHMENTS: DocKind[] = [...new Set(Object.values(KINDS).flatMap((k) => k.proposalDocs))];

const canPropose = allow((u) => casePolicy.can(u, "propose"));

export function caseRoutes(prisma: PrismaClient, config: Config): Router {
  const r = Router();

  const proposalForm = async (
    res: Response,
    status: number,
    o: { caseId?: number; version?: number; values: Partial<Record<string, string>>; errors: FieldErrors },
  ) =>
    res.status(status).render("cases/proposal-form", {
      kinds: Object.values(KINDS),
      natures: KSDD_NATURES,
      docLabels: DOCUMENT_KINDS,
      dprdMonths: await dprdThreshold(prisma),
      // The government affairs in use and the unit's agreements a follow-up may name (cases/proposal-choices.ts).
      ...(await proposalChoices(prisma, res.req.user, { caseId: o.caseId, chosenUrusanId: o.values.urusanId })),
      urusanGroups: URUSAN_GROUPS,
      naskahStatuses: NASKAH_STATUSES,
      title: o.caseId ? "Ubah usulan potensi kerja sama" : "Usulan potensi kerja sama baru",
      caseId: o.caseId ?? null,
      version: o.version ?? null,
      values: o.values,
      errors: o.errors,
      jenisLabels: JENIS_LABELS,
      partnerKinds: PARTNER_KINDS,
      // The areas a regional-government partner is picked from, and the kinds made with one.
      regions: (await loadRegions()).list,
      regionKinds: Object.values(KINDS)
        .filter((x) => (x.partnerTypes as readonly string[]).includes(REGIONAL_PARTNER_TYPE))
        .map((x) => x.id),
      pembiayaan: PEMBIAYAAN,
      // Which kinds ask for each attachment and allow each partner type: the form shows a kind's own (public/js/proposal.js).
      attachments: PROPOSAL_ATTACHMENTS.map((k) => ({
        kind: k,
        label: DOCUMENT_KINDS[k],
        kinds: Object.values(KINDS)
          .filter((x) => x.proposalDocs.includes(k))
          .map((x) => x.id),
      })),
      partnerKindsFor: Object.fromEntries(
        PARTNER_KINDS.map((p) => [
          p,
          Object.values(KINDS)
            .filter((x) => (x.partnerTypes as readonly string[]).includes(p))
            .map((x) => x.id),
        ]),
      ),
    });

  /** Save (and optionally submit) a proposal. `submit` validates the whole form first. */
  async function saveProposal(req: Request, res: Response, body: Record<string, string | undefined>, caseId?: number) {
    const values = proposalValues({});
    for (const k of Object.keys(values)) values[k] = body[k] ?? "";
    const submit = body.intent === "kirim";
    const version = Number(body.version);
    const f = parseForm(submit ? proposalSchema : draftSchema, body);
    if (!f.ok) return proposalForm(res, 422, { caseId, version, values, errors: f.errors });
    // Each kind is made with its own types of partner (workflow/kinds.ts).
    if (!partnerTypeFits(f.data.jenis, f.data.partnerKind)) {
      const kind = KINDS[f.data.jenis as keyof typeof KINDS];
      return proposalForm(res, 422, {
        caseId,
        version,
        values,
        errors: { partnerKind: `Untuk ${kind.short} pilih salah satu: ${kind.partnerTypes.join(", ")}` },
      });
    }
    const regionError = await regionProblem(f.data.partnerKind, f.data.partnerRegionCode ?? null);
    if (regionError) return proposalForm(res, 422, { caseId, version, values, errors: { partnerRegionCode: regionError } });
    let files: Awaited<ReturnType<typeof checkFiles>>;
    try {
      files = await checkFiles(req, PROPOSAL_ATTACHMENTS);
    } catch (e) {
      // A rejected attachment: the form comes back with everything typed and the reason beside the files.
      if (e instanceof AppError && e.status < 500) return proposalForm(res, 422, { caseId, version, values, errors: { attachments: e.userMessage } });
      throw e;
    }
    let id = caseId;
    try {
      if (id === undefined) {
        id = (await svc.createDraft(prisma, userOf(req), f.data, files)).id;
      } else {
        await svc.updateProposal(prisma, userOf(req), id, version, f.data, files);
      }
    } catch (e) {
      if (e instanceof AppError && e.status === 409) return proposalForm(res, 409, { caseId, version, values, errors: { _form: e.userMessage } });
      // A list entry gone since the form was opened (a retired urusan, a parent that is not the unit's): back with everything typed.
      if (e instanceof AppError && e.status === 422) return proposalForm(res, 422, { caseId, version, values, errors: { _form: e.userMessage } });
      throw e;
    }
    if (submit) {
      const current = await svc.caseVersion(prisma, id);
      try {
        await applyTransition(prisma, { caseId: id, expectedVersion: current, actionId: "kirim", user: userOf(req) });
      } catch (e) {
        if (e instanceof AppError) {
          flash(req, "error", `Draf disimpan, tetapi belum dapat dikirim: ${e.userMessage}`);
          res.redirect(`/kasus/${id}`);
          return;
        }
        throw e;
      }
      flash(req, "success", "Usulan dikirim ke Bagian Kerjasama.");
    } else {
      flash(req, "success", "Draf usulan disimpan. Anda dapat melanjutkannya nanti.");
    }
    res.redirect(`/kasus/${id}`);
  }

  r.get(
    "/kasus",
    loggedIn,
    route(s.list, async (req, res, { query }) => {
      const q = searchText(query.q);
      const page = query.hal ?? 1;
      const filter = { q, status: query.status ?? "", row: query.row, page, pageSize: 25 };
      const { total, cases } = await req.cached(`cases:${userOf(req).id}:${JSON.stringify(filter)}`, () => svc.listCases(prisma, userOf(req), filter));
      res.render("cases/list", {
        title: "Semua kasus",
        cases,
        total,
        q,
        status: query.status ?? "",
        row: query.row ?? null,
        rows: SOP,
        page,
        pages: Math.max(1, Math.ceil(total / 25)),
        statusLabels: STATUS_LABELS,
        canPropose: casePolicy.can(userOf(req), "propose"),
      });
    }),
  );

  r.get(
    "/usulan/baru",
    canPropose,
    route(s.newProposal, (req, res) => proposalForm(res, 200, { values: proposalValues({}), errors: {} })),
  );
  r.post(
    "/usulan",
    canPropose,
    ...upload("/usulan", config),
    route(s.createProposal, (req, res, { body }) => saveProposal(req, res, body)),
  );

  r.get(
    "/kasus/:id/ubah",
    loggedIn,
    route(s.editProposal, async (req, res, { params }) => {
      const c = await svc.loadCaseFor(prisma, userOf(req), params.id);
      if (!casePolicy.can(userOf(req), "edit", c)) throw new AppError(409, "Usulan ini tidak dapat diubah sekarang.");
      await proposalForm(res, 200, { caseId: params.id, version: c.version, values: proposalValues(c), errors: {} });
    }),
  );
  const editable = caseGuard(
    prisma,
    (u, c) => casePolicy.can(u, "edit", c),
    () => conflict("Usulan ini tidak dapat diubah sekarang."),
  );
  r.post(
    "/kasus/:id/ubah",
    canPropose,
    ...upload("/kasus/:id/ubah", config, editable),
    route(s.updateProposal, (req, res, { params, body }) => saveProposal(req, res, body, params.id)),
  );

  r.get(
    "/kasus/:id",
    loggedIn,
    route(s.show, (req, res, { params }) => renderCasePage(prisma, req, res, params.id)),
  );

  // The form's action carries the version it was made from (?v=), so that a stale form is told so before its files are read.
  const actionable = caseGuard(
    prisma,
    (u, c, req) => {
      const v = req.query.v;
      if (typeof v === "string" && /^\d{1,9}$/.test(v) && Number(v) !== c.version) throw conflict(STALE_MESSAGE);
      return mayActOn(u, c);
    },
    () => forbidden("Langkah kasus ini sekarang tidak dipegang oleh peran Anda."),
  );
  r.post(
    "/kasus/:id/aksi",
    loggedIn,
    ...upload("/kasus/:id/aksi", config, actionable),
    route(s.action, async (req, res, { params, body: b }) => {
      const id = params.id;
      try {
        // The action's own checks before its files are stored: a refused action stores nothing.
        await assertMayApply(prisma, { caseId: id, expectedVersion: b.version, actionId: b.action, user: userOf(req) });
        const files = await checkFiles(req);
        const result = await applyTransition(prisma, {
          caseId: id,
          expectedVersion: b.version,
          actionId: b.action,
          user: userOf(req),
          reason: b.reason,
          confirmEarlyEnd: b.confirm === "ya",
          fields: Object.fromEntries(ACTION_FIELD_NAMES.map((n) => [n, (b as unknown as Record<string, string | undefined>)[n]])),
          uploads: files,
          appUrl: config.appUrl,
        });
        if (result.copy && !result.copy.ok) {
          flash(
            req,
            "error",
            `Nomor ${result.number} diberikan, tetapi salinan bernomornya belum dapat dibuat: ${result.copy.message}. Aplikasi mencobanya lagi nanti; bila berkasnya rusak, unggah pindaian yang ditandatangani sebagai versi baru, lalu tekan "Buat salinan bernomor".`,
          );
          res.redirect(`/kasus/${id}#nomor`);
          return;
        }
        flash(
          req,
          "success",
          result.number
            ? `Nomor ${result.number} diberikan.`
            : result.toRow === null
              ? "Kasus ditutup."
              : result.toRow === result.fromRow
                ? "Bagian Anda selesai; menunggu bagian lain pada langkah ini."
                : `Tindakan dicatat. Kasus kini di langkah ${result.toRow}.`,
        );
        res.redirect(`/kasus/${id}`);
      } catch (e) {
        if (e instanceof RequirementError || (e instanceof AppError && [400, 409, 422].includes(e.status))) {
          return renderCasePage(prisma, req, res, id, e.status, { actionError: e.userMessage, actionValues: { ...b, _csrf: undefined } });
        }
        throw e;
      }
    }),
  );

  const uploadable = caseGuard(
    prisma,
    (u, c) => svc.canUpload(prisma, u, c),
    () => forbidden("Anda tidak dapat menambah dokumen pada kasus ini sekarang."),
  );
  r.post(
    "/kasus/:id/dokumen",
    loggedIn,
    ...upload("/kasus/:id/dokumen", config, uploadable),
    route(s.document, async (req, res, { params, body }) => {
      const id = params.id;
      const kind = body.kind ?? "";
      const back = (message: string) => {
        flash(req, "error", message);
        res.redirect(`/kasus/${id}#dokumen`);
      };
      if (!isDocKind(kind)) {
        back("Pilih jenis dokumen dari daftar.");
        return;
      }
      const f = filesOf(req).find((x) => x.fieldname === "file");
      if (!f) {
        back("Pilih berkas yang akan diunggah.");
        return;
      }
      try {
        await svc.addDocuments(prisma, userOf(req), id, [{ kind, file: await checkUploadedFile(req, f) }]);
      } catch (e) {
        if (e instanceof AppError && e.status === 422) {
          back(e.userMessage);
          return;
        }
        // Someone changed the case meanwhile: said with its own status, never the success redirect.
        if (e instanceof AppError && e.status === 409) return renderCasePage(prisma, req, res, id, 409, { actionError: e.userMessage });
        throw e;
      }
      flash(req, "success", `Dokumen "${DOCUMENT_KINDS[kind]}" diunggah.`);
      res.redirect(`/kasus/${id}#dokumen`);
    }),
  );

  r.post(
    "/kasus/:id/komentar",
    loggedIn,
    route(s.comment, async (req, res, { params, body }) => {
      await svc.addComment(prisma, userOf(req), params.id, body.body ?? "");
      res.redirect(`/kasus/${params.id}#komentar`);
    }),
  );

  r.post(
    "/tugas/:id/tunda",
    loggedIn,
    route(s.pause, async (req, res, { params, body }) => {
      const t = await svc.pauseTask(prisma, userOf(req), params.id, body.reason ?? "");
      flash(req, "success", "Jam tugas ditunda. Tenggat akan digeser saat dilanjutkan.");
      res.redirect(`/kasus/${t.caseId}`);
    }),
  );

  r.post(
    "/tugas/:id/lanjutkan",
    loggedIn,
    route(s.resume, async (req, res, { params }) => {
      const r2 = await svc.resumeTask(prisma, userOf(req), params.id);
      flash(req, "success", r2.newDue ? `Jam dilanjutkan. Tenggat bergeser ${r2.paused} hari kerja ke ${formatIsoDate(r2.newDue)}.` : "Jam dilanjutkan.");
      res.redirect(`/kasus/${r2.caseId}`);
    }),
  );

  const distributable = caseGuard(
    prisma,
    (u, c) => casePolicy.can(u, "distribute", c),
    () => forbidden("Distribusi dicatat oleh Penatalaksana Kerjasama."),
  );
  r.post(
    "/kasus/:id/distribusi",
    loggedIn,
    ...upload("/kasus/:id/distribusi", config, distributable),
    route(s.distribution, async (req, res, { params, body: b }) => {
      const id = params.id;
      const type = b.recipientType ?? "";
      const recipientType = Object.hasOwn(RECIPIENT_TYPES, type) ? (type as keyof typeof RECIPIENT_TYPES) : null;
      const name = (b.recipientName ?? "").trim();
      const sentOn = b.sentOn ?? "";
      const errors: string[] = [];
      if (!recipientType) errors.push("pilih jenis penerima");
      if (name.length < 3 || name.length > 200) errors.push("nama penerima 3–200 karakter");
      if (!isRealIsoDate(sentOn)) errors.push("tanggal kirim tidak valid");
      const f = filesOf(req).find((x) => x.fieldname === "receipt");
      if (!f) errors.push("unggah tanda terima");
      // (recipientType and f are in errors too; named again so that the types know.)
      if (errors.length || !recipientType || !f) {
        return renderCasePage(prisma, req, res, id, 422, { actionError: `Distribusi belum dapat dicatat: ${errors.join("; ")}.`, actionValues: b });
      }
      try {
        const receipt = await checkUploadedFile(req, f);
        await recordDistribution(prisma, userOf(req), id, { recipientType, recipientName: name, sentOn, receipt });
      } catch (e) {
        if (e instanceof AppError && (e.status === 422 || e.status === 409)) {
          return renderCasePage(prisma, req, res, id, e.status, { actionError: `Distribusi belum dapat dicatat: ${e.userMessage}`, actionValues: b });
        }
        throw e;
      }
      flash(req, "success", `Distribusi ke ${name} dicatat.`);
      res.redirect(`/kasus/${id}`);
    }),
  );

  r.post(
    "/nomor/:id/batal",
    loggedIn,
    route(s.voidNumber, async (req, res, { params, body }) => {
      const n = await voidCaseNumber(prisma, userOf(req), params.id, body.reason ?? "");
      flash(req, "success", `Nomor ${n.number} dibatalkan dan tidak akan dipakai lagi.`);
      res.redirect(`/kasus/${n.caseId}`);
    }),
  );

  r.post(
    "/kasus/:id/nomor-pengganti",
    loggedIn,
    route(s.replacementNumber, async (req, res, { params, body }) => {
      const n = await replacementNumber(prisma, userOf(req), params.id, body.kind, config.appUrl);
      if (n.copy)
        flash(
          req,
          "error",
          `Nomor pengganti ${n.number} diberikan, tetapi salinan bernomornya belum dapat dibuat: ${n.copy.message}. Aplikasi mencobanya lagi nanti.`,
        );
      else flash(req, "success", `Nomor pengganti ${n.number} diberikan.`);
      res.redirect(`/kasus/${params.id}`);
    }),
  );

  return r;
}
