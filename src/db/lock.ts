// PGlite is one process only. A lock file in the data folder makes a second
// process refuse to open the same folder instead of corrupting it.
//
// The holder refreshes the file's time every few seconds (a heartbeat). A lock is
// stale, and taken over, when its process is gone, when it names our own PID (a
// container restarted as PID 1 after a crash), or when its heartbeat stopped: so a
// PID reused by an unrelated process never blocks a restart for long.
import { randomUUID } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, utimesSync, writeSync } from "node:fs";
import path from "node:path";

/** How often the holder refreshes the lock, and after how long without it the lock is stale. */
export const HEARTBEAT_MS = 5_000;
export const STALE_MS = 20_000;

export class DataDirLockedError extends Error {
  constructor(public readonly dir: string, public readonly pid: number) {
    super(
      `Folder data ${dir} sedang dipakai oleh proses lain (PID ${pid}). ` +
        `PGlite hanya boleh dibuka oleh satu proses: hentikan proses itu dulu, ` +
        `atau pakai DATA_DIR lain.`,
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

type Holder = { pid: number; token: string };

/** Lock files this process holds now (a second open in the same process is refused too). */
const heldHere = new Set<string>();

function readHolder(file: string): Holder | null {
  try {
    const text = readFileSync(file, "utf8").trim();
    if (/^\d+$/.test(text)) return { pid: Number(text), token: "" }; // the older format: a bare PID
    const h = JSON.parse(text) as Partial<Holder>;
    return typeof h.pid === "number" ? { pid: h.pid, token: String(h.token ?? "") } : null;
  } catch {
    return null;
  }
}

/** Why a lock left in the folder may be taken over, or null when its holder is alive and beating. */
export function staleReason(file: string, now = Date.now()): string | null {
  const h = readHolder(file);
  if (!h) return "unreadable";
  if (h.pid === process.pid) return heldHere.has(path.resolve(file)) ? null : "own pid";
  if (!alive(h.pid)) return "process gone";
  let age: number;
  try {
    age = now - statSync(file).mtimeMs;
  } catch {
    return "gone";
  }
  return age > STALE_MS ? "heartbeat stopped" : null;
}

/** Take the lock; returns a function that releases it. */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "app.lock");
  const token = randomUUID();
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, JSON.stringify({ pid: process.pid, token, since: new Date().toISOString() }));
      closeSync(fd);
      heldHere.add(path.resolve(file));
      const ours = () => readHolder(file)?.token === token;
      const beat = setInterval(() => {
        try {
          if (ours()) {
            const t = new Date();
            utimesSync(file, t, t);
          }
        } catch {
          /* the folder went away; nothing to refresh */
        }
      }, HEARTBEAT_MS);
      beat.unref();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        clearInterval(beat);
        heldHere.delete(path.resolve(file));
        try {
          if (ours()) unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      if (staleReason(file) === null) throw new DataDirLockedError(dir, readHolder(file)?.pid ?? 0);
      // A lock left by a process that died (or whose PID was reused): take it over.
      try {
        unlinkSync(file);
      } catch {
        /* another starter took it first; try again */
      }
    }
  }
  throw new Error("could not lock " + dir);
}
