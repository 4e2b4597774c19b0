// Starts the app: the only file that listens. Applies migrations, seeds, serves,
// and shuts down gracefully on SIGTERM/SIGINT.
// First, before anything compiles WebAssembly (platform/wasm-tiering.ts).
import "./platform/wasm-tiering.js";
import type { Server } from "node:http";
import { createApp } from "./app.js";
import { ConfigError, loadConfig, type Config } from "./platform/config.js";
import { openDatabase, type Database } from "./platform/db/client.js";
import { DataDirLockedError } from "./platform/db/lock.js";
import { startScheduler } from "./features/jobs/daily-job.js";
import { createLogger } from "./platform/logger.js";
import { seedDemoCases } from "./features/seed/demo-cases.js";
import { wireFeatures } from "./wiring.js";
import { startFileJobs } from "./features/jobs/file-jobs.js";
import { startTicker } from "./features/jobs/ticker.js";
import { deliverWebhooks } from "./features/webhooks/sender.js";
import { stopParsers } from "./platform/untrusted/sandbox.js";
import { stopOffice } from "./platform/office/convert-to-pdf.js";
import { mkdirSync } from "node:fs";
import { statfs } from "node:fs/promises";
import { moveDiskUploads } from "./platform/files/blob-store.js";
import { removeStaleUploads } from "./platform/http/upload.js";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo, seedMasterData } from "./features/seed/seed.js";
import { checkRecipients } from "./features/ops/offsite-age.js";

export async function start(config: Config): Promise<{ server: Server; db: Database; stop: () => Promise<void>; banner: string }> {
  const logger = createLogger(config.logLevel);
  await assertRoomToStart(config);
  const db = await openDatabase(config, (err) => logger.fatal({ err }, "embedded database stopped; it is reopened once the storage has room"));
  try {
    const applied = await db.migrate();
    if (applied.length) logger.info({ applied }, "migrations applied");
    // Documents from before the bytes moved into the database.
    await moveDiskUploads(db.prisma, config.dataDir, (line) => console.log(line));
    await removeStaleUploads(config.dataDir);
    await seedMasterData(db.prisma);
    // Demo accounts on an empty database; demo cases until they are complete (a killed first start resumes).
    let seeded = false;
    // The demo cases move through real transitions: the features listen from here on (createApp wires again, once).
    wireFeatures();
    if (config.seedDemo) {
      seeded = await seedDemo(db.prisma);
      seeded = (await seedDemoCases(db.prisma, config.appUrl)) > 0 || seeded;
    }
    const app = createApp({ config, db, logger });
    app.sessionStore.startPruning();
    // PGlite cannot be backed up from another process: the app writes a nightly backup itself.
    const stopScheduler = startScheduler(db.prisma, config, logger, { nightlyBackup: db.kind === "pglite" ? db : undefined });
    // Document text for search and owed numbered copies, after their requests committed.
    const stopFileJobs = startFileJobs(db.prisma, config, logger);
    // Webhook deliveries written with their changes (features/webhooks/sender.ts): every 15 s, claimed with a lease.
    const stopWebhooks = startTicker(
      "webhooks",
      15_000,
      async () => {
        await deliverWebhooks(db.prisma, config, { log: logger });
      },
      (err) => logger.error({ err }, "webhook delivery failed"),
    );
    // PGlite: checkpoints as WAL grows, and reopening after a stop (db/pglite-handle.ts).
    const maintain = db.maintain?.bind(db);
    const stopMaintenance = maintain
      ? startTicker(
          "db-maintenance",
          5_000,
          async () => {
            await app.storage.refresh();
            const m = await maintain({ mayReopen: !app.storage.low });
            if (m.revived) logger.warn("embedded database reopened after it stopped");
          },
          (err) => logger.error({ err }, "database maintenance failed"),
        )
      : () => undefined;
    const server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.port, config.host, (err?: Error) => (err ? reject(err) : resolve(s)));
    });
    const where = `http://localhost:${config.port}`;
    const lines = [
      "",
      `  Kerjasama Daerah berjalan di ${where}`,
      `  Basis data: ${db.kind === "pglite" ? `PGlite (tertanam) di ${config.dataDir}` : "PostgreSQL"}`,
    ];
    if (config.seedDemo) {
      lines.push(
        seeded ? "  Data demo dibuat (akun dan beberapa kasus contoh)." : "  Data demo sudah ada.",
        `  Akun demo (kata sandi: ${DEMO_PASSWORD}):`,
        ...DEMO_ACCOUNTS.map((a) => `    - ${a.username.padEnd(18)} ${a.fullName}`),
        "  admin mengatur faktor kedua saat pertama masuk (aplikasi autentikator di ponsel).",
      );
    }
    // Printed QR codes and calendar URLs carry this address: a wrong one cannot be fixed on paper.
    if (config.isProduction && !config.appUrlSet) {
      lines.push(`  PERINGATAN: APP_URL belum diisi; kode QR salinan bernomor dan tautan kalender memakai ${config.appUrl}.`);
    }
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        logger.info("shutting down");
        app.sessionStore.stopPruning();
        stopScheduler();
        stopFileJobs();
        stopWebhooks();
        stopMaintenance();
        stopParsers();
        stopOffice();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          // Requests still running get 10 seconds to finish.
          setTimeout(() => server.closeAllConnections(), 10_000).unref();
        });
        await db.close();
        logger.info("stopped");
      })());
    return { server, db, stop, banner: lines.join("\n") + "\n" };
  } catch (e) {
    await db.close();
    throw e;
  }
}

export class NoRoomError extends Error {}

/**
 * PGlite cannot open its folder without room for a new WAL segment; it would fail with
 * "failed to initialize properly" and nothing more. Said plainly instead.
 */
async function assertRoomToStart(config: Config): Promise<void> {
  if (config.databaseUrl) return;
  mkdirSync(config.dataDir, { recursive: true });
  const s = await statfs(config.dataDir);
  const free = s.bavail * s.bsize;
  const need = Math.max(32 * 1024 * 1024, config.diskReserveBytes / 2);
  if (free < need) {
    throw new NoRoomError(
      `Ruang penyimpanan di ${config.dataDir} hanya ${Math.floor(free / 1024 / 1024)} MB; basis data tertanam memerlukan minimal ${Math.ceil(need / 1024 / 1024)} MB untuk dibuka. Kosongkan ruang, lalu jalankan lagi.`,
    );
  }
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
    // BACKUP_RECIPIENT's checksum, by age itself: a mistyped key stops the start, not the first night.
    if (config.offsite)
      await checkRecipients(config.offsite.recipients).catch((e: unknown) =>
        Promise.reject(new ConfigError(`Pengaturan tidak valid:\n  ${(e as Error).message}`)),
      );
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  try {
    const { stop, banner } = await start(config);
    // The banner says the server is ready: a SIGTERM sent after reading it must find the handler.
    for (const sig of ["SIGTERM", "SIGINT"] as const) {
      process.once(sig, () => {
        stop().then(
          () => process.exit(0),
          (err: unknown) => {
            console.error(err);
            process.exit(1);
          },
        );
      });
    }
    console.log(banner);
  } catch (e) {
    if (e instanceof NoRoomError) {
      console.error(e.message);
      process.exit(5);
    }
    if (e instanceof DataDirLockedError) {
      console.error(e.message);
      process.exit(3);
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === "EADDRINUSE") {
      console.error(`Port ${config.port} sudah dipakai. Atur PORT ke nilai lain.`);
      process.exit(4);
    }
    throw e;
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  await main();
}
