// Issue 27: the versioned JSON API (/api/v1) for the city's other systems, its
// integration tokens and its OpenAPI 3.1 document. The document is checked by an
// OpenAPI validator, and every answer in this file against the document's schemas.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import request from "supertest";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { scheduleEvaluations } from "../../src/features/monitoring/monitoring-service.js";
import { createToken } from "../../src/features/api/tokens.js";
import { API_CALL_KEEP_DAYS } from "../../src/features/api/call-log.js";
import { sweepAll } from "../../src/features/jobs/sweeps.js";
import { ENDPOINTS } from "../../src/features/api/openapi.js";
import type { ApiScope } from "../../src/core/policies/integration.js";
import { API_SCOPES } from "../../src/core/policies/integration.js";
import { addDays } from "../../src/platform/http/dates.js";
import { todayJakarta } from "../../src/platform/time.js";
import { buildTestApp, login, postForm } from "../helpers/app.js";
import { must } from "../../src/platform/must.js";
import { routeTable } from "../helpers/routes.js";
import { buildCase, useWorkflowApp } from "../helpers/workflow.js";
import { yearJakarta } from "../helpers/time.js";

const PER_MINUTE = 40;
const { t, a } = useWorkflowApp({ env: { API_REQUESTS_PER_MINUTE: String(PER_MINUTE) } });

// ajv-formats is CommonJS: its default export is the function under ESM interop.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
let doc: { paths: Record<string, { get: { responses: Record<string, unknown> } }> };
let ajv: Ajv2020;

