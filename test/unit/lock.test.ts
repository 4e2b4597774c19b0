import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirLockedError, DataDirLockLostError, lockDataDir, STALE_MS } from "../../src/platform/db/lock.js";

let dir = "";
const children: ChildProcess[] = [];
const beats: NodeJS.Timeout[] = [];
afterEach(() => {
  for (const b of beats.splice(0)) clearInterval(b);
  for (const c of children.splice(0)) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});
const newDir = () => (dir = mkdtempSync(path.join(tmpdir(), "kd-lock-")));
const lockFile = () => path.join(dir, "app.lock");

/** Sets the lock file's time (its last heartbeat) `ms` into the past. */
function beatAgo(ms: number) {
  const t = new Date(Date.now() - ms);
  utimesSync(lockFile(), t, t);
}

/**
 * Keeps the lock file's heartbeat fresh every `ms`, as a live holder does: a lock
 * written once goes stale after staleMs on a slow machine, and is rightly taken over.
 */
function keepBeating(ms = 50) {
  beats.push(setInterval(() => beatAgo(0), ms));
}

/** A live process that is not the app: it never beats. */
function idleProcess(): ChildProcess {
  const c = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  children.push(c);
  return c;
}

async function until(check: () => boolean, ms = 5_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The lock file's content: an object whose fields the tests compare (pid, token, ...). */
function readLock(): { pid?: unknown; token?: unknown } {
  const held: unknown = JSON.parse(readFileSync(lockFile(), "utf8"));
  if (typeof held !== "object" || held === null) throw new Error(`the lock file holds no object: ${JSON.stringify(held)}`);
  return held;
}

/** The lock was taken over: the file now names this process with a token of its own, and releasing it removes the file. */
function expectTakenOver(lock: { release(): void }, oldToken: string) {
  const held = readLock();
  expect(held.pid).toBe(process.pid);
  expect(held.token).not.toBe(oldToken);
  lock.release();
  expect(existsSync(lockFile())).toBe(false);
}

describe("data folder lock", () => {
  it("when a live process holds the folder then a second opener is refused with a clear message", async () => {
    newDir();
    // The parent of this test runner is alive and is not us (the oldest format: a bare PID).
    writeFileSync(lockFile(), String(process.ppid));
    await expect(lockDataDir(dir)).rejects.toThrow(DataDirLockedError);
    await expect(lockDataDir(dir)).rejects.toThrow(/sedang dipakai oleh proses lain/);
  });

  it("when the holder died then the lock is taken over and released", async () => {
    newDir();
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString();
    writeFileSync(lockFile(), dead);
    const lock = await lockDataDir(dir);
    expect(readLock().pid).toBe(process.pid);
    lock.release();
    expect(existsSync(lockFile())).toBe(false);
  });
});

describe("opening the same PGlite folder twice", () => {
  it("when the folder is already open then a second open is refused and the first keeps working", async () => {
    const { openPglite } = await import("../../src/platform/db/client.js");
    newDir();
    const first = await openPglite({ dataDir: dir });
    await expect(openPglite({ dataDir: dir })).rejects.toThrow(DataDirLockedError);
    expect(await first.ping()).toBe(true);
    await first.close();
    // Closed, the folder opens again.
    const again = await openPglite({ dataDir: dir });
    expect(await again.ping()).toBe(true);
    await again.close();
  }, 30_000);
});

describe("stale locks after a crash", () => {
  it("when the lock names our own PID (a container restarted as PID 1) then it is taken over", async () => {
    newDir();
    writeFileSync(lockFile(), JSON.stringify({ pid: process.pid, token: "old" }));
    const lock = await lockDataDir(dir);
    expectTakenOver(lock, "old");
  });

  it("when a lock without a start time names a live process whose heartbeat stopped then it is taken over", async () => {
    newDir();
    // PID 1 is alive on every machine; without a recorded identity only the heartbeat tells.
    writeFileSync(lockFile(), JSON.stringify({ pid: 1, token: "old" }));
    beatAgo(STALE_MS + 5_000);
    const lock = await lockDataDir(dir);
    expectTakenOver(lock, "old");
  });

  it("when a lock without a start time names a live process with a fresh heartbeat then a second opener is refused", async () => {
    newDir();
    writeFileSync(lockFile(), JSON.stringify({ pid: 1, token: "live" }));
    await expect(lockDataDir(dir)).rejects.toThrow(DataDirLockedError);
  });
});

describe.skipIf(!existsSync("/proc/self/stat"))("the holder's identity (Linux)", () => {
  const procStart = (pid: number) => {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  };
  const here = () => ({
    boot: readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim(),
    pidns: readlinkSync("/proc/self/ns/pid"),
    host: hostname(),
  });
  /** A lock as the app writes it, for process `pid`, with `fields` overriding its identity. */
  function writeLock(pid: number, fields: Record<string, unknown> = {}) {
    writeFileSync(lockFile(), JSON.stringify({ pid, token: `t-${pid}`, since: new Date().toISOString(), start: procStart(pid), ...here(), ...fields }));
  }
  const short = { heartbeatMs: 100, staleMs: 500, pollMs: 20 };
  /** For a holder that beats: a stall of the machine longer than `short`'s 500 ms must not make its beat look old. */
  const beatingHolder = { ...short, staleMs: 5_000 };

  it("when the lock's PID is alive but that process started at another time (a reused PID) then it is taken over at once", async () => {
    newDir();
    writeLock(process.ppid, { start: "1" });
    const lock = await lockDataDir(dir, { ...short, waitMs: 10_000 });
    expect(readLock().token).not.toBe(`t-${process.ppid}`);
    lock.release();
  });

  it("when the lock names our own PID from an earlier run then it is taken over", async () => {
    newDir();
    writeLock(process.pid, { start: "1" });
    const lock = await lockDataDir(dir, short);
    expectTakenOver(lock, `t-${process.pid}`);
  });

  it("when the lock names our PID in an earlier run of this container (same machine and host name, another PID namespace) then it is taken over", async () => {
    newDir();
    writeLock(process.pid, { start: "1", pidns: "pid:[1]" });
    const lock = await lockDataDir(dir, { ...short, waitMs: 10_000 });
    expectTakenOver(lock, `t-${process.pid}`);
  });

  it("when another container whose app has the same PID as ours holds the folder then it is not taken over while it beats", async () => {
    newDir();
    writeLock(process.pid, { pidns: "pid:[1]", host: "kontainer-lain" });
    keepBeating();
    await expect(lockDataDir(dir, { ...beatingHolder, waitMs: 300, onWait: () => undefined })).rejects.toThrow(DataDirLockedError);
    // The other container's lock is left as it was.
    expect(readLock()).toMatchObject({ pid: process.pid, token: `t-${process.pid}`, host: "kontainer-lain" });
  });

  it("when the lock was written before the machine restarted then the live process that has its PID now does not hold it: it is taken over once its heartbeat is old", async () => {
    newDir();
    writeLock(process.ppid, { boot: "00000000-0000-0000-0000-000000000000" });
    beatAgo(1_000);
    const t = Date.now();
    const lock = await lockDataDir(dir, { ...short, waitMs: 10_000 });
    expect(Date.now() - t).toBeLessThan(2_000);
    expectTakenOver(lock, `t-${process.ppid}`);
  });

  it("when the holder is alive and beating then a second opener is refused at once, without waiting", async () => {
    newDir();
    writeLock(process.ppid);
    keepBeating();
    const t = Date.now();
    await expect(lockDataDir(dir, { ...beatingHolder, waitMs: 10_000 })).rejects.toThrow(/sedang dipakai oleh proses lain \(PID \d+\)/);
    expect(Date.now() - t).toBeLessThan(2_000);
  });

  it("when the holder is alive but stopped beating then the starter waits, says so once, and is refused after the wait naming the PID", async () => {
    newDir();
    const holder = idleProcess();
    writeLock(holder.pid!);
    beatAgo(2_000);
    const lines: string[] = [];
    const t = Date.now();
    const err = await lockDataDir(dir, { ...short, waitMs: 1_500, onWait: (l) => lines.push(l) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataDirLockedError);
    expect((err as Error).message).toMatch(new RegExp(`PID ${holder.pid} yang berhenti menjawab.*kill -9 ${holder.pid}`));
    expect(Date.now() - t).toBeGreaterThanOrEqual(1_400);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`PID ${holder.pid} .*Menunggu sampai proses itu berakhir`));
    // The holder's lock is untouched.
    expect(readLock().pid).toBe(holder.pid);
  });

  it("when a silent holder ends during the wait then the starter takes the folder over", async () => {
    newDir();
    const holder = idleProcess();
    writeLock(holder.pid!);
    beatAgo(2_000);
    const lines: string[] = [];
    const taking = lockDataDir(dir, { ...short, waitMs: 20_000, onWait: (l) => lines.push(l) });
    await until(() => lines.length === 1);
    // It resumes beating for a while (SIGCONT): the starter keeps waiting for it to end.
    for (let i = 0; i < 5; i++) {
      beatAgo(0);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(readLock().pid).toBe(holder.pid);
    holder.kill("SIGKILL");
    const lock = await taking;
    expect(readLock().pid).toBe(process.pid);
    expect(lines).toHaveLength(1);
    lock.release();
  });

  it("when the holder runs in another container and beats then the starter waits and is refused after the wait", async () => {
    newDir();
    writeLock(process.ppid, { pidns: "pid:[1]", host: "kontainer-lain" });
    keepBeating();
    const lines: string[] = [];
    await expect(lockDataDir(dir, { ...beatingHolder, waitMs: 300, onWait: (l) => lines.push(l) })).rejects.toThrow(/PID \d+ di kontainer-lain/);
    expect(lines).toHaveLength(1);
    expect(readLock().token).toBe(`t-${process.ppid}`);
  });

  it("when the holder runs in another container and its heartbeat stopped then the lock is taken over", async () => {
    newDir();
    writeLock(process.ppid, { pidns: "pid:[1]", host: "kontainer-lain" });
    beatAgo(1_000);
    const lock = await lockDataDir(dir, { ...short, waitMs: 10_000 });
    expectTakenOver(lock, `t-${process.ppid}`);
  });
});

describe("fencing: a holder that lost its lock stops", () => {
  it("when another process's token replaces ours then the holder notices at its next heartbeat, refuses statements and leaves the new lock alone", async () => {
    newDir();
    const lost: string[] = [];
    const lock = await lockDataDir(dir, { heartbeatMs: 50, staleMs: 500, onLost: (l) => lost.push(l) });
    lock.assertHeld();
    writeFileSync(lockFile(), JSON.stringify({ pid: process.ppid, token: "someone-else" }));
    await until(() => lost.length > 0);
    expect(lost[0]).toMatch(/tidak lagi dipegang proses ini.*kode keluar 75/);
    expect(lock.lost).toBe(true);
    expect(() => lock.assertHeld()).toThrow(DataDirLockLostError);
    lock.release();
    expect(readLock().token).toBe("someone-else");
  });

  it("when the lock file is removed then the holder stops", async () => {
    newDir();
    const lost: string[] = [];
    const lock = await lockDataDir(dir, { heartbeatMs: 50, staleMs: 500, onLost: (l) => lost.push(l) });
    unlinkSync(lockFile());
    await until(() => lost.length > 0);
    expect(() => lock.assertHeld()).toThrow(DataDirLockLostError);
  });

  it("when the holder was paused then its first statement re-reads the lock at once, without waiting for the heartbeat", async () => {
    newDir();
    const lost: string[] = [];
    const lock = await lockDataDir(dir, { heartbeatMs: 60_000, staleMs: 120_000, onLost: (l) => lost.push(l) });
    lock.assertHeld();
    writeFileSync(lockFile(), JSON.stringify({ pid: process.ppid, token: "someone-else" }));
    // Paused: nothing runs in this process for over a second.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1_100);
    expect(() => lock.assertHeld()).toThrow(DataDirLockLostError);
    expect(lost).toHaveLength(1);
    lock.release();
  });

  it("when a PGlite holder lost its lock then plain SQL, a transaction and Prisma are refused before they reach the files", async () => {
    const { openPglite } = await import("../../src/platform/db/client.js");
    newDir();
    const lost: string[] = [];
    const db = await openPglite({ dataDir: dir, lock: { heartbeatMs: 60_000, staleMs: 120_000, onLost: (l) => lost.push(l) } });
    await db.sql("CREATE TABLE t (n int)");
    writeFileSync(lockFile(), JSON.stringify({ pid: process.ppid, token: "someone-else" }));
    await new Promise((r) => setTimeout(r, 1_100));
    await expect(db.sql("INSERT INTO t VALUES (1)")).rejects.toThrow(DataDirLockLostError);
    await expect(db.sqlTransaction((sql) => sql("INSERT INTO t VALUES (2)"))).rejects.toThrow(DataDirLockLostError);
    await expect(db.prisma.$executeRaw`INSERT INTO t VALUES (3)`).rejects.toThrow(/lost: another process holds the folder/);
    expect(lost).toHaveLength(1);
    expect(await db.ping()).toBe(false);
    // Closing does not checkpoint into the folder (another process owns it now) and leaves its lock.
    await db.close();
    expect(readLock().token).toBe("someone-else");
  }, 30_000);
});
