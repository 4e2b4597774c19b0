// ADMIN pages: users and the SKPD master list. Thin: parse, call the service, render.
import { Router, type Response } from "express";
import type { PrismaClient } from "../generated/prisma/client.js";
import { requireRole } from "../auth/policy.js";
import { notFound } from "../http/errors.js";
import { flash } from "../http/flash.js";
import { idParam, parseForm, type FieldErrors } from "../http/forms.js";
import { ALL_ROLES, ROLE_LABELS } from "../users/roles.js";
import * as svc from "./admin-service.js";
import { createUserSchema, skpdSchema, updateUserSchema } from "./schema.js";

export function adminRoutes(prisma: PrismaClient): Router {
  const r = Router();
  r.use("/admin", requireRole("ADMIN"));

  const userForm = async (
    res: Response,
    status: number,
    opts: { user?: Awaited<ReturnType<typeof svc.getUser>>; values: Record<string, unknown>; errors: FieldErrors },
  ) => {
    const skpds = await svc.listSkpd(prisma, { activeOnly: true });
    res.status(status).render("admin/user-form", {
      title: opts.user ? `Ubah pengguna ${opts.user.username}` : "Pengguna baru",
      user: opts.user ?? null,
      values: opts.values,
      errors: opts.errors,
      skpds,
      allRoles: ALL_ROLES,
      roleLabels: ROLE_LABELS,
    });
  };

  const asValues = (body: Record<string, unknown> | undefined) => {
    const b = body ?? {};
    const roles = b.roles === undefined ? [] : Array.isArray(b.roles) ? b.roles : [b.roles];
    return {
      username: String(b.username ?? ""),
      fullName: String(b.fullName ?? ""),
      email: String(b.email ?? ""),
      roles: roles.map(String),
      skpdId: String(b.skpdId ?? ""),
    };
  };

  r.get("/admin/pengguna", async (req, res) => {
    const users = await svc.listUsers(prisma);
    res.render("admin/users", { title: "Pengguna", users, roleLabels: ROLE_LABELS });
  });

  r.get("/admin/pengguna/baru", async (req, res) => {
    await userForm(res, 200, { values: asValues({}), errors: {} });
  });

  r.post("/admin/pengguna", async (req, res) => {
    const form = parseForm(createUserSchema, req.body);
    if (!form.ok) return userForm(res, 422, { values: asValues(req.body), errors: form.errors });
    try {
      const u = await svc.createUser(prisma, req.user!.id, form.data);
      flash(req, "success", `Pengguna ${u.username} dibuat. Ia harus mengganti kata sandinya saat pertama masuk.`);
      res.redirect("/admin/pengguna");
    } catch (e) {
      if (e instanceof svc.FieldError) {
        return userForm(res, 422, { values: asValues(req.body), errors: { [e.field]: e.userMessage } });
      }
      throw e;
    }
  });

  r.get("/admin/pengguna/:id", async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    const user = await svc.getUser(prisma, id);
    await userForm(res, 200, {
      user,
      values: { ...asValues({}), fullName: user.fullName, email: user.email ?? "", roles: user.roles, skpdId: String(user.skpdId ?? "") },
      errors: {},
    });
  });

  r.post("/admin/pengguna/:id", async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    const user = await svc.getUser(prisma, id);
    const form = parseForm(updateUserSchema, req.body);
    if (!form.ok) return userForm(res, 422, { user, values: asValues(req.body), errors: form.errors });
    try {
      await svc.updateUser(prisma, req.user!.id, id, form.data);
    } catch (e) {
      if (e instanceof svc.FieldError) {
        return userForm(res, 422, { user, values: asValues(req.body), errors: { [e.field]: e.userMessage } });
      }
      throw e;
    }
    flash(req, "success", `Data pengguna ${user.username} disimpan.`);
    res.redirect("/admin/pengguna");
  });

  r.post("/admin/pengguna/:id/nonaktifkan", async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    const u = await svc.setUserActive(prisma, req.user!.id, id, false);
    flash(req, "success", `Pengguna ${u.username} dinonaktifkan; semua sesinya diakhiri.`);
    res.redirect("/admin/pengguna");
  });

  r.post("/admin/pengguna/:id/aktifkan", async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    const u = await svc.setUserActive(prisma, req.user!.id, id, true);
    flash(req, "success", `Pengguna ${u.username} diaktifkan kembali.`);
    res.redirect("/admin/pengguna");
  });

  r.post("/admin/pengguna/:id/reset-sandi", async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    const { user, temporaryPassword } = await svc.resetPassword(prisma, req.user!.id, id);
    flash(
      req,
      "info",
      `Kata sandi sementara untuk ${user.username}: ${temporaryPassword} — sampaikan kepada yang bersangkutan. ` +
        `Ia wajib menggantinya saat masuk. Kata sandi ini tidak akan ditampilkan lagi.`,
    );
    res.redirect("/admin/pengguna");
  });

  r.get("/admin/log", async (req, res) => {
    const page = Math.min(10_000, Math.max(1, Number(req.query.hal) || 1));
    const { total, rows } = await svc.adminLog(prisma, page, 50);
    res.render("admin/log", { title: "Log administrasi", rows, page, pages: Math.max(1, Math.ceil(total / 50)) });
  });

  // SKPD master list
  r.get("/admin/skpd", async (req, res) => {
    const skpds = await svc.listSkpd(prisma);
    res.render("admin/skpd", { title: "Daftar SKPD", skpds });
  });

  const skpdForm = (res: Response, status: number, skpd: { id: number } | null, values: object, errors: FieldErrors) =>
    res.status(status).render("admin/skpd-form", {
      title: skpd ? "Ubah SKPD" : "SKPD baru",
      skpd,
      values,
      errors,
    });

  r.get("/admin/skpd/baru", (req, res) => skpdForm(res, 200, null, { code: "", name: "", active: true }, {}));

  r.get("/admin/skpd/:id", async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    const s = await svc.getSkpd(prisma, id);
    skpdForm(res, 200, s, s, {});
  });

  const saveSkpd = (id: number | null) => async (req: import("express").Request, res: Response) => {
    const skpd = id === null ? null : await svc.getSkpd(prisma, id);
    const values = { code: String(req.body?.code ?? ""), name: String(req.body?.name ?? ""), active: req.body?.active === "on" };
    const form = parseForm(skpdSchema, req.body);
    if (!form.ok) return skpdForm(res, 422, skpd, values, form.errors);
    try {
      const s = await svc.saveSkpd(prisma, req.user!.id, id, form.data);
      flash(req, "success", `SKPD ${s.name} disimpan.`);
      res.redirect("/admin/skpd");
    } catch (e) {
      if (e instanceof svc.FieldError) return skpdForm(res, 422, skpd, values, { [e.field]: e.userMessage });
      throw e;
    }
  };

  r.post("/admin/skpd", (req, res) => saveSkpd(null)(req, res));
  r.post("/admin/skpd/:id", async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    await saveSkpd(id)(req, res);
  });

  return r;
}
