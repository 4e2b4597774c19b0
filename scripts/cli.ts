// What every command-line script shares: open the configured database and close it
// again, and turn the errors a person can act on into a message and an exit code.
import { ConfigError, loadConfig } from "../src/platform/config.js";
import { openDatabase, type Database } from "../src/platform/db/client.js";
import { DataDirLockedError } from "../src/platform/db/lock.js";
import { BackupError } from "../src/features/ops/backup.js";
import { OffsiteError } from "../src/features/ops/offsite-age.js";

/** Runs fn with the database of the configuration (PGlite folder or DATABASE_URL), closing it afterwards. */
export async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(loadConfig());
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** Runs a script; a bad setting, a locked folder or a bad backup prints its Indonesian message and exits (2, 2, 1). */
export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (e) {
    if (e instanceof ConfigError || e instanceof DataDirLockedError || e instanceof BackupError || e instanceof OffsiteError) {
      console.error(e.message);
      process.exit(e instanceof BackupError || e instanceof OffsiteError ? 1 : 2);
    }
    throw e;
  }
}
