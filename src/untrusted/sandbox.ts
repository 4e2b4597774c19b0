// Files someone sent (PDF, Word, Excel, images, letter templates) are parsed in a
// child process, never on the server's event loop: a hostile file can then only cost
// that process. Each job gets a fresh process with
//   - a heap cap (--max-old-space-size) and a resident-memory limit, watched from here
//     (ArrayBuffers and inflated data are outside the heap cap);
//   - a time limit, after which the process is killed;
//   - no database, no secrets: its environment is PATH, TZ and NODE_ENV only; it reads
//     and writes the files it is told to.
// At most `slots` jobs run at once (one by default: the other core serves requests);
// more wait in line, and past `maxQueue` a job is refused as "busy".
//
// Worker threads were tried first (piscina): a worker that outgrows its
// resourceLimits with one large array aborts the whole process (nodejs/node#47224),
// which is the failure this module exists to prevent.
import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { UntrustedFileError, type UntrustedReason } from "./errors.js";
import type { TaskInput, TaskName, TaskOutput } from "./tasks.js";

export type SandboxOptions = {
  /** Where jobs write their outputs (emptied of stale files by the sweep). */
  tmpDir: string;
  /** Jobs running at once. */
  slots: number;
  /** Resident memory of one parsing process, in MB (its JS heap is capped below it). */
  memoryMb: number;
  /** Jobs that may wait for a slot before new ones are refused as busy. */
  maxQueue: number;
};

let options: SandboxOptions = { tmpDir: path.join(tmpdir(), "kd-parse"), slots: 1, memoryMb: 384, maxQueue: 50 };

/** Set at start from the configuration (server.ts, app.ts); tests may lower the limits. */
export function configureSandbox(o: Partial<SandboxOptions>): void {
  options = { ...options, ...o };
}
export const sandboxOptions = (): Readonly<SandboxOptions> => options;

/** Time limits per task, in milliseconds. */
export const TIME_LIMITS: Record<TaskName, number> = {
  extractText: 30_000,
  checkTemplate: 15_000,
  renderLetter: 20_000,
  readImport: 30_000,
  checkStampable: 20_000,
  stampCopy: 30_000,
};

const HERE = fileURLToPath(import.meta.url);
const FROM_SOURCE = HERE.endsWith(".ts");
const ENTRY = path.join(path.dirname(HERE), FROM_SOURCE ? "child.ts" : "child.js");

// ---- the waiting line -------------------------------------------------------
let running = 0;
const waiting: (() => void)[] = [];

async function slot(): Promise<() => void> {
  if (running >= options.slots) {
    if (waiting.length >= options.maxQueue) throw new UntrustedFileError("busy", "belum dapat dibaca: server sedang membaca banyak berkas; coba lagi sebentar lagi");
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  running++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    running--;
    waiting.shift()?.();
  };
}

/** Jobs running and waiting (for /healthz and the operators). */
export const sandboxLoad = () => ({ running, waiting: waiting.length });

// ---- one job ----------------------------------------------------------------
const PAGE = 4096;

/** Resident memory of a process in bytes (Linux), or null where /proc is missing. */
async function rssOf(pid: number): Promise<number | null> {
  try {
    const statm = await readFile(`/proc/${pid}/statm`, "utf8");
    return Number(statm.split(" ")[1]) * PAGE;
  } catch {
    return null;
  }
}

type Reply<T> = { ok: true; value: T } | { ok: false; reason: UntrustedReason; message: string };

/**
 * Runs `task` on `input` in a fresh parsing process within its limits. Resolves with
 * the task's output; rejects with UntrustedFileError (the reason and an Indonesian
 * message that completes "Berkas X ...") when the file is refused or the process fails.
 */