/** The document's path template of an API path ("/api/v1/cases/12" → "/cases/{id}"). */
function templateOf(path: string): string {
  const p = path.replace(/^\/api\/v1/, "").replace(/\?.*$/, "");
  const hit = Object.keys(doc.paths).find((tpl) => new RegExp(`^${tpl.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(p));
  if (!hit) throw new Error(`no path in the document for ${path}`);
  return hit;
}

/** Checks an answer against the document: its status is documented, and its body fits that status's schema. */
function conforms(path: string, res: request.Response): void {
  const tpl = templateOf(path);
  const status = String(res.status);
  expect(Object.keys(doc.paths[tpl]!.get.responses), `${path}: status ${status} is documented`).toContain(status);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  const pointer = `api#/paths/${tpl.replace(/~/g, "~0").replace(/\//g, "~1")}/get/responses/${status}/content/application~1json/schema`;
  const validate = ajv.getSchema(pointer) ?? ajv.compile({ $ref: pointer });
  const ok = validate(res.body);
  expect(ok, `${path} (${status}) against the document: ${JSON.stringify(validate.errors)}`).toBe(true);
}

type Item = { id: number; caseId?: number; skpd?: { id: number }; [k: string]: unknown };
/** An answer's body, as the document describes them (checked by `conforms` before any test reads it). */
type Body = {
  code?: string;
  message?: string;
  fields?: { field: string; message: string }[];
  data?: Item[];
  nextCursor?: string | null;
  agreements?: Item[];
  startDate?: string;
  openapi?: string;
};
type ApiResponse = Omit<request.Response, "body"> & { body: Body };

/** A GET to the API with a token (or none), its answer checked against the document. */
async function call(path: string, token?: string | null, agent: request.Agent | ReturnType<typeof request> = request(t.app)): Promise<ApiResponse> {
  let req = agent.get(path);
  if (token) req = req.set("Authorization", `Bearer ${token}`);
  const res = await req;
  conforms(path, res);
  return res;
}

const nextYear = () => addDays(todayJakarta(), 200);
async function tokenFor(scopes: ApiScope[], skpdId: number | null = null, name = "Token uji") {
  return (await createToken(t.prisma, a.admin, { name, purpose: "Uji otomatis", scopes, skpdId, expiresOn: nextYear() })).token;
}

type Fixture = { own: number; other: number; draft: number; ownAgreement: number; otherAgreement: number; obligation: number };
const f = {} as Fixture;

beforeAll(async () => {
  const res = await request(t.app).get("/api/v1/openapi.json");
  expect(res.status).toBe(200);
  doc = res.body as typeof doc;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, "api");

  const own = await buildCase(t.prisma, a, { row: 20, title: "Perjanjian API sendiri", partnerName: "PT Mitra API" });
  const other = await buildCase(t.prisma, a, { row: 20, title: "Perjanjian API unit lain" });
  await t.prisma.case.update({ where: { id: other.id }, data: { skpdId: a.otherSkpd.skpdId! } });
  const draft = await buildCase(t.prisma, a, { row: 1, title: "Draf API sendiri" });
  await scheduleEvaluations(t.prisma, `${yearJakarta()}-12-20`);
  Object.assign(f, {
    own: own.id,
    other: other.id,
    draft: draft.id,
    ownAgreement: (await t.prisma.agreement.findFirstOrThrow({ where: { caseId: own.id, kind: "PKS" } })).id,
    otherAgreement: (await t.prisma.agreement.findFirstOrThrow({ where: { caseId: other.id } })).id,
    obligation: (
      await t.prisma.obligation.create({
        data: {
          caseId: own.id,
          party: "MITRA",
          description: "Menyediakan armada",
          indicator: "Armada",
          target: 5,
          unit: "unit",
          dueOn: new Date("2027-06-30T00:00:00Z"),
          contribution: 125_000_000n,
          createdById: a.penatalaksana.id,
        },
      })
    ).id,
  });
  await t.prisma.agreement.update({ where: { id: f.ownAgreement }, data: { value: 2_500_000_000n } });
}, 120_000);

describe("the OpenAPI document", () => {
  it("when an integrator reads /api/v1/openapi.json without a token then it is a valid OpenAPI 3.1 document", async () => {
    const res = await request(t.app).get("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const body = res.body as { openapi: string };
    expect(body.openapi).toBe("3.1.0");
    const result = await new Validator().validate(body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(res.headers["set-cookie"]).toBeUndefined();
  });

  it("when the document is read then it lists exactly the API's routes, each with its scope and the bearer scheme", () => {
    const routes = routeTable(t.app)
      .filter((r) => r.startsWith("GET /api/v1/") && r !== "GET /api/v1/openapi.json" && r !== "GET /api/v1/docs")
      .map((r) => r.slice("GET /api/v1".length).replace(/:(\w+)/g, "{$1}"))
      .sort();
    expect(Object.keys(doc.paths).sort()).toEqual(routes);
    expect(ENDPOINTS.map((e) => e.path).sort()).toEqual(routes);
    const full = doc as unknown as { components: { securitySchemes: Record<string, { type: string; scheme: string }> } };
    expect(full.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    for (const e of ENDPOINTS) {
      const op = doc.paths[e.path]!.get as unknown as { security: Record<string, string[]>[]; responses: Record<string, unknown> };
      expect(op.security).toEqual([{ bearerAuth: [e.scope] }]);
      for (const s of ["200", "400", "401", "403", "429"]) expect(Object.keys(op.responses)).toContain(s);
    }
  });

  it("when someone opens /api/v1/docs then the same document is a page: every endpoint, its scope and every schema, with no inline script", async () => {
    const res = await request(t.app).get("/api/v1/docs");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/text\/html/);
    for (const e of ENDPOINTS) {
      expect(res.text).toContain(`GET /api/v1${e.path}`);
      expect(res.text).toContain(`<code>${e.scope}</code>`);
    }
    for (const name of ["CasePage", "Agreement", "Obligation", "Evaluation", "Error"]) expect(res.text).toContain(`id="skema-${name}"`);
    expect(res.text).toContain("CaseDetail");
    expect(res.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(res.headers["set-cookie"]).toBeUndefined();
  });

  it("when a schema check is asked of a body that does not fit then it fails (the checks in this file can fail)", () => {
    const res = {
      status: 200,
      headers: { "content-type": "application/json" },
      body: { data: [{ id: "x" }], nextCursor: null },
    } as unknown as request.Response;
    expect(() => conforms("/api/v1/cases", res)).toThrow();
  });
});

describe("a city's integrator", () => {
  it("when ADMIN creates a token on the page then it is shown once, only its hash is kept, and it reads the agreements its scope allows", async () => {
    const { agent } = await login(t.app, "admin");
    const res = await postForm(
      agent,
      "/admin/integrasi",
      { name: "Satu Data Kota", purpose: "Diskominfosan: dasbor satu data", scopes: "read:agreements", skpdId: "", expiresOn: nextYear() },
      "/admin/integrasi",
    );
    expect(res.status).toBe(302);
    const page = await agent.get("/admin/integrasi");
    const token = /id="new-token"[^>]*value="([^"]+)"/.exec(page.text)?.[1];
    expect(token).toMatch(/^kd_[A-Za-z0-9_-]{43}$/);
    expect((await agent.get("/admin/integrasi")).text).not.toContain('id="new-token"');
    const row = await t.prisma.integrationToken.findFirstOrThrow({ where: { name: "Satu Data Kota" } });
    expect(row.tokenHash).not.toContain(token!);
    expect(JSON.stringify(row)).not.toContain(token!.slice(12));
    expect(row.prefix).toBe(token!.slice(0, 11));
    const log = await t.prisma.adminLog.findFirstOrThrow({ where: { action: "integrasi.buat" }, orderBy: { id: "desc" } });
    expect(log.actorId).toBe(a.admin.id);

    const list = await call("/api/v1/agreements?limit=100", token);
    expect(list.status).toBe(200);
    const ids = list.body.data!.map((x) => x.id);
    expect(ids).toEqual(expect.arrayContaining([f.ownAgreement, f.otherAgreement]));
    const one = await call(`/api/v1/agreements/${f.ownAgreement}`, token);
    expect(one.body).toMatchObject({
      id: f.ownAgreement,
      caseId: f.own,
      kind: "PKS",
      value: 2_500_000_000,
      title: "Perjanjian API sendiri",
      partnerName: "PT Mitra API",
    });
    expect(one.body.startDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Its scope is the agreements only.
    expect((await call("/api/v1/cases", token)).status).toBe(403);
    expect((await t.prisma.integrationToken.findUniqueOrThrow({ where: { id: row.id } })).lastUsedAt).not.toBeNull();
  });

  it("when ADMIN sends a bad token form then it is refused with the fields named and nothing is made", async () => {
    const { agent } = await login(t.app, "admin");
    const before = await t.prisma.integrationToken.count();
    const bad = [
      { name: "", purpose: "x", scopes: "read:cases", skpdId: "", expiresOn: nextYear() },
      { name: "Token tanpa cakupan", purpose: "Uji", skpdId: "", expiresOn: nextYear() },
      { name: "Cakupan asing", purpose: "Uji", scopes: "write:everything", skpdId: "", expiresOn: nextYear() },
      { name: "Tanpa tanggal", purpose: "Uji", scopes: "read:cases", skpdId: "", expiresOn: "" },
      { name: "Terlalu lama", purpose: "Uji", scopes: "read:cases", skpdId: "", expiresOn: addDays(todayJakarta(), 400) },
      { name: "Sudah lewat", purpose: "Uji", scopes: "read:cases", skpdId: "", expiresOn: todayJakarta() },
      { name: "SKPD asing", purpose: "Uji", scopes: "read:cases", skpdId: "999999", expiresOn: nextYear() },
    ];
    for (const body of bad) {
      const res = await postForm(agent, "/admin/integrasi", body, "/admin/integrasi");
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.text).toMatch(/alert-error/);
    }
    const junk = await postForm(agent, "/admin/integrasi", { name: "x", evil: "1" }, "/admin/integrasi");
    expect(junk.status).toBe(400);
    expect(await t.prisma.integrationToken.count()).toBe(before);
  });
});

describe("tokens and scopes", () => {
  it("when calls carry no token, a wrong, an expired or a revoked token, or only a session cookie then each is a 401 with a code and an Indonesian message", async () => {
    const expired = await tokenFor([...API_SCOPES], null, "Kedaluwarsa");
    await t.prisma.integrationToken.updateMany({ where: { name: "Kedaluwarsa" }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const revoked = await tokenFor([...API_SCOPES], null, "Dicabut");
    const { agent } = await login(t.app, "admin");
    const row = await t.prisma.integrationToken.findFirstOrThrow({ where: { name: "Dicabut" } });
    expect((await postForm(agent, `/admin/integrasi/${row.id}/cabut`, {}, `/admin/integrasi/${row.id}`)).status).toBe(302);
    expect((await t.prisma.adminLog.findFirstOrThrow({ where: { action: "integrasi.cabut" }, orderBy: { id: "desc" } })).detail).toMatchObject({
      tokenId: row.id,
    });
    const cases = [
      [null, /Authorization: Bearer/],
      [`kd_${"A".repeat(43)}`, /tidak dikenal/],
      ["bukan-token", /tidak dikenal/],
      [expired, /kedaluwarsa/],
      [revoked, /dicabut/],
    ] as const;
    for (const [token, message] of cases) {
      const res = await call("/api/v1/cases", token);
      expect(res.status, String(token)).toBe(401);
      expect(res.body.code).toBe("UNAUTHENTICATED");
      expect(res.body.message).toMatch(message);
      expect(res.headers["www-authenticate"]).toMatch(/^Bearer/);
    }
    // A signed-in ADMIN's session cookie is no key to the API, and the API sets no cookie.
    const viaSession = await call("/api/v1/cases", null, agent);
    expect(viaSession.status).toBe(401);
    expect(viaSession.headers["set-cookie"]).toBeUndefined();
  });

  it("when a token holds one scope then it reads that resource and gets 403 elsewhere (token × endpoint matrix)", async () => {
    const city = await tokenFor([...API_SCOPES], null, "Semua cakupan");
    const bySkpd = await tokenFor([...API_SCOPES], a.skpd.skpdId, "SKPD pariwisata");
    const one: Record<ApiScope, string> = {
      "read:cases": await tokenFor(["read:cases"]),
      "read:agreements": await tokenFor(["read:agreements"]),
      "read:obligations": await tokenFor(["read:obligations"]),
      "read:evaluations": await tokenFor(["read:evaluations"]),
    };
    const expired = await tokenFor([...API_SCOPES], null, "Kedaluwarsa matriks");
    await t.prisma.integrationToken.updateMany({ where: { name: "Kedaluwarsa matriks" }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const revoked = await tokenFor([...API_SCOPES], null, "Dicabut matriks");
    await t.prisma.integrationToken.updateMany({ where: { name: "Dicabut matriks" }, data: { revokedAt: new Date() } });
    const urls: Record<string, ApiScope> = {
      "/api/v1/cases": "read:cases",
      [`/api/v1/cases/${f.own}`]: "read:cases",
      "/api/v1/agreements": "read:agreements",
      [`/api/v1/agreements/${f.ownAgreement}`]: "read:agreements",
      "/api/v1/obligations": "read:obligations",
      "/api/v1/evaluations": "read:evaluations",
    };
    const identities: Record<string, { token: string | null; expect: (scope: ApiScope) => number }> = {
      none: { token: null, expect: () => 401 },
      expired: { token: expired, expect: () => 401 },
      revoked: { token: revoked, expect: () => 401 },
      city: { token: city, expect: () => 200 },
      skpd: { token: bySkpd, expect: () => 200 },
      ...Object.fromEntries(API_SCOPES.map((s) => [s, { token: one[s], expect: (need: ApiScope) => (need === s ? 200 : 403) }])),
    };
    const got: string[] = [];
    const want: string[] = [];
    for (const [who, id] of Object.entries(identities)) {
      for (const [url, scope] of Object.entries(urls)) {
        const res = await call(url, id.token);
        got.push(`${who} ${url} ${res.status}`);
        want.push(`${who} ${url} ${id.expect(scope)}`);
        if (res.status === 403) {
          expect(res.body.code).toBe("FORBIDDEN");
          expect(res.body.message).toContain(scope);
        }
      }
    }
    expect(got).toEqual(want);
  });

  it("when a token is restricted to one SKPD then it sees only that unit's cases, agreements, obligations and evaluations, and 404 for another's", async () => {
    const bySkpd = await tokenFor([...API_SCOPES], a.skpd.skpdId, "Hanya pariwisata");
    const city = await tokenFor([...API_SCOPES], null, "Seluruh kota");
    const all = async (token: string, path: string) => {
      const out: Item[] = [];
      let cursor: string | null = null;
      do {
        const res = await call(`${path}?limit=2${cursor ? `&cursor=${cursor}` : ""}`, token);
        expect(res.status).toBe(200);
        out.push(...res.body.data!);
        cursor = res.body.nextCursor ?? null;
      } while (cursor);
      return out;
    };
    const cases = await all(bySkpd, "/api/v1/cases");
    expect(cases.length).toBeGreaterThan(0);
    expect(new Set(cases.map((c) => c.skpd!.id))).toEqual(new Set([a.skpd.skpdId]));
    // Like the unit's own users, it sees its drafts; the city-wide reader (as the Pimpinan) does not.
    expect(cases.map((c) => c.id)).toContain(f.draft);
    expect(cases.map((c) => c.id)).not.toContain(f.other);
    const cityCases = (await all(city, "/api/v1/cases")).map((c) => c.id);
    expect(cityCases).toEqual(expect.arrayContaining([f.own, f.other]));
    expect(cityCases).not.toContain(f.draft);
    // Paging by cursor: ascending ids, none twice.
    expect(cityCases).toEqual([...new Set(cityCases)].sort((x, y) => x - y));

    const agreements = await all(bySkpd, "/api/v1/agreements");
    expect(new Set(agreements.map((x) => x.skpd!.id))).toEqual(new Set([a.skpd.skpdId]));
    const ownCaseIds = new Set(cases.map((c) => c.id));
    for (const o of await all(bySkpd, "/api/v1/obligations")) expect(ownCaseIds.has(o.caseId!)).toBe(true);
    const evaluations = await all(bySkpd, "/api/v1/evaluations");
    for (const e of evaluations) expect(ownCaseIds.has(e.caseId!)).toBe(true);
    expect((await all(city, "/api/v1/evaluations")).some((e) => e.caseId === f.other)).toBe(true);

    for (const path of [`/api/v1/cases/${f.other}`, `/api/v1/agreements/${f.otherAgreement}`]) {
      const res = await call(path, bySkpd);
      expect(res.status, path).toBe(404);
      expect(res.body.code).toBe("NOT_FOUND");
      expect(res.body.message).toMatch(/tidak ditemukan/);
      expect((await call(path, city)).status).toBe(200);
    }
    const detail = await call(`/api/v1/cases/${f.own}`, bySkpd);
    expect(detail.body.agreements!.map((x) => x.id)).toContain(f.ownAgreement);
    const obligation = (await call(`/api/v1/obligations?caseId=${f.own}`, bySkpd)).body.data![0];
    expect(obligation).toMatchObject({ id: f.obligation, contribution: 125_000_000, dueOn: "2027-06-30", party: "MITRA" });
  });

  it("when the query is wrong then it is a 400 naming each field in Indonesian, and a bad or unknown id is a 404", async () => {
    const token = await tokenFor([...API_SCOPES]);
    for (const [path, field] of [
      ["/api/v1/cases?limit=0", "limit"],
      ["/api/v1/cases?limit=101", "limit"],
      ["/api/v1/cases?limit=abc", "limit"],
      ["/api/v1/cases?status=DIHAPUS", "status"],
      ["/api/v1/agreements?cursor=-1", "cursor"],
      ["/api/v1/evaluations?bogus=1", "bogus"],
      ["/api/v1/obligations?caseId=1&caseId=2", "caseId"],
    ] as const) {
      const res = await call(path, token);
      expect(res.status, path).toBe(400);
      expect(res.body.code).toBe("BAD_INPUT");
      expect(res.body.fields!.map((x) => x.field).join(",")).toContain(field);
      expect(res.body.message).toMatch(/^Parameter tidak valid/);
    }
    for (const path of ["/api/v1/cases/abc", "/api/v1/cases/999999", "/api/v1/agreements/0"]) {
      const res = await call(path, token);
      expect(res.status, path).toBe(404);
      expect(res.body.code).toBe("NOT_FOUND");
    }
    const unknown = await request(t.app).get("/api/v1/tidak-ada").set("Authorization", `Bearer ${token}`);
    expect(unknown.status).toBe(404);
    expect((unknown.body as Body).code).toBe("NOT_FOUND");
  });
});

describe("limits and the call log", () => {
  it("when a token goes over its calls per minute then it gets 429 with Retry-After, and another token is not affected", async () => {
    const busy = await tokenFor(["read:cases"], null, "Sibuk");
    const calm = await tokenFor(["read:cases"], null, "Tenang");
    for (let i = 0; i < PER_MINUTE; i++) expect((await request(t.app).get("/api/v1/cases?limit=1").set("Authorization", `Bearer ${busy}`)).status).toBe(200);
    const over = await call("/api/v1/cases?limit=1", busy);
    expect(over.status).toBe(429);
    expect(over.body.code).toBe("RATE_LIMIT");
    expect(Number(over.headers["retry-after"])).toBeGreaterThan(0);
    expect((await call("/api/v1/cases?limit=1", calm)).status).toBe(200);
  });

  it("when one address keeps calling without a valid token then after its budget it gets 429, those calls stop filling the log, and a valid token still reads", async () => {
    const strict = await buildTestApp({ env: { API_ANONYMOUS_PER_MINUTE: "3" } });
    try {
      const admin = must(await strict.prisma.user.findFirst({ where: { username: "admin" } }), "the admin");
      const good = (
        await createToken(
          strict.prisma,
          { ...a.admin, id: admin.id },
          { name: "Sah", purpose: "Uji", scopes: ["read:cases"], skpdId: null, expiresOn: nextYear() },
        )
      ).token;
      const guess = () => request(strict.app).get("/api/v1/cases").set("Authorization", "Bearer kd_tebakan");
      for (let i = 0; i < 3; i++) expect((await guess()).status).toBe(401);
      const over = await guess();
      expect(over.status).toBe(429);
      expect((over.body as { message: string }).message).toMatch(/tanpa token yang sah/);
      expect(Number(over.headers["retry-after"])).toBeGreaterThan(0);
      for (let i = 0; i < 10; i++) expect((await guess()).status).toBe(429);
      // Let the last answers' log writes land, then count: the three 401s and the first 429 only.
      await new Promise((r) => setTimeout(r, 200));
      expect(await strict.prisma.apiCall.count({ where: { tokenId: null } })).toBe(4);
      expect((await request(strict.app).get("/api/v1/cases?limit=1").set("Authorization", `Bearer ${good}`)).status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it("when a token is used then each call is logged with its status, and ADMIN sees them on the token's page", async () => {
    const token = await tokenFor(["read:cases"], null, "Tercatat");
    const row = await t.prisma.integrationToken.findFirstOrThrow({ where: { name: "Tercatat" } });
    await call("/api/v1/cases?limit=1", token);
    await call("/api/v1/agreements", token);
    await vi.waitFor(async () => expect(await t.prisma.apiCall.count({ where: { tokenId: row.id } })).toBe(2));
    const calls = await t.prisma.apiCall.findMany({ where: { tokenId: row.id }, orderBy: { id: "asc" } });
    expect(calls.map((c) => [c.method, c.path, c.status])).toEqual([
      ["GET", "/api/v1/cases?limit=1", 200],
      ["GET", "/api/v1/agreements", 403],
    ]);
    expect(calls[0]!.address).not.toBe("");
    const { agent } = await login(t.app, "admin");
    const page = await agent.get(`/admin/integrasi/${row.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("/api/v1/agreements");
    expect(page.text).toContain("403");
    // A call without a valid token is logged too, with no token.
    await request(t.app).get("/api/v1/cases?dari=tanpa-token");
    await vi.waitFor(async () =>
      expect(await t.prisma.apiCall.count({ where: { tokenId: null, path: "/api/v1/cases?dari=tanpa-token", status: 401 } })).toBe(1),
    );
  });

  it("when the hourly sweeps run then calls older than the keeping time are deleted and newer ones kept", async () => {
    const old = new Date(Date.now() - (API_CALL_KEEP_DAYS + 1) * 86_400_000);
    const recent = new Date(Date.now() - (API_CALL_KEEP_DAYS - 1) * 86_400_000);
    const base = { tokenId: null, method: "GET", status: 401, durationMs: 1, address: "127.0.0.1" };
    await t.prisma.apiCall.createMany({
      data: [
        { ...base, path: "/api/v1/lama", createdAt: old },
        { ...base, path: "/api/v1/baru", createdAt: recent },
      ],
    });
    // Empty folders of its own: only the database sweeps have anything to do.
    const dir = mkdtempSync(path.join(tmpdir(), "kd-api-sweep-"));
    await sweepAll(t.prisma, { uploads: dir, parse: dir, backups: dir });
    rmSync(dir, { recursive: true, force: true });
    expect(await t.prisma.apiCall.count({ where: { path: "/api/v1/lama" } })).toBe(0);
    expect(await t.prisma.apiCall.count({ where: { path: "/api/v1/baru" } })).toBe(1);
  });

  it("when someone who is not ADMIN opens the token pages then they are refused", async () => {
    const { agent } = await login(t.app, "kabag");
    expect((await agent.get("/admin/integrasi")).status).toBe(403);
    const res = await postForm(agent, "/admin/integrasi", { name: "Nakal", purpose: "Uji", scopes: "read:cases", skpdId: "", expiresOn: nextYear() }, "/");
    expect(res.status).toBe(403);
    expect(await t.prisma.integrationToken.count({ where: { name: "Nakal" } })).toBe(0);
  });
});
