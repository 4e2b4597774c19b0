// /tkksd: the TKKSD's meetings. Three-line routes over meeting-service.
import { Router, type Request, type Response } from "express";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { sendBlob } from "../../platform/files/blob-store.js";
import { AppError } from "../../platform/errors.js";
import { flash } from "../../platform/http/flash.js";
import { parseForm } from "../../platform/http/forms.js";
import { route } from "../../platform/http/validate.js";
import { allow, authorize, tkksd as policy } from "../../core/policies/index.js";
import { userOf } from "../../platform/http/current-user.js";
import {
  closeMeeting,
  closingProblems,
  createMeeting,
  loadMeeting,
  meetingInvitation,
  recentMeetings,
  meetingLetter,
  saveMeeting,
  waitingAgenda,
  type ItemResult,
} from "./meeting-service.js";
import { DECISION_FIELD, meetingSchema, routes as s } from "./schema.js";
import { SUBJECTS, type DecisionId } from "./subjects.js";
import { assertMayOpenMinutes } from "./minutes-access.js";

const readers = allow((u) => policy.can(u, "read"));
const preparers = allow((u) => policy.can(u, "prepare"));

export function tkksdRoutes(prisma: PrismaClient): Router {
  const r = Router();

  const index = async (req: Request, res: Response, status = 200, values: Record<string, unknown> = {}, errors: Record<string, string> = {}) =>
    res.status(status).render("tkksd/index", {
      title: "Rapat TKKSD",
      meetings: await recentMeetings(prisma),
      waiting: await waitingAgenda(prisma),
      subjects: SUBJECTS,
      mayPrepare: policy.can(userOf(req), "prepare"),
      values,
      errors,
    });
  const show = async (req: Request, res: Response, id: number, o: { status?: number; results?: ItemResult[]; error?: string } = {}) => {
    const m = await loadMeeting(prisma, id);
    res.status(o.status ?? 200).render("tkksd/show", {
      title: `Rapat TKKSD ${m.minutesNumber ?? ""}`.trim(),
      m,
      subjects: SUBJECTS,
      results: o.results ?? null,
      error: o.error ?? null,
      problems: m.closedAt ? [] : closingProblems(m),
      mayPrepare: policy.can(userOf(req), "prepare", m),
      mayClose: policy.can(userOf(req), "close"),
      pending: m.closedAt ? m.items.filter((i) => !i.applied).length : 0,
    });
  };

  r.get(
    "/tkksd",
    readers,
    route(s.list, (req, res) => index(req, res)),
  );

  r.post(
    "/tkksd",
    preparers,
    route(s.create, async (req, res, { body }) => {
      const f = parseForm(meetingSchema, body);
      if (!f.ok) return index(req, res, 422, body, f.errors);
      let m;
      try {
        m = await createMeeting(prisma, userOf(req), f.data);
      } catch (e) {
        // Another meeting took a case meanwhile: the form comes back with the date and place typed.
        if (e instanceof AppError && e.status === 409) return index(req, res, 409, body, { caseIds: e.userMessage });
        throw e;
      }
      flash(req, "success", "Rapat disiapkan. Unduh undangannya, lalu catat kehadiran dan keputusan.");
      res.redirect(`/tkksd/${m.id}`);
    }),
  );

  r.get(
    "/tkksd/:id",
    readers,
    route(s.show, (req, res, { params }) => show(req, res, params.id)),
  );

  r.post(
    "/tkksd/:id",
    preparers,
    route(s.save, async (req, res, { params, body }) => {
      const decisions: Record<number, { decision: DecisionId | null; reason: string | null }> = {};
      for (const [k, v] of Object.entries(body)) {
        const m = DECISION_FIELD.exec(k);
        if (!m || typeof v !== "string") continue;
        const entry = (decisions[Number(m[2])] ??= { decision: null, reason: null });
        if (m[1] === "decision") entry.decision = (v || null) as DecisionId | null;
        else entry.reason = v.trim() || null;
      }
      await saveMeeting(prisma, userOf(req), params.id, (body.attendance ?? "").trim(), decisions);
      if (body.intent !== "tutup") {
        flash(req, "success", "Kehadiran dan keputusan disimpan; rapat belum ditutup.");
        res.redirect(`/tkksd/${params.id}`);
        return;
      }
      authorize(userOf(req), "tkksd.close", undefined, "Rapat ditutup oleh TKKSD: keputusannya adalah keputusan TKKSD. Isian Anda sudah disimpan.");
      let results: ItemResult[];
      try {
        results = await closeMeeting(prisma, userOf(req), params.id);
      } catch (e) {
        if (e instanceof AppError && (e.status === 409 || e.status === 422)) return show(req, res, params.id, { status: 422, error: e.userMessage });
        throw e;
      }
      return show(req, res, params.id, { results });
    }),
  );

  // Closed, with decisions still pending (a failure or a crash): apply them again.
  r.post(
    "/tkksd/:id/terapkan",
    allow((u) => policy.can(u, "close")),
    route(s.close, async (req, res, { params }) => {
      const results = await closeMeeting(prisma, userOf(req), params.id);
      return show(req, res, params.id, { results });
    }),
  );

  r.get(
    "/tkksd/:id/undangan.pdf",
    readers,
    route(s.pdf, async (req, res, { params }) => {
      const pdf = await meetingInvitation(prisma, await loadMeeting(prisma, params.id));
      res.set({
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="undangan-rapat-tkksd-${params.id}.pdf"`,
        "X-Content-Type-Options": "nosniff",
      });
      res.send(pdf);
    }),
  );

  // Editable Word versions from the letter templates (ADMIN may replace them); the numbered minutes stay the PDF.
  for (const [file, key] of [
    ["undangan.docx", "undangan_tkksd"],
    ["berita-acara.docx", "berita_acara_tkksd"],
  ] as const) {
    r.get(
      `/tkksd/:id/${file}`,
      readers,
      route(s.pdf, async (req, res, { params }) => {
        const docx = await meetingLetter(prisma, await loadMeeting(prisma, params.id), key);
        res.set({
          "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "Content-Disposition": `attachment; filename="${file.replace(".docx", "")}-rapat-tkksd-${params.id}.docx"`,
          "X-Content-Type-Options": "nosniff",
        });
        res.send(docx);
      }),
    );
  }

  r.get(
    "/tkksd/:id/berita-acara.pdf",
    readers,
    route(s.pdf, async (req, res, { params }) => {
      const m = await loadMeeting(prisma, params.id);
      if (!m.minutesSha256) throw new AppError(409, "Berita acara dibuat ketika rapat ditutup.");
      await assertMayOpenMinutes(prisma, userOf(req), m.minutesSha256);
      res.set({
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="berita-acara-tkksd-${m.minutesSeq}-${m.minutesYear}.pdf"`,
        "X-Content-Type-Options": "nosniff",
      });
      await sendBlob(prisma, m.minutesSha256, res);
    }),
  );

  return r;
}
