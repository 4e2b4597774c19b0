// Issue 27: webhooks for agreement events. A receiver started here on 127.0.0.1 gets
// the deliveries; the signature is checked with the standardwebhooks library (not the
// app's own signing code); time is moved by passing `now`, never by waiting.
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { toDbDate, todayJakarta } from "../../src/core/calendar/calendar.js";
import { announceAgreementEnded } from "../../src/features/agreements/agreement-hooks.js";
import { endEarly } from "../../src/features/agreements/agreement-service.js";
import { runDailyJob } from "../../src/features/jobs/daily-job.js";
import { completeEvaluation, scheduleEvaluations } from "../../src/features/monitoring/monitoring-service.js";
import { addEndpoint, pingEndpoint, rotateSecret } from "../../src/features/webhooks/endpoint-service.js";
import { recordAgreementEvent } from "../../src/features/webhooks/outbox.js";
import { deliverWebhooks, MAX_ATTEMPTS } from "../../src/features/webhooks/sender.js";
import type { AgreementEventType } from "../../src/features/webhooks/events.js";
import { login, postForm } from "../helpers/app.js";
import { fullAnswers } from "../helpers/evaluation.js";
import { buildCase, stepForward, useWorkflowApp } from "../helpers/workflow.js";

const { t, a } = useWorkflowApp();

type Received = { headers: IncomingHttpHeaders; body: string };
/** A receiver answering each request with the next status of `script` (the last one repeats). */
function receiver() {
  const got: Received[] = [];
  let script: number[] = [200];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const status = script.length > 1 ? (script.shift() as number) : (script[0] ?? 200);
      res.writeHead(status, status >= 300 && status < 400 ? { location: "http://127.0.0.1:1/elsewhere" } : {}).end(status >= 400 ? "rusak" : "ok");
    });
  });
  return {
    got,
    answer(...statuses: number[]) {
      script = statuses;
    },
    start: () => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve())),
    url: (path = "/hook") => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const rx = receiver();
beforeAll(() => rx.start());
afterAll(() => rx.stop());
afterEach(async () => {
  // Each test's endpoints stop here, so that the next test's sends are its own.
  await t.prisma.webhookEndpoint.updateMany({ data: { active: false } });
  rx.got.length = 0;
  rx.answer(200);
});

const endpoint = (events: AgreementEventType[], path?: string) =>
  addEndpoint(t.prisma, t.config, a.admin, { url: rx.url(path), description: "uji", events, active: true });
/** The received body, verified with the endpoint's secret by the library (throws when the signature is wrong). */
const verified = (secret: string, r: Received) =>
  new Webhook(secret).verify(r.body, {
    "webhook-id": String(r.headers["webhook-id"]),
    "webhook-timestamp": String(r.headers["webhook-timestamp"]),
    "webhook-signature": String(r.headers["webhook-signature"]),
  }) as { id: string; type: string; occurredAt: string; data: Record<string, unknown> };
/** The same check by hand: HMAC-SHA256 over "id.timestamp.body" with the secret's bytes, compared with the header's v1 signature. */
function recomputed(secret: string, r: Received) {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key)
    .update(`${String(r.headers["webhook-id"])}.${String(r.headers["webhook-timestamp"])}.${r.body}`)
    .digest("base64");
  expect(String(r.headers["webhook-signature"]).split(" ")).toContain(`v1,${expected}`);
  return JSON.parse(r.body) as { id: string; type: string; data: Record<string, unknown> };
}
const send = (now = new Date(), instance = "uji") => deliverWebhooks(t.prisma, t.config, { now, instance });

