// Issue 9: backup and restore, documents included, checked against a manifest.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import type { Database } from "../../src/platform/db/client.js";
import { openSeededFolder } from "../helpers/server-process.js";
import { backup, restore, verify } from "../../src/features/ops/backup.js";
import { createLogger } from "../../src/platform/logger.js";
import { seedDemoCases } from "../../src/features/seed/demo-cases.js";
import { applyTransition } from "../../src/core/workflow/transition-service.js";
import { freshDatabase, type TestDatabase } from "../helpers/db.js";
import { buildTestApp, csrfFrom, type TestApp } from "../helpers/app.js";
import { buildCase, demoActors, file, PDF } from "../helpers/workflow.js";
import { must } from "../../src/platform/must.js";
import request from "supertest";

let t: TestApp;
let target: TestDatabase;
const dir = mkdtempSync(path.join(tmpdir(), "kd-backup-"));
beforeAll(async () => {
  t = await buildTestApp();
  await seedDemoCases(t.prisma);
  const a = await demoActors(t.prisma);
  // A document that spans several chunks.
  const c = await buildCase(t.prisma, a, { row: 6, title: "Cadangan dengan berkas besar" });
  const big = Buffer.concat([PDF, Buffer.alloc(600 * 1024, 7)]);
  await applyTransition(t.prisma, {
    caseId: c.id,
    expectedVersion: c.version,
    actionId: "setuju",
    user: a.kabag,
    uploads: [{ kind: "disposisi", file: await file("besar.pdf", big) }],
  });
  target = await freshDatabase();
}, 120_000);
afterAll(async () => {
  await (target as TestDatabase | undefined)?.close();
  await t.close();
});

const counts = async (db: TestDatabase["prisma"]) =>
  Object.fromEntries(
    await Promise.all(
      ["case", "task", "caseEvent", "document", "blob", "blobChunk", "registerNumber", "agreement", "user", "notification"].map(
        async (m): Promise<[string, number]> => [
          m,
          await must((db as unknown as Partial<Record<string, { count: () => Promise<number> }>>)[m], `the model ${m}`).count(),
        ],
      ),
    ),
  );

describe("backup and restore", () => {
  it("when the database is backed up and restored into an empty one then every count and every document's bytes are identical, and the restored app serves a document", async () => {
    const f = path.join(dir, "lengkap.kdbackup");
    const { manifest } = await backup(t.prisma, f);
    expect(must(manifest.Document, "the Document table in the manifest").rows).toBeGreaterThan(0);
    expect((await verify(f)).manifest).toEqual(manifest);
    await restore(target.prisma, f);
    expect(await counts(target.prisma)).toEqual(await counts(t.prisma));
    // The open data's history of changes is the backup's: restoring is no change of the data.
    const changes = (db: typeof t.prisma) => db.publicDataChange.findMany({ orderBy: { id: "asc" } });
    expect((await changes(t.prisma)).length).toBeGreaterThan(1);
    expect(await changes(target.prisma)).toEqual(await changes(t.prisma));
    // Every document's bytes hash to its recorded SHA-256 in the restored database.
    for (const d of await target.prisma.document.findMany()) {
      const chunks = await target.prisma.blobChunk.findMany({ where: { sha256: d.sha256 }, orderBy: { n: "asc" } });
      const bytes = Buffer.concat(chunks.map((c) => Buffer.from(c.bytes)));
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(d.sha256);
    }
    // The restored app logs in with the old password and serves the big document.
    const app = createApp({ config: t.config, db: target, logger: createLogger("silent") });
    const agent = request.agent(app);
    const token = await csrfFrom(agent);
    expect((await agent.post("/login").type("form").send({ _csrf: token, username: "kabag", password: "kerjasama-demo" })).status).toBe(302);
    const doc = await target.prisma.document.findFirstOrThrow({ where: { originalName: "besar.pdf" } });
    const res = await agent.get(`/dokumen/${doc.id}`);
    expect(res.status).toBe(200);
    // New rows get new ids after the restored ones.
    const c = await target.prisma.case.findFirstOrThrow({ orderBy: { id: "desc" } });
    const created = await target.prisma.comment.create({ data: { caseId: c.id, authorId: doc.uploadedById, body: "Setelah pemulihan" } });
    expect(created.id).toBeGreaterThan(0);
  });

  it("when a backup file is cut off or altered then verify and restore refuse it with a message", async () => {
    const f = path.join(dir, "utuh.kdbackup");
    await backup(t.prisma, f);
    const text = gunzipSync(readFileSync(f)).toString("utf8");
    const cut = path.join(dir, "terpotong.kdbackup");
    writeFileSync(cut, gzipSync(text.slice(0, Math.floor(text.length / 2))));
    await expect(verify(cut)).rejects.toThrow(/rusak|tidak lengkap/);
    const altered = path.join(dir, "diubah.kdbackup");
    writeFileSync(altered, gzipSync(text.replace("Cadangan dengan berkas besar", "Cadangan yang diubah orang")));
    await expect(verify(altered)).rejects.toThrow(/tidak cocok/);
    await expect(restore(t.prisma, f)).rejects.toThrow(/tidak kosong/);
  });
});

