import { Router } from "express";
import { requireLogin } from "../auth/policy.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { notFound } from "../http/errors.js";
import { idParam } from "../http/forms.js";
import { NOTIFICATION_KINDS } from "./notification-service.js";

export function notificationRoutes(prisma: PrismaClient): Router {
  const r = Router();
  r.get("/notifikasi", requireLogin, async (req, res) => {
    const items = await prisma.notification.findMany({ where: { userId: req.user!.id }, orderBy: { id: "desc" }, take: 100 });
    res.render("notifications/index", { title: "Notifikasi", items, kinds: NOTIFICATION_KINDS });
  });
  r.post("/notifikasi/:id/buka", requireLogin, async (req, res) => {
    const id = idParam(req.params.id);
    if (!id) throw notFound();
    const n = await prisma.notification.findFirst({ where: { id, userId: req.user!.id } });
    if (!n) throw notFound("Notifikasi tidak ditemukan.");
    if (!n.readAt) await prisma.notification.update({ where: { id }, data: { readAt: new Date() } });
    res.redirect(n.link && n.link.startsWith("/") && !n.link.startsWith("//") ? n.link : "/notifikasi");
  });
  r.post("/notifikasi/baca-semua", requireLogin, async (req, res) => {
    await prisma.notification.updateMany({ where: { userId: req.user!.id, readAt: null }, data: { readAt: new Date() } });
    res.redirect("/notifikasi");
  });
  return r;
}
