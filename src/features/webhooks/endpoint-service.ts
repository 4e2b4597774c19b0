// ADMIN's webhook endpoints: add, change, pause, rotate the secret, remove; the delivery
// log, sending a failed delivery again, and a test ping. Every change is in the admin log.
// The secret is shown once, when it is made (adding, rotating): it is stored sealed and
// never shown again (rotate it when it is lost).
import { z } from "zod";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Config } from "../../platform/config.js";
import { AppError, conflict, notFound } from "../../platform/errors.js";
import { seal } from "../../platform/secret-box.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { checkEndpointUrl } from "./endpoint-url.js";
import { AGREEMENT_EVENTS, EVENT_TYPES, isEventType, type AgreementEventType } from "./events.js";
import { envelope } from "./outbox.js";
import { newSecret } from "./signing.js";
import { deliverWebhooks } from "./sender.js";

export type EndpointInput = { url: string; description: string; events: AgreementEventType[]; active: boolean };
export type FieldErrors = Record<string, string>;

/** The form's fields checked: the input, or a message per field (nothing is saved then). */
export function parseEndpointForm(body: {
  url?: string;
  description?: string;
  events?: string[];
  active?: string;
}): { ok: true; data: EndpointInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const url = checkEndpointUrl(body.url ?? "");
  if (!url.ok) errors.url = url.message;
  const description = (body.description ?? "").trim();
  if (description.length > 200) errors.description = "Keterangan paling banyak 200 karakter.";
  const events = [...new Set(body.events ?? [])];
  if (!events.length) errors.events = "Pilih paling sedikit satu peristiwa.";
  else if (!events.every(isEventType)) errors.events = "Peristiwa tidak dikenal.";
  if (Object.keys(errors).length || !url.ok) return { ok: false, errors };
  return { ok: true, data: { url: url.url, description, events: EVENT_TYPES.filter((t) => events.includes(t)), active: body.active === "1" } };
}

const log = (actorId: number, action: string, id: number, detail: object) => ({
  actorId,
  action: `webhook.${action}`,
  target: `webhookEndpoint:${id}`,
  detail,
});

export async function listEndpoints(prisma: PrismaClient) {
  const rows = await prisma.webhookEndpoint.findMany({ orderBy: { id: "asc" }, omit: { secretSealed: true } });
  const counts = await prisma.webhookDelivery.groupBy({ by: ["endpointId", "status"], _count: { _all: true } });
  return rows.map((e) => ({
    ...e,
    labels: e.events.map((t) => (isEventType(t) ? AGREEMENT_EVENTS[t] : t)),
    count: (status: string) => counts.find((c) => c.endpointId === e.id && c.status === status)?._count._all ?? 0,
  }));
}

export async function getEndpoint(prisma: PrismaClient, id: number) {
  const e = await prisma.webhookEndpoint.findUnique({ where: { id }, omit: { secretSealed: true } });
  if (!e) throw notFound("Endpoint webhook tidak ditemukan.");
  return e;
}

/** Adds an endpoint; returns it with its new secret (shown once). */
export async function addEndpoint(prisma: PrismaClient, config: Pick<Config, "sessionSecret">, user: CurrentUser, input: EndpointInput) {
  const secret = newSecret();
  const row = await prisma.$transaction(async (tx) => {
    const e = await tx.webhookEndpoint.create({
      data: { ...input, secretSealed: seal(config.sessionSecret, secret, "webhook-secret"), createdById: user.id },
    });
    await tx.adminLog.create({ data: log(user.id, "add", e.id, { url: e.url, events: e.events, active: e.active }) });
    return e;
  });
  return { id: row.id, secret };
}

export async function updateEndpoint(prisma: PrismaClient, user: CurrentUser, id: number, input: EndpointInput) {
  await prisma.$transaction(async (tx) => {
    const before = await tx.webhookEndpoint.findUnique({ where: { id } });
    if (!before) throw notFound("Endpoint webhook tidak ditemukan.");
    await tx.webhookEndpoint.update({ where: { id }, data: input });
    await tx.adminLog.create({
      data: log(user.id, "update", id, {
        before: { url: before.url, events: before.events, active: before.active },
        after: { url: input.url, events: input.events, active: input.active },
      }),
    });
  });
}

/** Pauses or resumes: while paused nothing new is written for it and its pending deliveries wait. */
export async function setActive(prisma: PrismaClient, user: CurrentUser, id: number, active: boolean) {
  await prisma.$transaction(async (tx) => {
    const r = await tx.webhookEndpoint.updateMany({ where: { id }, data: { active } });
    if (r.count !== 1) throw notFound("Endpoint webhook tidak ditemukan.");
    await tx.adminLog.create({ data: log(user.id, active ? "resume" : "pause", id, {}) });
  });
}

