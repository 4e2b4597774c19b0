import { Router } from "express";
import { optionalChoice, query, route } from "../../platform/http/validate.js";
import { DOCUMENT_KINDS } from "../../core/documents/kinds.js";
import { GATES, KIND_IDS, KINDS } from "../../core/sop/kinds.js";
import { loggedIn } from "../../core/policies/index.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { ROLE_LABELS } from "../../core/users/roles.js";
import { MISSING_ROWS, SOP_VERSION, sopFor } from "../../core/sop/sop.js";
import { sopStats } from "./sop-service.js";
import { must } from "../../platform/must.js";

export function sopRoutes(prisma: PrismaClient): Router {
  const r = Router();
  r.get(
    "/sop",
    loggedIn,
    route({ query: query({ jenis: optionalChoice(KIND_IDS) }) }, async (req, res, { query: q }) => {
      const stats = await req.cached("sop:stats", () => sopStats(prisma));
      const kind = q.jenis ? KINDS[q.jenis] : null;
      // A kind's view: what its proposal carries at row 1 and which approvals its signings wait for.
      const extras = (no: number): string[] => {
        if (!kind) return [];
        const out: string[] = [];
        if (no === 1) out.push(...kind.proposalDocs.map((d) => `${DOCUMENT_KINDS[d]} (${kind.short})`));
        for (const g of kind.gates) {
          if (GATES[g.gate].before.includes(no))
            out.push(
              `${GATES[g.gate].label}${g.when === "dprdConditions" ? " (bila membebani masyarakat/daerah, di luar APBD tahun berjalan, atau jangka waktunya panjang)" : ""}`,
            );
        }
        return out;
      };
      res.render("sop/index", {
        title: "SOP Monitoring dan Evaluasi Kerjasama Daerah",
        kinds: Object.values(KINDS),
        gates: GATES,
        docLabels: DOCUMENT_KINDS,
        kind,
        rows: sopFor(kind?.id).map((row) => ({
          ...row,
          extras: extras(row.no),
          holderLabels: row.holders.map((h) => ROLE_LABELS[h]),
          stats: must(stats.get(row.no), `the figures of SOP row ${row.no}`),
        })),
        missing: MISSING_ROWS,
        version: SOP_VERSION,
      });
    }),
  );
  return r;
}
