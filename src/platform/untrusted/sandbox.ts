// Files someone sent (PDF, Word, Excel, images, letter templates) are parsed in a
// child process, never on the server's event loop: a hostile file can then only cost
// that process. Each job runs in a parsing process with
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
import { setPriority, tmpdir } from "node:os";
import path from "node:path";
import { childProgram } from "../child-program.js";
import { UntrustedFileError, type UntrustedReason } from "./errors.js";
import type { ParseTask } from "./task.js";

export type SandboxOptions = {
  /** Where jobs write their outputs (emptied of stale files by the sweep). */
  tmpDir: string;
  /** Jobs running at once. */
  slots: number;
  /** Resident memory of one parsing process, in MB (its JS heap is capped below it). */
  memoryMb: number;
  /** Jobs that may wait for a slot before new ones are refused as busy. */
  maxQueue: number;
  /** Time limits by task name, in milliseconds (the task's own unless set here). */
  timeLimits: Partial<Record<string, number>>;
};

let options: SandboxOptions = { tmpDir: path.join(tmpdir(), "kd-parse"), slots: 1, memoryMb: 384, maxQueue: 50, timeLimits: {} };

/** Where parsing jobs keep their files under the data folder. */
export const parseTmpDir = (dataDir: string) => path.join(dataDir, "tmp", "parse");

/** Set at start from the configuration (server.ts, app.ts); tests may lower the limits. */
export function configureSandbox(o: Partial<SandboxOptions>): void {
  options = { ...options, ...o };
}
export const sandboxOptions = (): Readonly<SandboxOptions> => options;

// The parsing process's program is the composition root's (src/parse-child.ts): it maps the
// task names to the features' parsers, which this module does not know.
const PROGRAM = childProgram(import.meta.url, "../../parse-child");

// ---- the waiting line -------------------------------------------------------
let running = 0;
const waiting: (() => void)[] = [];

async function slot(): Promise<() => void> {
  if (running >= options.slots) {
    if (waiting.length >= options.maxQueue)
      throw new UntrustedFileError("busy", "belum dapat dibaca: server sedang membaca banyak berkas; coba lagi sebentar lagi");
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

type Reply = { id: number; ok: true; value: unknown; clean: boolean } | { id: number; ok: false; reason: UntrustedReason; message: string; clean: boolean };

/**
 * A parsing process. It serves one job at a time and is kept warm for the next one
 * (starting Node and loading a PDF reader costs more than most jobs), unless the job
 * failed in any way, it has served MAX_JOBS, its memory stayed high, or it reports
 * that a job changed a built-in prototype: then it is killed and the next job gets a
 * fresh one. An idle process ends after IDLE_MS.
 */
type Parser = {
  child: ChildProcess;
  memoryMb: number;
  jobs: number;
  stderr: string;
  idle?: NodeJS.Timeout;
  dead: boolean;
  /** Resolves when the process has loaded its readers, with its resident memory then: a job's memory is counted above it. */
  ready: Promise<number>;
  baseline: number;
};
const MAX_JOBS = 200;
const IDLE_MS = 30_000;
const START_MS = 60_000;
const idleParsers: Parser[] = [];
let jobIds = 0;

function spawnParser(memoryMb: number): Parser {
  // Run through tsx (development), the process carries tsx's own heap too.
  const heapMb = Math.max(64, Math.floor(memoryMb * 0.6)) + (PROGRAM.viaTsx ? 150 : 0);
  const child = fork(PROGRAM.entry, [], {
    execArgv: [...PROGRAM.execArgv, `--max-old-space-size=${heapMb}`, "--max-semi-space-size=8"],
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", TZ: process.env.TZ ?? "Asia/Jakarta", NODE_ENV: process.env.NODE_ENV ?? "production" },
    serialization: "advanced",
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  // Parsing is background work: the server's own threads come first for the CPU.
  try {
    if (child.pid !== undefined) setPriority(child.pid, 10);
  } catch {
    /* not permitted here: the parser runs at normal priority */
  }
  const p = { child, memoryMb, jobs: 0, stderr: "", dead: false, baseline: 0 } as Parser;
  p.ready = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("parser did not start")), START_MS);
    const onReady = (m: { ready?: boolean }) => {
      if (!m.ready) return;
      clearTimeout(timer);
      child.off("message", onReady);
      void rssOf(child.pid ?? -1).then((rss) => resolve((p.baseline = rss ?? 0)));
    };
    child.on("message", onReady);
    child.once("exit", () => {
      clearTimeout(timer);
      reject(new Error("parser exited"));
    });
  });
  p.ready.catch(() => undefined);
  child.stderr?.on("data", (b: Buffer) => {
    if (p.stderr.length < 4000) p.stderr += b.toString();
  });
  child.on("exit", () => {
    p.dead = true;
    const i = idleParsers.indexOf(p);
    if (i >= 0) idleParsers.splice(i, 1);
  });
  // An IPC error (the process died mid-message) shows as its exit.
  child.on("error", () => undefined);
  // An idle parser never keeps the server running (a job's own timers do while it runs).
  child.unref();
  child.channel?.unref();
  return p;
}

