// Proposals and the case page. Thin: parse, authorise via the services, render.
import { Router, type Request, type Response } from "express";
import type { Config } from "../config.js";
import { isDocKind, DOCUMENT_KINDS, type DocKind } from "../documents/kinds.js";
import { removeStored, storeUpload, type StoredFile } from "../documents/storage.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { requireLogin, requireRole } from "../auth/policy.js";
import { AppError, notFound } from "../http/errors.js";
import { requireCsrfAfterUpload } from "../http/csrf.js";
import { flash } from "../http/flash.js";
import { idParam, parseForm, searchText, type FieldErrors } from "../http/forms.js";
import { filesOf, uploadAny } from "../http/upload.js";
import { rowDef, SOP } from "../workflow/sop.js";
import { applyTransition, RequirementError } from "../workflow/transition-service.js";
import * as svc from "./case-service.js";
import { renderCasePage } from "./case-page.js";
import { STATUS_LABELS } from "./case-view.js";
import { proposalValues } from "./case-values.js";
import { draftSchema, JENIS_LABELS, PARTNER_KINDS, PEMBIAYAAN, proposalSchema } from "./schema.js";

const PROPOSAL_ATTACHMENTS: DocKind[] = ["kak", "studi_kelayakan"];

/** Stores the files of fields named doc_<kind>; on a later failure the caller removes them. */
export async function storeFiles(config: Config, req: Request, allowed?: DocKind[]) {
  const stored: { kind: DocKind; file: StoredFile }[] = [];
  try {
    for (const f of filesOf(req)) {
      const kind = f.fieldname.replace(/^doc_/, "");
      if (!isDocKind(kind) || (allowed && !allowed.includes(kind))) continue;
      stored.push({ kind, file: await storeUpload(config.dataDir, f.buffer, f.originalname) });
    }
  } catch (e) {
    await removeStored(config.dataDir, stored.map((s) => s.file));
    throw e;
  }
  return stored;
}

