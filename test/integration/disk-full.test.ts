// Issue 20: a full disk. The app's DATA_DIR is a small tmpfs the test mounts (CI runs
// as root). On PGlite: uploads fill it until writes are refused with the 507 page
// while reading and /healthz go on; then the test fills the last bytes itself, as
// another process would, so that even the database's own writes fail; when space
// returns, the app serves and writes again without a restart, and SIGTERM still stops
// it. On PostgreSQL only the temporary upload folder is the app's: a full one answers
// 507, never "your upload is broken".
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import request from "supertest";
import { afterAll, describe, expect, it } from "vitest";
import { openPglite } from "../../src/platform/db/client.js";
import { isConnectionFailure } from "../../src/platform/db/errors.js";
import { SAMPLE_PDF } from "../../src/features/seed/sample-pdf.js";
import { must } from "../../src/platform/must.js";
import { buildTestApp, csrfFrom, login } from "../helpers/app.js";
import { buildCase, demoActors } from "../helpers/workflow.js";
import { prepareFolder, serverArgs } from "../helpers/server-process.js";

const onPostgres = !!process.env.TEST_DATABASE_URL;
const mounts: string[] = [];
const servers: ChildProcess[] = [];

/** A tmpfs of `mb` megabytes, or null where mounting is not allowed (not root). */
function tmpfs(mb: number): string | null {
  const dir = mkdtempSync(path.join(tmpdir(), "kd-full-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${mb}m`, "tmpfs", dir], { stdio: "ignore" });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  mounts.push(dir);
  return dir;
}
afterAll(() => {
  for (const p of servers) if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
  for (const m of mounts) {
    try {
      execFileSync("umount", ["-l", m], { stdio: "ignore" });
    } catch {
      /* already gone */
    }
    rmSync(m, { recursive: true, force: true });
  }
});
const canMount = (() => {
  const probe = tmpfs(1);
  return probe !== null;
})();

const freeMb = (dir: string) => {
  const s = statfsSync(dir);
  return (s.bavail * s.bsize) / 1024 / 1024;
};

/** Fills the folder's filesystem to the last byte with a ballast file; returns its path. */
function fill(dir: string): string {
  const file = path.join(dir, "ballast");
  const fd = openSync(file, "w");
  const block = Buffer.alloc(1024 * 1024, 1);
  try {
    for (;;) writeSync(fd, block);
  } catch {
    const small = Buffer.alloc(4096, 1);
    try {
      for (;;) writeSync(fd, small);
    } catch {
      /* full */
    }
  } finally {
    closeSync(fd);
  }
  return file;
}

/** The status a rejected request still carries: its response's, else the error's own (none after a plain network error). */
function statusOfRejection(e: unknown): unknown {
  if (typeof e !== "object" || e === null) return undefined;
  if ("response" in e && typeof e.response === "object" && e.response !== null && "status" in e.response) return e.response.status;
  return "status" in e ? e.status : undefined;
}

/** The storage state a /healthz answer reports. */
const storageOf = (res: request.Response) => (res.body as { storage?: string }).storage;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await fn();
  return [v, performance.now() - t0];
}

describe.skipIf(onPostgres || !canMount)("a full disk under the embedded database", () => {
  it("when uploads fill DATA_DIR then writes are refused with 507 while pages and /healthz answer; when the last bytes go too and then come back, the app writes again without a restart, and SIGTERM stops it", async () => {
    // Room for the template's database (about 42 MB), the 64 MB reserve and a few uploads.
    const dataDir = tmpfs(150)!;
    // The folder is prepared directly (the run's template and one case at row 2), so that the server starts quickly.
    const c = { id: await prepareFolder(dataDir, "Kasus disk penuh") };

    const port = 39000 + Math.floor(Math.random() * 2000);
    let out = "";
    const p = spawn(process.execPath, serverArgs(), {
      env: {
        ...process.env,
        DATABASE_URL: "",
        TEST_DATABASE_URL: "",
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        NODE_ENV: "development",
        SEED_DEMO: "never",
        DAILY_JOB_HOUR: "23",
        UPLOAD_MAX_MB: "20",
      },
    });
    servers.push(p);
    p.stdout.on("data", (b: Buffer) => (out += b.toString()));
    p.stderr.on("data", (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((r) => p.once("exit", (code) => r(code)));
    for (let i = 0; !out.includes("Kerjasama Daerah berjalan di"); i++) {
      if (i > 1800) throw new Error(`no banner: ${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const base = `http://127.0.0.1:${port}`;
    const agent = request.agent(base);
    const token = must(/name="_csrf" value="([^"]+)"/.exec((await agent.get("/login")).text)?.[1], "the login form's CSRF token");
    expect((await agent.post("/login").type("form").send({ _csrf: token, username: "penatalaksana", password: "kerjasama-demo" })).status).toBe(302);
    const csrf = must(/name="_csrf" value="([^"]+)"/.exec((await agent.get(`/kasus/${c.id}`)).text)?.[1], "the case page's CSRF token");
    const upload = (i: number) =>
      agent
        .post(`/kasus/${c.id}/dokumen`)
        .timeout(60_000)
        .field("_csrf", csrf)
        .field("kind", "lainnya")
        .attach("file", Buffer.concat([SAMPLE_PDF, randomBytes(5 * 1024 * 1024)]), `isi-${i}.pdf`); // random: the database cannot compress it

    // 1. Uploads until the reserve stops them: every answer a success or the 507 page.
    let refused: request.Response | null = null;
    for (let i = 0; i < 60 && !refused; i++) {
      const res = await upload(i);
      expect([302, 507]).toContain(res.status);
      if (res.status === 507) refused = res;
    }
    expect(refused).not.toBeNull();
    expect(refused!.text).toContain("Ruang penyimpanan server");
    // Refused as too large for the room left, or (the storage monitor read the level first) as storage below the reserve.
    expect(refused!.text).toMatch(/tidak ada yang tersimpan|Tidak ada yang berubah/);
    // Reading goes on, and /healthz says why writing does not.
    const [page, pageMs] = await timed(() => agent.get(`/kasus/${c.id}`));
    expect(page.status).toBe(200);
    const [health, healthMs] = await timed(() => request(base).get("/healthz"));
    expect(health.status).toBe(200);
    expect(healthMs).toBeLessThan(1000);
    expect(pageMs).toBeLessThan(5000);

    // 2. Another process takes the last bytes: whatever the database does now, the server answers.
    const ballast = fill(dataDir);
    expect(freeMb(dataDir)).toBeLessThan(1);
    await new Promise((r) => setTimeout(r, 6_000)); // the storage monitor's next reading
    const [h2, h2Ms] = await timed(() => request(base).get("/healthz").timeout(10_000));
    expect(h2Ms).toBeLessThan(2000);
    expect(storageOf(h2)).toBe("low");
    const write = await upload(100);
    expect(write.status).toBe(507);
    // A page answers: served, or a clear refusal (a read the database cannot do without room is a 507 about storage).
    const reading = await agent.get(`/kasus/${c.id}`).timeout(10_000);
    expect([200, 503, 507]).toContain(reading.status);
    if (reading.status === 507) expect(reading.text).toContain("Ruang penyimpanan server");

    // 3. Space comes back: within seconds, pages and writes work again, in the same process.
    rmSync(ballast);
    let back = false;
    for (let i = 0; i < 60 && !back; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const h = await request(base).get("/healthz").timeout(10_000);
      back = h.status === 200 && storageOf(h) === "ok";
    }
    expect(back).toBe(true);
    const small = await agent
      .post(`/kasus/${c.id}/dokumen`)
      .field("_csrf", csrf)
      .field("kind", "lainnya")
      .attach("file", Buffer.concat([SAMPLE_PDF, Buffer.from("sesudah")]), "sesudah.pdf");
    expect(small.status).toBe(302);
    expect(p.exitCode).toBeNull();

    // 4. SIGTERM is heard.
    p.kill("SIGTERM");
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r("hung"), 20_000))]);
    expect(code).toBe(0);
  }, 300_000);
});

