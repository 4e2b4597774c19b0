// `npm run backup:drill`: the restore drill of the latest off-site copy
// (features/ops/offsite-drill.ts, docs/offsite-backups.md). Restores it into a scratch
// database (PostgreSQL when DATABASE_URL is set, else a PGlite folder in a temporary
// folder), compares every table with the copy's manifest, prints the report and exits
// 1 on any difference. The identity file (the age private key) comes from
// `--identity <file>` or BACKUP_IDENTITY_FILE; the folder from `--from <folder>` or
// BACKUP_OFFSITE_DIR; `--pglite` uses a PGlite scratch database even with DATABASE_URL.
import { runDrill } from "../src/features/ops/offsite-drill.js";
import { loadConfig } from "../src/platform/config.js";
import { runCli } from "./cli.js";

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

await runCli(async () => {
  const config = loadConfig();
  const dir = option("--from") ?? config.offsite?.dir;
  const identityFile = option("--identity") ?? config.backupIdentityFile;
  if (!dir || !identityFile) {
    console.error(
      "Pakai: BACKUP_IDENTITY_FILE=<kunci-rahasia.txt> npm run backup:drill   (atau: npm run backup:drill -- --identity <berkas> [--from <folder salinan>] [--pglite])\n" +
        (!dir ? "  Folder salinan belum diketahui: isi BACKUP_OFFSITE_DIR atau --from.\n" : "") +
        (!identityFile ? "  Kunci rahasia age belum diketahui: isi BACKUP_IDENTITY_FILE atau --identity.\n" : ""),
    );
    process.exit(2);
  }
  const scratch = config.databaseUrl && !args.includes("--pglite") ? { kind: "postgres" as const, url: config.databaseUrl } : { kind: "pglite" as const };
  console.log(
    `Uji pemulihan / restore drill: ${dir} → basis data uji ${scratch.kind === "postgres" ? "PostgreSQL (dibuat lalu dihapus)" : "PGlite sementara"}`,
  );
  const r = await runDrill({ dir, identityFile, scratch, log: (line) => console.log(`  ✓ ${line}`) });
  if (r.ok) {
    console.log(`  ✓ ${r.message}`);
    console.log("BERHASIL / DRILL PASSED: salinan luar mesin dapat dipulihkan dan isinya sama.");
  } else {
    console.error(`  ✗ ${r.message}`);
    console.error("GAGAL / DRILL FAILED: salinan ini tidak dapat dipercaya untuk pemulihan; periksa pesan di atas.");
    process.exit(1);
  }
});
