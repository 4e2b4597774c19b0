// The public verification page of a numbered copy, and making a missing copy.
import { Router } from "express";
import { z } from "zod";
import type { Config } from "../../platform/config.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { AppError } from "../../platform/errors.js";
import { flash } from "../../platform/http/flash.js";
import { publicPage } from "../../platform/http/public-page.js";
import { idParams, route } from "../../platform/http/validate.js";
import { userOf } from "../../platform/http/current-user.js";
import { loggedIn } from "../../core/policies/index.js";
import { caseOfNumber, verification } from "./copy-service.js";
import { stampMissingCopy } from "./stamp-missing-copy.js";

const s = {
  // Any string is looked up (a malformed token simply is not found): the page explains, never a bare 404.
  verify: { params: z.object({ token: z.string().max(200) }) },
  stamp: { params: idParams },
};

export function copyRoutes(prisma: PrismaClient, config: Config): Router {
  const r = Router();
  // Short-lived cache: a voided number must show as voided soon after.
  const publicVerify = publicPage({ perMinute: config.publicPerMinute, maxAge: 60 });

  r.get(
    "/verifikasi/:token",
    publicVerify,
    route(s.verify, async (req, res, { params }) => {
      const v = await verification(prisma, params.token);
      res.status(v ? 200 : 404).render("copies/verify", { title: "Verifikasi salinan bernomor", v });
    }),
  );

  r.post(
    "/nomor/:id/salinan",
    loggedIn,
    route(s.stamp, async (req, res, { params }) => {
      try {
        const done = await stampMissingCopy(prisma, userOf(req), params.id, config.appUrl);
        flash(req, "success", `Salinan bernomor ${done.number} dibuat.`);
        res.redirect(`/kasus/${done.caseId}#nomor`);
      } catch (e) {
        // The file cannot be stamped (yet): back to the case with the reason.
        if (!(e instanceof AppError) || e.status !== 422) throw e;
        const n = await caseOfNumber(prisma, params.id);
        flash(req, "error", e.userMessage);
        res.redirect(`/kasus/${n.caseId}#nomor`);
      }
    }),
  );
  return r;
}
