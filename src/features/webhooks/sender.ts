// Sends the webhook outbox. A batch is claimed with a lease (claimedUntil, LEASES.webhook
// in platform/job-runtime.ts; FOR UPDATE SKIP LOCKED only keeps two instances from
// picking the same rows at once), so two instances never send one delivery at the same
// time. Each attempt: a POST signed per the Standard Webhooks spec (signing.ts), 10 s at
// most, no redirects followed, at most 4 KiB of the answer read. A 2xx is delivered;
// anything else is retried after a growing delay with jitter, and after MAX_ATTEMPTS the
// delivery is FAILED (ADMIN may send it again). Every attempt is logged.
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { performance } from "node:perf_hooks";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Config } from "../../platform/config.js";
import type { Logger } from "../../platform/logger.js";
import { open } from "../../platform/secret-box.js";
import { INSTANCE, LEASES } from "../../platform/job-runtime.js";
import { signedHeaders } from "./signing.js";

/** Delays after the 1st, 2nd, ... failed attempt (minutes); the last one repeats. */
export const RETRY_MINUTES = [1, 5, 30, 120, 360, 720, 1440] as const;
/** Attempts before a delivery is FAILED: the first and one after each delay. */
export const MAX_ATTEMPTS = RETRY_MINUTES.length + 1;
export const TIMEOUT_MS = 10_000;
const ANSWER_BYTES = 4096;
const BATCH = 10;

/** The delay after the n-th failed attempt, with ±20 % jitter (`random` in [0, 1)). */
export function retryDelayMs(failedAttempts: number, random = Math.random()): number {
  const minutes = RETRY_MINUTES[Math.min(failedAttempts, RETRY_MINUTES.length) - 1] ?? RETRY_MINUTES[0];
  return Math.round(minutes * 60_000 * (0.8 + 0.4 * random));
}

type Outcome = { ok: boolean; statusCode: number | null; error: string | null; durationMs: number };

/**
 * One POST on a connection of its own (no keep-alive: a socket the receiver closed while
 * idle would fail the next delivery). Never throws: the outcome says what happened.
 */
export async function post(url: string, headers: Record<string, string>, body: string, timeoutMs = TIMEOUT_MS): Promise<Outcome> {
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  const u = new URL(url);
  const request = u.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<Outcome>((resolve) => {
    let settled = false;
    const done = (o: Omit<Outcome, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ ...o, durationMs: took() });
    };
    const req = request(
      u,
      {
        method: "POST",
        agent: false,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "user-agent": "KerjasamaDaerah-Webhook/1",
          connection: "close",
          ...headers,
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const parts: Buffer[] = [];
        let size = 0;
        const finish = () => {
          // At most ANSWER_BYTES of the answer are read; the rest is let go with the connection.
          const answer = Buffer.concat(parts).subarray(0, ANSWER_BYTES).toString("utf8").trim();
          const ok = status >= 200 && status < 300;
          const error = ok
            ? null
            : status >= 300 && status < 400
              ? `HTTP ${status}: pengalihan tidak diikuti`
              : `HTTP ${status}${answer ? `: ${answer.slice(0, 200)}` : ""}`;
          done({ ok, statusCode: status, error });
        };
        res.on("data", (c: Buffer) => {
          parts.push(c);
          size += c.length;
          if (size >= ANSWER_BYTES) finish();
        });
        res.on("end", finish);
        res.on("error", finish);
      },
    );
    const timer = setTimeout(() => done({ ok: false, statusCode: null, error: `tidak ada jawaban dalam ${timeoutMs / 1000} detik` }), timeoutMs);
    req.on("error", (err: NodeJS.ErrnoException) => done({ ok: false, statusCode: null, error: (err.code ?? err.message).slice(0, 200) }));
    req.end(body);
  });
}

export type SendOptions = { now?: Date; instance?: string; log?: Logger; timeoutMs?: number; only?: number };

/**
 * Claims the deliveries due at `now` (or the one `only`) and sends them. Returns how
 * many were delivered. Time is the caller's (`now`), so that tests can move it.
 */
export async function deliverWebhooks(prisma: PrismaClient, config: Pick<Config, "sessionSecret">, opts: SendOptions = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const claimedUntil = new Date(now.getTime() + LEASES.webhook);
  const only = opts.only ?? null;
  const claimed = await prisma.$queryRaw<{ id: number }[]>`
    UPDATE "WebhookDelivery" SET "claimedUntil" = ${claimedUntil}
      WHERE "id" IN (
        SELECT d."id" FROM "WebhookDelivery" d JOIN "WebhookEndpoint" e ON e."id" = d."endpointId"
         WHERE d."status" = 'PENDING' AND e."active" AND d."nextAttemptAt" <= ${now}
           AND (d."claimedUntil" IS NULL OR d."claimedUntil" < ${now})
           AND (${only}::int IS NULL OR d."id" = ${only}::int)
         ORDER BY d."nextAttemptAt", d."id" LIMIT ${BATCH} FOR UPDATE OF d SKIP LOCKED)
      RETURNING "id"`;
  if (!claimed.length) return 0;
  const rows = await prisma.webhookDelivery.findMany({
    where: { id: { in: claimed.map((c) => c.id) } },
    include: { endpoint: { select: { url: true, secretSealed: true } } },
    orderBy: { id: "asc" },
  });
  let delivered = 0;
  const started = performance.now();
  for (const d of rows) {
    // The attempt's own time: `now` plus what this batch has spent so far.
    const at = new Date(now.getTime() + Math.round(performance.now() - started));
    const secret = open(config.sessionSecret, d.endpoint.secretSealed, "webhook-secret");
    const out: Outcome = secret
      ? await post(d.endpoint.url, signedHeaders(secret, d.messageId, at, d.body), d.body, opts.timeoutMs)
      : { ok: false, statusCode: null, error: "rahasia penandatangan tidak dapat dibuka (SESSION_SECRET berubah?): putar rahasia", durationMs: 0 };
    const attempts = d.attempts + 1;
    const failed = !out.ok && attempts >= MAX_ATTEMPTS;
    // Only while the claim is ours: a delivery resent meanwhile is left as it is; one removed
    // with its endpoint meanwhile has nothing left to record (the rest of the batch goes on).
    const recorded = await prisma
      .$transaction([
        prisma.webhookAttempt.create({ data: { deliveryId: d.id, at, statusCode: out.statusCode, error: out.error, durationMs: out.durationMs } }),
        prisma.webhookDelivery.updateMany({
          where: { id: d.id, claimedUntil, status: "PENDING" },
          data: {
            attempts,
            claimedUntil: null,
            lastStatusCode: out.statusCode,
            lastError: out.error,
            ...(out.ok
              ? { status: "DELIVERED", deliveredAt: at }
              : failed
                ? { status: "FAILED" }
                : { nextAttemptAt: new Date(at.getTime() + retryDelayMs(attempts)) }),
          },
        }),
      ])
      .then(
        () => true,
        (err: unknown) => {
          opts.log?.warn({ err, deliveryId: d.id }, "webhook attempt not recorded (the endpoint was removed?)");
          return false;
        },
      );
    if (!recorded) continue;
    if (out.ok) delivered++;
    else
      opts.log?.warn(
        { deliveryId: d.id, attempts, error: out.error, instance: opts.instance ?? INSTANCE },
        failed ? "webhook failed for good" : "webhook not delivered; will retry",
      );
  }
  return delivered;
}