describe("nightly backups of the embedded database", () => {
  // The nightly backup copies the PGlite folder while the app serves: a database in a folder of its own.
  let lite: Database;
  let liteApp: TestApp["app"];
  const nightlyCfg = (sub: string, keep = 2) => ({ ...t.config, dataDir: path.join(dir, "pglite"), backupDir: path.join(dir, sub), backupKeep: keep });
  beforeAll(async () => {
    lite = await openSeededFolder(path.join(dir, "pglite"));
    const a = await demoActors(lite.prisma);
    await buildCase(lite.prisma, a, { row: 6, title: "Kasus di folder PGlite" });
    liteApp = createApp({ config: nightlyCfg("malam"), db: lite, logger: createLogger("silent") });
  }, 180_000);
  afterAll(() => (lite as Database | undefined)?.close());

  it("when the nightly job runs on three days with 2 to keep then the newest two remain, ADMIN sees the last one's time and size and downloads it, and others may not", async () => {
    const { nightlyBackup } = await import("../../src/features/ops/nightly-backup.js");
    const cfg = nightlyCfg("malam");
    for (const day of ["2026-11-24", "2026-11-25", "2026-11-26"]) expect(await nightlyBackup(lite, cfg, day)).toContain(day);
    expect(await nightlyBackup(lite, cfg, "2026-11-26")).toBeNull(); // once a day
    const { readdirSync } = await import("node:fs");
    expect(readdirSync(cfg.backupDir).sort()).toEqual(["kerjasama-2026-11-25.kdbackup", "kerjasama-2026-11-26.kdbackup"]);
    await verify(path.join(cfg.backupDir, "kerjasama-2026-11-26.kdbackup"));
    const { login } = await import("../helpers/app.js");
    const admin = await login(liteApp, "admin");
    const page = await admin.agent.get("/admin/cadangan");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Cadangan terakhir:");
    expect(page.text).toContain("kerjasama-2026-11-26.kdbackup");
    const dl = await admin.agent.get("/admin/cadangan/kerjasama-2026-11-26.kdbackup");
    expect(dl.status).toBe(200);
    expect(dl.headers["content-disposition"]).toContain("kerjasama-2026-11-26.kdbackup");
    expect((await admin.agent.get("/admin/cadangan/..%2Fsession-secret")).status).toBe(404);
    const kabag = await login(liteApp, "kabag");
    expect((await kabag.agent.get("/admin/cadangan")).status).toBe(403);
  }, 120_000);

  it("when the nightly backup runs while people keep working then no request waits for it longer than a second or three times its slowest without a backup, and it restores to a database whose every document has its bytes", async () => {
    const { nightlyBackup } = await import("../../src/features/ops/nightly-backup.js");
    const a = await demoActors(lite.prisma);
    const { login } = await import("../helpers/app.js");
    const { agent } = await login(liteApp, "penatalaksana");
    const c = await buildCase(lite.prisma, a, { row: 2, title: "Kerja selama pencadangan" });
    const token = await csrfFrom(agent, `/kasus/${c.id}`);
    let stop = false;
    let slowest = 0;
    let uploads = 0;
    // A named function rather than an IIFE: TypeScript narrows `stop` to false inside an IIFE's body.
    const keepWorking = async (times = Infinity) => {
      for (let i = 0; !stop && i < times; i++) {
        const t0 = performance.now();
        const res = await agent
          .post(`/kasus/${c.id}/dokumen`)
          .field("_csrf", token)
          .field("kind", "lainnya")
          .attach("file", Buffer.concat([PDF, Buffer.from(`selama cadangan ${uploads} ${"x".repeat(50_000)}`)]), `selama-${uploads}.pdf`);
        expect(res.status).toBe(302);
        uploads++;
        slowest = Math.max(slowest, performance.now() - t0, (await timed(() => request(liteApp).get("/healthz")))[1]);
      }
    };
    // The same work without a backup first: on a busy machine both are slower, and the
    // backup must not add a stall of its own (the server's loop never waits for it).
    await keepWorking(10);
    const without = slowest;
    slowest = 0;
    const work = keepWorking();
    const cfg = nightlyCfg("sibuk", 1);
    const file = await nightlyBackup(lite, cfg, "2026-11-27");
    stop = true;
    await work;
    expect(file).toContain("2026-11-27");
    expect(uploads).toBeGreaterThan(10);
    expect(slowest).toBeLessThan(Math.max(1000, 3 * without));
    await verify(file!);
    const into = await freshDatabase();
    try {
      await restore(into.prisma, file!);
      const missing = await into.prisma.$queryRaw<
        { n: bigint }[]
      >`SELECT count(*) AS n FROM "Document" d WHERE NOT EXISTS (SELECT 1 FROM "Blob" b WHERE b."sha256" = d."sha256")`;
      expect(Number(must(missing[0], "the count of documents without bytes").n)).toBe(0);
      const versions = await into.prisma.$queryRaw<
        { bad: bigint }[]
      >`SELECT count(*) AS bad FROM "Case" c WHERE c."version" <> (SELECT count(*) FROM "CaseEvent" e WHERE e."caseId" = c."id")`;
      expect(Number(must(versions[0], "the count of cases whose version is off").bad)).toBe(0);
    } finally {
      await into.close();
    }
  }, 180_000);

  it("when a nightly backup fails then the reason is kept, ADMIN is told and sees it, and it is tried again after the pause (a restart included) until it is written", async () => {
    const { nightlyBackup, backupRunState, RETRY_MS } = await import("../../src/features/ops/nightly-backup.js");
    // A backup folder that cannot be made: a file stands where it should be.
    const blocked = path.join(dir, "terhalang");
    writeFileSync(blocked, "bukan folder");
    const cfg = { ...nightlyCfg("x"), backupDir: path.join(blocked, "cadangan") };
    const now = new Date();
    await expect(nightlyBackup(lite, cfg, "2026-11-28", now)).rejects.toThrow();
    const state = await backupRunState(lite.prisma, "2026-11-28");
    expect(state).toMatchObject({ tries: 1 });
    expect(state!.error).toBeTruthy();
    const adminId = (await lite.prisma.user.findUniqueOrThrow({ where: { username: "admin" } })).id;
    expect(await lite.prisma.notification.count({ where: { userId: adminId, title: { contains: "Cadangan basis data 2026-11-28 gagal" } } })).toBe(1);
    // Not again before the pause, whoever asks (another tick, another start).
    expect(await nightlyBackup(lite, cfg, "2026-11-28", new Date(now.getTime() + 60_000))).toBeNull();
    // After it, with the folder fixed.
    rmSync(blocked);
    const later = new Date(Date.now() + RETRY_MS + 60_000);
    const file = await nightlyBackup(lite, { ...cfg, backupDir: path.join(dir, "diperbaiki") }, "2026-11-28", later);
    expect(file).toContain("2026-11-28");
    expect(await backupRunState(lite.prisma, "2026-11-28")).toMatchObject({ tries: 2, error: null });
  }, 120_000);
});

