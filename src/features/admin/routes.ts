// ADMIN pages: users and the SKPD master list. Thin: parse, call the service, render.
import { Router, type Response } from "express";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { flash } from "../../platform/http/flash.js";
import { parseForm, type FieldErrors } from "../../platform/http/forms.js";
import { route } from "../../platform/http/validate.js";
import { adminOnly } from "../../core/policies/index.js";
import { userOf } from "../../platform/http/current-user.js";
import { ALL_ROLES, ROLE_LABELS } from "../../core/users/roles.js";
import * as svc from "./admin-service.js";
import { createUserSchema, routes as s, skpdSchema, updateUserSchema } from "./schema.js";

export function adminRoutes(prisma: PrismaClient): Router {
  const r = Router();
  r.use(["/admin/pengguna", "/admin/log"], adminOnly("user"));
  r.use("/admin/skpd", adminOnly("skpd"));

  const userForm = async (
    res: Response,
    status: number,
    opts: { user?: Awaited<ReturnType<typeof svc.getUser>>; values: Record<string, unknown>; errors: FieldErrors },
  ) => {
    const skpds = await svc.listSkpd(prisma, { activeOnly: true });
    const security = opts.user ? await svc.accountSecurityOf(prisma, opts.user.id) : null;
    res.status(status).render("admin/user-form", {
      security,
      title: opts.user ? `Ubah pengguna ${opts.user.username}` : "Pengguna baru",
      user: opts.user ?? null,
      values: opts.values,
      errors: opts.errors,
      skpds,
      allRoles: ALL_ROLES,
      roleLabels: ROLE_LABELS,
    });
  };

  // What the user typed, as the route's schema passed it (each field one string, roles a list).
  type UserBody = { username?: string; fullName?: string; email?: string; nip?: string; roles?: string[]; skpdId?: string };
  const asValues = (body: UserBody | undefined) => {
    const b = body ?? {};
    return {
      username: b.username ?? "",
      fullName: b.fullName ?? "",
      email: b.email ?? "",
      nip: b.nip ?? "",
      roles: [...(b.roles ?? [])],
      skpdId: b.skpdId ?? "",
    };
  };

  r.get(
    "/admin/pengguna",
    route(s.users, async (req, res) => {
      const users = await svc.listUsers(prisma);
      res.render("admin/users", { title: "Pengguna", users, roleLabels: ROLE_LABELS });
    }),
  );

  r.get(
    "/admin/pengguna/baru",
    route(s.newUser, (req, res) => userForm(res, 200, { values: asValues({}), errors: {} })),
  );

  r.post(
    "/admin/pengguna",
    route(s.createUser, async (req, res, { body }) => {
      const f = parseForm(createUserSchema, body);
      if (!f.ok) return userForm(res, 422, { values: asValues(body), errors: f.errors });
      try {
        const u = await svc.createUser(prisma, userOf(req).id, f.data);
        flash(req, "success", `Pengguna ${u.username} dibuat. Ia harus mengganti kata sandinya saat pertama masuk.`);
        res.redirect("/admin/pengguna");
      } catch (e) {
        if (e instanceof svc.FieldError) {
          return userForm(res, 422, { values: asValues(body), errors: { [e.field]: e.userMessage } });
        }
        throw e;
      }
    }),
  );

  r.get(
    "/admin/pengguna/:id",
    route(s.user, async (req, res, { params }) => {
      const user = await svc.getUser(prisma, params.id);
      await userForm(res, 200, {
        user,
        values: {
          ...asValues({}),
          fullName: user.fullName,
          email: user.email ?? "",
          nip: user.nip ?? "",
          roles: user.roles,
          skpdId: String(user.skpdId ?? ""),
        },
        errors: {},
      });
    }),
  );

  r.post(
    "/admin/pengguna/:id",
    route(s.updateUser, async (req, res, { params, body }) => {
      const id = params.id;
      const user = await svc.getUser(prisma, id);
      const f = parseForm(updateUserSchema, body);
      if (!f.ok) return userForm(res, 422, { user, values: asValues(body), errors: f.errors });
      try {
        await svc.updateUser(prisma, userOf(req).id, id, f.data);
      } catch (e) {
        if (e instanceof svc.FieldError) {
          return userForm(res, 422, { user, values: asValues(body), errors: { [e.field]: e.userMessage } });
        }
        throw e;
      }
      flash(req, "success", `Data pengguna ${user.username} disimpan.`);
      res.redirect("/admin/pengguna");
    }),
  );

  r.post(
    "/admin/pengguna/:id/nonaktifkan",
    route(s.userAction, async (req, res, { params }) => {
      const u = await svc.setUserActive(prisma, userOf(req).id, params.id, false);
      flash(req, "success", `Pengguna ${u.username} dinonaktifkan; semua sesinya diakhiri.`);
      res.redirect("/admin/pengguna");
    }),
  );

  r.post(
    "/admin/pengguna/:id/aktifkan",
    route(s.userAction, async (req, res, { params }) => {
      const u = await svc.setUserActive(prisma, userOf(req).id, params.id, true);
      flash(req, "success", `Pengguna ${u.username} diaktifkan kembali.`);
      res.redirect("/admin/pengguna");
    }),
  );

  r.post(
    "/admin/pengguna/:id/reset-sandi",
    route(s.userAction, async (req, res, { params }) => {
      const { user, temporaryPassword } = await svc.resetPassword(prisma, userOf(req).id, params.id);
      flash(
        req,
        "info",
        `Kata sandi sementara untuk ${user.username}: ${temporaryPassword} — sampaikan kepada yang bersangkutan. ` +
          `Ia wajib menggantinya saat masuk. Kata sandi ini tidak akan ditampilkan lagi.`,
      );
      res.redirect("/admin/pengguna");
    }),
  );

  r.get(
    "/admin/log",
    route(s.log, async (req, res, { query }) => {
      const page = query.hal ?? 1;
      const { total, rows } = await svc.adminLog(prisma, page, 50);
      res.render("admin/log", { title: "Log administrasi", rows, page, pages: Math.max(1, Math.ceil(total / 50)) });
    }),
  );

  // SKPD master list
  r.get(
    "/admin/skpd",
    route(s.skpds, async (req, res) => {
      const skpds = await svc.listSkpd(prisma);
      res.render("admin/skpd", { title: "Daftar SKPD", skpds });
    }),
  );

  const skpdForm = (res: Response, status: number, skpd: { id: number } | null, values: object, errors: FieldErrors) =>
    res.status(status).render("admin/skpd-form", {
      title: skpd ? "Ubah SKPD" : "SKPD baru",
      skpd,
      values,
      errors,
    });

  r.get(
    "/admin/skpd/baru",
    route(s.newSkpd, (req, res) => skpdForm(res, 200, null, { code: "", name: "", active: true }, {})),
  );

  r.get(
    "/admin/skpd/:id",
    route(s.skpd, async (req, res, { params }) => {
      const skpd = await svc.getSkpd(prisma, params.id);
      skpdForm(res, 200, skpd, skpd, {});
    }),
  );

  type SkpdBody = { code?: string; name?: string; active?: string };
  const saveSkpd = async (req: import("express").Request, res: Response, id: number | null, body: SkpdBody) => {
    const skpd = id === null ? null : await svc.getSkpd(prisma, id);
    const values = { code: body.code ?? "", name: body.name ?? "", active: body.active === "on" };
    const f = parseForm(skpdSchema, body);
    if (!f.ok) {
      skpdForm(res, 422, skpd, values, f.errors);
      return;
    }
    try {
      const saved = await svc.saveSkpd(prisma, userOf(req).id, id, f.data);
      flash(req, "success", `SKPD ${saved.name} disimpan.`);
      res.redirect("/admin/skpd");
    } catch (e) {
      if (e instanceof svc.FieldError) {
        skpdForm(res, 422, skpd, values, { [e.field]: e.userMessage });
        return;
      }
      throw e;
    }
  };

  r.post(
    "/admin/skpd",
    route(s.createSkpd, (req, res, { body }) => saveSkpd(req, res, null, body)),
  );
  r.post(
    "/admin/skpd/:id",
    route(s.updateSkpd, (req, res, { params, body }) => saveSkpd(req, res, params.id, body)),
  );

  return r;
}
