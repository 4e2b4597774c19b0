// The off-site copy of a backup (docs/offsite-backups.md): the backup file encrypted
// with age into BACKUP_OFFSITE_DIR (a mounted share on another machine), beside a
// sidecar manifest that the restore drill checks it against:
//   kerjasama-2026-11-26.kdbackup.age        the encrypted backup
//   kerjasama-2026-11-26.kdbackup.age.json   {sha256, size, createdAt, database, appVersion, tables: {rows, sha256}}
// Both are written under a temporary name, flushed to disk (fsync) and renamed: a copy
// cut off halfway (a full disk, a dropped share, a crash) never has the final name, and
// the temporary file is removed when the write fails. A copy counts only once its
// manifest exists (written last). The newest BACKUP_OFFSITE_KEEP copies are kept.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { OffsiteConfig } from "../../platform/config.js";
import { ROOT } from "../../platform/paths.js";
import { verify, type Manifest } from "./backup.js";
import { encryptStream, OffsiteError } from "./offsite-age.js";

export const OFFSITE_FORMAT = "kerjasama-daerah-offsite";
const SUFFIX = ".age";
const MANIFEST = ".json";
const DRILL_FILE = "drill-terakhir.json";

export type OffsiteManifest = {
  format: typeof OFFSITE_FORMAT;
  version: 1;
  /** The encrypted file's name, beside this manifest. */
  file: string;
  /** SHA-256 (hex) and size of the encrypted file. */
  sha256: string;
  size: number;
  /** When the copy was written, and when the backup in it was read from the database. */
  createdAt: string;
  backupCreatedAt: string;
  database: "pglite" | "postgres";
  appVersion: string;
  /** The last migration of the schema the backup was taken at. */
  migration: string;
  /** Each table's row count and the SHA-256 of its rows, as in the backup's own manifest. */
  tables: Manifest;
};

export type OffsiteCopy = OffsiteManifest & { manifestFile: string };

let version: string | undefined;
async function appVersion(): Promise<string> {
  version ??= (JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
  return version;
}

/** The temporary name of a file being written into the off-site folder (removed on failure, swept when old). */
const tmpName = (dir: string, name: string) => path.join(dir, `.${name}.${randomBytes(6).toString("hex")}.tmp`);
const isTmp = (name: string) => /^\..+\.[0-9a-f]{12}\.tmp$/.test(name);

/** Flushes a folder's entries (the rename) to disk; some file systems (SMB, some NFS) cannot, and say so: then the rename is what it is. */
async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, "r").catch(() => null);
  if (!fh) return;
  await fh.sync().catch(() => undefined);
  await fh.close();
}

/** Writes `source`'s bytes to `final` through a temporary file, fsync and rename. Returns their SHA-256 and size. */
async function writeAtomically(final: string, source: () => Promise<Readable>): Promise<{ sha256: string; size: number }> {
  const dir = path.dirname(final);
  const tmp = tmpName(dir, path.basename(final));
  const hash = createHash("sha256");
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(await source(), tap, createWriteStream(tmp, { flags: "wx", mode: 0o600 }));
    const fh = await open(tmp, "r+");
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, final);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  await syncDir(dir);
  return { sha256: hash.digest("hex"), size };
}

const jsonSource = (value: unknown) => () => Promise.resolve(Readable.from([Buffer.from(JSON.stringify(value, null, 2) + "\n")]));

/** The off-site name of a backup file. */
export const offsiteName = (backupFile: string) => path.basename(backupFile) + SUFFIX;

/** True when the off-site copy of `backupFile` is complete (its manifest exists). */
export const hasOffsiteCopy = (offsite: Pick<OffsiteConfig, "dir">, backupFile: string) =>
  existsSync(path.join(offsite.dir, offsiteName(backupFile) + MANIFEST));

/**
 * Checks the backup file against its own manifest, encrypts it to the recipients into
 * the off-site folder, writes the manifest beside it, then removes copies beyond the
 * ones to keep. Throws OffsiteError (in Indonesian) when the folder cannot take it.
 */
