import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirLockedError, lockDataDir } from "../../src/db/lock.js";

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("data folder lock", () => {
  it("when a live process holds the folder then a second opener is refused with a clear message", () => {
    dir = mkdtempSync(path.join(tmpdir(), "kd-lock-"));
    // The parent of this test runner is alive and is not us.
    writeFileSync(path.join(dir, "app.lock"), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir)).toThrow(/sedang dipakai oleh proses lain/);
  });

  it("when the holder died then the lock is taken over and released", () => {
    dir = mkdtempSync(path.join(tmpdir(), "kd-lock-"));
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString();
    writeFileSync(path.join(dir, "app.lock"), dead);
    const release = lockDataDir(dir);
    expect(existsSync(path.join(dir, "app.lock"))).toBe(true);
    release();
    expect(existsSync(path.join(dir, "app.lock"))).toBe(false);
  });
});

describe("opening the same PGlite folder twice", () => {
  it("when the folder is already open then a second open is refused and the first keeps working", async () => {
    const { openPglite } = await import("../../src/db/client.js");
    dir = mkdtempSync(path.join(tmpdir(), "kd-lock-"));
    const first = await openPglite({ dataDir: dir });
    await expect(openPglite({ dataDir: dir })).rejects.toThrow(DataDirLockedError);
    expect(await first.ping()).toBe(true);
    await first.close();
    const again = await openPglite({ dataDir: dir });
    await again.close();
  }, 30_000);
});

describe("stale locks after a crash", () => {
  it("when the lock names our own PID (a container restarted as PID 1) then it is taken over", () => {
    dir = mkdtempSync(path.join(tmpdir(), "kd-lock-"));
    writeFileSync(path.join(dir, "app.lock"), JSON.stringify({ pid: process.pid, token: "old" }));
    const release = lockDataDir(dir);
    release();
    expect(existsSync(path.join(dir, "app.lock"))).toBe(false);
  });

  it("when a live process that is not the app holds the PID but the heartbeat stopped then the lock is taken over", async () => {
    const { utimesSync } = await import("node:fs");
    const { STALE_MS } = await import("../../src/db/lock.js");
    dir = mkdtempSync(path.join(tmpdir(), "kd-lock-"));
    const file = path.join(dir, "app.lock");
    // PID 1 is alive on every machine: the classic "PID reused" case.
    writeFileSync(file, JSON.stringify({ pid: 1, token: "old" }));
    const old = new Date(Date.now() - STALE_MS - 5_000);
    utimesSync(file, old, old);
    const release = lockDataDir(dir);
    release();
  });

  it("when a live holder's heartbeat is fresh then a second opener is still refused", () => {
    dir = mkdtempSync(path.join(tmpdir(), "kd-lock-"));
    writeFileSync(path.join(dir, "app.lock"), JSON.stringify({ pid: 1, token: "live" }));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
  });
});
