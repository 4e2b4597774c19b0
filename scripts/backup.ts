// `npm run backup -- <file>`: a consistent backup of the whole database, documents
// included. `npm run backup -- --verify <file>` re-reads a backup and checks it.
// On PGlite the app must be stopped (one process per folder); while it runs, use the
// nightly backups it writes into BACKUP_DIR.
// With BACKUP_OFFSITE_DIR and BACKUP_RECIPIENT set, the backup is then also encrypted
// (age) and copied there (docs/offsite-backups.md); `--no-offsite` skips the copy, and
// `npm run backup -- --offsite <file>` copies an existing backup file.
import { backup, verify, type Manifest } from "../src/features/ops/backup.js";
import { checkRecipients } from "../src/features/ops/offsite-age.js";
import { copyOffsite } from "../src/features/ops/offsite-copy.js";
import { loadConfig } from "../src/platform/config.js";
import { runCli, withDatabase } from "./cli.js";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--"));
if (!file) {
  console.error(
    "Pakai: npm run backup -- [--no-offsite] <berkas.kdbackup>   atau   npm run backup -- --verify <berkas.kdbackup>   atau   npm run backup -- --offsite <berkas.kdbackup>",
  );
  process.exit(2);
}
const rows = (m: Manifest) => Object.values(m).reduce((n, x) => n + x.rows, 0);

await runCli(async () => {
  if (args.includes("--verify")) {
    const v = await verify(file);
    console.log(`Cadangan utuh: ${rows(v.manifest)} baris dari ${Object.keys(v.manifest).length} tabel, dibuat ${v.createdAt}, skema ${v.migrations.at(-1)}.`);
    return;
  }
  const offsite = args.includes("--no-offsite") ? null : loadConfig().offsite;
  // A bad key stops before the database is read, not after.
  if (offsite) await checkRecipients(offsite.recipients);
  const database = loadConfig().databaseUrl ? "postgres" : "pglite";
  if (!args.includes("--offsite")) {
    const r = await withDatabase((db) => backup(db.prisma, file));
    console.log(`Cadangan ditulis ke ${file}: ${rows(r.manifest)} baris, ${(r.bytes / 1024 / 1024).toFixed(1)} MB.`);
    await verify(file);
    console.log("Diperiksa ulang: utuh.");
  } else if (!offsite) {
    console.error("--offsite perlu BACKUP_OFFSITE_DIR dan BACKUP_RECIPIENT (docs/offsite-backups.md).");
    process.exit(2);
  }
  if (offsite) {
    const c = await copyOffsite(file, offsite, { database });
    console.log(`Salinan terenkripsi ditulis ke ${offsite.dir}/${c.file} (${(c.size / 1024 / 1024).toFixed(1)} MB, SHA-256 ${c.sha256.slice(0, 16)}…).`);
  }
});