export async function copyOffsite(
  backupFile: string,
  offsite: OffsiteConfig,
  source: { database: "pglite" | "postgres" },
  now = new Date(),
): Promise<OffsiteCopy> {
  const checked = await verify(backupFile);
  const name = offsiteName(backupFile);
  const manifestFile = path.join(offsite.dir, name + MANIFEST);
  let placed = false;
  try {
    await mkdir(offsite.dir, { recursive: true });
    // A copy of the same name written again: it stops counting before its bytes change.
    await rm(manifestFile, { force: true });
    const written = await writeAtomically(path.join(offsite.dir, name), () => encryptStream(createReadStream(backupFile), offsite.recipients));
    placed = true;
    const manifest: OffsiteManifest = {
      format: OFFSITE_FORMAT,
      version: 1,
      file: name,
      sha256: written.sha256,
      size: written.size,
      createdAt: now.toISOString(),
      backupCreatedAt: checked.createdAt,
      database: source.database,
      appVersion: await appVersion(),
      migration: checked.migrations.at(-1) ?? "",
      tables: checked.manifest,
    };
    await writeAtomically(manifestFile, jsonSource(manifest));
    await prune(offsite);
    return { ...manifest, manifestFile: name + MANIFEST };
  } catch (e) {
    // The encrypted file without its manifest is no copy: removed too.
    if (placed) await rm(path.join(offsite.dir, name), { force: true }).catch(() => undefined);
    if (e instanceof OffsiteError) throw e;
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === "ENOSPC"
        ? "ruang penyimpanan penuh (ENOSPC)"
        : err.code === "EACCES" || err.code === "EPERM" || err.code === "EROFS"
          ? `folder tidak boleh ditulis (${err.code})`
          : err.code === "ENOTDIR" || err.code === "ENOENT"
            ? `folder tidak ada atau bukan folder; apakah share sudah terpasang? (${err.code})`
            : (err.code ?? err.message);
    throw new OffsiteError(`Salinan luar mesin ke ${offsite.dir} gagal: ${why}. Tidak ada berkas setengah jadi yang tertinggal.`);
  }
}

/** The complete copies in the off-site folder, newest first (a manifest that cannot be read is skipped). */
export async function listOffsiteCopies(dir: string): Promise<OffsiteCopy[]> {
  if (!existsSync(dir)) return [];
  const out: OffsiteCopy[] = [];
  for (const f of await readdir(dir)) {
    if (!f.endsWith(SUFFIX + MANIFEST) || f.startsWith(".")) continue;
    try {
      const m = JSON.parse(await readFile(path.join(dir, f), "utf8")) as Partial<OffsiteManifest>;
      // Its file is the one beside it, of its own name: a manifest on the share naming another path
      // ("../...") would have pruning delete, and the drill read, a file outside the folder.
      if (m.format === OFFSITE_FORMAT && typeof m.createdAt === "string" && m.file === f.slice(0, -MANIFEST.length))
        out.push({ ...(m as OffsiteManifest), manifestFile: f });
    } catch {
      // a manifest being replaced or damaged: not a copy to trust
    }
  }
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Removes the copies beyond the newest `keep`, and temporary files left by a crash over a day ago. */
async function prune(offsite: OffsiteConfig): Promise<void> {
  for (const old of (await listOffsiteCopies(offsite.dir)).slice(offsite.keep)) {
    await rm(path.join(offsite.dir, old.manifestFile), { force: true });
    await rm(path.join(offsite.dir, old.file), { force: true });
  }
  const dayAgo = Date.now() - 24 * 3_600_000;
  for (const f of (await readdir(offsite.dir)).filter(isTmp)) {
    const s = await stat(path.join(offsite.dir, f)).catch(() => null);
    if (s && s.mtimeMs < dayAgo) await rm(path.join(offsite.dir, f), { force: true });
  }
}

export type DrillResult = {
  at: string;
  ok: boolean;
  /** The copy drilled (its file name), null when there was none to drill. */
  copy: string | null;
  copyCreatedAt: string | null;
  scratch: "pglite" | "postgres";
  /** One line per check, and the first difference found when it failed. */
  message: string;
  tables: number;
  rows: number;
};

/** Records the last drill in the off-site folder, where the app reads it (the drill may run on another machine). */
export async function writeDrillResult(dir: string, result: DrillResult): Promise<void> {
  await writeAtomically(path.join(dir, DRILL_FILE), jsonSource(result));
}

export async function readDrillResult(dir: string): Promise<DrillResult | null> {
  try {
    const r = JSON.parse(await readFile(path.join(dir, DRILL_FILE), "utf8")) as DrillResult;
    return typeof r.at === "string" && typeof r.ok === "boolean" ? r : null;
  } catch {
    return null;
  }
}
