import { Router } from "express";
import { route } from "../http/validate.js";
import { loggedIn } from "../policies/index.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { ROLE_LABELS } from "../users/roles.js";
import { MISSING_ROWS, SOP, SOP_VERSION } from "../workflow/sop.js";
import { sopStats } from "./sop-service.js";

export function sopRoutes(prisma: PrismaClient): Router {
  const r = Router();
  r.get("/sop", loggedIn, route({}, async (req, res) => {
    const stats = await req.cached("sop:stats", () => sopStats(prisma));
    res.render("sop/index", {
      title: "SOP Monitoring dan Evaluasi Kerjasama Daerah",
      rows: SOP.map((row) => ({ ...row, holderLabels: row.holders.map((h) => ROLE_LABELS[h]), stats: stats.get(row.no)! })),
      missing: MISSING_ROWS,
      version: SOP_VERSION,
    });
  }));
  return r;
}