function retire(p: Parser) {
  if (p.idle) clearTimeout(p.idle);
  if (!p.dead) p.child.kill("SIGKILL");
}

function takeParser(memoryMb: number): Parser {
  for (let p = idleParsers.pop(); p; p = idleParsers.pop()) {
    if (p.idle) clearTimeout(p.idle);
    if (!p.dead && p.memoryMb === memoryMb) return p;
    retire(p);
  }
  return spawnParser(memoryMb);
}

function giveBack(p: Parser, clean: boolean) {
  if (p.dead || !clean || p.jobs >= MAX_JOBS) {
    retire(p);
    return;
  }
  p.idle = setTimeout(() => retire(p), IDLE_MS);
  p.idle.unref();
  idleParsers.push(p);
  // A process that kept much of a large file's memory is not kept.
  if (p.child.pid === undefined) return;
  void rssOf(p.child.pid).then((rss) => {
    if (rss !== null && rss - p.baseline > (p.memoryMb * 1024 * 1024) / 2 && idleParsers.includes(p)) {
      idleParsers.splice(idleParsers.indexOf(p), 1);
      retire(p);
    }
  });
}

/** Ends every parsing process (the server is stopping). */
export function stopParsers(): void {
  for (const p of idleParsers.splice(0)) retire(p);
}

/**
 * Runs `task` on `input` in a parsing process within its limits. Resolves with the
 * task's output; rejects with UntrustedFileError (the reason and an Indonesian message
 * that completes "Berkas X ...") when the file is refused or the process fails.
 */
export async function runUntrusted<I, O>(task: ParseTask<I, O>, input: I, limits: { timeMs?: number; memoryMb?: number } = {}): Promise<O> {
  const release = await slot();
  const timeMs = limits.timeMs ?? options.timeLimits[task.name] ?? task.timeMs;
  const memoryMb = limits.memoryMb ?? options.memoryMb;
  try {
    try {
      return await runInParser<O>(task.name, input, timeMs, memoryMb);
    } catch (e) {
      // A process that ended without a word (not our limits) may have died of something else
      // than the file: once more in a fresh one. A file that kills it again is refused.
      if (!(e instanceof UntrustedFileError) || e.reason !== "crashed") throw e;
      return await runInParser<O>(task.name, input, timeMs, memoryMb);
    }
  } finally {
    release();
  }
}

function runInParser<O>(task: string, input: unknown, timeMs: number, memoryMb: number): Promise<O> {
  return new Promise((resolve, reject) => {
    let p: Parser;
    try {
      p = takeParser(memoryMb);
    } catch {
      reject(new UntrustedFileError("crashed", "belum dapat dibaca: proses pembaca berkas tidak dapat dijalankan"));
      return;
    }
    const { child } = p;
    const id = ++jobIds;
    const limit = () => p.baseline + memoryMb * 1024 * 1024;
    p.jobs++;
    p.stderr = "";
    let settled = false;
    let killedFor: UntrustedReason | null = null;
    const kill = (reason: UntrustedReason) => {
      killedFor ??= reason;
      child.kill("SIGKILL");
    };
    let timer: NodeJS.Timeout | undefined;
    const watch = setInterval(() => {
      if (child.pid === undefined) return;
      void rssOf(child.pid).then((rss) => {
        if (rss !== null && p.baseline && rss > limit()) kill("memory");
      });
    }, 100);
    const finish = (err: UntrustedFileError | null, value: unknown, reusable: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(watch);
      child.off("message", onMessage);
      child.off("exit", onExit);
      if (reusable) giveBack(p, true);
      else retire(p);
      if (err) reject(err);
      else resolve(value as O);
    };
    const onMessage = (m: Reply) => {
      if (m.id !== id) return;
      // A refused file may have left the process in any state: only a success is reused.
      if (m.ok) finish(null, m.value, m.clean);
      else finish(new UntrustedFileError(m.reason, m.message), undefined, false);
    };
    const onExit = (code: number | null, signal: string | null) => {
      const reason: UntrustedReason = killedFor ?? (/heap out of memory|Allocation failed/i.test(p.stderr) ? "memory" : "crashed");
      const err = new UntrustedFileError(reason, reasonText(reason, timeMs, memoryMb));
      // For the operators' log: how the process ended, and the last it said.
      err.detail = `exit ${code ?? "-"} ${signal ?? ""} ${p.stderr.trim().split("\n").slice(-3).join(" | ")}`.trim();
      finish(err, undefined, false);
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
    if (p.dead) {
      onExit(p.child.exitCode, p.child.signalCode);
      return;
    }
    // The time limit counts from when the process is ready (a fresh one loads its readers first).
    p.ready.then(
      () => {
        if (settled) return;
        timer = setTimeout(() => kill("timeout"), timeMs);
        child.send({ id, task, input }, (err) => {
          if (err) kill("crashed");
        });
      },
      () => kill("crashed"),
    );
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
