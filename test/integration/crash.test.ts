// Issue 9: kill -9 under load, restart, repeat. Every acknowledged write must be
// there afterwards, every document row must have its bytes, stored bytes must be
// complete, and each case's audit trail must match its version. An upload's bytes are
// committed just before its document (documents/storage.ts storeBytes): a kill between
// the two leaves bytes without a document, only ever of an upload never acknowledged. Runs the real server on
// an embedded (PGlite) folder; PostgreSQL's durability is PostgreSQL's own.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import request from "supertest";
import { afterAll, describe, expect, it } from "vitest";
import { openPglite } from "../../src/db/client.js";
import { PDF } from "../helpers/workflow.js";

const RUNS = 5;
const dataDir = mkdtempSync(path.join(tmpdir(), "kd-crash-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const inCi = !!process.env.TEST_DATABASE_URL; // the PostgreSQL run covers the same code against PostgreSQL's own durability

function start(port: number): { p: ChildProcess; out: () => string } {
  let out = "";
  const p = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    env: { ...process.env, DATABASE_URL: "", DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", NODE_ENV: "development", TEST_DATABASE_URL: "", DAILY_JOB_HOUR: "23" },
  });
  p.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  p.stderr!.on("data", (b: Buffer) => (out += b.toString()));
  return { p, out: () => out };
}

async function waitFor(check: () => boolean, ms = 90_000) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(inCi)("crash safety", () => {
  it(`when the server is killed with SIGKILL under load ${RUNS} times then every acknowledged write survives and the data stays consistent`, async () => {
    const acknowledged: { name: string; sha256: string }[] = [];
    let attempted = 0;
    for (let run = 0; run < RUNS; run++) {
      const port = 34000 + Math.floor(Math.random() * 2000);
      const srv = start(port);
      await waitFor(() => srv.out().includes("Kerjasama Daerah berjalan di"));
      const base = `http://127.0.0.1:${port}`;
      const agent = request.agent(base);
      const login = await agent.get("/login");
      const token = /name="_csrf" value="([^"]+)"/.exec(login.text)![1];
      await agent.post("/login").type("form").send({ _csrf: token, username: "penatalaksana", password: "kerjasama-demo" });
      const list = await agent.get("/kasus?q=Pelatihan+kader");
      const caseId = Number(/href="\/kasus\/(\d+)"/.exec(list.text)![1]);
      const page = await agent.get(`/kasus/${caseId}`);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
      let stop = false;
      const worker = async (w: number) => {
        for (let i = 0; !stop; i++) {
          const name = `r${run}-w${w}-${i}.pdf`;
          const body = Buffer.concat([PDF, Buffer.from(`${name} ${"x".repeat(2000 + Math.floor(Math.random() * 300_000))}`)]);
          attempted++;
          try {
            const res = await agent.post(`/kasus/${caseId}/dokumen`).field("_csrf", csrf).field("kind", "lainnya").attach("file", body, name);
            if (res.status === 302) acknowledged.push({ name, sha256: createHash("sha256").update(body).digest("hex") });
          } catch {
            return; // the server died mid-request: not acknowledged
          }
        }
      };
      const load = Promise.all([0, 1, 2, 3].map(worker));
      await new Promise((r) => setTimeout(r, 400 + Math.random() * 1600));
      srv.p.kill("SIGKILL");
      stop = true;
      await load;
      await new Promise<void>((r) => (srv.p.exitCode !== null || srv.p.signalCode !== null ? r() : srv.p.once("exit", () => r())));
    }
    // One last clean start proves the folder opens after the last kill; then it is checked directly.
    const last = start(36500 + Math.floor(Math.random() * 1000));
    await waitFor(() => last.out().includes("Kerjasama Daerah berjalan di"));
    last.p.kill("SIGTERM");
    await new Promise<void>((r) => last.p.once("exit", () => r()));

    const db = await openPglite({ dataDir });
    try {
      const docs = await db.prisma.document.findMany({ where: { kind: "lainnya" }, select: { originalName: true, sha256: true } });
      const byName = new Map(docs.map((d) => [d.originalName, d.sha256]));
      const lost = acknowledged.filter((a) => byName.get(a.name) !== a.sha256);
      const orphanRows = await db.prisma.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM "Document" d WHERE NOT EXISTS (SELECT 1 FROM "Blob" b WHERE b."sha256" = d."sha256")`,
      );
      const orphanBytes = await db.prisma.$queryRawUnsafe<{ sha256: string }[]>(
        `SELECT b."sha256" FROM "Blob" b WHERE NOT EXISTS (SELECT 1 FROM "Document" d WHERE d."sha256" = b."sha256")`,
      );
      const incomplete = await db.prisma.$queryRawUnsafe<{ n: number }[]>(
        // Complete: the pieces are numbered 0..k without a hole and their bytes add up to the size.
        `SELECT count(*)::int AS n FROM "Blob" b
          WHERE (SELECT coalesce(sum(length(c."bytes")), 0) FROM "BlobChunk" c WHERE c."sha256" = b."sha256") <> b."size"
             OR (SELECT count(*) - 1 FROM "BlobChunk" c WHERE c."sha256" = b."sha256") <> (SELECT coalesce(max(c."n"), -1) FROM "BlobChunk" c WHERE c."sha256" = b."sha256")`,
      );
      const trail = await db.prisma.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM "Case" c WHERE c."version" <> (SELECT coalesce(max(e."seq"), 0) FROM "CaseEvent" e WHERE e."caseId" = c."id")`,
      );
      console.log(`crash test: ${RUNS} kills, ${attempted} uploads attempted, ${acknowledged.length} acknowledged, ${lost.length} lost, ${orphanBytes.length} stored without a document`);
      expect(acknowledged.length).toBeGreaterThan(RUNS);
      expect(lost).toEqual([]);
      expect(Number(orphanRows[0].n)).toBe(0);
      // At most the four uploads in flight at each kill, and never one that was acknowledged.
      expect(orphanBytes.length).toBeLessThanOrEqual(4 * RUNS);
      const acknowledgedContent = new Set(acknowledged.map((a) => a.sha256));
      expect(orphanBytes.filter((b) => acknowledgedContent.has(b.sha256))).toEqual([]);
      expect(Number(incomplete[0].n)).toBe(0);
      expect(Number(trail[0].n)).toBe(0);
    } finally {
      await db.close();
    }
  }, 300_000);
});
