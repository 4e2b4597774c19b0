// Issue 9: document bytes in the database, written with their row.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { CHUNK_BYTES, moveDiskUploads } from "../../src/platform/files/blob-store.js";
import { loadConfig } from "../../src/platform/config.js";
import { createLogger } from "../../src/platform/logger.js";
import { applyTransition } from "../../src/core/workflow/transition-service.js";
import { csrfFrom, getBytes, login } from "../helpers/app.js";
import { buildCase, file, PDF, useWorkflowApp } from "../helpers/workflow.js";

const { t, a } = useWorkflowApp();

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
/** A valid PDF header followed by enough bytes to span several chunks. */
const bigPdf = (kib: number) => Buffer.concat([PDF, Buffer.from(Array.from({ length: kib * 1024 }, (_, i) => i % 251))]);

describe("document bytes in the database", () => {
  it("when an action with a large file commits then its bytes are stored in chunks with the row and download byte for byte", async () => {
    const c = await buildCase(t.prisma, a, { row: 6, title: "Berkas besar di basis data" });
    const buf = bigPdf(700);
    await applyTransition(t.prisma, {
      caseId: c.id,
      expectedVersion: c.version,
      actionId: "setuju",
      user: a.kabag,
      uploads: [{ kind: "disposisi", file: await file("disposisi.pdf", buf) }],
    });
    const doc = await t.prisma.document.findFirstOrThrow({ where: { caseId: c.id, kind: "disposisi" }, orderBy: { id: "desc" } });
    expect(doc.sha256).toBe(sha(buf));
    expect(await t.prisma.blobChunk.count({ where: { sha256: doc.sha256 } })).toBe(Math.ceil(buf.length / CHUNK_BYTES));
    const { agent } = await login(t.app, "kabag");
    const res = await agent
      .get(`/dokumen/${doc.id}`)
      .buffer(true)
      .parse((r, cb) => {
        const parts: Buffer[] = [];
        r.on("data", (p: Buffer) => parts.push(p));
        r.on("end", () => cb(null, Buffer.concat(parts)));
      });
    expect(res.status).toBe(200);
    expect(sha(res.body as Buffer)).toBe(doc.sha256);
    expect(res.headers["content-length"]).toBe(String(buf.length));
  });

  it("when an action given its files by a service call is refused then neither the row nor the bytes exist", async () => {
    const c = await buildCase(t.prisma, a, { row: 6, title: "Ditolak tanpa sisa" });
    const buf = bigPdf(5);
    const blobs = await t.prisma.blob.count();
    // "tolak" needs a reason: refused inside the transaction, after the bytes were written.
    await expect(
      applyTransition(t.prisma, {
        caseId: c.id,
        expectedVersion: c.version,
        actionId: "tolak",
        user: a.kabag,
        uploads: [{ kind: "disposisi", file: await file("d.pdf", buf) }],
      }),
    ).rejects.toThrow();
    expect(await t.prisma.blob.count()).toBe(blobs);
    expect(await t.prisma.document.count({ where: { caseId: c.id, kind: "disposisi" } })).toBe(0);
  });

  it("when one shared file is applied to several cases then the bytes are stored once", async () => {
    const buf = bigPdf(3);
    const shared = await file("notulen.pdf", buf);
    for (const title of ["Kasus bersama satu", "Kasus bersama dua"]) {
      const c = await buildCase(t.prisma, a, { row: 4, title });
      await applyTransition(t.prisma, {
        caseId: c.id,
        expectedVersion: c.version,
        actionId: "lanjut",
        user: a.tkksd,
        uploads: [{ kind: "notulen", file: shared }],
      });
    }
    expect(await t.prisma.document.count({ where: { sha256: sha(buf) } })).toBe(2);
    expect(await t.prisma.blob.count({ where: { sha256: sha(buf) } })).toBe(1);
  });

  it("when a second app instance with another data folder shares the database then it serves a document uploaded through the first", async () => {
    const c = await buildCase(t.prisma, a, { row: 2, title: "Dua instans satu basis data" });
    const first = await login(t.app, "penatalaksana");
    const token = await csrfFrom(first.agent, `/kasus/${c.id}`);
    const sent = await first.agent.post(`/kasus/${c.id}/dokumen`).field("_csrf", token).field("kind", "surat").attach("file", PDF, "surat.pdf");
    expect(sent.status).toBe(302);
    const doc = await t.prisma.document.findFirstOrThrow({ where: { caseId: c.id, kind: "surat" } });
    expect(doc.sha256).toBe(sha(PDF));
    const config = loadConfig({
      NODE_ENV: "test",
      DATA_DIR: mkdtempSync(path.join(tmpdir(), "kd-other-")),
      SESSION_SECRET: t.config.sessionSecret,
      LOG_LEVEL: "silent",
    });
    const other = createApp({ config, db: t.db, logger: createLogger("silent") });
    const agent = request.agent(other);
    const tok = await csrfFrom(agent);
    await agent.post("/login").type("form").send({ _csrf: tok, username: "penatalaksana", password: "kerjasama-demo" });
    // The second instance serves the very bytes the first stored, not merely a 200.
    const res = await getBytes(agent, `/dokumen/${doc.id}`);
    expect(res.status).toBe(200);
    expect(sha(res.body)).toBe(sha(PDF));
    expect(res.body.equals(PDF)).toBe(true);
    expect(res.headers["content-type"]).toMatch(/^application\/pdf/);
  });
});

