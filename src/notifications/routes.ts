import { Router } from "express";
import type { PrismaClient } from "../generated/prisma/client.js";
import { notFound } from "../http/errors.js";
import { idParams, route } from "../http/validate.js";
import { loggedIn, notification as notificationPolicy } from "../policies/index.js";
import { NOTIFICATION_KINDS } from "./notification-service.js";

const s = { list: {}, open: { params: idParams }, readAll: {} };

export function notificationRoutes(prisma: PrismaClient): Router {
  const r = Router();

  r.get("/notifikasi", loggedIn, route(s.list, async (req, res) => {
    // The scope is the user's own notifications: kept per revision under the user's id.
    const items = await req.cached(`notifications:${req.user!.id}`, () =>
      prisma.notification.findMany({ where: notificationPolicy.scope(req.user!), orderBy: { id: "desc" }, take: 100 }),
    );
    res.render("notifications/index", { title: "Notifikasi", items, kinds: NOTIFICATION_KINDS });
  }));

  r.post("/notifikasi/:id/buka", loggedIn, route(s.open, async (req, res, { params }) => {
    const n = await prisma.notification.findUnique({ where: { id: params.id } });
    if (!n || !notificationPolicy.can(req.user!, "markRead", n)) throw notFound("Notifikasi tidak ditemukan.");
    if (!n.readAt) await prisma.notification.update({ where: { id: n.id }, data: { readAt: new Date() } });
    res.redirect(n.link && n.link.startsWith("/") && !n.link.startsWith("//") ? n.link : "/notifikasi");
  }));

  r.post("/notifikasi/baca-semua", loggedIn, route(s.readAll, async (req, res) => {
    await prisma.notification.updateMany({ where: { ...notificationPolicy.scope(req.user!), readAt: null }, data: { readAt: new Date() } });
    res.redirect("/notifikasi");
  }));

  return r;
}
