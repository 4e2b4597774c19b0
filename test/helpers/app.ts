// The real app, in-process, on a fresh database: for supertest and browser tests.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import request from "supertest";
import { createApp, type App } from "../../src/app.js";
import { hashPassword } from "../../src/features/auth/password.js";
import { loadConfig, type Config } from "../../src/platform/config.js";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { createLogger } from "../../src/platform/logger.js";
import type { RoleName } from "../../src/core/users/roles.js";
import { must } from "../../src/platform/must.js";
import { freshDatabase, type TestDatabase } from "./db.js";

export type TestApp = { app: App; db: TestDatabase; prisma: PrismaClient; config: Config; close(): Promise<void> };

export async function buildTestApp(opts: { demo?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "kd-app-"));
  const config = loadConfig({
    NODE_ENV: "test",
    DATA_DIR: dataDir,
    SESSION_SECRET: "test-secret-test-secret-test-secret-0123456789",
    LOG_LEVEL: "silent",
    ...opts.env,
  });
  // Seeded once per run into the template (global-setup.ts), as seedMasterData and seedDemo would here.
  const db = await freshDatabase(opts.demo === false ? "master" : "demo");
  const app = createApp({ config, db, logger: createLogger("silent") });
  return {
    app,
    db,
    prisma: db.prisma,
    config,
    async close() {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The CSRF token of the form on a page the agent fetches. */
export async function csrfFrom(agent: request.Agent, url = "/login"): Promise<string> {
  const res = await agent.get(url);
  const m = /name="_csrf" value="([^"]+)"/.exec(res.text);
  if (!m) throw new Error(`no CSRF token on ${url} (status ${res.status})`);
  return must(m[1], `the CSRF token's value on ${url}`);
}

export async function login(app: App, username: string, password = "kerjasama-demo") {
  const agent = request.agent(app);
  const token = await csrfFrom(agent);
  const res = await agent.post("/login").type("form").send({ _csrf: token, username, password });
  return { agent, res };
}

/** POST a form as a logged-in agent, with a CSRF token taken from `from`. */
export async function postForm(agent: request.Agent, url: string, body: Record<string, unknown>, from = "/") {
  const token = await csrfFrom(agent, from);
  return agent
    .post(url)
    .type("form")
    .send({ _csrf: token, ...body });
}

let userSeq = 0;
export async function makeUser(prisma: PrismaClient, opts: { roles: RoleName[]; skpdCode?: string; password?: string; active?: boolean; username?: string }) {
  const skpd = opts.skpdCode ? await prisma.skpd.findUniqueOrThrow({ where: { code: opts.skpdCode } }) : null;
  return prisma.user.create({
    data: {
      username: opts.username ?? `user${++userSeq}.${Date.now() % 100000}`,
      fullName: "Pengguna Uji",
      roles: opts.roles,
      skpdId: skpd?.id ?? null,
      active: opts.active ?? true,
      passwordHash: await hashPassword(opts.password ?? "kerjasama-demo"),
    },
  });
}

/** GET a binary response (a download) as bytes. */
export async function getBytes(
  client: { get(url: string): request.Test },
  url: string,
): Promise<{ status: number; body: Buffer; headers: Record<string, string> }> {
  const res = await client
    .get(url)
    .buffer(true)
    .parse((r, cb) => {
      const parts: Buffer[] = [];
      r.on("data", (x: Buffer) => parts.push(x));
      r.on("end", () => cb(null, Buffer.concat(parts)));
    });
  // superagent skips the parser above for a response without a body (204, 304, Content-Length 0): no bytes.
  const raw: unknown = res.body;
  const body = Buffer.isBuffer(raw) ? raw : Buffer.alloc(0);
  // supertest types headers as any; a response's headers are strings by name.
  const headers = res.headers as Record<string, string>;
  return { status: res.status, body, headers };
}
