// /metrics: the operators' Prometheus endpoint (docs/operations.md). Mounted before the
// session, passport and CSRF middleware: a scrape reads no session and writes no cookie.
// Closed to the public: a request that is neither from an allowed address nor carrying
// the token goes on as if this route did not exist (the app's own 404 page).
import { Router } from "express";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Config } from "../../platform/config.js";
import { route } from "../../platform/http/validate.js";
import { metricsAccess } from "../../platform/metrics/access.js";
import type { AppMetrics } from "../../platform/metrics/registry.js";
import { registerQueueDepths } from "./queue-depths.js";

// No query string, no body: what Prometheus sends.
const s = { scrape: {} };

export function metricsRoutes(prisma: PrismaClient, metrics: AppMetrics, config: Pick<Config, "metricsToken" | "metricsAllow">): Router {
  registerQueueDepths(metrics.registry, prisma);
  const allowed = metricsAccess({ token: config.metricsToken, allow: config.metricsAllow });
  const r = Router();
  r.get(
    "/metrics",
    (req, res, next) => {
      next(allowed(req) ? undefined : "router");
    },
    route(s.scrape, async (req, res) => {
      res.setHeader("Cache-Control", "no-store");
      try {
        const { contentType, body } = await metrics.scrape();
        res.type(contentType).send(body);
      } catch (err) {
        // Never a 500 (an alert of its own): the collectors keep their failures, this is a last resort.
        req.log.warn({ err }, "metrics scrape failed");
        res.status(503).type("text/plain").send("metrics unavailable\n");
      }
    }),
  );
  return r;
}
