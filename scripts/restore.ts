// `npm run restore -- <file>`: restores a backup into an empty database (PGlite
// folder or PostgreSQL from DATABASE_URL), after checking it against its manifest.
import { ConfigError, loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { DataDirLockedError } from "../src/db/lock.js";
import { BackupError, restore } from "../src/ops/backup.js";

const file = process.argv.slice(2).find((a) => !a.startsWith("--"));
if (!file) {
  console.error("Pakai: npm run restore -- <berkas.kdbackup>");
  process.exit(2);
}
try {
  const db = await openDatabase(loadConfig());
  try {
    await db.migrate();
    const m = await restore(db.prisma, file);
    const rows = Object.values(m).reduce((n, x) => n + x.rows, 0);
    console.log(`Dipulihkan: ${rows} baris dari ${Object.keys(m).length} tabel.`);
  } finally {
    await db.close();
  }
} catch (e) {
  if (e instanceof ConfigError || e instanceof DataDirLockedError || e instanceof BackupError) {
    console.error(e.message);
    process.exit(e instanceof BackupError ? 1 : 2);
  }
  throw e;
}
