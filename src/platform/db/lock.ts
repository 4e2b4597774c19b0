// PGlite is one process only. A lock file in the data folder (DATA_DIR/app.lock)
// makes sure one process, and only one, writes the folder's database files.
//
// The lock names its holder: PID, the process's start time (Linux: field 22 of
// /proc/<pid>/stat), the machine's boot id, the PID namespace (a container has its
// own) and the host name. The holder refreshes the file's time every few seconds (the
// heartbeat). A starter that finds the lock decides:
//
// - The holder is gone, or is not the process that wrote the lock (its PID is unused,
//   reused by another process with another start time, or is our own: a container
//   restarted as PID 1): the lock is stale and taken over.
// - The holder is alive and beating: refused at once (DataDirLockedError).
// - The holder is alive (the same process, proven by its start time) but its heartbeat
//   stopped: it may be paused (SIGSTOP, a frozen VM, a long GC) and write again when it
//   resumes, so the lock is NEVER taken over. The starter says so in one line and waits
//   until that process has ended, at most `waitMs` (DATA_LOCK_WAIT_SECONDS); then it
//   refuses, naming the PID, so that an operator can end it.
// - A holder this process cannot check (another container, another machine sharing the
//   folder, or the lock is from before a reboot): only the heartbeat tells. The starter
//   waits while it beats (at most `waitMs`) and takes the lock over once it has stopped
//   for `staleMs`. Without /proc (e.g. macOS) no start time can be read: a live holder is
//   refused while it beats and taken over once it stopped, as before. In both cases a
//   holder paused that long loses the lock; fencing (below) makes it stop when it
//   resumes, but a statement it was running when it was paused may still finish.
//
// Fencing: the holder re-reads the lock on every heartbeat and, through assertHeld(),
// before every statement when its last check is older than a second (so at once after a
// pause). When the file is gone or carries another token, the process stops at once
// (exit code 75) without closing PGlite: closing would write a checkpoint into files that
// another process owns now.
import { randomUUID } from "node:crypto";
import {
  linkSync,
  mkdirSync,
  openSync,
  closeSync,
  readFileSync,
  readlinkSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

/** How often the holder refreshes the lock, and after how long without it the lock counts as not beating. */
export const HEARTBEAT_MS = 5_000;
export const STALE_MS = 20_000;
/** How long a starter waits for a holder that stopped beating (DATA_LOCK_WAIT_SECONDS). */
export const WAIT_MS = 60_000;
/** The exit code of a process that found its lock taken: it stopped without touching the files again. */
export const LOCK_LOST_EXIT_CODE = 75;
/** A holder re-reads the lock before a statement when its last check is older than this. */
const VERIFY_MS = 1_000;

export type LockOptions = {
  /** Default: env DATA_LOCK_HEARTBEAT_MS (for tests), else HEARTBEAT_MS. */
  heartbeatMs?: number;
  /** Default: env DATA_LOCK_STALE_MS (for tests), else STALE_MS. */
  staleMs?: number;
  /** How long to wait for a holder that stopped beating before refusing. Default WAIT_MS. */
  waitMs?: number;
  /** How often a waiting starter looks again. Default: a quarter second, or less with short intervals. */
  pollMs?: number;
  /** Receives the one line a starter prints when it waits (default: stderr). */
  onWait?: (line: string) => void;
  /**
   * Called once when the holder finds its lock taken. Default: the line to stderr and
   * exit LOCK_LOST_EXIT_CODE at once. Tests pass their own; assertHeld() then throws.
   */
  onLost?: (line: string) => void;
};

export type DataDirLock = {
  readonly file: string;
  /** True once the lock was found taken by another process (or removed). */
  readonly lost: boolean;
  /** Throws DataDirLockLostError unless this process still holds the lock (re-read at most once a second). */
  assertHeld(): void;
  /** Stops the heartbeat and removes the lock file if it is still ours. */
  release(): void;
};

export class DataDirLockedError extends Error {
  constructor(
    public readonly dir: string,
    public readonly pid: number,
    detail?: string,
  ) {
    super(
      detail ??
        `Folder data ${dir} sedang dipakai oleh proses lain (PID ${pid}). ` +
          `PGlite hanya boleh dibuka oleh satu proses: hentikan proses itu dulu, ` +
          `atau pakai DATA_DIR lain.`,
    );
  }
}

/** A statement refused because another process holds the data folder now. */
export class DataDirLockLostError extends Error {}

type Identity = { start: string | null; boot: string | null; pidns: string | null; host: string };
type Holder = { pid: number; token: string } & Partial<Identity>;

function readText(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/** Linux: the start time of a process (clock ticks after boot), which tells a reused PID apart. */
function processStart(pid: number): string | null {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return null;
  // The command name (field 2) is in parentheses and may hold spaces: count from the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields[19] ?? null; // field 22
}

let self: Identity | undefined;
function identity(): Identity {
  if (!self) {
    let pidns: string | null = null;
    try {
      pidns = readlinkSync("/proc/self/ns/pid");
    } catch {
      /* no /proc */
    }
    self = {
      start: processStart(process.pid),
      boot: readText("/proc/sys/kernel/random/boot_id")?.trim() || null,
      pidns,
      host: hostname(),
    };
  }
  return self;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function parseHolder(text: string | null): Holder | null {
  if (text === null) return null;
  const t = text.trim();
  if (/^\d+$/.test(t)) return { pid: Number(t), token: "" }; // the oldest format: a bare PID
  try {
    // Whatever the file holds: each field is checked below.
    const h = JSON.parse(t) as { [K in keyof Holder]?: unknown };
    if (typeof h.pid !== "number") return null;
    const s = (v: unknown) => (typeof v === "string" && v ? v : null);
    return {
      pid: h.pid,
      token: typeof h.token === "string" ? h.token : "",
      start: s(h.start),
      boot: s(h.boot),
      pidns: s(h.pidns),
      host: s(h.host) ?? undefined,
    };
  } catch {
    return null;
  }
}

function envMs(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/** Lock files this process holds now (a second open in the same process is refused too). */
const heldHere = new Set<string>();

type Verdict =
  | { take: string }
  | { refuse: true }
  /** silent: alive, proven the same process, not beating. foreign: cannot be checked from here, still beating. unreadable: being written, or garbage not yet stale. */
  | { wait: "silent" | "foreign" | "unreadable" };

function judge(file: string, h: Holder | null, ageMs: number, staleMs: number): Verdict {
  const beating = ageMs <= staleMs;
  if (!h) return beating ? { wait: "unreadable" } : { take: "unreadable" };
  const me = identity();
  // PIDs compare only within one boot and one PID namespace. A lock without a boot id was
  // written by an older version or where there is no /proc: compared as before, on its host.
  const comparable = h.boot ? h.boot === me.boot && (h.pidns ?? null) === me.pidns : !h.host || h.host === me.host;
  // Our own PID in our PID space, or in our container's earlier run (same machine and boot,
  // same host name, another PID namespace): not another live process.
  if (h.pid === process.pid && (comparable || (h.boot === me.boot && h.host === me.host))) {
    return heldHere.has(path.resolve(file)) ? { refuse: true } : { take: "own pid" };
  }
  if (comparable) {
    if (!alive(h.pid)) return { take: "process gone" };
    const start = h.start ? processStart(h.pid) : null;
    if (start && start !== h.start) return { take: "pid reused" };
    if (start) return beating ? { refuse: true } : { wait: "silent" };
    // No start time to compare (no /proc): the heartbeat alone decides, as before.
    return beating ? { refuse: true } : { take: "heartbeat stopped" };
  }
  // Another PID namespace or machine: its PID means nothing here.
  return beating ? { wait: "foreign" } : { take: "heartbeat stopped (other container or machine)" };
}

/** Why a lock left in the folder may be taken over now, or null when it may not (diagnostics and tests). */
export function staleReason(file: string, staleMs = envMs("DATA_LOCK_STALE_MS", STALE_MS)): string | null {
  let age: number;
  try {
    age = Date.now() - statSync(file).mtimeMs;
  } catch {
    return "gone";
  }
  const v = judge(file, parseHolder(readText(file)), age, staleMs);
  return "take" in v ? v.take : null;
}

/**
 * Removes `file` only if it is still the very file we looked at (same inode, same text):
 * it is first renamed away (atomic), checked, and put back if another starter's fresh
 * lock had replaced it in between.
 */
function removeIfSame(file: string, ino: number, text: string | null): void {
  const aside = `${file}.${randomUUID()}.old`;
  try {
    renameSync(file, aside);
  } catch {
    return; // gone already: someone else removed it
  }
  let same = false;
  try {
    same = statSync(aside).ino === ino && readText(aside) === text;
  } catch {
    /* treat as not ours to remove */
  }
  if (!same) {
    try {
      linkSync(aside, file);
    } catch {
      /* a third starter created a lock meanwhile: the one we moved is lost, and its holder stops at its next check */
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    /* already gone */
  }
}

/** Creates the lock with its content in one step (link fails when the name exists); false when it exists. */
function create(file: string, content: string): boolean {
  const tmp = `${file}.${randomUUID()}.new`;
  writeFileSync(tmp, content);
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw e;
    // A file system without hard links: create, then write (a reader may briefly see it empty).
    try {
      const fd = openSync(file, "wx");
      try {
        writeSync(fd, content);
      } finally {
        closeSync(fd);
      }
      return true;
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw e2;
    }
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
  }
}

const clock = (ms: number) => {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, "0")).join(".");
};

/** Take the lock, waiting (at most `waitMs`) for a holder that stopped beating to end. */
export async function lockDataDir(dir: string, opts: LockOptions = {}): Promise<DataDirLock> {
  const heartbeatMs = opts.heartbeatMs ?? envMs("DATA_LOCK_HEARTBEAT_MS", HEARTBEAT_MS);
  const staleMs = opts.staleMs ?? envMs("DATA_LOCK_STALE_MS", STALE_MS);
  const waitMs = opts.waitMs ?? WAIT_MS;
  const pollMs = opts.pollMs ?? Math.max(20, Math.min(250, heartbeatMs / 4));
  const onWait = opts.onWait ?? ((line: string) => console.error(line));
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "app.lock");
  const token = randomUUID();
  const me = identity();
  const content = JSON.stringify({ pid: process.pid, token, since: new Date().toISOString(), ...me });
  const deadline = Date.now() + waitMs;
  let waitingFor: string | undefined; // the text of the lock whose holder we wait to end
  for (let takeovers = 0; ;) {
    if (create(file, content)) return hold(file, token, heartbeatMs, staleMs, opts.onLost);
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(file);
    } catch {
      continue; // removed in between: try again
    }
    const text = readText(file);
    const h = parseHolder(text);
    const age = Date.now() - st.mtimeMs;
    let v = judge(file, h, age, staleMs);
    if ("take" in v) {
      // A starter racing us for the same stale lock ends up refused or waiting; never loop forever.
      if (++takeovers > 10) throw new Error("could not lock " + dir);
      removeIfSame(file, st.ino, text);
      continue;
    }
    // The holder we are waiting for resumed beating: still wait for it to end (it may be paused again).
    if ("refuse" in v && waitingFor !== undefined && text === waitingFor) v = { wait: "silent" };
    if ("refuse" in v) throw new DataDirLockedError(dir, h?.pid ?? 0);
    const pid = h?.pid ?? 0;
    const last = `${clock(st.mtimeMs)} (${Math.round(age / 1000)} detik lalu)`;
    if (Date.now() >= deadline) throw new DataDirLockedError(dir, pid, gaveUp(dir, v.wait, pid, h?.host, age > staleMs ? last : null, waitMs));
    if (text !== waitingFor && v.wait !== "unreadable") {
      waitingFor = text ?? undefined;
      onWait(
        v.wait === "silent"
          ? `Folder data ${dir} dipegang PID ${pid} yang tidak memperbarui kuncinya sejak ${last}; ` +
              `proses itu masih ada (mungkin dijeda atau macet) dan bisa menulis lagi, jadi folder tidak diambil alih. ` +
              `Menunggu sampai proses itu berakhir (paling lama ${Math.round(waitMs / 1000)} detik)...`
          : `Folder data ${dir} dipegang PID ${pid} di ${h?.host ?? "?"} (kontainer atau mesin lain, tidak bisa diperiksa dari sini). ` +
              `Menunggu sampai kuncinya ${Math.round(staleMs / 1000)} detik tidak diperbarui (paling lama ${Math.round(waitMs / 1000)} detik)...`,
      );
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Why a starter stopped waiting. `silentSince` is set when the holder is (still) not beating. */
function gaveUp(
  dir: string,
  kind: "silent" | "foreign" | "unreadable",
  pid: number,
  host: string | undefined,
  silentSince: string | null,
  waitMs: number,
): string {
  const waited = `sudah ditunggu ${Math.round(waitMs / 1000)} detik`;
  const advice = `PGlite hanya boleh dibuka oleh satu proses: hentikan proses itu dulu, atau pakai DATA_DIR lain.`;
  if (kind === "silent" && silentSince) {
    return (
      `Folder data ${dir} dipegang PID ${pid} yang berhenti menjawab: kuncinya tidak diperbarui sejak ${silentSince}, ` +
      `tetapi proses itu masih ada dan bisa menulis lagi, jadi folder tidak diambil alih (${waited}). ` +
      `Hentikan proses itu (mis. kill -9 ${pid}) lalu jalankan lagi.`
    );
  }
  if (kind === "foreign") return `Folder data ${dir} masih dipakai oleh PID ${pid} di ${host ?? "?"} (kontainer atau mesin lain; ${waited}). ${advice}`;
  if (kind === "unreadable") return `Berkas kunci ${path.join(dir, "app.lock")} tidak terbaca tetapi masih baru (${waited}). ${advice}`;
  return `Folder data ${dir} masih dipakai oleh PID ${pid} (${waited}). ${advice}`;
}

function hold(file: string, token: string, heartbeatMs: number, staleMs: number, onLost?: (line: string) => void): DataDirLock {
  const key = path.resolve(file);
  heldHere.add(key);
  let lost = false;
  let released = false;
  let checkedWall = Date.now();
  let checkedMono = performance.now();

  /** Our token is in the file. A missing file is read again shortly (a starter may have moved it aside for a moment). */
  const ours = () => {
    for (let attempt = 0; ; attempt++) {
      const h = parseHolder(readText(file));
      if (h) return h.token === token;
      if (attempt === 2) return false;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  };
  const fence = () => {
    if (lost) return;
    lost = true;
    clearInterval(beat);
    heldHere.delete(key);
    const line =
      `Kunci folder data ${path.dirname(file)} tidak lagi dipegang proses ini (PID ${process.pid}): ` +
      `proses lain sudah mengambil alih atau berkas ${path.basename(file)} dihapus. ` +
      `Aplikasi berhenti seketika tanpa menulis lagi ke basis data (kode keluar ${LOCK_LOST_EXIT_CODE}).`;
    if (onLost) {
      onLost(line);
      return;
    }
    try {
      writeSync(2, line + "\n");
    } finally {
      process.exit(LOCK_LOST_EXIT_CODE);
    }
  };
  const verify = () => {
    checkedWall = Date.now();
    checkedMono = performance.now();
    if (!ours()) fence();
  };

  let expected = Date.now() + heartbeatMs;
  const beat = setInterval(() => {
    const late = Date.now() - expected;
    expected = Date.now() + heartbeatMs;
    // Re-check first, always, and before anything else after a pause.
    verify();
    if (lost) return;
    if (late >= staleMs) {
      console.error(
        `Proses ini (PID ${process.pid}) sempat terhenti ${Math.round((late + heartbeatMs) / 1000)} detik; ` +
          `kunci folder data ${path.dirname(file)} masih miliknya, jadi ia melanjutkan.`,
      );
    }
    try {
      const t = new Date();
      utimesSync(file, t, t);
    } catch {
      /* gone between the check and now: the next check stops us */
    }
  }, heartbeatMs);
  beat.unref();

  return {
    file,
    get lost() {
      return lost;
    },
    assertHeld() {
      if (!lost && !released && (Date.now() - checkedWall > VERIFY_MS || performance.now() - checkedMono > VERIFY_MS)) verify();
      if (lost) throw new DataDirLockLostError(`lock of ${path.dirname(file)} lost: another process holds the folder`);
      if (released) throw new DataDirLockLostError(`lock of ${path.dirname(file)} released`);
    },
    release() {
      if (released) return;
      released = true;
      clearInterval(beat);
      if (lost) return;
      heldHere.delete(key);
      try {
        const st = statSync(file);
        const text = readText(file);
        if (parseHolder(text)?.token === token) removeIfSame(file, st.ino, text);
      } catch {
        /* already gone */
      }
    },
  };
}
