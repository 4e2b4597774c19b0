// The embedded database (PGlite) can be opened by one process only, so `npm run
// backup` cannot run beside the app: the app itself writes a backup every night into
// BACKUP_DIR after the daily job and keeps the last BACKUP_KEEP. ADMIN sees them on
// /admin/cadangan and can download one.
import { existsSync } from "node:fs";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { backup } from "./backup.js";

const NAME = /^kerjasama-\d{4}-\d{2}-\d{2}\.kdbackup$/;
export const isBackupName = (name: string) => NAME.test(name);

export type BackupFile = { name: string; size: number; at: Date };

/** The backups in BACKUP_DIR, newest first. */
export async function listBackups(config: Pick<Config, "backupDir">): Promise<BackupFile[]> {
  if (!existsSync(config.backupDir)) return [];
  const names = (await readdir(config.backupDir)).filter(isBackupName).sort().reverse();
  return Promise.all(names.map(async (name) => {
    const s = await stat(path.join(config.backupDir, name));
    return { name, size: s.size, at: s.mtime };
  }));
}

/** Writes today's backup (once) and removes the oldest beyond BACKUP_KEEP. Returns the file written, if any. */
export async function nightlyBackup(prisma: PrismaClient, config: Pick<Config, "backupDir" | "backupKeep">, today: string): Promise<string | null> {
  if (config.backupKeep === 0) return null;
  await mkdir(config.backupDir, { recursive: true });
  const file = path.join(config.backupDir, `kerjasama-${today}.kdbackup`);
  if (existsSync(file)) return null;
  await backup(prisma, file);
  for (const old of (await listBackups(config)).slice(config.backupKeep)) await rm(path.join(config.backupDir, old.name), { force: true });
  return file;
}
