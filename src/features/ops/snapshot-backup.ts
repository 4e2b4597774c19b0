// The child process of the nightly backup (nightly-backup.ts): opens the snapshot of
// the embedded database's folder (a private copy: PGlite replays the WAL it carries)
// and writes the backup file from it, so that the app's own database is never held.
//   node dist/src/features/ops/snapshot-backup.js <snapshot folder> <backup file>
import { PGlite } from "@electric-sql/pglite";
import { openPglite, pgliteStartParams } from "../../platform/db/client.js";
import { backup } from "./backup.js";

const [snapshot, file] = process.argv.slice(2);
if (!snapshot || !file) {
  console.error("Pakai: snapshot-backup <folder salinan> <berkas cadangan>");
  process.exit(2);
}
try {
  const db = await openPglite({ pglite: await PGlite.create(snapshot, { startParams: pgliteStartParams() }) });
  try {
    await backup(db.prisma, file);
  } finally {
    await db.close();
  }
  process.exit(0);
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
