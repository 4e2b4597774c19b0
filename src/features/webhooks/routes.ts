// ADMIN's webhook endpoints (/admin/webhook): add, change, pause, rotate the secret,
// remove, the delivery log, "kirim ulang" and a test ping. Thin: parse, call the
// services (endpoint-service.ts), render.
import { Router, type Request, type Response } from "express";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Config } from "../../platform/config.js";
import { allow, webhook } from "../../core/policies/index.js";
import { flash } from "../../platform/http/flash.js";
import { route } from "../../platform/http/validate.js";
import { userOf } from "../../platform/http/current-user.js";
import { AppError } from "../../platform/errors.js";
import { AGREEMENT_EVENTS } from "./events.js";
import { routes as s } from "./schema.js";
import {
  addEndpoint,
  DELIVERY_STATUS,
  getEndpoint,
  listEndpoints,
  parseEndpointForm,
  pingEndpoint,
  recentDeliveries,
  removeEndpoint,
  resendDelivery,
  rotateSecret,
  setActive,
  updateEndpoint,
  type FieldErrors,
} from "./endpoint-service.js";
import { MAX_ATTEMPTS } from "./sender.js";

type Values = { url: string; description: string; events: string[]; active: boolean };
const blank: Values = { url: "", description: "", events: [], active: true };
const valuesOf = (b: { url?: string; description?: string; events: string[]; active?: string }): Values => ({
  url: b.url ?? "",
  description: b.description ?? "",
  events: b.events,
  active: b.active === "1",
});

export function webhookRoutes(prisma: PrismaClient, config: Config): Router {
  const r = Router();
  r.use(
    "/admin/webhook",
    allow((u) => webhook.can(u, "manage")),
  );

  const listPage = async (res: Response, opts: { status?: number; values?: Values; errors?: FieldErrors } = {}) => {
    res.status(opts.status ?? 200).render("webhooks/index", {
      title: "Webhook",
      endpoints: await listEndpoints(prisma),
      events: AGREEMENT_EVENTS,
      values: opts.values ?? blank,
      errors: opts.errors ?? {},
    });
  };
  const detailPage = async (
    res: Response,
    endpointId: number,
    opts: { status?: number; values?: Values; errors?: FieldErrors; secret?: string; filter?: string } = {},
  ) => {
    const e = await getEndpoint(prisma, endpointId);
    const filter = opts.filter as "PENDING" | "DELIVERED" | "FAILED" | undefined;
    res.status(opts.status ?? 200).render("webhooks/endpoint", {
      title: `Webhook ${e.url}`,
      endpoint: e,
      events: AGREEMENT_EVENTS,
      values: opts.values ?? { url: e.url, description: e.description, events: e.events, active: e.active },
      errors: opts.errors ?? {},
      secret: opts.secret ?? null,
      deliveries: await recentDeliveries(prisma, e.id, filter),
      statuses: DELIVERY_STATUS,
      filter: filter ?? "",
      maxAttempts: MAX_ATTEMPTS,
    });
  };
  const back = (req: Request, res: Response, endpointId: number, kind: "success" | "error" | "info", message: string) => {
    flash(req, kind, message);
    res.redirect(`/admin/webhook/${endpointId}`);
  };

  r.get(
    "/admin/webhook",
    route(s.list, (_req, res) => listPage(res)),
  );
  r.post(
    "/admin/webhook",
    route(s.add, async (req, res, { body }) => {
      const f = parseEndpointForm(body);
      if (!f.ok) return listPage(res, { status: 422, values: valuesOf(body), errors: f.errors });
      const { id, secret } = await addEndpoint(prisma, config, userOf(req), f.data);
      // The secret is shown on this answer only (never stored in the session, never shown again).
      res.locals.flash = [
        { kind: "success", message: "Endpoint webhook ditambahkan. Salin rahasia penandatangan sekarang: rahasia ini tidak ditampilkan lagi." },
      ];
      return detailPage(res, id, { secret });
    }),
  );
  r.get(
    "/admin/webhook/:id",
    route(s.show, (_req, res, { params, query }) => detailPage(res, params.id, { filter: query.status })),
  );
  r.post(
    "/admin/webhook/:id",
    route(s.update, async (req, res, { params, body }) => {
      await getEndpoint(prisma, params.id);
      const f = parseEndpointForm(body);
      if (!f.ok) return detailPage(res, params.id, { status: 422, values: valuesOf(body), errors: f.errors });
      await updateEndpoint(prisma, userOf(req), params.id, f.data);
      back(req, res, params.id, "success", "Endpoint webhook disimpan.");
    }),
  );
  r.post(
    "/admin/webhook/:id/status",
    route(s.setActive, async (req, res, { params, body }) => {
      const active = body.active === "1";
      await setActive(prisma, userOf(req), params.id, active);
      back(
        req,
        res,
        params.id,
        "success",
        active ? "Endpoint diaktifkan: pengiriman yang menunggu dikirim lagi." : "Endpoint dijeda: tidak ada yang dikirim sampai diaktifkan lagi.",
      );
    }),
  );
  r.post(
    "/admin/webhook/:id/rahasia",
    route(s.rotate, async (req, res, { params }) => {
      const secret = await rotateSecret(prisma, config, userOf(req), params.id);
      res.locals.flash = [{ kind: "success", message: "Rahasia baru dibuat dan langsung dipakai. Salin sekarang: rahasia ini tidak ditampilkan lagi." }];
      return detailPage(res, params.id, { secret });
    }),
  );
  r.post(
    "/admin/webhook/:id/hapus",
    route(s.remove, async (req, res, { params, body }) => {
      await getEndpoint(prisma, params.id);
      if (body.confirm !== "1") {
        back(req, res, params.id, "error", "Centang konfirmasi untuk menghapus endpoint ini.");
        return;
      }
      await removeEndpoint(prisma, userOf(req), params.id);
      flash(req, "success", "Endpoint webhook dihapus beserta log pengirimannya.");
      res.redirect("/admin/webhook");
    }),
  );
  r.post(
    "/admin/webhook/:id/ping",
    route(s.ping, async (req, res, { params }) => {
      let d;
      try {
        d = await pingEndpoint(prisma, config, userOf(req), params.id);
      } catch (e) {
        if (!(e instanceof AppError && e.status === 409)) throw e;
        back(req, res, params.id, "error", e.message);
        return;
      }
      if (d.status === "DELIVERED") back(req, res, params.id, "success", `Ping terkirim (HTTP ${d.lastStatusCode ?? "-"}).`);
      else back(req, res, params.id, "error", `Ping belum diterima: ${d.lastError ?? "tidak diketahui"}. Dicoba lagi otomatis.`);
    }),
  );
  r.post(
    "/admin/webhook/:id/kirim-ulang",
    route(s.resend, async (req, res, { params, body }) => {
      await getEndpoint(prisma, params.id);
      try {
        await resendDelivery(prisma, userOf(req), params.id, body.delivery);
      } catch (e) {
        if (!(e instanceof AppError && (e.status === 404 || e.status === 409))) throw e;
        back(req, res, params.id, "error", e.message);
        return;
      }
      back(req, res, params.id, "success", "Pengiriman dijadwalkan ulang dan dikirim dalam beberapa saat.");
    }),
  );
  return r;
}
