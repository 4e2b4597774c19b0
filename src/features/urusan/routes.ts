// ADMIN: the list of government affairs (/admin/urusan).
import { Router, type Request, type Response } from "express";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { AppError } from "../../platform/errors.js";
import { flash } from "../../platform/http/flash.js";
import { parseForm } from "../../platform/http/forms.js";
import { route } from "../../platform/http/validate.js";
import { adminOnly } from "../../core/policies/index.js";
import { userOf } from "../../platform/http/current-user.js";
import { routes as s, URUSAN_GROUPS, urusanSchema } from "./schema.js";
import { addUrusan, listUrusan, updateUrusan } from "./urusan-service.js";

export function urusanRoutes(prisma: PrismaClient): Router {
  const r = Router();
  r.use("/admin/urusan", adminOnly("urusan"));
  const page = async (_req: Request, res: Response, status = 200, values: Record<string, unknown> = {}, error: string | null = null) =>
    res.status(status).render("urusan/index", { title: "Urusan pemerintahan", list: await listUrusan(prisma), groups: URUSAN_GROUPS, values, error });

  r.get(
    "/admin/urusan",
    route(s.list, (req, res) => page(req, res)),
  );

  r.post(
    "/admin/urusan",
    route(s.create, async (req, res, { body }) => {
      const f = parseForm(urusanSchema, body);
      if (!f.ok) return page(req, res, 422, body, `Urusan belum ditambahkan: ${Object.values(f.errors).join("; ")}.`);
      try {
        await addUrusan(prisma, userOf(req), f.data);
      } catch (e) {
        if (e instanceof AppError && e.status === 422) return page(req, res, 422, body, e.userMessage);
        throw e;
      }
      flash(req, "success", `Urusan "${f.data.name}" ditambahkan.`);
      res.redirect("/admin/urusan");
    }),
  );

  r.post(
    "/admin/urusan/:id",
    route(s.update, async (req, res, { params, body }) => {
      const f = parseForm(urusanSchema, body);
      if (!f.ok) return page(req, res, 422, {}, `Urusan belum diubah: ${Object.values(f.errors).join("; ")}.`);
      try {
        await updateUrusan(prisma, userOf(req), params.id, { ...f.data, active: body.active !== "tidak" });
      } catch (e) {
        if (e instanceof AppError && e.status === 422) return page(req, res, 422, {}, e.userMessage);
        throw e;
      }
      flash(req, "success", `Urusan "${f.data.name}" disimpan${body.active === "tidak" ? " dan tidak dipakai lagi untuk usulan baru" : ""}.`);
      res.redirect("/admin/urusan");
    }),
  );

  return r;
}