describe("uploads over HTTP store their bytes before the document's transaction", () => {
  it("when a large file is uploaded then its bytes are written by the driver, not through Prisma, and download byte for byte", async () => {
    const c = await buildCase(t.prisma, a, { row: 2, title: "Unggahan besar lewat driver" });
    const ops: string[] = [];
    const prisma = t.prisma.$extends({
      query: {
        async $allOperations({ model, operation, args, query }): Promise<unknown> {
          ops.push(`${model ?? ""}.${operation}`);
          return query(args);
        },
      },
    }) as unknown as typeof t.prisma;
    const app = createApp({ config: t.config, db: { ...t.db, prisma }, logger: createLogger("silent") });
    const { agent } = await login(app, "penatalaksana");
    const token = await csrfFrom(agent, `/kasus/${c.id}`);
    const buf = bigPdf(700);
    ops.length = 0;
    const res = await agent.post(`/kasus/${c.id}/dokumen`).field("_csrf", token).field("kind", "surat").attach("file", buf, "surat-besar.pdf");
    expect(res.status).toBe(302);
    const doc = await t.prisma.document.findFirstOrThrow({ where: { caseId: c.id, kind: "surat" } });
    expect(doc.sha256).toBe(sha(buf));
    expect(await t.prisma.blobChunk.count({ where: { sha256: doc.sha256 } })).toBe(Math.ceil(buf.length / CHUNK_BYTES));
    // Not one piece went through Prisma (raw chunk inserts would show as $executeRawUnsafe).
    expect(ops.filter((o) => o.endsWith("$executeRawUnsafe"))).toEqual([]);
    const back = await agent
      .get(`/dokumen/${doc.id}`)
      .buffer(true)
      .parse((r, cb) => {
        const parts: Buffer[] = [];
        r.on("data", (p: Buffer) => parts.push(p));
        r.on("end", () => cb(null, Buffer.concat(parts)));
      });
    expect(back.status).toBe(200);
    expect(sha(back.body as Buffer)).toBe(doc.sha256);
  });

  it("when an action with a file is refused then no document exists, and the same file sent again is stored once", async () => {
    const c = await buildCase(t.prisma, a, { row: 6, title: "Ditolak lalu dikirim lagi" });
    const { agent } = await login(t.app, "kabag");
    const buf = bigPdf(200);
    const send = async (body: Record<string, string>) => {
      const token = await csrfFrom(agent, `/kasus/${c.id}`);
      const version = (await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).version;
      let req = agent.post(`/kasus/${c.id}/aksi`).field("_csrf", token).field("version", String(version));
      for (const [k, v] of Object.entries(body)) req = req.field(k, v);
      return req.attach("doc_disposisi", buf, "disposisi.pdf");
    };
    // "tolak" without its reason is refused inside the transaction.
    const refused = await send({ action: "tolak" });
    expect(refused.status).toBe(422);
    expect(await t.prisma.document.count({ where: { caseId: c.id, kind: "disposisi" } })).toBe(0);
    const accepted = await send({ action: "setuju" });
    expect(accepted.status).toBe(302);
    expect(await t.prisma.document.count({ where: { caseId: c.id, kind: "disposisi", sha256: sha(buf) } })).toBe(1);
    expect(await t.prisma.blob.count({ where: { sha256: sha(buf) } })).toBe(1);
    expect(await t.prisma.blobChunk.count({ where: { sha256: sha(buf) } })).toBe(Math.ceil(buf.length / CHUNK_BYTES));
  });
});

describe("documents from before the move", () => {
  it("when the app starts with files under DATA_DIR/uploads then they are copied into the database and removed; a missing file is reported and left", async () => {
    const c = await buildCase(t.prisma, a, { row: 2, title: "Berkas lama di disk" });
    const dir = mkdtempSync(path.join(tmpdir(), "kd-old-"));
    mkdirSync(path.join(dir, "uploads"));
    const buf = bigPdf(2);
    const name = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9.pdf";
    writeFileSync(path.join(dir, "uploads", name), buf);
    const base = { caseId: c.id, rowNo: 2, kind: "lainnya", mime: "application/pdf", uploadedById: a.penatalaksana.id };
    // Rows from before the bytes moved into the database have no Blob: they were there before its
    // foreign key, which the migration adds NOT VALID (it checks new rows only). Made the same way here.
    await t.db.sql(`ALTER TABLE "Document" DROP CONSTRAINT "Document_sha256_fkey"`);
    const old = await t.prisma.document.create({
      data: { ...base, version: 1, originalName: "lama.pdf", storedName: name, size: buf.length, sha256: sha(buf) },
    });
    const gone = await t.prisma.document.create({
      data: { ...base, version: 2, originalName: "hilang.pdf", storedName: "9b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9.pdf", size: 3, sha256: "f".repeat(64) },
    });
    await t.db.sql(
      `ALTER TABLE "Document" ADD CONSTRAINT "Document_sha256_fkey" FOREIGN KEY ("sha256") REFERENCES "Blob"("sha256") ON DELETE RESTRICT ON UPDATE CASCADE NOT VALID`,
    );
    const lines: string[] = [];
    const [copied, missing] = await moveDiskUploads(t.prisma, dir, (l) => lines.push(l));
    expect([copied, missing]).toEqual([1, 1]);
    expect((await t.prisma.document.findUniqueOrThrow({ where: { id: old.id } })).storedName).toBeNull();
    expect(await t.prisma.blob.count({ where: { sha256: sha(buf) } })).toBe(1);
    expect(existsSync(path.join(dir, "uploads", name))).toBe(false);
    expect((await t.prisma.document.findUniqueOrThrow({ where: { id: gone.id } })).storedName).not.toBeNull();
    expect(lines.join("\n")).toContain(`dokumen #${gone.id}`);
  });
});
