// The real app, in-process, on a fresh database: for supertest and browser tests.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import request from "supertest";
import { createApp, type App } from "../../src/app.js";
import { hashPassword } from "../../src/features/auth/password.js";
import { loadConfig, type Config } from "../../src/platform/config.js";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { createLogger, type Logger } from "../../src/platform/logger.js";
import type { RoleName } from "../../src/core/users/roles.js";
import { must } from "../../src/platform/must.js";
import { freshDatabase, type TestDatabase } from "./db.js";
import { open } from "../../src/platform/secret-box.js";
import { codeAt } from "../../src/features/second-factor/totp.js";

export type TestApp = { app: App; db: TestDatabase; prisma: PrismaClient; config: Config; close(): Promise<void> };

export async function buildTestApp(opts: { demo?: boolean; env?: Record<string, string>; logger?: Logger } = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "kd-app-"));
  const config = loadConfig({
    NODE_ENV: "test",
    DATA_DIR: dataDir,
    SESSION_SECRET: "test-secret-test-secret-test-secret-0123456789",
    LOG_LEVEL: "silent",
    // The route matrix and the API's tests call /api/v1 without a token hundreds of times from one address.
    API_ANONYMOUS_PER_MINUTE: "1000000",
    ...opts.env,
  });
  // Seeded once per run into the template (global-setup.ts), as seedMasterData and seedDemo would here.
  const db = await freshDatabase(opts.demo === false ? "master" : "demo");
  const app = createApp({ config, db, logger: opts.logger ?? createLogger("silent") });
  testApps.set(app, { prisma: db.prisma, secret: config.sessionSecret });
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

/** What login() needs of a test app besides the app: its database and its secret (for the second factor). */
const testApps = new WeakMap<App, { prisma: PrismaClient; secret: string }>();

/**
 * Logs in through the login form; where a second factor is asked (ADMIN always), gives
 * it as the user would: sets it up from the page's secret the first time, then a code
 * from the stored secret. The returned `res` is the last answer (a redirect into the app).
 */
export async function login(app: App, username: string, password = "kerjasama-demo") {
  const agent = request.agent(app);
  const token = await csrfFrom(agent);
  let res = await agent.post("/login").type("form").send({ _csrf: token, username, password });
  if (res.status === 302 && res.headers.location === "/login/faktor-kedua") res = await giveSecondFactor(app, agent, username);
  return { agent, res };
}

/** The TOTP secret of a user who has set one up (read from the database, as the app does). */
export async function totpSecretOf(app: App, username: string): Promise<string> {
  const t = must(testApps.get(app), "a test app built by buildTestApp");
  const u = await t.prisma.user.findUniqueOrThrow({ where: { username } });
  return must(open(t.secret, must(u.totpSecret, `${username}'s TOTP secret`)), `${username}'s TOTP secret, opened`);
}

/** The secret shown on a set-up page (grouped by four), or null when the page asks for a code instead. */
export const enrolSecretOn = (html: string): string | null => /id="secret">\s*([A-Z2-7 ]+?)\s*</.exec(html)?.[1]?.replace(/ /g, "") ?? null;

/** Answers the second-factor page of a login half-way through. */
export async function giveSecondFactor(app: App, agent: request.Agent, username: string) {
  const page = await agent.get("/login/faktor-kedua");
  const token = must(/name="_csrf" value="([^"]+)"/.exec(page.text)?.[1], "the CSRF token of the second-factor page");
  let secret = enrolSecretOn(page.text);
  if (!secret) {
    secret = await totpSecretOf(app, username);
    // The tests sign in as one administrator many times a minute, which nobody with one
    // phone can: the marker of the last code used is cleared (second-factor.test.ts tests the replay rule).
    await must(testApps.get(app), "a test app").prisma.user.update({ where: { username }, data: { totpLastStep: null } });
  }
  return agent
    .post("/login/faktor-kedua")
    .type("form")
    .send({ _csrf: token, code: await codeAt(secret, Date.now()) });
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