describe("webhooks: events reach the receiver, signed", () => {
  it("when an MoU is signed and numbered then both events reach the receiver with a valid signature and the agreement's data", async () => {
    const { id, secret } = await endpoint(["agreement.signed", "agreement.numbered"]);
    const c = await buildCase(t.prisma, a, { row: 15, title: "Kerja sama webhook" });
    expect(await t.prisma.webhookDelivery.count({ where: { endpointId: id } })).toBe(2);
    expect(await send()).toBe(2);
    expect(rx.got).toHaveLength(2);
    const [signed, numbered] = rx.got.map((r) => verified(secret, r));
    expect(signed?.type).toBe("agreement.signed");
    expect(signed?.data).toMatchObject({ caseId: c.id, kind: "MOU", title: "Kerja sama webhook", number: null, status: "SIGNED" });
    const mou = await t.prisma.agreement.findFirstOrThrow({ where: { caseId: c.id, kind: "MOU" } });
    expect(numbered?.type).toBe("agreement.numbered");
    expect(numbered?.data).toMatchObject({ agreementId: mou.id, caseId: c.id, kind: "MOU", number: mou.cityNumber, status: "ACTIVE" });
    const skpd = await t.prisma.skpd.findUniqueOrThrow({ where: { id: c.skpdId } });
    expect(numbered?.data.skpd).toEqual({ code: skpd.code, name: skpd.name });
    // The envelope's id is the webhook-id header; each delivery has its own.
    expect(numbered?.id).toBe(rx.got[1]?.headers["webhook-id"]);
    expect(signed?.id).not.toBe(numbered?.id);
    // A body altered on the way, or another secret, fails the check.
    const tampered = { ...(rx.got[1] as Received), body: (rx.got[1] as Received).body.replace("MOU", "PKS") };
    expect(() => verified(secret, tampered)).toThrow();
    expect(() => verified("whsec_" + Buffer.alloc(32, 7).toString("base64"), rx.got[1] as Received)).toThrow();
    const delivered = await t.prisma.webhookDelivery.findMany({ where: { endpointId: id } });
    expect(delivered.map((d) => d.status)).toEqual(["DELIVERED", "DELIVERED"]);
    // Nothing is sent twice.
    expect(await send()).toBe(0);
    expect(rx.got).toHaveLength(2);
  });

  it("when the receiver answers 500 then 200 then the delivery waits its back-off, is sent again and every attempt is recorded", async () => {
    const { id, secret } = await endpoint(["agreement.ended"]);
    const c = await buildCase(t.prisma, a, { row: 20, title: "Coba lagi" });
    const pks = await t.prisma.agreement.findFirstOrThrow({ where: { caseId: c.id, kind: "PKS" } });
    rx.answer(500, 200);
    await endEarly(t.prisma, a.penatalaksana, pks.id, todayJakarta(), "Mitra mengundurkan diri");
    const d = await t.prisma.webhookDelivery.findFirstOrThrow({ where: { endpointId: id } });
    expect(d.type).toBe("agreement.ended");

    const t0 = new Date();
    expect(await send(t0)).toBe(0);
    const failed = await t.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } });
    expect(failed).toMatchObject({ status: "PENDING", attempts: 1, lastStatusCode: 500 });
    expect(failed.lastError).toContain("HTTP 500");
    // The first delay is a minute, with jitter of at most a fifth either way.
    const wait = failed.nextAttemptAt.getTime() - t0.getTime();
    expect(wait).toBeGreaterThanOrEqual(48_000);
    expect(wait).toBeLessThanOrEqual(73_000);
    // Not yet due: nothing is sent.
    expect(await send(new Date(t0.getTime() + 30_000))).toBe(0);
    expect(rx.got).toHaveLength(1);
    // Due: sent again, delivered, same message id.
    expect(await send(new Date(t0.getTime() + 2 * 60_000))).toBe(1);
    expect(rx.got).toHaveLength(2);
    expect(rx.got[0]?.headers["webhook-id"]).toBe(rx.got[1]?.headers["webhook-id"]);
    expect(verified(secret, rx.got[1] as Received).data).toMatchObject({ agreementId: pks.id, status: "ENDED_EARLY", end: { reason: "ENDED_EARLY" } });
    const attempts = await t.prisma.webhookAttempt.findMany({ where: { deliveryId: d.id }, orderBy: { id: "asc" } });
    expect(attempts.map((x) => x.statusCode)).toEqual([500, 200]);
    expect(attempts.every((x) => x.durationMs >= 0)).toBe(true);
    expect((await t.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("DELIVERED");
  });

  it("when the receiver keeps failing (or redirects) then after the last attempt the delivery is FAILED, and ADMIN's 'kirim ulang' sends it again", async () => {
    const { id } = await endpoint(["agreement.ended"]);
    const c = await buildCase(t.prisma, a, { row: 20, title: "Selalu gagal" });
    const pks = await t.prisma.agreement.findFirstOrThrow({ where: { caseId: c.id, kind: "PKS" } });
    rx.answer(302);
    await endEarly(t.prisma, a.penatalaksana, pks.id, todayJakarta(), "Program dihentikan");
    const d = await t.prisma.webhookDelivery.findFirstOrThrow({ where: { endpointId: id } });
    let now = new Date();
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await send(now);
      now = new Date(now.getTime() + 2 * 86_400_000);
    }
    const failed = await t.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } });
    expect(failed).toMatchObject({ status: "FAILED", attempts: MAX_ATTEMPTS, lastStatusCode: 302 });
    expect(failed.lastError).toContain("pengalihan tidak diikuti");
    // The redirect's target was never asked.
    expect(rx.got).toHaveLength(MAX_ATTEMPTS);
    await send(now);
    expect(rx.got).toHaveLength(MAX_ATTEMPTS);

    rx.answer(204);
    const { agent } = await login(t.app, "admin");
    const page = await agent.get(`/admin/webhook/${id}`);
    expect(page.text).toContain("Kirim ulang");
    const res = await postForm(agent, `/admin/webhook/${id}/kirim-ulang`, { delivery: String(d.id) }, `/admin/webhook/${id}`);
    expect(res.status).toBe(302);
    expect(await send()).toBe(1);
    expect((await t.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("DELIVERED");
    expect(await t.prisma.webhookAttempt.count({ where: { deliveryId: d.id } })).toBe(MAX_ATTEMPTS + 1);
    expect(await t.prisma.adminLog.count({ where: { action: "webhook.resend", target: `webhookEndpoint:${id}` } })).toBe(1);
    // A delivered one cannot be resent.
    const again = await postForm(agent, `/admin/webhook/${id}/kirim-ulang`, { delivery: String(d.id) }, `/admin/webhook/${id}`);
    expect(again.status).toBe(302);
    expect((await agent.get(`/admin/webhook/${id}`)).text).toContain("Hanya pengiriman yang gagal yang dapat dikirim ulang.");
  });
});

