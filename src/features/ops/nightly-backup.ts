// The embedded database (PGlite) can be opened by one process only, so `npm run
// backup` cannot run beside the app: the app itself writes a backup every night into
// BACKUP_DIR after DAILY_JOB_HOUR and keeps the last BACKUP_KEEP. ADMIN sees them on
// /admin/cadangan and can download one.
//
// Requests do not wait on it: the data folder is copied as of one moment while the app
// serves (a checkpoint, then the files and the WAL since: db/pglite-handle.ts), and the
// backup file is read from that copy by a child process (snapshot-backup.ts), which
// opens it on its own. A run that fails is tried again after RETRY_MS, restarts
// included (the JobRun row "backup" of the day keeps the count and the reason); its
// failure is shown on /admin/cadangan and told to ADMIN.
//
// With BACKUP_OFFSITE_DIR set, the same run then copies the backup, encrypted, to the
// second place (features/ops/offsite-copy.ts); a failed copy is a failed run, retried the
// same way (the local file is not written again).
import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../../platform/config.js";
import type { Database } from "../../platform/db/client.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { notify } from "../notifications/notification-service.js";
import { usersHolding } from "../notifications/holders.js";
import { toDbDate } from "../../core/calendar/calendar.js";
import { childProgram } from "../../platform/child-program.js";
import { LEASES, claimRun, finishRun, recordJobRun, releaseRun } from "../../platform/job-runtime.js";
import { copyOffsite, hasOffsiteCopy, type OffsiteCopy } from "./offsite-copy.js";

const NAME = /^kerjasama-\d{4}-\d{2}-\d{2}\.kdbackup$/;
export const isBackupName = (name: string) => NAME.test(name);

export type BackupFile = { name: string; size: number; at: Date };

/** A failed nightly backup is tried again after this long, at most MAX_TRIES a day. */
export const RETRY_MS = 30 * 60_000;
export const MAX_TRIES = 6;
/** A run whose owner has not finished within this long (the process died) is taken over (platform/job-runtime.ts). */
const LEASE_MS = LEASES.backup;

/** The backups in BACKUP_DIR, newest first. */
export async function listBackups(config: Pick<Config, "backupDir">): Promise<BackupFile[]> {
  if (!existsSync(config.backupDir)) return [];
  const names = (await readdir(config.backupDir)).filter(isBackupName).sort().reverse();
  return Promise.all(
    names.map(async (name) => {
      const s = await stat(path.join(config.backupDir, name));
      return { name, size: s.size, at: s.mtime };
    }),
  );
}

export type BackupRunState = {
  day: string;
  tries: number;
  error: string | null;
  nextAt: string | null;
  finishedAt: Date | null;
  file: string | null;
  /** The off-site copy this run wrote (its file name), null without one. */
  offsite: string | null;
};

/** Today's nightly run as /admin/cadangan shows it (null before the first try). */
export async function backupRunState(prisma: PrismaClient, today: string): Promise<BackupRunState | null> {
  const run = await prisma.jobRun.findUnique({ where: { name_day: { name: "backup", day: toDbDate(today) } } });
  if (!run) return null;
  const s = (run.summary ?? {}) as { tries?: number; error?: string | null; nextAt?: string | null; file?: string | null; offsite?: string | null };
  return {
    day: today,
    tries: s.tries ?? 0,
    error: s.error ?? null,
    nextAt: s.nextAt ?? null,
    finishedAt: run.finishedAt,
    file: s.file ?? null,
    offsite: s.offsite ?? null,
  };
}

/** Writes the backup of `db` into `file` from a snapshot of its folder, in a child process. */
export async function backupFromSnapshot(db: Database, config: Pick<Config, "dataDir">, file: string): Promise<void> {
  if (!db.snapshotTo) throw new Error("only the embedded database is backed up by the app");
  const snapshot = path.join(config.dataDir, "tmp", `snapshot-${Date.now()}`);
  try {
    await db.snapshotTo(snapshot);
    await runSnapshotBackup(snapshot, file);
  } finally {
    await rm(snapshot, { recursive: true, force: true });
  }
}