describe("who downloaded a backup", () => {
  it("when ADMIN downloads a backup then the admin log says who took which file and when, and a missing file is not logged", async () => {
    const cfg = { ...t.config, backupDir: path.join(dir, "diunduh"), backupKeep: 2 };
    mkdirSync(cfg.backupDir, { recursive: true });
    await backup(t.prisma, path.join(cfg.backupDir, "kerjasama-2026-12-01.kdbackup"));
    const app = createApp({ config: cfg, db: t.db, logger: createLogger("silent") });
    const { login } = await import("../helpers/app.js");
    const admin = await login(app, "admin");
    const adminId = (await t.prisma.user.findUniqueOrThrow({ where: { username: "admin" } })).id;
    const before = new Date(Date.now() - 1000);
    expect((await admin.agent.get("/admin/cadangan/kerjasama-2026-12-01.kdbackup")).status).toBe(200);
    expect((await admin.agent.get("/admin/cadangan/kerjasama-2026-12-01.kdbackup")).status).toBe(200);
    expect((await admin.agent.get("/admin/cadangan/kerjasama-2020-01-01.kdbackup")).status).toBe(404);
    const rows = await t.prisma.adminLog.findMany({ where: { action: "backup.download", target: "kerjasama-2026-12-01.kdbackup" }, orderBy: { id: "asc" } });
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.actorId).toBe(adminId);
      expect(r.target).toBe("kerjasama-2026-12-01.kdbackup");
      expect(r.createdAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
    }
    const log = await admin.agent.get("/admin/log");
    expect(log.text).toContain("Cadangan basis data diunduh");
    expect(log.text).toContain("kerjasama-2026-12-01.kdbackup");
    expect(log.text).toContain("Administrator Sistem");
  });
});

describe("backup files that are not there or not backups", () => {
  it("when the file is missing or not a backup at all then verify says so in Indonesian instead of crashing", async () => {
    await expect(verify(path.join(dir, "tidak-ada.kdbackup"))).rejects.toThrow("tidak ditemukan");
    const junk = path.join(dir, "sampah.kdbackup");
    writeFileSync(junk, "bukan cadangan");
    await expect(verify(junk)).rejects.toThrow(/rusak|terpotong/);
  });
});

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await fn();
  return [v, performance.now() - t0];
}
