import { Router } from "express";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { route } from "../../platform/http/validate.js";
import { dashboard, loggedIn } from "../../core/policies/index.js";
import { userOf } from "../../platform/http/current-user.js";
import { countHeld, holderKey } from "../inbox/inbox-service.js";
import { unreadCount } from "../notifications/notification-service.js";
import { actingLabel, ROLE_LABELS } from "../../core/users/roles.js";
import { menuFor } from "./menu.js";

export function homeRoutes(prisma: PrismaClient): Router {
  const r = Router();
  r.get(
    "/",
    loggedIn,
    route({}, async (req, res) => {
      const user = userOf(req);
      const [tasks, overdue, unread] = await req.cached(`home:${holderKey(user)}:${user.id}`, () =>
        Promise.all([countHeld(prisma, user), countHeld(prisma, user, { overdue: true }), unreadCount(prisma, user.id)]),
      );
      res.render("home/index", {
        title: "Beranda",
        roleLabels: (user.ownRoles ?? user.roles).map((role) => ROLE_LABELS[role]),
        acting: (user.acting ?? []).map((a) => ({ label: a.roles.map((r) => actingLabel(a, r)).join("; ") })),
        links: menuFor(user).filter((m) => m.href !== "/"),
        summary: { tasks, overdue, unread, hasInbox: dashboard.hasInbox(user) },
      });
    }),
  );
  return r;
}
