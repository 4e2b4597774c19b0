// `npm run backup -- <file>`: a consistent backup of the whole database, documents
// included. `npm run backup -- --verify <file>` re-reads a backup and checks it.
// On PGlite the app must be stopped (one process per folder); while it runs, use the
// nightly backups it writes into BACKUP_DIR.
import { ConfigError, loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { DataDirLockedError } from "../src/db/lock.js";
import { backup, BackupError, verify } from "../src/ops/backup.js";

const args = process.argv.slice(2);
const check = args.includes("--verify");
const file = args.find((a) => !a.startsWith("--"));
if (!file) {
  console.error("Pakai: npm run backup -- <berkas.kdbackup>   atau   npm run backup -- --verify <berkas.kdbackup>");
  process.exit(2);
}
try {
  if (check) {
    const v = await verify(file);
    const rows = Object.values(v.manifest).reduce((n, m) => n + m.rows, 0);
    console.log(`Cadangan utuh: ${rows} baris dari ${Object.keys(v.manifest).length} tabel, dibuat ${v.createdAt}, skema ${v.migrations.at(-1)}.`);
  } else {
    const db = await openDatabase(loadConfig());
    try {
      const r = await backup(db.prisma, file);
      const rows = Object.values(r.manifest).reduce((n, m) => n + m.rows, 0);
      console.log(`Cadangan ditulis ke ${file}: ${rows} baris, ${(r.bytes / 1024 / 1024).toFixed(1)} MB.`);
      await verify(file);
      console.log("Diperiksa ulang: utuh.");
    } finally {
      await db.close();
    }
  }
} catch (e) {
  if (e instanceof ConfigError || e instanceof DataDirLockedError || e instanceof BackupError) {
    console.error(e.message);
    process.exit(e instanceof BackupError ? 1 : 2);
  }
  throw e;
}
