// `npm run restore -- <file>`: restores a backup into an empty database (PGlite
// folder or PostgreSQL from DATABASE_URL), after checking it against its manifest.
import { restore } from "../src/features/ops/backup.js";
import { runCli, withDatabase } from "./cli.js";

const file = process.argv.slice(2).find((a) => !a.startsWith("--"));
if (!file) {
  console.error("Pakai: npm run restore -- <berkas.kdbackup>");
  process.exit(2);
}
await runCli(() =>
  withDatabase(async (db) => {
    await db.migrate();
    const m = await restore(db.prisma, file);
    const rows = Object.values(m).reduce((n, x) => n + x.rows, 0);
    console.log(`Dipulihkan: ${rows} baris dari ${Object.keys(m).length} tabel.`);
  }),
);
