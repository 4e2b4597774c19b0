// Pages keep figures per data revision: any write, by any path, shows at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { must } from "../../src/platform/must.js";
import { existsSync, readdirSync } from "node:fs";
import { seedDemoCases } from "../../src/features/seed/demo-cases.js";
import { removeStaleUploads, uploadTmpDir } from "../../src/platform/http/upload.js";
import { CHUNK_BYTES } from "../../src/platform/files/blob-store.js";
import { createApp } from "../../src/app.js";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { createLogger } from "../../src/platform/logger.js";
import { buildTestApp, csrfFrom, login, type TestApp } from "../helpers/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await seedDemoCases(t.prisma);
}, 300_000);
afterAll(() => t.close());

const tmpFiles = () => (existsSync(uploadTmpDir(t.config.dataDir)) ? readdirSync(uploadTmpDir(t.config.dataDir)) : []);
const revision = async () => must((await t.prisma.$queryRaw<{ v: bigint }[]>`SELECT last_value AS v FROM "data_revision"`)[0], "the data revision").v;

describe("cached pages follow every write", () => {
  it("when a write bypasses the app (another instance, a script) then the next page shows it", async () => {
    const { agent } = await login(t.app, "kabag");
    const c = await t.prisma.case.findFirstOrThrow({ where: { status: "IN_PROGRESS" }, orderBy: { id: "asc" } });
    expect((await agent.get(`/kasus/${c.id}`)).text).toContain(c.title);
    await agent.get(`/kasus/${c.id}`); // now served from the cache
    await t.prisma.case.update({ where: { id: c.id }, data: { title: `${c.title} (judul diperbarui)` } });
    expect((await agent.get(`/kasus/${c.id}`)).text).toContain("(judul diperbarui)");
    const list = await agent.get("/kasus?q=judul+diperbarui");
    expect(list.text).toContain("(judul diperbarui)");
  });

  it("when a task is closed then the menu badge and the home page count change on the next page", async () => {
    const { agent } = await login(t.app, "kabag");
    // The menu's inbox entry must be there; its badge is absent only when nothing is held (a missing
    // badge is not read as zero when the menu itself is missing).
    const badge = async () => {
      const page = (await agent.get("/notifikasi")).text;
      const entry = /<a href="\/inbox"[^>]*>[^<]*(?:<span class="badge">(\d+)<\/span>)?<\/a>/.exec(page);
      expect(entry, "the menu's inbox entry").not.toBeNull();
      return Number(entry?.[1] ?? 0);
    };
    const homeCount = async () => {
      const m = /<a class="card stat" href="\/inbox"><span class="stat-n">(\d+)<\/span>/.exec((await agent.get("/")).text);
      expect(m, "the home page's task count").not.toBeNull();
      return Number(m![1]);
    };
    const before = await badge();
    // At least two held, so that after one is closed the badge must still show (1 or more), not vanish.
    expect(before).toBeGreaterThan(1);
    expect(await homeCount()).toBe(before);
    const held = await t.prisma.task.findFirstOrThrow({ where: { status: "OPEN", roles: { has: "KABAG" } } }).catch(async () => {
      // The PGlite adapter cannot bind enum arrays: find one in SQL.
      const [row] = await t.prisma.$queryRaw<{ id: number }[]>`SELECT id FROM "Task" WHERE status = 'OPEN' AND 'KABAG' = ANY(roles) ORDER BY id LIMIT 1`;
      return t.prisma.task.findUniqueOrThrow({ where: { id: must(row, "a task KABAG holds").id } });
    });
    await t.prisma.task.update({ where: { id: held.id }, data: { status: "CANCELLED" } });
    expect(await badge()).toBe(before - 1);
    expect(await homeCount()).toBe(before - 1);
  });

  it("when pages are read, sessions touched or failed logins counted then the revision does not move (pages stay cached)", async () => {
    const { agent } = await login(t.app, "kasubbag");
    const r0 = await revision();
    for (const url of ["/", "/inbox", "/kasus", "/perjanjian", "/sop"]) expect((await agent.get(url)).status).toBe(200);
    await login(t.app, "kasubbag", "salah-sandi");
    expect(await revision()).toBe(r0);
    await t.prisma.setting.findMany();
    expect(await revision()).toBe(r0);
    // A poll that finds nothing to change (the mail outbox, a reminder run) changes no row: caches stay.
    await t.prisma.notification.updateMany({ where: { id: -1 }, data: { readAt: new Date() } });
    expect(await revision()).toBe(r0);
  });
});

