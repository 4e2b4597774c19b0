import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { serverArgs } from "../helpers/server-process.js";

// The real start path: migrations, seeding, the printed accounts, /healthz, refusing a
// second process on the same data folder, and a graceful stop on SIGTERM.
// On PostgreSQL runs the same start is covered by the PGlite run; this one needs a folder.
const dataDir = mkdtempSync(path.join(tmpdir(), "kd-srv-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function start(port: number): { p: ChildProcess; out: () => string; exited: Promise<number | null> } {
  let out = "";
  const p = spawn(process.execPath, serverArgs(), {
    env: {
      ...process.env,
      DATABASE_URL: "",
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      NODE_ENV: "development",
      TEST_DATABASE_URL: "",
    },
  });
  p.stdout.on("data", (b: Buffer) => (out += b.toString()));
  p.stderr.on("data", (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((r) => p.on("exit", (code) => r(code)));
  return { p, out: () => out, exited };
}

async function waitFor(check: () => boolean, ms = 60_000) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("starting the server", () => {
  it("when started on an empty folder then it migrates, seeds, prints the demo accounts, serves, refuses a second copy and stops on SIGTERM", async () => {
    const port = 32000 + Math.floor(Math.random() * 2000);
    const first = start(port);
    await waitFor(() => first.out().includes("Kerjasama Daerah berjalan di"));
    expect(first.out()).toContain("skpd.lingkungan");
    expect(first.out()).toContain("kerjasama-demo");
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const login = await fetch(`http://127.0.0.1:${port}/login`);
    expect(await login.text()).toContain("Nama pengguna");

    const second = start(port + 1);
    expect(await second.exited).toBe(3);
    expect(second.out()).toContain("sedang dipakai oleh proses lain");

    first.p.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    // The lock is released: the folder opens again.
    const third = start(port + 2);
    await waitFor(() => third.out().includes("Data demo sudah ada."));
    // SIGTERM is handled once the server listens; before that it would simply kill the process.
    await waitFor(() => third.out().includes("Kerjasama Daerah berjalan di"));
    third.p.kill("SIGTERM");
    expect(await third.exited).toBe(0);
  }, 120_000);
});