describe("webhooks: the outbox", () => {
  it("when the change rolls back then no delivery is written; committed, one is", async () => {
    const { id } = await endpoint(["agreement.ended"]);
    const c = await buildCase(t.prisma, a, { row: 20, title: "Dibatalkan" });
    const pks = await t.prisma.agreement.findFirstOrThrow({ where: { caseId: c.id, kind: "PKS" } });
    // The register's change and its announcement, then a failure before the commit.
    await expect(
      t.prisma.$transaction(async (tx) => {
        await tx.agreement.update({ where: { id: pks.id }, data: { endedEarlyAt: toDbDate(todayJakarta()), endedEarlyReason: "uji" } });
        await announceAgreementEnded(tx, { agreementId: pks.id, reason: "ENDED_EARLY", on: todayJakarta(), now: new Date() });
        expect(await tx.webhookDelivery.count({ where: { endpointId: id } })).toBe(1);
        throw new Error("gagal sebelum commit");
      }),
    ).rejects.toThrow("gagal sebelum commit");
    expect(await t.prisma.webhookDelivery.count({ where: { endpointId: id } })).toBe(0);
    expect((await t.prisma.agreement.findUniqueOrThrow({ where: { id: pks.id } })).endedEarlyAt).toBeNull();
    await endEarly(t.prisma, a.penatalaksana, pks.id, todayJakarta(), "Berakhir sungguhan");
    expect(await t.prisma.webhookDelivery.count({ where: { endpointId: id } })).toBe(1);
  });

  it("when two workers run at once then the delivery is claimed and sent once", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Dua pekerja" });
    const { id } = await endpoint(["agreement.numbered"]);
    await t.prisma.$transaction((tx) =>
      recordAgreementEvent(tx, { type: "agreement.numbered", ref: { caseId: c.id, kind: "PKS" }, key: "uji-dua-pekerja", occurredAt: new Date() }),
    );
    expect(await t.prisma.webhookDelivery.count({ where: { endpointId: id } })).toBe(1);
    const now = new Date();
    const sent = await Promise.all([send(now, "satu"), send(now, "dua"), send(now, "tiga")]);
    expect(sent.reduce((x, y) => x + y, 0)).toBe(1);
    expect(rx.got).toHaveLength(1);
    expect(await t.prisma.webhookAttempt.count({ where: { delivery: { endpointId: id } } })).toBe(1);
  });

  it("when an endpoint is paused then nothing is written or sent for it until it is resumed", async () => {
    const { id } = await endpoint(["agreement.ended"]);
    const c = await buildCase(t.prisma, a, { row: 20, title: "Dijeda" });
    const [mou, pks] = await t.prisma.agreement.findMany({ where: { caseId: c.id }, orderBy: { kind: "asc" } });
    await t.prisma.$transaction((tx) =>
      recordAgreementEvent(tx, { type: "agreement.ended", ref: { agreementId: mou!.id }, key: "uji-jeda-1", occurredAt: new Date() }),
    );
    const { agent } = await login(t.app, "admin");
    expect((await postForm(agent, `/admin/webhook/${id}/status`, { active: "0" }, `/admin/webhook/${id}`)).status).toBe(302);
    await t.prisma.$transaction((tx) =>
      recordAgreementEvent(tx, { type: "agreement.ended", ref: { agreementId: pks!.id }, key: "uji-jeda-2", occurredAt: new Date() }),
    );
    expect(await t.prisma.webhookDelivery.count({ where: { endpointId: id } })).toBe(1);
    expect(await send()).toBe(0);
    expect(rx.got).toHaveLength(0);
    expect((await postForm(agent, `/admin/webhook/${id}/status`, { active: "1" }, `/admin/webhook/${id}`)).status).toBe(302);
    expect(await send()).toBe(1);
    expect(await t.prisma.adminLog.count({ where: { target: `webhookEndpoint:${id}`, action: { in: ["webhook.pause", "webhook.resume"] } } })).toBe(2);
  });
});