describe("what a logged-in request costs", () => {
  /** The same database, with every statement counted: plain SQL and Prisma operations. */
  function countingApp() {
    const counts = { sql: [] as string[], prisma: [] as string[] };
    const prisma = t.prisma.$extends({
      query: {
        async $allOperations({ model, operation, args, query }) {
          counts.prisma.push(`${model ?? ""}.${operation}`);
          return query(args) as Promise<unknown>;
        },
      },
    }) as unknown as PrismaClient;
    const sql: typeof t.db.sql = (text, params) => {
      counts.sql.push(text);
      return t.db.sql(text, params);
    };
    const app = createApp({ config: t.config, db: { ...t.db, prisma, sql }, logger: createLogger("silent") });
    return { app, counts };
  }

  it("when a cached page is requested then the session, the user and the data revision are read in one statement", async () => {
    const { app, counts } = countingApp();
    const { agent } = await login(app, "kabag");
    const c = await t.prisma.case.findFirstOrThrow({ where: { status: "IN_PROGRESS" }, orderBy: { id: "asc" } });
    for (const url of ["/sop", "/inbox", "/", "/dashboard", "/perjanjian", "/notifikasi", `/kasus/${c.id}`]) {
      await agent.get(url); // fills the page's cache at this revision
      counts.sql.length = 0;
      counts.prisma.length = 0;
      const res = await agent.get(url);
      expect(res.status).toBe(200);
      expect(res.text).toContain("Kepala Bagian"); // the user was loaded: the page names them
      expect(counts.sql, url).toHaveLength(1);
      expect(counts.sql[0]).toContain(`FROM "Session"`);
      expect(counts.prisma, url).toEqual([]);
    }
  });

  it("when the user is deactivated or their position changes then the very next request sees it", async () => {
    const { app } = countingApp();
    const { agent } = await login(app, "kasubbag");
    expect((await agent.get("/inbox")).status).toBe(200);
    const u = await t.prisma.user.findUniqueOrThrow({ where: { username: "kasubbag" } });
    await t.prisma.user.update({ where: { id: u.id }, data: { fullName: "Nama Baru Kasubbag" } });
    expect((await agent.get("/inbox")).text).toContain("Nama Baru Kasubbag");
    await t.prisma.user.update({ where: { id: u.id }, data: { active: false } });
    const res = await agent.get("/inbox");
    await t.prisma.user.update({ where: { id: u.id }, data: { active: true, fullName: u.fullName } });
    expect(res.status).toBe(302);
    expect(res.headers.location).toMatch(/^\/login/);
  });
});

describe("uploads stream through a temporary file", () => {
  it("when a document is uploaded then it is stored and no temporary file is left", async () => {
    const { agent } = await login(t.app, "kabag");
    const c = await t.prisma.case.findFirstOrThrow({ where: { status: "IN_PROGRESS" }, orderBy: { id: "asc" } });
    const pdf = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(700 * 1024, 7)]);
    const token = await csrfFrom(agent, `/kasus/${c.id}`);
    const res = await agent.post(`/kasus/${c.id}/dokumen`).field("_csrf", token).field("kind", "lainnya").attach("file", pdf, "besar.pdf");
    expect(res.status).toBe(302);
    const doc = await t.prisma.document.findFirstOrThrow({ where: { caseId: c.id, originalName: "besar.pdf" } });
    expect(doc.size).toBe(pdf.length);
    expect(await t.prisma.blobChunk.count({ where: { sha256: doc.sha256 } })).toBe(Math.ceil(pdf.length / CHUNK_BYTES));
    const download = await agent
      .get(`/dokumen/${doc.id}`)
      .buffer(true)
      .parse((r, cb) => {
        const parts: Buffer[] = [];
        r.on("data", (b: Buffer) => parts.push(b));
        r.on("end", () => cb(null, Buffer.concat(parts)));
      });
    expect(Buffer.compare(download.body as Buffer, pdf)).toBe(0);
    await new Promise((r) => setTimeout(r, 50));
    expect(tmpFiles()).toEqual([]);
  });

  it("when an upload is refused (not a PDF) then no temporary file is left either", async () => {
    const { agent } = await login(t.app, "kabag");
    const c = await t.prisma.case.findFirstOrThrow({ where: { status: "IN_PROGRESS" }, orderBy: { id: "asc" } });
    const token = await csrfFrom(agent, `/kasus/${c.id}`);
    const res = await agent.post(`/kasus/${c.id}/dokumen`).field("_csrf", token).field("kind", "lainnya").attach("file", Buffer.from("bukan pdf"), "palsu.pdf");
    expect(res.status).toBe(302);
    await new Promise((r) => setTimeout(r, 50));
    expect(tmpFiles()).toEqual([]);
  });
});

describe("a killed upload leaves nothing behind for long", () => {
  it("when the app starts then upload files older than an hour are removed and newer ones kept", async () => {
    const { mkdirSync, utimesSync, writeFileSync } = await import("node:fs");
    const dir = uploadTmpDir(t.config.dataDir);
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/lama`, "x");
    writeFileSync(`${dir}/baru`, "x");
    const old = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(`${dir}/lama`, old, old);
    expect(await removeStaleUploads(t.config.dataDir)).toBe(1);
    expect(tmpFiles()).toEqual(["baru"]);
    await removeStaleUploads(t.config.dataDir, 0);
    expect(tmpFiles()).toEqual([]);
  });
});