export async function runUntrusted<K extends TaskName>(task: K, input: TaskInput<K>, limits: { timeMs?: number; memoryMb?: number } = {}): Promise<TaskOutput<K>> {
  const release = await slot();
  try {
    return await runInChild(task, input, limits.timeMs ?? TIME_LIMITS[task], limits.memoryMb ?? options.memoryMb);
  } finally {
    release();
  }
}

function runInChild<K extends TaskName>(task: K, input: TaskInput<K>, timeMs: number, memoryMb: number): Promise<TaskOutput<K>> {
  const heapMb = Math.max(64, Math.floor(memoryMb * 0.6));
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = fork(ENTRY, [], {
        execArgv: [...(FROM_SOURCE ? ["--import", "tsx"] : []), `--max-old-space-size=${heapMb}`, "--max-semi-space-size=8", "--disallow-code-generation-from-strings"],
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", TZ: process.env.TZ ?? "Asia/Jakarta", NODE_ENV: process.env.NODE_ENV ?? "production" },
        serialization: "advanced",
        stdio: ["ignore", "ignore", "pipe", "ipc"],
      });
    } catch {
      return reject(new UntrustedFileError("crashed", "belum dapat dibaca: proses pembaca berkas tidak dapat dijalankan"));
    }
    let settled = false;
    let killedFor: UntrustedReason | null = null;
    let stderr = "";
    child.stderr?.on("data", (b: Buffer) => {
      if (stderr.length < 4000) stderr += b.toString();
    });
    const kill = (reason: UntrustedReason) => {
      killedFor ??= reason;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(() => kill("timeout"), timeMs);
    const watch = setInterval(() => {
      if (child.pid === undefined) return;
      void rssOf(child.pid).then((rss) => {
        if (rss !== null && rss > memoryMb * 1024 * 1024) kill("memory");
      });
    }, 100);
    const done = (err: UntrustedFileError | null, value?: TaskOutput<K>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(watch);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      if (err) reject(err);
      else resolve(value as TaskOutput<K>);
    };
    child.on("message", (m: Reply<TaskOutput<K>>) => {
      if (m.ok) done(null, m.value);
      else done(new UntrustedFileError(m.reason, m.message));
    });
    child.on("error", () => done(new UntrustedFileError("crashed", "belum dapat dibaca: proses pembaca berkas gagal")));
    child.on("exit", () => {
      if (settled) return;
      const reason: UntrustedReason = killedFor ?? (/heap out of memory|Allocation failed/i.test(stderr) ? "memory" : "crashed");
      done(new UntrustedFileError(reason, reasonText(reason, timeMs, memoryMb)));
    });
    child.send({ task, input });
  });
}

function reasonText(reason: UntrustedReason, timeMs: number, memoryMb: number): string {
  switch (reason) {
    case "timeout":
      return `tidak selesai dibaca dalam ${Math.round(timeMs / 1000)} detik`;
    case "memory":
      return `memerlukan lebih dari ${memoryMb} MB memori untuk dibaca`;
    default:
      return "menghentikan proses pembacanya";
  }
}

// ---- files a job writes -----------------------------------------------------
/** A fresh path under the sandbox's folder for a job's output (removed by the caller, or by the sweep). */
export function outputPath(ext: string): string {
  mkdirSync(options.tmpDir, { recursive: true });
  return path.join(options.tmpDir, `${randomUUID()}.${ext}`);
}

/** Reads a job's output file and removes it. */
export async function takeOutput(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } finally {
    await rm(file, { force: true });
  }
}

/**
 * `fn` with a path to the bytes of `source`: an upload's temporary file as it is, a
 * buffer written to a file of its own first (and removed afterwards).
 */
export async function withSourceFile<T>(source: Buffer | { path: string }, ext: string, fn: (file: string) => Promise<T>): Promise<T> {
  if (!Buffer.isBuffer(source)) return fn(source.path);
  const file = outputPath(ext);
  await writeFile(file, source);
  try {
    return await fn(file);
  } finally {
    await rm(file, { force: true });
  }
}
