import { Router } from "express";
import type { Database } from "../db/client.js";

/** 200 when the database answers, 503 when it does not. */
export function healthRoutes(db: Database): Router {
  const r = Router();
  r.get("/healthz", async (req, res) => {
    const ok = await db.ping();
    res.status(ok ? 200 : 503).json({ status: ok ? "ok" : "unavailable", database: ok ? "ok" : "unreachable" });
  });
  return r;
}