export function caseRoutes(prisma: PrismaClient, config: Config): Router {
  const r = Router();
  const upload = [uploadAny(config.uploadMaxBytes), requireCsrfAfterUpload];

  const proposalForm = (res: Response, status: number, o: { caseId?: number; version?: number; values: Record<string, string>; errors: FieldErrors }) =>
    res.status(status).render("cases/proposal-form", {
      title: o.caseId ? "Ubah usulan potensi kerja sama" : "Usulan potensi kerja sama baru",
      caseId: o.caseId ?? null,
      version: o.version ?? null,
      values: o.values,
      errors: o.errors,
      jenisLabels: JENIS_LABELS,
      partnerKinds: PARTNER_KINDS,
      pembiayaan: PEMBIAYAAN,
      attachments: PROPOSAL_ATTACHMENTS.map((k) => ({ kind: k, label: DOCUMENT_KINDS[k] })),
    });

  const bodyValues = (req: Request) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const v = proposalValues({});
    for (const k of Object.keys(v)) v[k] = typeof b[k] === "string" ? (b[k] as string) : "";
    return v;
  };

  /** Save (and optionally submit) a proposal. `submit` validates the whole form first. */
  async function saveProposal(req: Request, res: Response, caseId?: number) {
    const values = bodyValues(req);
    const submit = req.body?.intent === "kirim";
    const version = Number(req.body?.version);
    const form = parseForm(submit ? proposalSchema : draftSchema, req.body);
    if (!form.ok) return proposalForm(res, 422, { caseId, version, values, errors: form.errors });
    let files: Awaited<ReturnType<typeof storeFiles>>;
    try {
      files = await storeFiles(config, req, PROPOSAL_ATTACHMENTS);
    } catch (e) {
      // A rejected attachment: the form comes back with everything typed and the reason beside the files.
      if (e instanceof AppError && e.status < 500) return proposalForm(res, 422, { caseId, version, values, errors: { attachments: e.userMessage } });
      throw e;
    }
    let id = caseId;
    try {
      if (id === undefined) {
        id = (await svc.createDraft(prisma, req.user!, form.data, files)).id;
      } else {
        await svc.updateProposal(prisma, req.user!, id, version, form.data, files);
      }
    } catch (e) {
      await removeStored(config.dataDir, files.map((f) => f.file));
      if (e instanceof AppError && e.status === 409) return proposalForm(res, 409, { caseId, version, values, errors: { _form: e.userMessage } });
      throw e;
    }
    if (submit) {
      const c = await prisma.case.findUniqueOrThrow({ where: { id } });
      try {
        await applyTransition(prisma, { caseId: id, expectedVersion: c.version, actionId: "kirim", user: req.user! });
      } catch (e) {
        if (e instanceof AppError) {
          flash(req, "error", `Draf disimpan, tetapi belum dapat dikirim: ${e.userMessage}`);
          return res.redirect(`/kasus/${id}`);
        }
        throw e;
      }
      flash(req, "success", "Usulan dikirim ke Bagian Kerjasama.");
    } else {
      flash(req, "success", "Draf usulan disimpan. Anda dapat melanjutkannya nanti.");
    }
    res.redirect(`/kasus/${id}`);
  }

  r.get("/kasus", requireLogin, async (req, res) => {
    const q = searchText(req.query.q);
    const status = typeof req.query.status === "string" && req.query.status in STATUS_LABELS ? req.query.status : "";
    const page = Math.min(10_000, Math.max(1, Number(req.query.hal) || 1));
    const rowNo = Number(req.query.row);
    const row = rowDef(rowNo) ? rowNo : undefined;
    const { total, cases } = await svc.listCases(prisma, req.user!, { q, status, row, page, pageSize: 25 });
    res.render("cases/list", { title: "Semua kasus", cases, total, q, status, row: row ?? null, rows: SOP, page, pages: Math.max(1, Math.ceil(total / 25)), statusLabels: STATUS_LABELS });
  });

  r.get("/usulan/baru", requireRole("SKPD"), (req, res) => proposalForm(res, 200, { values: proposalValues({}), errors: {} }));
  r.post("/usulan", requireRole("SKPD"), ...upload, (req, res) => saveProposal(req, res));

  r.get("/kasus/:id/ubah", requireLogin, async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    const c = await svc.loadCaseFor(prisma, req.user!, id);
    if (c.currentRow !== 1 || !req.user!.roles.includes("SKPD")) throw new AppError(409, "Usulan ini tidak dapat diubah sekarang.");
    proposalForm(res, 200, { caseId: id, version: c.version, values: proposalValues(c), errors: {} });
  });
  r.post("/kasus/:id/ubah", requireRole("SKPD"), ...upload, async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    await saveProposal(req, res, id);
  });

  const renderCase = (req: Request, res: Response, id: number, status = 200, extra: { actionError?: string; actionValues?: Record<string, unknown> } = {}) =>
    renderCasePage(prisma, req, res, id, status, extra);

  r.get("/kasus/:id", requireLogin, async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    await renderCase(req, res, id);
  });

  r.post("/kasus/:id/aksi", requireLogin, ...upload, async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    const b = (req.body ?? {}) as Record<string, string>;
    let files: Awaited<ReturnType<typeof storeFiles>> = [];
    try {
      files = await storeFiles(config, req);
      const result = await applyTransition(prisma, {
        caseId: id,
        expectedVersion: Number(b.version),
        actionId: String(b.action ?? ""),
        user: req.user!,
        reason: b.reason,
        fields: { signedMouOn: b.signedMouOn, mouEnd: b.mouEnd, signedPksOn: b.signedPksOn, agreementStart: b.agreementStart, agreementEnd: b.agreementEnd, partnerNumber: b.partnerNumber },
        uploads: files,
      });
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
      await removeStored(config.dataDir, files.map((f) => f.file));
      if (e instanceof RequirementError || (e instanceof AppError && [400, 409, 422].includes(e.status))) {
        return renderCase(req, res, id, (e as AppError).status, { actionError: (e as AppError).userMessage, actionValues: { ...b, _csrf: undefined } });
      }
      throw e;
    }
  });

  r.post("/kasus/:id/dokumen", requireLogin, ...upload, async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    const kind = String(req.body?.kind ?? "");
    if (!isDocKind(kind)) throw new AppError(422, "Pilih jenis dokumen.");
    const f = filesOf(req).find((x) => x.fieldname === "file");
    if (!f) throw new AppError(422, "Pilih berkas yang akan diunggah.");
    let file: StoredFile | undefined;
    try {
      file = await storeUpload(config.dataDir, f.buffer, f.originalname);
      await svc.addDocuments(prisma, req.user!, id, [{ kind, file }]);
    } catch (e) {
      if (file) await removeStored(config.dataDir, [file]);
      if (e instanceof AppError && e.status === 422) {
        flash(req, "error", e.userMessage);
        return res.redirect(`/kasus/${id}#dokumen`);
      }
      throw e;
    }
    flash(req, "success", `Dokumen "${DOCUMENT_KINDS[kind]}" diunggah.`);
    res.redirect(`/kasus/${id}#dokumen`);
  });

  r.post("/kasus/:id/komentar", requireLogin, async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    await svc.addComment(prisma, req.user!, id, String(req.body?.body ?? ""));
    res.redirect(`/kasus/${id}#komentar`);
  });

  r.post("/tugas/:id/tunda", requireLogin, async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    const t = await prisma.task.findUnique({ where: { id } });
    if (!t) throw notFound();
    await svc.pauseTask(prisma, req.user!, id, String(req.body?.reason ?? ""));
    flash(req, "success", "Jam tugas ditunda. Tenggat akan digeser saat dilanjutkan.");
    res.redirect(`/kasus/${t.caseId}`);
  });

  r.post("/tugas/:id/lanjutkan", requireLogin, async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    const t = await prisma.task.findUnique({ where: { id } });
    if (!t) throw notFound();
    const r2 = await svc.resumeTask(prisma, req.user!, id);
    flash(req, "success", r2.newDue ? `Jam dilanjutkan. Tenggat bergeser ${r2.paused} hari kerja ke ${r2.newDue}.` : "Jam dilanjutkan.");
    res.redirect(`/kasus/${t.caseId}`);
  });

  r.post("/kasus/:id/distribusi", requireRole("PENATALAKSANA"), ...upload, async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    const b = (req.body ?? {}) as Record<string, string>;
    const type = b.recipientType as keyof typeof svc.RECIPIENT_TYPES;
    const name = (b.recipientName ?? "").trim();
    const errors: string[] = [];
    if (!(type in svc.RECIPIENT_TYPES)) errors.push("pilih jenis penerima");
    if (name.length < 3 || name.length > 200) errors.push("nama penerima 3–200 karakter");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(b.sentOn ?? "") || Number.isNaN(Date.parse(b.sentOn))) errors.push("tanggal kirim tidak valid");
    const f = filesOf(req).find((x) => x.fieldname === "receipt");
    if (!f) errors.push("unggah tanda terima");
    if (errors.length) {
      return renderCase(req, res, id, 422, { actionError: `Distribusi belum dapat dicatat: ${errors.join("; ")}.`, actionValues: b });
    }
    let receipt: StoredFile | undefined;
    try {
      receipt = await storeUpload(config.dataDir, f!.buffer, f!.originalname);
      await svc.recordDistribution(prisma, req.user!, id, { recipientType: type, recipientName: name, sentOn: b.sentOn, receipt });
    } catch (e) {
      if (receipt) await removeStored(config.dataDir, [receipt]);
      if (e instanceof AppError && e.status === 422) {
        return renderCase(req, res, id, 422, { actionError: `Distribusi belum dapat dicatat: ${e.userMessage}`, actionValues: b });
      }
      throw e;
    }
    flash(req, "success", `Distribusi ke ${name} dicatat.`);
    res.redirect(`/kasus/${id}`);
  });

  r.post("/nomor/:id/batal", requireRole("PENATALAKSANA", "ADMIN"), async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    const n = await svc.voidCaseNumber(prisma, req.user!, id, String(req.body?.reason ?? ""));
    flash(req, "success", `Nomor ${n.number} dibatalkan dan tidak akan dipakai lagi.`);
    res.redirect(`/kasus/${n.caseId}`);
  });

  r.post("/kasus/:id/nomor-pengganti", requireRole("PENATALAKSANA"), async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    const kind = req.body?.kind === "PKS" ? "PKS" : "MOU";
    const n = await svc.replacementNumber(prisma, req.user!, id, kind);
    flash(req, "success", `Nomor pengganti ${n.number} diberikan.`);
    res.redirect(`/kasus/${id}`);
  });

  return r;
}
