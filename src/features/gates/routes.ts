// Approvals before signing, recorded on the case page with the letter's scan.
import { Router } from "express";
import type { RenderCasePage } from "../cases/case-page-port.js";
import { checkFiles } from "../cases/check-files.js";
import type { Config } from "../../platform/config.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { AppError, forbidden } from "../../platform/errors.js";
import { flash } from "../../platform/http/flash.js";
import { parseForm } from "../../platform/http/forms.js";
import { upload } from "../../platform/http/upload.js";
import { route } from "../../platform/http/validate.js";
import { allow, authorize, gate as gatePolicy } from "../../core/policies/index.js";
import { userOf } from "../../platform/http/current-user.js";
import { loadCaseFor } from "../cases/case-service.js";
import { caseGuard } from "../cases/case-guard.js";
import { GATES, naskahText } from "../../core/sop/kinds.js";
import { recordGate } from "./gate-service.js";
import { gateSchema, routes as s } from "./schema.js";

export function gateRoutes(prisma: PrismaClient, config: Config, renderCasePage: RenderCasePage): Router {
  const r = Router();
  const recorders = allow(gatePolicy.recordsAnyGate);

  const RECORDED_BY = "Persetujuan dicatat oleh Bagian Kerjasama (atau TKKSD untuk persetujuannya) dari langkah 7 sampai PKS ditandatangani.";
  const recordable = caseGuard(
    prisma,
    (u, c) => gatePolicy.can(u, "record", c),
    () => forbidden(RECORDED_BY),
  );
  r.post(
    "/kasus/:id/persetujuan",
    recorders,
    ...upload("/kasus/:id/persetujuan", config, recordable),
    route(s.record, async (req, res, { params, body }) => {
      const again = (message: string) =>
        renderCasePage(prisma, req, res, params.id, 422, {
          actionError: `Persetujuan belum tercatat: ${message}`,
          actionValues: { ...body, _csrf: undefined, form: "gate" },
        });
      // Access first: a case the user may not record on is refused whatever was typed.
      const c = await loadCaseFor(prisma, userOf(req), params.id);
      authorize(userOf(req), "gate.record", { case: c }, RECORDED_BY);
      const f = parseForm(gateSchema, body);
      if (!f.ok) return again(`${Object.values(f.errors).join("; ")}.`);
      let scan;
      try {
        scan = (await checkFiles(req, ["persetujuan"])).at(0);
        if (scan) await recordGate(prisma, userOf(req), params.id, f.data, scan.file);
      } catch (e) {
        if (e instanceof AppError && e.status < 500 && e.status !== 403 && e.status !== 404) return again(e.userMessage);
        throw e;
      }
      if (!scan) return again("lampirkan pindaian surat persetujuannya.");
      flash(req, "success", `${naskahText(c.jenis, GATES[f.data.gate].label)} dicatat.`);
      res.redirect(`/kasus/${params.id}#persetujuan`);
    }),
  );

  return r;
}