/** A new secret at once (the old one stops signing): returns it, shown once. */
export async function rotateSecret(prisma: PrismaClient, config: Pick<Config, "sessionSecret">, user: CurrentUser, id: number, now = new Date()) {
  const secret = newSecret();
  await prisma.$transaction(async (tx) => {
    const r = await tx.webhookEndpoint.updateMany({
      where: { id },
      data: { secretSealed: seal(config.sessionSecret, secret, "webhook-secret"), secretRotatedAt: now },
    });
    if (r.count !== 1) throw notFound("Endpoint webhook tidak ditemukan.");
    await tx.adminLog.create({ data: log(user.id, "rotate-secret", id, {}) });
  });
  return secret;
}

/** Removes the endpoint with its deliveries and their log (what was sent stays in the admin log's record of the removal). */
export async function removeEndpoint(prisma: PrismaClient, user: CurrentUser, id: number) {
  await prisma.$transaction(async (tx) => {
    const e = await tx.webhookEndpoint.findUnique({ where: { id } });
    if (!e) throw notFound("Endpoint webhook tidak ditemukan.");
    const deliveries = await tx.webhookDelivery.count({ where: { endpointId: id } });
    await tx.webhookEndpoint.delete({ where: { id } });
    await tx.adminLog.create({ data: log(user.id, "remove", id, { url: e.url, events: e.events, deliveries }) });
  });
}

export const DELIVERY_STATUS = { PENDING: "Menunggu", DELIVERED: "Terkirim", FAILED: "Gagal" } as const;
export const deliveryFilter = z.enum(["PENDING", "DELIVERED", "FAILED"]);

/** The endpoint's recent deliveries, newest first, each with its last attempts. */
export async function recentDeliveries(prisma: PrismaClient, endpointId: number, status?: z.infer<typeof deliveryFilter>, take = 50) {
  return prisma.webhookDelivery.findMany({
    where: { endpointId, ...(status ? { status } : {}) },
    orderBy: { id: "desc" },
    take,
    select: {
      id: true,
      messageId: true,
      type: true,
      status: true,
      attempts: true,
      nextAttemptAt: true,
      lastStatusCode: true,
      lastError: true,
      deliveredAt: true,
      createdAt: true,
      attemptLog: { orderBy: { id: "desc" }, take: 5, select: { at: true, statusCode: true, error: true, durationMs: true } },
      _count: { select: { attemptLog: true } },
    },
  });
}

/** Sends a FAILED delivery again: pending now, with a fresh round of retries (its earlier attempts stay in the log). */
export async function resendDelivery(prisma: PrismaClient, user: CurrentUser, endpointId: number, deliveryId: number, now = new Date()) {
  await prisma.$transaction(async (tx) => {
    const r = await tx.webhookDelivery.updateMany({
      where: { id: deliveryId, endpointId, status: "FAILED" },
      data: { status: "PENDING", attempts: 0, nextAttemptAt: now, claimedUntil: null },
    });
    if (r.count !== 1) {
      const d = await tx.webhookDelivery.findFirst({ where: { id: deliveryId, endpointId } });
      if (!d) throw notFound("Pengiriman webhook tidak ditemukan.");
      throw conflict("Hanya pengiriman yang gagal yang dapat dikirim ulang.");
    }
    await tx.adminLog.create({ data: log(user.id, "resend", endpointId, { deliveryId }) });
  });
}

/**
 * A `ping` to the endpoint, sent at once (it is also retried like any delivery when it
 * fails). Returns the delivery as it stands after this first attempt.
 */
export async function pingEndpoint(prisma: PrismaClient, config: Pick<Config, "sessionSecret" | "appUrl">, user: CurrentUser, id: number, now = new Date()) {
  const e = await prisma.webhookEndpoint.findUnique({ where: { id } });
  if (!e) throw notFound("Endpoint webhook tidak ditemukan.");
  if (!e.active) throw new AppError(409, "Endpoint ini dijeda; aktifkan dahulu untuk mengirim ping.", "PAUSED");
  const { messageId, body } = envelope("ping", now, { message: "Ping uji dari aplikasi Kerjasama Daerah.", app: config.appUrl });
  const d = await prisma.$transaction(async (tx) => {
    const row = await tx.webhookDelivery.create({
      data: { endpointId: id, messageId, eventKey: `ping:${messageId}`, type: "ping", body, nextAttemptAt: now, createdAt: now },
    });
    await tx.adminLog.create({ data: log(user.id, "ping", id, { deliveryId: row.id }) });
    return row;
  });
  await deliverWebhooks(prisma, config, { now, only: d.id });
  return prisma.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } });
}
