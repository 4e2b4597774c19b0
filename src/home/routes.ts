import { Router } from "express";
import type { PrismaClient } from "../generated/prisma/client.js";
import { route } from "../http/validate.js";
import { dashboard, loggedIn } from "../policies/index.js";
import { heldTaskIds } from "../inbox/inbox-service.js";
import { unreadCount } from "../notifications/notification-service.js";
import { ROLE_LABELS } from "../users/roles.js";
import { todayJakarta, toDbDate } from "../workflow/calendar.js";
import { menuFor } from "./menu.js";

export function homeRoutes(prisma: PrismaClient): Router {
  const r = Router();
  r.get("/", loggedIn, route({}, async (req, res) => {
    const user = req.user!;
    const ids = await heldTaskIds(prisma, user);
    const [overdue, unread] = await Promise.all([
      prisma.task.count({ where: { id: { in: ids }, pausedSince: null, dueOn: { lt: toDbDate(todayJakarta()) } } }),
      unreadCount(prisma, user.id),
    ]);
    res.render("home/index", {
      title: "Beranda",
      roleLabels: user.roles.map((role) => ROLE_LABELS[role]),
      links: menuFor(user).filter((m) => m.href !== "/"),
      summary: { tasks: ids.length, overdue, unread, hasInbox: dashboard.hasInbox(user) },
    });
  }));
  return r;
}
