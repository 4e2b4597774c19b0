// Obligations on the case page: record one (P3ADK, after the PKS is signed), withdraw one.
import { Router } from "express";
import type { RenderCasePage } from "../cases/case-page-port.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { AppError, notFound } from "../../platform/errors.js";
import { flash } from "../../platform/http/flash.js";
import { parseForm } from "../../platform/http/forms.js";
import { route } from "../../platform/http/validate.js";
import { allow, obligation as obligationPolicy } from "../../core/policies/index.js";
import { userOf } from "../../platform/http/current-user.js";
import { cancelObligation, obligationCase, recordObligation } from "./obligation-service.js";
import { cancelSchema, obligationSchema, routes as s } from "./schema.js";

const staff = allow(obligationPolicy.recordsObligations);

export function obligationRoutes(prisma: PrismaClient, renderCasePage: RenderCasePage): Router {
  const r = Router();

  r.post(
    "/kasus/:id/kewajiban",
    staff,
    route(s.record, async (req, res, { params, body }) => {
      const again = (message: string) =>
        renderCasePage(prisma, req, res, params.id, 422, {
          actionError: `Kewajiban belum tersimpan: ${message}`,
          actionValues: { ...body, _csrf: undefined, form: "obligation" },
        });
      const f = parseForm(obligationSchema, body);
      if (!f.ok) return again(`${Object.values(f.errors).join("; ")}.`);
      try {
        await recordObligation(prisma, userOf(req), params.id, f.data);
      } catch (e) {
        if (e instanceof AppError && e.status === 409) return again(e.userMessage);
        throw e;
      }
      flash(req, "success", "Kewajiban dicatat.");
      res.redirect(`/kasus/${params.id}#kewajiban`);
    }),
  );

  r.post(
    "/kewajiban/:id/tarik",
    staff,
    route(s.cancel, async (req, res, { params, body }) => {
      const o = await obligationCase(prisma, params.id);
      if (!o) throw notFound("Kewajiban tidak ditemukan.");
      const back = `/kasus/${o.caseId}#kewajiban`;
      const f = parseForm(cancelSchema, body);
      if (!f.ok) {
        flash(req, "error", `Kewajiban belum ditarik: ${f.errors.reason}.`);
        res.redirect(back);
        return;
      }
      await cancelObligation(prisma, userOf(req), params.id, f.data.reason);
      flash(req, "success", "Kewajiban ditarik; tetap tercatat di riwayat.");
      res.redirect(back);
    }),
  );

  return r;
}