const SNAPSHOT_BACKUP = childProgram(import.meta.url, "./snapshot-backup");

function runSnapshotBackup(snapshot: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(SNAPSHOT_BACKUP.entry, [snapshot, file], {
      execArgv: SNAPSHOT_BACKUP.execArgv,
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    let stderr = "";
    child.stderr?.on("data", (b: Buffer) => {
      if (stderr.length < 2000) stderr += b.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(stderr.trim().split("\n").at(-1) || `backup process ended with code ${code}`))));
  });
}

/**
 * Today's backup, when it is due: not written yet, no other instance on it, and the
 * last failed try RETRY_MS ago. Removes the oldest beyond BACKUP_KEEP. Returns the
 * file written, null when there was nothing to do; throws when this try failed (the
 * failure is recorded first, and ADMIN told).
 */
export async function nightlyBackup(
  db: Database,
  config: Pick<Config, "backupDir" | "backupKeep" | "dataDir" | "offsite">,
  today: string,
  now = new Date(),
): Promise<string | null> {
  if (config.backupKeep === 0) return null;
  const prisma = db.prisma;
  const file = path.join(config.backupDir, `kerjasama-${today}.kdbackup`);
  const offsite = config.offsite;
  if (existsSync(file) && (!offsite || hasOffsiteCopy(offsite, file))) return null;
  // The claim (platform/job-runtime.ts): only one instance (or one tick) writes it, and not before the retry time.
  let tries = 0;
  const lease = await claimRun(prisma, "backup", {
    day: today,
    now,
    leaseMs: LEASE_MS,
    insertSummary: { tries: 0 },
    mayTakeOver: (run) => {
      const state = (run.summary ?? {}) as { tries?: number; nextAt?: string | null };
      tries = state.tries ?? 0;
      return tries < MAX_TRIES && !(state.nextAt && new Date(state.nextAt) > now);
    },
  });
  if (!lease) return null;
  let copy: OffsiteCopy | null = null;
  let step: "local" | "offsite" = "local";
  try {
    if (!existsSync(file)) {
      await mkdir(config.backupDir, { recursive: true });
      await backupFromSnapshot(db, config, file);
    }
    if (offsite && !hasOffsiteCopy(offsite, file)) {
      step = "offsite";
      copy = await copyOffsite(file, offsite, { database: db.kind });
      recordJobRun("backup-offsite", true);
    }
  } catch (e) {
    if (step === "offsite") recordJobRun("backup-offsite", false);
    const error = (e instanceof Error ? e.message : String(e)).slice(0, 500);
    const next = tries + 1 < MAX_TRIES ? new Date(Date.now() + RETRY_MS).toISOString() : null;
    await releaseRun(prisma, lease, { tries: tries + 1, error, nextAt: next });
    const admins = await usersHolding(prisma, ["ADMIN"], null);
    await notify(prisma, admins, {
      kind: "ESCALATION",
      title: `${step === "offsite" ? "Salinan luar mesin cadangan" : "Cadangan basis data"} ${today} gagal (percobaan ${tries + 1}): ${error}${/[.!]$/.test(error) ? "" : "."}${next ? " Dicoba lagi otomatis." : " Tidak dicoba lagi hari ini; periksa ruang penyimpanan."}`,
      link: "/admin/cadangan",
      dedupe: `backup-failed:${today}:${tries + 1}`,
    });
    throw e;
  }
  await finishRun(prisma, lease, { tries: tries + 1, error: null, nextAt: null, file: path.basename(file), offsite: copy?.file ?? null });
  for (const old of (await listBackups(config)).slice(config.backupKeep)) await rm(path.join(config.backupDir, old.name), { force: true });
  return file;
}
