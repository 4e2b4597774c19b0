// `npm run db:migrate`: apply pending migrations to the configured database and exit.
import { ConfigError, loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { DataDirLockedError } from "../src/db/lock.js";
import { seedMasterData } from "../src/seed/seed.js";

try {
  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    const applied = await db.migrate();
    await seedMasterData(db.prisma);
    console.log(applied.length ? `Migrasi diterapkan: ${applied.join(", ")}` : "Basis data sudah mutakhir.");
  } finally {
    await db.close();
  }
} catch (e) {
  if (e instanceof ConfigError || e instanceof DataDirLockedError) {
    console.error(e.message);
    process.exit(2);
  }
  throw e;
}
