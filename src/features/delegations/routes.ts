// /plh: acting officials (Plh/Plt), recorded by ADMIN or the Kabag.
import { Router, type Request, type Response } from "express";
import type { Config } from "../../platform/config.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { checkUpload, sendBlob } from "../../platform/files/blob-store.js";
import { AppError } from "../../platform/errors.js";
import { flash } from "../../platform/http/flash.js";
import { filesOf, upload } from "../../platform/http/upload.js";
import { route } from "../../platform/http/validate.js";
import { allow, delegation } from "../../core/policies/index.js";
import { userOf } from "../../platform/http/current-user.js";
import { DELEGATION_KINDS } from "../../core/users/roles.js";
import { actingTable } from "../../core/policies/delegation.js";
import {
  createDelegation,
  delegationDecree,
  delegationProblems,
  delegationsBreakingRule,
  endDelegation,
  listDelegations,
  staffUsers,
} from "./delegation-service.js";
import { delegationSchema, routes as s } from "./schema.js";

const canManage = allow((u) => delegation.can(u, "manage"));

export function delegationRoutes(prisma: PrismaClient, config: Config): Router {
  const r = Router();

  const page = async (res: Response, status: number, values: Record<string, unknown>, errors: Record<string, string>) =>
    res.status(status).render("delegations/index", {
      title: "Pejabat pengganti (Plh/Plt)",
      items: await listDelegations(prisma),
      breaking: await delegationsBreakingRule(prisma),
      rules: actingTable(),
      staff: await staffUsers(prisma),
      kinds: DELEGATION_KINDS,
      values,
      errors,
    });

  r.get(
    "/plh",
    canManage,
    route(s.list, (req, res) => page(res, 200, {}, {})),
  );

  r.post(
    "/plh",
    canManage,
    ...upload("/plh", config),
    route(s.create, async (req: Request, res, { body }) => {
      const parsed = delegationSchema.safeParse(body);
      const errors: Record<string, string> = {};
      if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
      const scan = filesOf(req).find((f) => f.fieldname === "scan");
      if (!scan) errors.scan = "Unggah pindaian surat perintah (PDF atau gambar)";
      // The dates and people are checked even when another field is wrong: every problem at once.
      const asTyped = {
        actingId: Number(body.actingId),
        absentId: Number(body.absentId),
        fromDay: body.fromDay ?? "",
        untilDay: body.untilDay ?? "",
        recorderId: userOf(req).id,
      };
      Object.assign(errors, await delegationProblems(prisma, asTyped), { ...errors });
      let decree;
      if (scan && !errors.scan) {
        try {
          // Checked only: its bytes are stored with the appointment, when every field is right.
          decree = await checkUpload({ path: scan.path }, scan.originalname);
        } catch (e) {
          if (!(e instanceof AppError) || e.status !== 422) throw e;
          errors.scan = e.userMessage;
        }
      }
      if (Object.keys(errors).length || !parsed.success || !decree) return page(res, 422, body, errors);
      await createDelegation(prisma, userOf(req), parsed.data, decree);
      flash(req, "success", "Pejabat pengganti dicatat. Selama masa tugasnya ia memegang pekerjaan pejabat yang berhalangan.");
      res.redirect("/plh");
    }),
  );

  r.post(
    "/plh/:id/akhiri",
    canManage,
    route(s.end, async (req, res, { params, body }) => {
      await endDelegation(prisma, userOf(req), params.id, body.reason ?? "");
      flash(req, "success", "Penunjukan diakhiri; tugas kembali ke pejabat yang bersangkutan.");
      res.redirect("/plh");
    }),
  );

  r.get(
    "/plh/:id/surat",
    canManage,
    route(s.decree, async (req, res, { params }) => {
      const d = await delegationDecree(prisma, params.id);
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.setHeader("Cache-Control", "private, no-store");
      res.attachment(d.decreeName);
      await sendBlob(prisma, d.decreeSha256, res);
    }),
  );

  return r;
}
