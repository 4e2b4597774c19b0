// Issue 20: PostgreSQL ends one of the app's sessions (a fast restart, a failover,
// idle_in_transaction_session_timeout, pg_terminate_backend). Only the request that
// session served fails, with the 503 page; the process lives and the pool recovers.
// PostgreSQL only: PGlite has no server to end a session.
import pg from "pg";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { must } from "../../src/platform/must.js";
import { isConnectionFailure } from "../../src/platform/db/errors.js";
import { buildTestApp, csrfFrom, login, type TestApp } from "../helpers/app.js";
import { caseAtRow, demoActors } from "../helpers/workflow.js";

const onPostgres = !!process.env.TEST_DATABASE_URL;
let t: TestApp;
let admin: pg.Client;
beforeAll(async () => {
  if (!onPostgres) return;
  t = await buildTestApp();
  admin = new pg.Client({ connectionString: t.db.url });
  await admin.connect();
});
afterAll(async () => {
  // Unset when not on PostgreSQL, or when the set-up failed half-way.
  await (admin as pg.Client | undefined)?.end();
  await Promise.race([(t as TestApp | undefined)?.close(), new Promise((r) => setTimeout(r, 15_000).unref())]);
}, 30_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!onPostgres)("a database session ended by the server", () => {
  const endMidTransaction = async (kind: "prisma" | "plain") => {
    const inside = async (pidOf: () => Promise<number>, next: () => Promise<unknown>) => {
      await admin.query("SELECT pg_terminate_backend($1)", [await pidOf()]);
      // The socket closes while the client is checked out and idle: the moment an unheard 'error' event killed the process.
      await sleep(500);
      await next();
    };
    const run =
      kind === "prisma"
        ? t.prisma.$transaction((tx) =>
            inside(
              async () => must((await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`)[0], "the backend").pid,
              () => tx.$queryRaw`SELECT 1`,
            ),
          )
        : t.db.sqlTransaction((sql) =>
            inside(
              async () => must((await sql<{ pid: number }>("SELECT pg_backend_pid() AS pid"))[0], "the backend").pid,
              () => sql("SELECT 1"),
            ),
          );
    return run.then(
      () => null,
      (e: unknown) => e,
    );
  };

  for (const kind of ["prisma", "plain"] as const) {
    it(`when the server ends the session of an open ${kind} transaction while it waits between statements then that transaction fails as a connection failure, the process lives and the next query works`, async () => {
      const failure = await endMidTransaction(kind);
      expect(failure).not.toBeNull();
      expect(isConnectionFailure(failure)).toBe(true);
      for (let i = 0; i < 12; i++) expect(await t.prisma.user.count()).toBeGreaterThan(0);
      expect((await t.db.sql<{ one: number }>("SELECT 1 AS one"))[0]?.one).toBe(1);
    });
  }

  it("when the server ends the session in the middle of an action then that request is a 503 with Retry-After, nothing changed, and the same form then goes through", async () => {
    const a = await demoActors(t.prisma);
    const c = await caseAtRow(t.prisma, a, 2, { title: "Sesi yang diakhiri server" });
    await admin.query(`
      CREATE OR REPLACE FUNCTION kd_end_session() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $$;
      CREATE TRIGGER kd_end_session AFTER INSERT ON "CaseEvent" FOR EACH ROW WHEN (NEW."caseId" = ${c.id}) EXECUTE FUNCTION kd_end_session();`);
    try {
      const { agent } = await login(t.app, "penatalaksana");
      const token = await csrfFrom(agent, `/kasus/${c.id}`);
      const send = () =>
        agent
          .post(`/kasus/${c.id}/aksi`)
          .type("form")
          .send({ _csrf: token, version: String(c.version), action: "lanjut" });
      const res = await send();
      expect(res.status).toBe(503);
      expect(res.headers["retry-after"]).toBeDefined();
      await sleep(300);
      expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).version).toBe(c.version);
      // Other users go on being served by the same process and pool.
      const other = await request(t.app).get("/healthz");
      expect(other.status).toBe(200);
      await admin.query(`DROP TRIGGER kd_end_session ON "CaseEvent"`);
      const again = await send();
      expect(again.status).toBe(302);
      expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).version).toBe(c.version + 1);
    } finally {
      await admin.query(`DROP TRIGGER IF EXISTS kd_end_session ON "CaseEvent"`);
    }
  });
});
