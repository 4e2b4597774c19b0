// `npm run db:migrate`: apply pending migrations to the configured database and exit.
import { seedMasterData } from "../src/features/seed/seed.js";
import { runCli, withDatabase } from "./cli.js";

await runCli(() =>
  withDatabase(async (db) => {
    const applied = await db.migrate();
    await seedMasterData(db.prisma);
    console.log(applied.length ? `Migrasi diterapkan: ${applied.join(", ")}` : "Basis data sudah mutakhir.");
  }),
);
