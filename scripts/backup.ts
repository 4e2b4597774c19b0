// `npm run backup -- <file>`: a consistent backup of the whole database, documents
// included. `npm run backup -- --verify <file>` re-reads a backup and checks it.
// On PGlite the app must be stopped (one process per folder); while it runs, use the
// nightly backups it writes into BACKUP_DIR.
import { backup, verify, type Manifest } from "../src/features/ops/backup.js";
import { runCli, withDatabase } from "./cli.js";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--"));
if (!file) {
  console.error("Pakai: npm run backup -- <berkas.kdbackup>   atau   npm run backup -- --verify <berkas.kdbackup>");
  process.exit(2);
}
const rows = (m: Manifest) => Object.values(m).reduce((n, x) => n + x.rows, 0);

await runCli(async () => {
  if (args.includes("--verify")) {
    const v = await verify(file);
    console.log(`Cadangan utuh: ${rows(v.manifest)} baris dari ${Object.keys(v.manifest).length} tabel, dibuat ${v.createdAt}, skema ${v.migrations.at(-1)}.`);
    return;
  }
  const r = await withDatabase((db) => backup(db.prisma, file));
  console.log(`Cadangan ditulis ke ${file}: ${rows(r.manifest)} baris, ${(r.bytes / 1024 / 1024).toFixed(1)} MB.`);
  await verify(file);
  console.log("Diperiksa ulang: utuh.");
});
