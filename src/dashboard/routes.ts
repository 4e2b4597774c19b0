import { Router } from "express";
import { requireRole } from "../auth/policy.js";
import type { Config } from "../config.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { periodLabel } from "../monitoring/periods.js";
import { dashboard } from "./dashboard-service.js";

export function dashboardRoutes(prisma: PrismaClient, config: Config): Router {
  const r = Router();
  r.get("/dashboard", requireRole("KABAG", "KASUBBAG", "PIMPINAN", "ADMIN", "SKPD"), async (req, res) => {
    const d = await dashboard(prisma, req.user!, config.expiringDays);
    res.render("dashboard/index", { title: "Dasbor", d, periodLabel, expiringDays: config.expiringDays });
  });
  return r;
}
