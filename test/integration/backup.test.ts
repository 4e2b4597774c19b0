// Issue 9: backup and restore, documents included, checked against a manifest.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { backup, restore, verify } from "../../src/ops/backup.js";
import { createLogger } from "../../src/logger.js";
import { seedDemoCases } from "../../src/seed/demo-cases.js";
import { applyTransition } from "../../src/workflow/transition-service.js";
import { freshDatabase, type TestDatabase } from "../helpers/db.js";
import { buildTestApp, csrfFrom, type TestApp } from "../helpers/app.js";
import { caseAtRow, demoActors, file, PDF } from "../helpers/workflow.js";
import request from "supertest";

let t: TestApp;
let target: TestDatabase;
const dir = mkdtempSync(path.join(tmpdir(), "kd-backup-"));
beforeAll(async () => {
  t = await buildTestApp();
  await seedDemoCases(t.prisma);
  const a = await demoActors(t.prisma);
  // A document that spans several chunks.
  const c = await caseAtRow(t.prisma, a, 6, { title: "Cadangan dengan berkas besar" });
  const big = Buffer.concat([PDF, Buffer.alloc(600 * 1024, 7)]);
  await applyTransition(t.prisma, { caseId: c.id, expectedVersion: c.version, actionId: "setuju", user: a.kabag, uploads: [{ kind: "disposisi", file: await file("besar.pdf", big) }] });
  target = await freshDatabase();
}, 120_000);
afterAll(async () => {
  await target?.close();
  await t.close();
});

const counts = async (db: TestDatabase["prisma"]) =>
  Object.fromEntries(
    await Promise.all(
      ["case", "task", "caseEvent", "document", "blob", "blobChunk", "registerNumber", "agreement", "user", "notification"].map(async (m) => [
        m,
        await (db as unknown as Record<string, { count: () => Promise<number> }>)[m].count(),
      ]),
    ),
  );

describe("backup and restore", () => {
  it("when the database is backed up and restored into an empty one then every count and every document's bytes are identical, and the restored app serves a document", async () => {
    const f = path.join(dir, "lengkap.kdbackup");
    const { manifest } = await backup(t.prisma, f);
    expect(manifest.Document.rows).toBeGreaterThan(0);
    expect((await verify(f)).manifest).toEqual(manifest);
    await restore(target.prisma, f);
    expect(await counts(target.prisma)).toEqual(await counts(t.prisma));
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
  it("when the nightly job runs on three days with 2 to keep then the newest two remain, ADMIN sees the last one's time and size and downloads it, and others may not", async () => {
    const { nightlyBackup } = await import("../../src/ops/nightly-backup.js");
    const cfg = { ...t.config, backupDir: path.join(dir, "malam"), backupKeep: 2 };
    for (const day of ["2026-11-24", "2026-11-25", "2026-11-26"]) expect(await nightlyBackup(t.prisma, cfg, day)).toContain(day);
    expect(await nightlyBackup(t.prisma, cfg, "2026-11-26")).toBeNull(); // once a day
    const { readdirSync } = await import("node:fs");
    expect(readdirSync(cfg.backupDir).sort()).toEqual(["kerjasama-2026-11-25.kdbackup", "kerjasama-2026-11-26.kdbackup"]);
    await verify(path.join(cfg.backupDir, "kerjasama-2026-11-26.kdbackup"));
    // The same app, with the routes pointed at this folder.
    const app = createApp({ config: cfg, db: t.db, logger: createLogger("silent") });
    const { login } = await import("../helpers/app.js");
    const admin = await login(app, "admin");
    const page = await admin.agent.get("/admin/cadangan");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Cadangan terakhir:");
    expect(page.text).toContain("kerjasama-2026-11-26.kdbackup");
    const dl = await admin.agent.get("/admin/cadangan/kerjasama-2026-11-26.kdbackup");
    expect(dl.status).toBe(200);
    expect(dl.headers["content-disposition"]).toContain("kerjasama-2026-11-26.kdbackup");
    expect((await admin.agent.get("/admin/cadangan/..%2Fsession-secret")).status).toBe(404);
    const kabag = await login(app, "kabag");
    expect((await kabag.agent.get("/admin/cadangan")).status).toBe(403);
  });
});

describe("who downloaded a backup", () => {
  it("when ADMIN downloads a backup then the admin log says who took which file and when, and a missing file is not logged", async () => {
    const { nightlyBackup } = await import("../../src/ops/nightly-backup.js");
    const cfg = { ...t.config, backupDir: path.join(dir, "diunduh"), backupKeep: 2 };
    await nightlyBackup(t.prisma, cfg, "2026-12-01");
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
