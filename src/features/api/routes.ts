// The integration API (/api/v1, JSON, bearer tokens) and ADMIN's token pages
// (/admin/integrasi). The API is mounted before the session, passport and CSRF
// (app.ts): a session cookie never authenticates it, and it sets none.
import { Router, type Response } from "express";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Config } from "../../platform/config.js";
import type { Logger } from "../../platform/logger.js";
import { flash } from "../../platform/http/flash.js";
import { parseForm, type FieldErrors } from "../../platform/http/forms.js";
import { perAddressLimit, publicPage } from "../../platform/http/public-page.js";
import { route } from "../../platform/http/validate.js";
import { userOf } from "../../platform/http/current-user.js";
import { AppError } from "../../platform/errors.js";
import { addDays } from "../../platform/http/dates.js";
import { todayJakarta } from "../../platform/time.js";
import { allow, integration } from "../../core/policies/index.js";
import { API_SCOPES } from "../../core/policies/integration.js";
import { API, MAX_TOKEN_DAYS, tokenFields, tokenForm, tokenIdParams } from "./schema.js";
import { API_BASE, docsModel, openApiDocument, SCOPE_DESCRIPTIONS } from "./openapi.js";
import { callLog, endpoint, jsonErrors, tokenGuard, unknownEndpoint } from "./http.js";
import { getAgreement, getCase, listAgreements, listCases, listEvaluations, listObligations } from "./read.js";
import { createToken, listTokens, revokeToken, tokenStatus, tokenWithCalls } from "./tokens.js";

declare module "express-session" {
  interface SessionData {
    /** A token made on the last POST, shown once on the next page. */
    newIntegrationToken?: { id: number; token: string };
  }
}

export function apiRoutes(prisma: PrismaClient, config: Config, log: Logger): Router {
  const r = Router();
  const token = tokenGuard(prisma, config.apiPerMinute, config.apiAnonymousPerMinute);
  const days = config.expiringDays;
  r.use(API_BASE, callLog(prisma, log));

  // Public: an integrator reads the document before having a token.
  r.get(`${API_BASE}/openapi.json`, perAddressLimit({ perMinute: config.publicPerMinute, keyPrefix: "api-doc" }), async (req, res) => {
    res.json(await openApiDocument());
  });
  // The same document, as a page for people (no script: the CSP's own rules).
  r.get(`${API_BASE}/docs`, publicPage({ perMinute: config.publicPerMinute, maxAge: 300 }), async (req, res) => {
    res.render("api/docs", { title: "Dokumentasi API", ...(await docsModel()) });
  });
  r.get(
    `${API_BASE}/cases`,
    token("read:cases"),
    endpoint(API.listCases, (u, { query }) => listCases(prisma, u, query)),
  );
  r.get(
    `${API_BASE}/cases/:id`,
    token("read:cases"),
    endpoint(API.getCase, (u, { params }) => getCase(prisma, u, params.id, days)),
  );
  r.get(
    `${API_BASE}/agreements`,
    token("read:agreements"),
    endpoint(API.listAgreements, (u, { query }) => listAgreements(prisma, u, query, days)),
  );
  r.get(
    `${API_BASE}/agreements/:id`,
    token("read:agreements"),
    endpoint(API.getAgreement, (u, { params }) => getAgreement(prisma, u, params.id, days)),
  );
  r.get(
    `${API_BASE}/obligations`,
    token("read:obligations"),
    endpoint(API.listObligations, (u, { query }) => listObligations(prisma, u, query)),
  );
  r.get(
    `${API_BASE}/evaluations`,
    token("read:evaluations"),
    endpoint(API.listEvaluations, (u, { query }) => listEvaluations(prisma, u, query)),
  );

  r.use(API_BASE, unknownEndpoint);
  r.use(API_BASE, jsonErrors(log));
  return r;
}

const s = {
  list: {},
  create: { body: tokenForm },
  show: { params: tokenIdParams },
  revoke: { params: tokenIdParams },
};

export function integrationAdminRoutes(prisma: PrismaClient): Router {
  const r = Router();
  const adminOnly = allow((u) => integration.can(u, "manage"));
  r.use("/admin/integrasi", adminOnly);

  const page = async (res: Response, status = 200, values: Record<string, unknown> = {}, errors: FieldErrors = {}, created: string | null = null) => {
    const { tokens, skpds } = await listTokens(prisma);
    const today = todayJakarta();
    res.status(status).render("api/tokens", {
      title: "Token integrasi",
      tokens: tokens.map((t) => ({ ...t, status: tokenStatus(t) })),
      skpds,
      scopes: API_SCOPES.map((x) => ({ name: x, description: SCOPE_DESCRIPTIONS[x] })),
      values: { expiresOn: addDays(today, 365), scopes: [], ...values },
      errors,
      created,
      minDate: addDays(today, 1),
      maxDate: addDays(today, MAX_TOKEN_DAYS),
      maxDays: MAX_TOKEN_DAYS,
    });
  };

  r.get(
    "/admin/integrasi",
    route(s.list, async (req, res) => {
      const made = req.session.newIntegrationToken;
      delete req.session.newIntegrationToken;
      await page(res, 200, {}, {}, made?.token ?? null);
    }),
  );
  r.post(
    "/admin/integrasi",
    route(s.create, async (req, res, { body }) => {
      const values = { name: body.name ?? "", purpose: body.purpose ?? "", scopes: body.scopes, skpdId: body.skpdId ?? "", expiresOn: body.expiresOn ?? "" };
      const parsed = parseForm(tokenFields, values);
      if (!parsed.ok) return page(res, 422, values, parsed.errors);
      try {
        const { token, row } = await createToken(prisma, userOf(req), parsed.data);
        req.session.newIntegrationToken = { id: row.id, token };
      } catch (e) {
        if (e instanceof AppError && e.status === 422) return page(res, 422, values, { _form: e.userMessage });
        throw e;
      }
      flash(req, "success", "Token dibuat. Salin sekarang: token ini hanya ditampilkan sekali.");
      res.redirect("/admin/integrasi");
    }),
  );
  r.get(
    "/admin/integrasi/:id",
    route(s.show, async (req, res, { params }) => {
      const { token, calls } = await tokenWithCalls(prisma, params.id);
      res.render("api/token", { title: `Token ${token.name}`, token: { ...token, status: tokenStatus(token) }, calls });
    }),
  );
  r.post(
    "/admin/integrasi/:id/cabut",
    route(s.revoke, async (req, res, { params }) => {
      const done = await revokeToken(prisma, userOf(req), params.id);
      flash(
        req,
        done ? "success" : "info",
        done ? `Token ${done.name} dicabut; panggilan dengan token itu ditolak mulai sekarang.` : "Token itu sudah dicabut.",
      );
      res.redirect(`/admin/integrasi/${params.id}`);
    }),
  );
  return r;
}
