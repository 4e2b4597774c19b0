import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { must } from "../../src/platform/must.js";
import { openPglite } from "../../src/platform/db/client.js";
import { readMigrations } from "../../src/platform/db/migrate.js";
import { datamodel, datasource, openSchemaEngine } from "../../scripts/schema-engine.mjs";
import { buildTestApp, login, type TestApp } from "../helpers/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe("health", () => {
  it("when the database answers then /healthz is 200", async () => {
    const res = await request(t.app).get("/healthz");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "ok", database: "ok", documents: "ok", storage: "ok", storageReserveMb: 64 });
    expect((res.body as { storageFreeMb: number }).storageFreeMb).toBeGreaterThan(64);
  });

  it("when the database is closed then /healthz is 503", async () => {
    const other = await buildTestApp({ demo: false });
    await other.db.close();
    const res = await request(other.app).get("/healthz");
    expect(res.status).toBe(503);
    const body = res.body as Record<string, unknown>;
    expect(body.database).toBe("unreachable");
    expect(body.documents).toBe("unreachable");
    expect(res.headers["retry-after"]).toBe("30");
    await other.close();
  });

  it("when the database stops answering mid-session then pages are a 503 in Indonesian with Retry-After, and they work again once it answers", async () => {
    const { createApp } = await import("../../src/app.js");
    const { createLogger } = await import("../../src/platform/logger.js");
    let down = false;
    const outage = () => Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), { code: "P1001" });
    // The same database behind a switch: while down, every query fails like a lost connection.
    const wrap = <T extends object>(target: T): T =>
      new Proxy(target, {
        get(obj, prop, recv) {
          const v = Reflect.get(obj, prop, recv);
          if (typeof v === "function") return (...args: unknown[]): unknown => (down ? Promise.reject(outage()) : v.apply(obj, args));
          if (v && typeof v === "object" && typeof prop === "string" && !prop.startsWith("_")) return wrap(v);
          return v;
        },
      });
    const db = {
      ...t.db,
      prisma: wrap(t.db.prisma),
      sql: <T>(text: string, params?: unknown[]) => (down ? Promise.reject(outage()) : t.db.sql<T>(text, params)),
      ping: async () => !down && t.db.ping(),
    };
    const lines: string[] = [];
    const { Writable } = await import("node:stream");
    const app = createApp({
      config: t.config,
      db,
      logger: createLogger(
        "error",
        new Writable({
          write(c, _e, cb) {
            lines.push(String(c));
            cb();
          },
        }),
      ),
    });
    const agent = request.agent(app);
    const token = must(/name="_csrf" value="([^"]+)"/.exec((await agent.get("/login")).text)?.[1], "the form's token");
    await agent.post("/login").type("form").send({ _csrf: token, username: "kabag", password: "kerjasama-demo" });
    expect((await agent.get("/kasus")).status).toBe(200);
    down = true;
    for (let i = 0; i < 3; i++) {
      const res = await agent.get("/kasus");
      expect(res.status).toBe(503);
      expect(res.headers["retry-after"]).toBe("30");
      expect(res.text).toContain("Basis data sedang tidak dapat dihubungi");
    }
    expect((await request(app).get("/healthz")).status).toBe(503);
    expect(lines.filter((l) => l.includes("database unreachable"))).toHaveLength(1);
    down = false;
    expect((await agent.get("/kasus")).status).toBe(200);
    expect((await request(app).get("/healthz")).status).toBe(200);
  });
});

describe("pages", () => {
  it("when a page does not exist then a friendly 404 in Indonesian is shown", async () => {
    const { agent } = await login(t.app, "kabag");
    const res = await agent.get("/tidak-ada");
    expect(res.status).toBe(404);
    expect(res.text).toContain("Tidak ditemukan");
    expect(res.text).toContain("Kembali ke beranda");
  });

  it("when any response is sent then it carries a request id and security headers", async () => {
    const res = await request(t.app).get("/login");
    expect(res.headers["x-request-id"]).toMatch(/^[\w-]{8,}$/);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-powered-by"]).toBeUndefined();
  });

  it("when a logged-in user has a role then the home page lists only the links for it", async () => {
    const { agent } = await login(t.app, "admin");
    const res = await agent.get("/");
    expect(res.text).toContain('href="/admin/pengguna"');
    expect(res.text).toContain("Administrator");
  });
});

describe("sessions", () => {
  it("when a session has been idle past its expiry then it is no longer accepted", async () => {
    const { agent } = await login(t.app, "penatalaksana");
    expect((await agent.get("/")).status).toBe(200);
    await t.prisma.session.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await agent.get("/");
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe("/login");
  });

  it("when sessions are stored then they live in the database with the user's id", async () => {
    await login(t.app, "kabag");
    const kabag = await t.prisma.user.findUniqueOrThrow({ where: { username: "kabag" } });
    expect(await t.prisma.session.count({ where: { userId: kabag.id } })).toBeGreaterThan(0);
  });
});

describe("migrations", () => {
  it("when the migrations run on an empty database then every one is recorded for the Prisma CLI", async () => {
    const names = readMigrations().map((m) => m.name);
    const rows = await t.prisma.$queryRaw<{ migration_name: string }[]>`SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`;
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    // Running again applies nothing.
    expect(await t.db.migrate()).toEqual([]);
  });

  it("when the migrations are applied then the schema has nothing left to push", async () => {
    // Prisma's schema engine (WebAssembly, scripts/schema-engine.mjs) compares the migrated
    // database with prisma/schema.prisma; a difference is drift: a migration is missing.
    const lite = new PGlite();
    const db = await openPglite({ pglite: lite });
    await db.migrate();
    const files: [string, string][] = [["prisma/schema.prisma", readFileSync("prisma/schema.prisma", "utf8")]];
    const engine = await openSchemaEngine(new PrismaPGlite(lite), files);
    try {
      const out = await engine.diff({ from: datasource(files), to: datamodel(files), script: true, exitCode: true });
      expect(out.stdout).toBe("-- This is an empty migration.\n");
      expect(out.exitCode).toBe(0);
    } finally {
      engine.close();
      await db.close(); // closes `lite` too
    }
  }, 90_000);
});