describe.skipIf(onPostgres || !canMount)("the embedded database's PANIC on a full disk", () => {
  it("when a WAL segment cannot be written (PANIC) then every later statement fails at once instead of hanging the process, and once space returns the database reopens in the same process with everything committed", async () => {
    const dataDir = tmpfs(120)!;
    let stops = 0;
    const db = await openPglite({ dataDir, onStop: () => stops++ });
    await db.migrate();
    await db.sql(`CREATE TABLE "kd_probe" ("id" serial PRIMARY KEY, "v" text)`);
    await db.sql(`INSERT INTO "kd_probe" ("v") VALUES ('sebelum')`);
    const ballast = fill(dataDir);
    // WAL only (no table grows): the next segment cannot be created, as on a disk another process filled.
    let panic: Error | null = null;
    for (let i = 0; i < 5000 && !panic; i++) {
      panic = await db.sql(`SELECT pg_logical_emit_message(false, 'kd', repeat('x', 100000))`).then(
        () => null,
        (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
      );
    }
    // The PANIC itself, or (PGlite's own follow-up message, refused by the guard) the stop it caused.
    expect(must(panic, "the error of a write on the full disk").message).toMatch(/No space left on device/);
    expect(stops).toBe(1);
    // Before the guard, this statement spun forever on the only thread.
    const [failure, ms] = await timed(() =>
      db.sql("SELECT 1").then(
        () => null,
        (e: unknown) => e,
      ),
    );
    expect(isConnectionFailure(failure)).toBe(true);
    expect(ms).toBeLessThan(1000);
    expect(await db.ping()).toBe(false);
    // No room yet: it stays stopped.
    expect((await db.maintain!({ mayReopen: false })).stopped).toBe(true);
    rmSync(ballast);
    const m = await db.maintain!({ mayReopen: true });
    expect(m.revived).toBe(true);
    expect(await db.ping()).toBe(true);
    expect((await db.sql<{ v: string }>(`SELECT "v" FROM "kd_probe"`)).map((r) => r.v)).toEqual(["sebelum"]);
    await db.sql(`INSERT INTO "kd_probe" ("v") VALUES ('sesudah')`);
    expect(await db.prisma.user.count()).toBe(0);
    await db.close();
  }, 120_000);
});

describe.skipIf(!canMount)("a full temporary upload folder", () => {
  it("when the temporary folder has no room for an upload then the answer is 507 about the server's storage, not 400 about the user's file, and nothing is stored", async () => {
    const dataDir = tmpfs(8)!;
    const t = await buildTestApp({ env: { DATA_DIR: dataDir, DISK_RESERVE_MB: "1", UPLOAD_MAX_MB: "50" } });
    try {
      const { agent } = await login(t.app, "penatalaksana");
      const caseId = (await buildCase(t.prisma, await demoActors(t.prisma), { row: 2, title: "Folder sementara penuh" })).id;
      const token = await csrfFrom(agent, `/kasus/${caseId}`);
      const blobs = await t.prisma.blob.count();
      // Declared too large for the room left: refused before it is read.
      const declared = await agent
        .post(`/kasus/${caseId}/dokumen`)
        .field("_csrf", token)
        .field("kind", "lainnya")
        .attach("file", Buffer.concat([SAMPLE_PDF, randomBytes(12 * 1024 * 1024)]), "besar.pdf")
        .then((r) => r.status, statusOfRejection);
      expect(declared).toBe(507);
      // Sent without a declared size (chunked): refused when the disk fills while it is written.
      const boundary = "----kdbatas";
      const chunked = agent.post(`/kasus/${caseId}/dokumen`).set("Content-Type", `multipart/form-data; boundary=${boundary}`);
      chunked.write(
        `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nlainnya\r\n`,
      );
      chunked.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="chunked.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
      chunked.write(SAMPLE_PDF);
      for (let i = 0; i < 12; i++) chunked.write(randomBytes(1024 * 1024));
      chunked.write(`\r\n--${boundary}--\r\n`);
      const status = await chunked.then(
        (r) => r.status,
        (e: unknown) => statusOfRejection(e) ?? 0,
      );
      expect(status).toBe(507);
      expect(await t.prisma.blob.count()).toBe(blobs);
    } finally {
      await t.close();
    }
  }, 120_000);
});
