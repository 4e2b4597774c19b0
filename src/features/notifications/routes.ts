import { Router } from "express";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { idParams, route } from "../../platform/http/validate.js";
import { loggedIn } from "../../core/policies/index.js";
import { userOf } from "../../platform/http/current-user.js";
import { NOTIFICATION_KINDS } from "./notification-service.js";
import { latestNotifications, markAllRead, openNotification } from "./own-notifications.js";

const s = { list: {}, open: { params: idParams }, readAll: {} };

export function notificationRoutes(prisma: PrismaClient): Router {
  const r = Router();

  r.get(
    "/notifikasi",
    loggedIn,
    route(s.list, async (req, res) => {
      // The scope is the user's own notifications: kept per revision under the user's id.
      const user = userOf(req);
      const items = await req.cached(`notifications:${user.id}`, () => latestNotifications(prisma, user));
      res.render("notifications/index", { title: "Notifikasi", items, kinds: NOTIFICATION_KINDS });
    }),
  );

  r.post(
    "/notifikasi/:id/buka",
    loggedIn,
    route(s.open, async (req, res, { params }) => {
      const n = await openNotification(prisma, userOf(req), params.id);
      res.redirect(n.link && n.link.startsWith("/") && !n.link.startsWith("//") ? n.link : "/notifikasi");
    }),
  );

  r.post(
    "/notifikasi/baca-semua",
    loggedIn,
    route(s.readAll, async (req, res) => {
      await markAllRead(prisma, userOf(req));
      res.redirect("/notifikasi");
    }),
  );

  return r;
}
