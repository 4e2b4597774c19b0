// The operator's metrics (Prometheus, prom-client): one Registry per app, never the
// global one, so that tests building several apps in one process do not collide. What
// the platform knows is measured here: HTTP requests, database statements, the parsing
// sandbox and the last run of each background job. Features add their own gauges
// (read at scrape time) to the same registry: features/metrics.
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { StatementTimer } from "../db/client.js";
import { lastJobRuns } from "../job-runtime.js";
import { sandboxLoad } from "../untrusted/sandbox.js";

export const PREFIX = "kd_";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export type AppMetrics = {
  registry: Registry;
  /** First of all middleware: times each request and labels it by its route's pattern. */
  http: RequestHandler;
  /** For Database.timeStatements(). */
  statement: StatementTimer;
  /** The exposition text; the default Node metrics start with the first scrape. */
  scrape(): Promise<{ contentType: string; body: string }>;
};

/**
 * The label of a request: the pattern of the route that answered (`/kasus/:id`), never
 * the address itself (ids would make a series per case). Requests no route answered
 * share one label, static files another.
 */
export function routeLabel(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path === "string") return (req.baseUrl || "") + path;
  return req.originalUrl.startsWith("/public/") ? "/public" : "unmatched";
}

export function createMetrics(): AppMetrics {
  const registry = new Registry();

  const httpDuration = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: "Time from a request's arrival to its response's last byte, by method, route pattern and status code",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });

  const dbDuration = new Histogram({
    name: `${PREFIX}db_statement_duration_seconds`,
    help: "Time of each database statement (Prisma and plain SQL), measured at the driver",
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [registry],
  });

  new Gauge({
    name: `${PREFIX}parser_jobs`,
    help: "Uploaded files being parsed in the sandbox (running) and waiting for a parsing process (waiting)",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      const load = sandboxLoad();
      this.set({ state: "running" }, load.running);
      this.set({ state: "waiting" }, load.waiting);
    },
  });

  new Gauge({
    name: `${PREFIX}job_last_run_timestamp_seconds`,
    help: "When the last run of each background job ended in this process (Unix time)",
    labelNames: ["job"] as const,
    registers: [registry],
    collect() {
      for (const [job, run] of lastJobRuns()) this.set({ job }, run.at.getTime() / 1000);
    },
  });

  new Gauge({
    name: `${PREFIX}job_last_run_success`,
    help: "Whether the last run of each background job succeeded (1) or failed (0)",
    labelNames: ["job"] as const,
    registers: [registry],
    collect() {
      for (const [job, run] of lastJobRuns()) this.set({ job }, run.ok ? 1 : 0);
    },
  });

  const http: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const end = httpDuration.startTimer();
    res.once("finish", () => {
      end({ method: METHODS.has(req.method) ? req.method : "OTHER", route: routeLabel(req), status: String(res.statusCode) });
    });
    next();
  };

  // Started with the first scrape: an app that is never scraped (most tests) keeps no
  // event-loop monitor or GC observer running.
  let defaults = false;
  return {
    registry,
    http,
    statement: (seconds) => dbDuration.observe(seconds),
    async scrape() {
      if (!defaults) {
        defaults = true;
        collectDefaultMetrics({ register: registry, prefix: PREFIX });
      }
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
