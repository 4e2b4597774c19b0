// Issue 20: a request that may not upload stores nothing. The route's guard (the case
// exists for this user, and they may act on it now) runs before the body is read; an
// action that would be refused is checked again before its files are stored; bytes a
// refused request left anyway are swept after a grace period; and a user's uploads are
// bounded per day.
import { readdirSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { must } from "../../src/platform/must.js";
import { sweepOrphanBlobs } from "../../src/features/jobs/sweeps.js";
import { uploadTmpDir } from "../../src/platform/http/upload.js";
import { csrfFrom, login } from "../helpers/app.js";
import { buildCase, PDF, useWorkflowApp } from "../helpers/workflow.js";

const { t, a } = useWorkflowApp();

/** Ten distinct 2 MB "PDFs". */
const files = (tag: string) => Array.from({ length: 10 }, (_, i) => Buffer.concat([PDF, Buffer.alloc(2 * 1024 * 1024, `${tag}-${i}`)]));

/** Everything the database holds of uploaded bytes, and the temporary upload folder. */
async function stored() {
  const blobs = must(
    (await t.prisma.$queryRaw<{ n: bigint; bytes: bigint | null }[]>`SELECT count(*) AS n, sum("size") AS bytes FROM "Blob"`)[0],
    "the blobs' count",
  );
  const chunks = must((await t.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "BlobChunk"`)[0], "the chunks' count");
  const usage = await t.prisma.uploadUsage.count();
  let temp: string[] = [];
  try {
    temp = readdirSync(uploadTmpDir(t.config.dataDir));
  } catch {
    /* never created */
  }
  return { blobs: Number(blobs.n), bytes: Number(blobs.bytes ?? 0), chunks: Number(chunks.n), usage, temp: temp.length };
}

/** Posts ten 2 MB files to `url` as `username`; returns the status (a connection the server closes early counts as its answer). */
async function send(username: string, url: string, fields: Record<string, string>, tag: string, csrfFromUrl = "/") {
  const { agent } = await login(t.app, username);
  const token = await csrfFrom(agent, csrfFromUrl);
  let req = agent.post(url).field("_csrf", token);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  for (const [i, f] of files(tag).entries()) req = req.attach(i === 0 ? "file" : `doc_lainnya${i}`, f, `${tag}-${i}.pdf`);
  try {
    return (await req).status;
  } catch (e) {
    // The server answered and closed the connection while the client was still sending.
    return (e as { status?: number; code?: string }).status ?? (e as { code?: string }).code;
  }
}

let own = 0;
let other = 0;
beforeAll(async () => {
  own = (await buildCase(t.prisma, a, { row: 2, title: "Kasus sendiri" })).id;
  other = (await buildCase(t.prisma, a, { row: 2, title: "Kasus unit lain" })).id;
  await t.prisma.case.update({ where: { id: other }, data: { skpdId: a.otherSkpd.skpdId! } });
}, 120_000);

describe("uploads refused before they are read", () => {
  it("when refused requests send 10 × 2 MB each then the database holds not one byte more, nothing is counted and no temporary file stays", async () => {
    const before = await stored();
    const c = await t.prisma.case.findUniqueOrThrow({ where: { id: own } });
    const attempts: [string, string, Record<string, string>, unknown[]][] = [
      // Another unit's case, and a case that does not exist: as if not there.
      ["skpd.pariwisata", `/kasus/${other}/dokumen`, { kind: "lainnya" }, [404]],
      ["skpd.pariwisata", `/kasus/999999/aksi`, { version: "0", action: "lanjut" }, [404]],
      // Read-only Pimpinan, and a holder of another row.
      ["pimpinan", `/kasus/${own}/dokumen`, { kind: "lainnya" }, [403]],
      ["kabag", `/kasus/${own}/aksi`, { version: String(c.version), action: "lanjut" }, [403]],
      ["pimpinan", `/kasus/${own}/distribusi`, { recipientType: "SKPD", recipientName: "Dinas", sentOn: "2026-01-01" }, [403]],
      ["skpd.kesehatan", `/kasus/${own}/laporan-kemajuan`, {}, [404]],
      ["penatalaksana", `/kasus/${own}/persetujuan`, { gate: "TKKSD_MOU" }, [403]],
      ["admin", `/admin/templat/tidak-ada`, {}, [404]],
      // The holder, but an action that is not theirs, or a stale form.
      ["penatalaksana", `/kasus/${own}/aksi`, { version: String(c.version), action: "setuju" }, [400, 422]],
      ["penatalaksana", `/kasus/${own}/aksi`, { version: String(c.version - 1), action: "lanjut" }, [409]],
      ["penatalaksana", `/kasus/${own}/aksi`, { version: "abc", action: "lanjut" }, [400]],
    ];
    for (const [user, url, fields, want] of attempts) {
      const status = await send(user, url, fields, `${user}-${url}`);
      expect([url, user, want.includes(status) || status === "ECONNRESET" || status === "EPIPE"]).toEqual([url, user, true]);
    }
    // Give the server a moment to remove what multer wrote for the requests that were read.
    await new Promise((r) => setTimeout(r, 300));
    const after = await stored();
    expect(after).toEqual(before);
  }, 120_000);

  it("when bytes were stored and their action then refused then the sweep removes them after the grace period, and never bytes a document refers to", async () => {
    const doc = await t.prisma.document.findFirstOrThrow({ where: { caseId: own } });
    // As a refused action or a killed process would leave them: bytes without a row.
    const sha = "f".repeat(64);
    await t.db.sql(`INSERT INTO "Blob" ("sha256", "size", "lastUsedAt") VALUES ($1, 3, (now() AT TIME ZONE 'UTC') - interval '2 days')`, [sha]);
    await t.db.sql(`INSERT INTO "BlobChunk" ("sha256", "n", "bytes") VALUES ($1, 0, $2)`, [sha, Buffer.from("abc")]);
    await t.db.sql(`UPDATE "Blob" SET "lastUsedAt" = (now() AT TIME ZONE 'UTC') - interval '2 days' WHERE "sha256" = $1`, [doc.sha256]);
    const r = await sweepOrphanBlobs(t.prisma);
    expect(r.removed).toBe(1);
    expect(await t.prisma.blob.count({ where: { sha256: sha } })).toBe(0);
    expect(await t.prisma.blobChunk.count({ where: { sha256: sha } })).toBe(0);
    expect(await t.prisma.blob.count({ where: { sha256: doc.sha256 } })).toBe(1);
    // Bytes within the grace period stay, even without a row.
    await t.db.sql(`INSERT INTO "Blob" ("sha256", "size") VALUES ($1, 3)`, ["e".repeat(64)]);
    expect((await sweepOrphanBlobs(t.prisma)).removed).toBe(0);
  });

  it("when a writer refers to bytes the sweep is removing then one of them fails: a document never points to missing bytes", async () => {
    const sha = "d".repeat(64);
    await t.db.sql(`INSERT INTO "Blob" ("sha256", "size", "lastUsedAt") VALUES ($1, 3, (now() AT TIME ZONE 'UTC') - interval '2 days')`, [sha]);
    expect((await sweepOrphanBlobs(t.prisma)).removed).toBe(1);
    // The row a late writer tries to add now fails on the foreign key instead of pointing at nothing.
    await expect(
      t.prisma.document.create({
        data: {
          caseId: own,
          rowNo: 2,
          kind: "lainnya",
          version: 99,
          originalName: "x.pdf",
          mime: "application/pdf",
          size: 3,
          sha256: sha,
          uploadedById: a.penatalaksana.id,
        },
      }),
    ).rejects.toThrow();
  });
});

describe("the daily upload budget", () => {
  it("when a user has used up their day's budget then the next upload is refused before it is read, with 429 and when to try again; ADMIN's setting decides", async () => {
    await t.prisma.setting.upsert({ where: { key: "uploads.dailyMb" }, create: { key: "uploads.dailyMb", value: "5" }, update: { value: "5" } });
    try {
      const { agent } = await login(t.app, "penatalaksana");
      const token = await csrfFrom(agent, `/kasus/${own}`);
      const small = Buffer.concat([PDF, Buffer.alloc(3 * 1024 * 1024, "a")]);
      const first = await agent.post(`/kasus/${own}/dokumen`).field("_csrf", token).field("kind", "lainnya").attach("file", small, "pertama.pdf");
      expect(first.status).toBe(302);
      await new Promise((r) => setTimeout(r, 300)); // its temporary file goes when its response has ended
      const before = await stored();
      let res: { status: number; text: string; headers: Record<string, string> } | null = null;
      try {
        res = await agent
          .post(`/kasus/${own}/dokumen`)
          .field("_csrf", token)
          .field("kind", "lainnya")
          .attach("file", Buffer.concat([small, Buffer.from("2")]), "kedua.pdf");
      } catch {
        /* answered and closed early */
      }
      if (res) {
        expect(res.status).toBe(429);
        expect(res.text).toContain("Batas unggah harian Anda (5 MB)");
        expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
      }
      expect(await stored()).toEqual(before);
    } finally {
      await t.prisma.setting.delete({ where: { key: "uploads.dailyMb" } });
    }
  });
});