describe("webhooks: the daily job and evaluations", () => {
  it("when an agreement nears its end and then passes it then ending_soon and ended are written once each", async () => {
    const { id, secret } = await endpoint(["agreement.ending_soon", "agreement.ended"]);
    const c = await buildCase(t.prisma, a, { row: 20, title: "Hampir selesai" });
    const pks = await t.prisma.agreement.findFirstOrThrow({ where: { caseId: c.id, kind: "PKS" } });
    await t.prisma.agreement.update({ where: { id: pks.id }, data: { endDate: toDbDate("2031-03-10") } });
    const run = (day: string, inst: string) => runDailyJob(t.prisma, { expiringDays: 90 }, { now: new Date(`${day}T01:00:00Z`), instance: inst });
    await run("2031-03-03", "wh-1");
    await run("2031-03-04", "wh-2");
    await run("2031-03-12", "wh-3");
    await run("2031-03-13", "wh-4");
    const rows = await t.prisma.webhookDelivery.findMany({ where: { endpointId: id }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.type, r.eventKey])).toEqual([
      ["agreement.ending_soon", `ending_soon:${pks.id}:7`],
      ["agreement.ended", `ended:${pks.id}`],
    ]);
    // Written at the job's time (2031): sent then, and checked by recomputing the HMAC (the library would refuse a 2031 timestamp today).
    expect(await send(new Date("2031-03-13T02:00:00Z"))).toBe(2);
    const [soon, ended] = rx.got.map((r) => recomputed(secret, r));
    expect(soon?.data).toMatchObject({ agreementId: pks.id, endDate: "2031-03-10", reminder: { daysLeft: 7, mark: 7 } });
    expect(ended?.data).toMatchObject({ agreementId: pks.id, end: { reason: "EXPIRED", on: "2031-03-10" } });
  });

  it("when the P3ADK evaluation is completed then agreement.evaluated carries its period, score and recommendation", async () => {
    const { id, secret } = await endpoint(["agreement.evaluated"]);
    const c = await buildCase(t.prisma, a, { row: 21, title: "Dievaluasi" });
    await t.prisma.agreement.updateMany({ where: { caseId: c.id }, data: { startDate: toDbDate("2026-01-01"), endDate: toDbDate("2028-12-31") } });
    await scheduleEvaluations(t.prisma, "2026-06-02");
    const ev = await t.prisma.evaluation.findFirstOrThrow({ where: { caseId: c.id } });
    await completeEvaluation(t.prisma, a.penelaah, ev.id, "P3ADK", fullAnswers("P3ADK", { rekomendasi: "LANJUT" }, 4));
    expect(await send()).toBe(1);
    const body = verified(secret, rx.got[0] as Received);
    expect(body.type).toBe("agreement.evaluated");
    expect(body.data).toMatchObject({ caseId: c.id, kind: "PKS", evaluation: { id: ev.id, period: ev.period, recommendation: "LANJUT" } });
    expect(await t.prisma.webhookDelivery.count({ where: { endpointId: id } })).toBe(1);
  });
});

describe("webhooks: the cooperation closed", () => {
  it("when the case is closed at the evaluation row then each of its agreements is reported ended, once", async () => {
    const c = await buildCase(t.prisma, a, { row: 21, title: "Ditutup" });
    const { id } = await endpoint(["agreement.ended"]);
    await stepForward(t.prisma, a, c.id);
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("DONE");
    const rows = await t.prisma.webhookDelivery.findMany({ where: { endpointId: id }, orderBy: { id: "asc" } });
    const agreements = await t.prisma.agreement.findMany({ where: { caseId: c.id }, orderBy: { id: "asc" } });
    expect(rows.map((r) => r.eventKey).sort()).toEqual(agreements.map((x) => `ended:${x.id}`).sort());
    expect(rows.every((r) => (JSON.parse(r.body) as { data: { end: { reason: string } } }).data.end.reason === "CLOSED")).toBe(true);
  });
});

