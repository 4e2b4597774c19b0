// A Word file (.docx) turned into a PDF by LibreOffice, run headless as a separate
// program, never in the server's process:
//   - each conversion gets a fresh temporary folder: its own LibreOffice profile (two
//     conversions never share one, and none is left behind), the input and the output;
//     the folder is removed afterwards, also when the conversion fails;
//   - LibreOffice runs in its own process group (soffice starts soffice.bin), so a
//     conversion past its time limit is ended whole with SIGKILL;
//   - its address space is limited (prlimit from util-linux, else the shell's ulimit),
//     and its environment is PATH, HOME (the temporary folder), TZ and LANG only;
//   - one conversion runs at a time (LibreOffice takes a core and 200 MB or more); a few
//     wait in line, more are refused as busy.
// The file must have passed the zip budget (untrusted/zip-budget.ts) in a parsing
// process before it comes here: LibreOffice then only meets files of a sane size, and
// one that lies about its sizes is stopped by the memory and time limits.
import { spawn } from "node:child_process";
import { constants } from "node:fs";
import { access, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { setPriority, tmpdir } from "node:os";
import path from "node:path";

export type OfficeOptions = {
  /** The LibreOffice program: a path, or a name looked up on PATH (default "soffice", else /usr/bin/soffice). */
  sofficePath: string;
  /** Time limit of one conversion, in milliseconds, counted from when LibreOffice starts. */
  timeoutMs: number;
  /** Address space LibreOffice may use, in MB (virtual memory, not resident: it maps far more than it touches). */
  memoryMb: number;
  /** Where each conversion makes its temporary folder. */
  tmpDir: string;
  /** Conversions that may wait while one runs; past this they are refused as busy. */
  maxWaiting: number;
  /** Largest PDF accepted back, in bytes. */
  maxOutputBytes: number;
};

export const OFFICE_DEFAULTS: Readonly<OfficeOptions> = {
  sofficePath: "soffice",
  timeoutMs: 60_000,
  memoryMb: 1024,
  tmpDir: path.join(tmpdir(), "kd-office"),
  maxWaiting: 3,
  maxOutputBytes: 100 * 1024 * 1024,
};

let options: OfficeOptions = { ...OFFICE_DEFAULTS };

/** Where conversions keep their temporary folders under the data folder. */
export const officeTmpDir = (dataDir: string) => path.join(dataDir, "tmp", "office");

/** Set at start (app.ts), like configureSandbox; tests may lower the limits or name a missing program. */
export function configureOffice(o: Partial<OfficeOptions>): void {
  options = { ...options, ...o };
  available.clear();
}
export const officeOptions = (): Readonly<OfficeOptions> => options;

export type OfficeReason =
  /** LibreOffice is not installed, or the program named is not executable. */
  | "missing"
  /** The conversion took longer than its limit and was ended. */
  | "timeout"
  /** Too many conversions waiting: try again shortly. */
  | "busy"
  /** LibreOffice ended without a PDF (a damaged file, or past its memory limit). */
  | "failed";

/** Why a conversion gave no PDF. `message` completes an Indonesian sentence about the file ("Berkas X <message>"). */
export class OfficeError extends Error {
  override name = "OfficeError";
  /** How LibreOffice ended and the last it said, for the log (never shown to users). */
  detail?: string;

  constructor(
    public readonly reason: OfficeReason,
    message: string,
  ) {
    super(message);
  }
}

// ---- the program ------------------------------------------------------------
const available = new Map<string, Promise<string | null>>();

async function executable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** The full path of the program, or null when it is not there (looked up once per name). */
function resolveProgram(name: string): Promise<string | null> {
  let found = available.get(name);
  if (!found) {
    found = (async () => {
      if (name.includes("/")) return (await executable(name)) ? path.resolve(name) : null;
      const dirs = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
      for (const dir of [...dirs, "/usr/bin", "/usr/local/bin"]) {
        const file = path.join(dir, name);
        if (await executable(file)) return file;
      }
      return null;
    })();
    available.set(name, found);
  }
  return found;
}

/** Whether LibreOffice can be run (checked once per program path). */
export async function officeAvailable(opts: Partial<OfficeOptions> = {}): Promise<boolean> {
  return (await resolveProgram(opts.sofficePath ?? options.sofficePath)) !== null;
}

const prlimitPath = () => resolveProgram("prlimit");

/**
 * A .docx may link images by URL (or file path): LibreOffice fetches them while it
 * converts, so a user could make the server request internal addresses. Where the kernel
 * allows it, LibreOffice runs in a network namespace of its own, without any network
 * (util-linux's `unshare -rn`, checked once); elsewhere docs/signatures.md says so.
 */
let isolation: Promise<string | null> | undefined;
export const networkIsolation = () =>
  (isolation ??= (async () => {
    const unshare = await resolveProgram("unshare");
    if (!unshare) return null;
    const ok = await new Promise<boolean>((resolve) => {
      const c = spawn(unshare, ["-rn", "true"], { stdio: "ignore" });
      c.on("error", () => resolve(false));
      c.on("exit", (code) => resolve(code === 0));
    });
    return ok ? unshare : null;
  })());

// ---- the waiting line -------------------------------------------------------
let running = false;
const waiting: (() => void)[] = [];

async function turn(maxWaiting: number): Promise<() => void> {
  if (running) {
    if (waiting.length >= maxWaiting)
      throw new OfficeError("busy", "belum dapat diubah menjadi PDF: server sedang mengubah berkas lain; coba lagi sebentar lagi");
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  running = true;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    running = false;
    waiting.shift()?.();
  };
}

/** Conversions running and waiting (for the operators). */
export const officeLoad = () => ({ running: running ? 1 : 0, waiting: waiting.length });

// The process group of the conversion running now, ended by stopOffice.
let current: number | null = null;

/** Ends the conversion running now, if any (the server is stopping: its LibreOffice would outlive it otherwise). */
export function stopOffice(): void {
  if (current === null) return;
  try {
    process.kill(-current, "SIGKILL");
  } catch {
    /* already ended */
  }
}

// ---- one conversion ---------------------------------------------------------
/**
 * The PDF of a .docx (bytes, or a path to them), made by LibreOffice within the limits
 * above. Rejects with OfficeError: "missing", "timeout", "busy" or "failed".
 */
export async function convertDocxToPdf(input: Buffer | string, opts: Partial<OfficeOptions> = {}): Promise<Buffer> {
  const o = { ...options, ...opts };
  const program = await resolveProgram(o.sofficePath);
  if (!program) throw new OfficeError("missing", "belum dapat diubah menjadi PDF: LibreOffice belum dipasang di server ini");
  const release = await turn(o.maxWaiting);
  let work: string | null = null;
  try {
    await mkdir(o.tmpDir, { recursive: true });
    await sweepStale(o.tmpDir, o.timeoutMs);
    work = await mkdtemp(path.join(o.tmpDir, "convert-"));
    const file = path.join(work, "dokumen.docx");
    await writeFile(file, Buffer.isBuffer(input) ? input : await readFile(input));
    const outDir = path.join(work, "out");
    await mkdir(outDir);
    await runSoffice(program, work, file, outDir, o);
    return await readPdf(path.join(outDir, "dokumen.pdf"), o.maxOutputBytes);
  } finally {
    release();
    if (work) await rm(work, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Folders of conversions a stopped server left behind (this one's own are removed as they end). */
async function sweepStale(dir: string, timeoutMs: number): Promise<void> {
  const before = Date.now() - timeoutMs - 10 * 60_000;
  for (const name of await readdir(dir).catch(() => [])) {
    if (!name.startsWith("convert-")) continue;
    const folder = path.join(dir, name);
    const s = await stat(folder).catch(() => null);
    if (s && s.mtimeMs < before) await rm(folder, { recursive: true, force: true }).catch(() => undefined);
  }
}

async function readPdf(file: string, maxBytes: number): Promise<Buffer> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    throw new OfficeError("failed", "tidak dapat diubah menjadi PDF: LibreOffice tidak dapat membukanya (berkas rusak atau bukan dokumen Word)");
  }
  if (size > maxBytes) throw new OfficeError("failed", "tidak dapat diubah menjadi PDF: hasilnya terlalu besar");
  const pdf = await readFile(file);
  if (pdf.subarray(0, 5).toString("latin1") !== "%PDF-") throw new OfficeError("failed", "tidak dapat diubah menjadi PDF: hasil konversinya bukan PDF");
  return pdf;
}

async function runSoffice(program: string, work: string, file: string, outDir: string, o: OfficeOptions): Promise<void> {
  const args = [
    "--headless",
    "--norestore",
    "--nologo",
    "--nodefault",
    "--nolockcheck",
    `-env:UserInstallation=file://${path.join(work, "profile")}`,
    "--convert-to",
    "pdf:writer_pdf_Export",
    "--outdir",
    outDir,
    file,
  ];
  const bytes = o.memoryMb * 1024 * 1024;
  const prlimit = await prlimitPath();
  const [limited, limitedArgs] = prlimit
    ? [prlimit, [`--as=${bytes}`, "--", program, ...args]]
    : ["/bin/sh", ["-c", `ulimit -v ${o.memoryMb * 1024} && exec "$0" "$@"`, program, ...args]];
  const unshare = await networkIsolation();
  const [cmd, argv] = unshare ? [unshare, ["-rn", "--", limited, ...limitedArgs]] : [limited, limitedArgs];
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: work,
    TZ: process.env.TZ ?? "Asia/Jakarta",
    LANG: "C.UTF-8",
  };
  await new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: work, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    current = child.pid ?? null;
    let said = "";
    const hear = (b: Buffer) => {
      if (said.length < 4000) said += b.toString();
    };
    child.stdout.on("data", hear);
    child.stderr.on("data", hear);
    // Converting is background work: the server's own threads come first for the CPU.
    try {
      if (child.pid !== undefined) setPriority(child.pid, 10);
    } catch {
      /* not permitted here: LibreOffice runs at normal priority */
    }
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        /* the group has already ended */
      }
    };
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, o.timeoutMs);
    const fail = (err: OfficeError, detail: string) => {
      err.detail = detail;
      reject(err);
    };
    child.once("error", (e) => {
      clearTimeout(timer);
      current = null;
      killGroup();
      fail(new OfficeError("missing", "belum dapat diubah menjadi PDF: LibreOffice tidak dapat dijalankan di server ini"), e.message);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      current = null;
      // Nothing of this conversion outlives it (a soffice.bin left behind by its launcher).
      killGroup();
      const detail = `exit ${code ?? "-"} ${signal ?? ""} ${said.trim().split("\n").slice(-3).join(" | ")}`.trim();
      if (timedOut) {
        fail(new OfficeError("timeout", `tidak selesai diubah menjadi PDF dalam ${Math.max(1, Math.round(o.timeoutMs / 1000))} detik`), detail);
      } else if (code !== 0) {
        fail(new OfficeError("failed", "tidak dapat diubah menjadi PDF: LibreOffice berhenti sebelum selesai (berkas rusak atau terlalu berat)"), detail);
      } else resolve();
    });
  });
}
