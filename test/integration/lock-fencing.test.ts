// Issue 20, finding 6: one PGlite folder, one process. A holder paused past the lock's
// stale time (SIGSTOP here; a frozen VM or a long GC in life) keeps its folder: a second
// server waits until the holder has ended instead of taking it over. A holder whose lock
// was taken anyway stops when it resumes, before any statement reaches the files.
// Real servers (`node server.js`, the run's compiled src/) with short lock intervals.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { must } from "../../src/platform/must.js";
import { SAMPLE_PDF } from "../../src/features/seed/sample-pdf.js";
import { prepareFolder, serverArgs } from "../helpers/server-process.js";

const BANNER = "Kerjasama Daerah berjalan di";
const STALE_MS = 1_500;
const dataDir = mkdtempSync(path.join(tmpdir(), "kd-fence-"));
const lockFile = path.join(dataDir, "app.lock");
const servers: ChildProcess[] = [];
afterAll(() => {
  for (const p of servers) if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL"); // SIGKILL ends a stopped process too
  rmSync(dataDir, { recursive: true, force: true });
});
const inCi = !!process.env.TEST_DATABASE_URL; // PGlite only: PostgreSQL has no folder lock
/** The folder's case the sessions upload to. */
let caseId = 0;
beforeAll(async () => {
  if (!inCi) caseId = await prepareFolder(dataDir, "Kasus uji kunci folder");
}, 120_000);

type Server = { p: ChildProcess; base: string; out: () => string; exited: Promise<number | null> };

function start(): Server {
  const port = 37000 + Math.floor(Math.random() * 2000);
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
      DAILY_JOB_HOUR: "23",
      DATA_LOCK_HEARTBEAT_MS: "250",
      DATA_LOCK_STALE_MS: String(STALE_MS),
      DATA_LOCK_WAIT_SECONDS: "120",
      SEED_DEMO: "never",
    },
  });
  servers.push(p);
  p.stdout.on("data", (b: Buffer) => (out += b.toString()));
  p.stderr.on("data", (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((r) => p.once("exit", (code) => r(code)));
  return { p, base: `http://127.0.0.1:${port}`, out: () => out, exited };
}

async function waitFor(check: () => boolean, what: string, ms = 90_000) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out waiting for " + what);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const serving = (s: Server) => waitFor(() => s.out().includes(BANNER), "the banner");
const answers = (s: Server) =>
  fetch(`${s.base}/healthz`).then(
    (r) => r.status,
    () => "no answer",
  );

/** Logged in as the demo secretariat, on a demo case, ready to upload. */
async function session(s: Server) {
  const agent = request.agent(s.base);
  const login = await agent.get("/login");
  const token = must(/name="_csrf" value="([^"]+)"/.exec(login.text)?.[1], "the form's token");
  await agent.post("/login").type("form").send({ _csrf: token, username: "penatalaksana", password: "kerjasama-demo" });
  const page = await agent.get(`/kasus/${caseId}`);
  const csrf = must(/name="_csrf" value="([^"]+)"/.exec(page.text)?.[1], "the form's token");
  return {
    upload: (name: string) => agent.post(`/kasus/${caseId}/dokumen`).field("_csrf", csrf).field("kind", "lainnya").attach("file", SAMPLE_PDF, name),
    casePage: async () => (await agent.get(`/kasus/${caseId}`)).text,
  };
}

/** The server left holding the folder by the first case; the second starts one if run alone. */
let holder: Server | undefined;

describe.skipIf(inCi)("one PGlite folder, one process", () => {
  it("when the holder is paused past the stale time then a second server waits, the resumed holder keeps serving, and the second takes over only once the holder is gone", async () => {
    const a = start();
    await serving(a);
    const sa = await session(a);
    expect((await sa.upload("sebelum-jeda.pdf")).status).toBe(302);

    a.p.kill("SIGSTOP");
    // Paused past the stale time: the lock has not been refreshed for longer than DATA_LOCK_STALE_MS.
    await waitFor(() => Date.now() - statSync(lockFile).mtimeMs > STALE_MS + 300, "a stale heartbeat");
    const b = start();
    await waitFor(() => b.out().includes("Menunggu sampai proses itu berakhir"), "the waiting line");
    expect(b.out()).toContain(`PID ${a.p.pid}`);
    expect(await answers(b)).toBe("no answer");

    a.p.kill("SIGCONT");
    expect(await answers(a)).toBe(200);
    // It noticed the pause, found its lock still its own, and goes on.
    await waitFor(() => a.out().includes("sempat terhenti"), "the holder's pause notice");
    expect((await sa.upload("setelah-jeda.pdf")).status).toBe(302);
    // Still the only process on the folder: the second server is still waiting.
    expect(b.p.exitCode).toBeNull();
    expect(b.out()).not.toContain(BANNER);
    expect((JSON.parse(readFileSync(lockFile, "utf8")) as { pid: number }).pid).toBe(a.p.pid);

    a.p.kill("SIGKILL");
    await a.exited;
    await serving(b);
    expect(await answers(b)).toBe(200);
    const page = await (await session(b)).casePage();
    expect(page).toContain("sebelum-jeda.pdf");
    expect(page).toContain("setelah-jeda.pdf");
    holder = b;
  }, 180_000);

  it("when the holder's lock was taken while it was paused then on resuming it stops with code 75 before serving a request, and the folder opens cleanly afterwards", async () => {
    const h = holder ?? start();
    await serving(h);
    const s = await session(h);
    h.p.kill("SIGSTOP");
    // Paused past the stale time, as a holder must be before any starter takes its lock;
    // meanwhile another process took the folder: the lock carries another token.
    await waitFor(() => Date.now() - statSync(lockFile).mtimeMs > STALE_MS + 300, "a stale heartbeat");
    const lock = JSON.parse(readFileSync(lockFile, "utf8")) as Record<string, unknown>;
    writeFileSync(lockFile, JSON.stringify({ ...lock, token: "diambil-alih" }));
    // A write arrives while it is paused; it must never be carried out.
    const pending = s.upload("saat-kunci-hilang.pdf").then(
      (r) => r.status,
      () => "no answer",
    );
    h.p.kill("SIGCONT");
    expect(await h.exited).toBe(75);
    expect(await pending).toBe("no answer");
    expect(h.out()).toContain("tidak lagi dipegang proses ini");

    // The folder opens afterwards (the lock names a process that has ended), and the refused write is not in it.
    const c = start();
    await serving(c);
    expect(await answers(c)).toBe(200);
    const page = await (await session(c)).casePage();
    expect(page).not.toContain("saat-kunci-hilang.pdf");
    if (holder) expect(page).toContain("setelah-jeda.pdf");
    c.p.kill("SIGTERM");
    expect(await c.exited).toBe(0);
  }, 180_000);
});
