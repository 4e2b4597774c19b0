// Issue 23: /metrics for the operators (Prometheus text). Open to loopback and to the
// bearer token only; labelled by route pattern, never by address; the queue gauges read
// at scrape time, and skipped (the rest still answering) when the database is gone.
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDailyJob } from "../../src/features/jobs/daily-job.js";
import { startTicker } from "../../src/features/jobs/ticker.js";
import { buildTestApp, login, type TestApp } from "../helpers/app.js";

const TOKEN = "metrics-token-metrics-token-0123456789";

/** The value of one series in an exposition, or undefined. */
function sample(text: string, name: string, labels = ""): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

let open: TestApp;
let closed: TestApp;
beforeAll(async () => {
  open = await buildTestApp();
  // Loopback is not on this one's list: only the token lets a request in.
  closed = await buildTestApp({ demo: false, env: { METRICS_ALLOW: "10.9.8.7,192.168.0.0/16", METRICS_TOKEN: TOKEN } });
}, 120_000);
afterAll(async () => {
  await open.close();
  await closed.close();
});

describe("/metrics", () => {
  it("when a case page is requested and loopback scrapes then the answer is Prometheus text with the route pattern, not the id", async () => {
    const { agent } = await login(open.app, "penatalaksana");
    await agent.get("/kasus/123");
    await agent.get("/no/such/page/987");
    const res = await request(open.app).get("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers["set-cookie"]).toBeUndefined();
    expect(res.text).toMatch(/^kd_http_request_duration_seconds_count\{method="GET",route="\/kasus\/:id",status="\d{3}"\} [1-9]/m);
    expect(res.text).toMatch(/^kd_http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} [1-9]/m);
    const routes = [...res.text.matchAll(/route="([^"]*)"/g)].map((m) => m[1]);
    expect(routes.filter((r) => /123|987/.test(r ?? ""))).toEqual([]);
    // Default Node metrics, database statements, the parsing sandbox.
    expect(res.text).toMatch(/^kd_process_resident_memory_bytes \d+/m);
    expect(res.text).toMatch(/^kd_nodejs_eventloop_lag_seconds /m);
    expect(sample(res.text, "kd_db_statement_duration_seconds_count")).toBeGreaterThan(0);
    expect(sample(res.text, "kd_parser_jobs", '{state="running"}')).toBe(0);
    expect(sample(res.text, "kd_parser_jobs", '{state="waiting"}')).toBe(0);
  });

  it("when scraped then every queue's depth is there, read from the database", async () => {
    const res = await request(open.app).get("/metrics");
    expect(sample(res.text, "kd_queue_depth_up")).toBe(1);
    for (const queue of ["outbox", "text_extraction", "text_extraction_failed", "numbered_copies"]) {
      expect(sample(res.text, "kd_queue_depth", `{queue="${queue}"}`), queue).toBeGreaterThanOrEqual(0);
    }
    const pending = await open.prisma.blobText.count({ where: { status: { in: ["PENDING", "WORKING"] } } });
    expect(sample(res.text, "kd_queue_depth", '{queue="text_extraction"}')).toBe(pending);
  });

  it("when the daily job has run then its last run's time and success are gauges", async () => {
    const before = Date.now() / 1000;
    const r = await runDailyJob(open.prisma, open.config, { now: new Date("2031-03-04T03:00:00Z"), instance: "metrics-test" });
    expect(r.ran).toBe(true);
    const res = await request(open.app).get("/metrics");
    expect(sample(res.text, "kd_job_last_run_success", '{job="daily"}')).toBe(1);
    expect(sample(res.text, "kd_job_last_run_timestamp_seconds", '{job="daily"}')).toBeGreaterThanOrEqual(Math.floor(before));
  });

  it("when a background loop's tick fails then its last run is a failure", async () => {
    const stop = startTicker(
      "metrics-test-loop",
      60_000,
      () => Promise.reject(new Error("tick failed on purpose")),
      () => undefined,
    );
    const last = async () => sample((await request(open.app).get("/metrics")).text, "kd_job_last_run_success", '{job="metrics-test-loop"}');
    await expect.poll(last).toBe(0);
    stop();
  });

  it("when the address is not on the allow list then it is a 404 like any unknown page; the token opens it, a wrong one does not", async () => {
    const none = await request(closed.app).get("/metrics");
    const unknown = await request(closed.app).get("/nothing-here");
    expect(none.status).toBe(404);
    expect(none.text).toBe(unknown.text);
    // X-Forwarded-For is not the connection's address.
    expect((await request(closed.app).get("/metrics").set("X-Forwarded-For", "10.9.8.7")).status).toBe(404);
    expect((await request(closed.app).get("/metrics").set("Authorization", `Bearer ${TOKEN}x`)).status).toBe(404);
    expect((await request(closed.app).get("/metrics").set("Authorization", "Bearer ")).status).toBe(404);
    const ok = await request(closed.app).get("/metrics").set("Authorization", `Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain("kd_http_request_duration_seconds_bucket");
  });

  it("when the database is gone then a scrape still answers at once, the queue depths marked stale", async () => {
    await closed.db.close();
    const t0 = performance.now();
    const res = await request(closed.app).get("/metrics").set("Authorization", `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(sample(res.text, "kd_queue_depth_up")).toBe(0);
    expect(res.text).toMatch(/^kd_process_resident_memory_bytes \d+/m);
  });
});
