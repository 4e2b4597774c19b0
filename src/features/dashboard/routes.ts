import { Router } from "express";
import type { Config } from "../../platform/config.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { route } from "../../platform/http/validate.js";
import { userOf } from "../../platform/http/current-user.js";
import { periodLabel } from "../../core/sop/periods.js";
import { allow, dashboard as dashboardPolicy } from "../../core/policies/index.js";
import { dashboardSkpd } from "../../core/policies/dashboard.js";
import { dashboard } from "./dashboard-service.js";

export function dashboardRoutes(prisma: PrismaClient, config: Config): Router {
  const r = Router();
  r.get(
    "/dashboard",
    allow(dashboardPolicy.canSeeDashboard),
    route({}, async (req, res) => {
      const user = userOf(req);
      const d = await req.cached(`dashboard:${dashboardSkpd(user) ?? "all"}:${user.skpdName ?? ""}`, () => dashboard(prisma, user, config.expiringDays));
      res.render("dashboard/index", { title: "Dasbor", d, periodLabel, expiringDays: config.expiringDays });
    }),
  );
  return r;
}