describe("webhooks: ADMIN's endpoints", () => {
  it("when the endpoint input is bad then it is refused in Indonesian and nothing is saved", async () => {
    const { agent } = await login(t.app, "admin");
    const before = await t.prisma.webhookEndpoint.count();
    const cases: [Record<string, unknown>, string][] = [
      [{ url: "ftp://contoh.go.id/x", events: "agreement.signed" }, "harus diawali https://"],
      [{ url: "http://contoh.go.id/x", events: "agreement.signed" }, "hanya boleh ke localhost atau jaringan lokal"],
      [{ url: "https://budi:rahasia@contoh.go.id/x", events: "agreement.signed" }, "tidak boleh memuat nama pengguna atau kata sandi"],
      [{ url: `https://contoh.go.id/${"a".repeat(600)}`, events: "agreement.signed" }, "paling banyak 500 karakter"],
      [{ url: "bukan url", events: "agreement.signed" }, "Alamat URL tidak valid"],
      [{ url: "https://contoh.go.id/x" }, "Pilih paling sedikit satu peristiwa"],
      [{ url: "https://contoh.go.id/x", events: "agreement.dihapus" }, "Peristiwa tidak dikenal"],
    ];
    for (const [body, message] of cases) {
      const res = await postForm(agent, "/admin/webhook", body, "/admin/webhook");
      expect(res.status, message).toBe(422);
      expect(res.text).toContain(message);
    }
    // Undeclared fields are refused before the handler.
    expect((await postForm(agent, "/admin/webhook", { url: "https://contoh.go.id/x", events: "agreement.signed", secret: "x" }, "/admin/webhook")).status).toBe(
      400,
    );
    expect(await t.prisma.webhookEndpoint.count()).toBe(before);
  });

  it("when ADMIN adds an endpoint then its secret is shown once, rotating gives a new one, a ping is signed with it, and each change is in the admin log", async () => {
    const { agent } = await login(t.app, "admin");
    const res = await postForm(
      agent,
      "/admin/webhook",
      { url: rx.url("/ping"), events: ["agreement.signed", "agreement.ended"], active: "1" },
      "/admin/webhook",
    );
    expect(res.status).toBe(200);
    const secret = /id="secret">(whsec_[A-Za-z0-9+/=]+)</.exec(res.text)?.[1];
    expect(secret).toBeDefined();
    const e = await t.prisma.webhookEndpoint.findFirstOrThrow({ where: { url: rx.url("/ping") } });
    expect(e.events).toEqual(["agreement.signed", "agreement.ended"]);
    expect(e.secretSealed).not.toContain(secret!.slice(6, 20));
    // Not shown again.
    expect((await agent.get(`/admin/webhook/${e.id}`)).text).not.toContain(secret!);

    const rotated = await rotateSecret(t.prisma, t.config, a.admin, e.id);
    expect(rotated).not.toBe(secret);
    const d = await pingEndpoint(t.prisma, t.config, a.admin, e.id);
    expect(d.status).toBe("DELIVERED");
    const ping = verified(rotated, rx.got[0] as Received);
    expect(ping.type).toBe("ping");
    expect(() => verified(secret!, rx.got[0] as Received)).toThrow();

    const ping2 = await postForm(agent, `/admin/webhook/${e.id}/ping`, {}, `/admin/webhook/${e.id}`);
    expect(ping2.status).toBe(302);
    const removeUnconfirmed = await postForm(agent, `/admin/webhook/${e.id}/hapus`, {}, `/admin/webhook/${e.id}`);
    expect(removeUnconfirmed.status).toBe(302);
    expect(await t.prisma.webhookEndpoint.count({ where: { id: e.id } })).toBe(1);
    expect((await postForm(agent, `/admin/webhook/${e.id}/hapus`, { confirm: "1" }, `/admin/webhook/${e.id}`)).status).toBe(302);
    expect(await t.prisma.webhookEndpoint.count({ where: { id: e.id } })).toBe(0);
    expect(await t.prisma.webhookDelivery.count({ where: { endpointId: e.id } })).toBe(0);
    const log = await t.prisma.adminLog.findMany({ where: { target: `webhookEndpoint:${e.id}` }, orderBy: { id: "asc" } });
    expect(log.map((l) => l.action)).toEqual(["webhook.add", "webhook.rotate-secret", "webhook.ping", "webhook.ping", "webhook.remove"]);
    // No secret in the admin log.
    expect(JSON.stringify(log)).not.toContain("whsec_");
  });

  it("when someone other than ADMIN opens the page then it is refused", async () => {
    const { agent } = await login(t.app, "penatalaksana");
    expect((await agent.get("/admin/webhook")).status).toBe(403);
  });
});
