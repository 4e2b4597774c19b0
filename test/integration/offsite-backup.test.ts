// Issue 27: backups that survive the machine. Each backup encrypted with age to the
// operator's public key and copied atomically to a second folder with a manifest; the
// restore drill brings the latest copy back into a scratch database and compares it.
// Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL (the nightly run is PGlite's
// own, in a folder of its own, on both runs). The S3 target is not built: see
// docs/offsite-backups.md.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { generateIdentity, identityToRecipient } from "age-encryption";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import type { Database } from "../../src/platform/db/client.js";
import { openSeededFolder } from "../helpers/server-process.js";
import { backup } from "../../src/features/ops/backup.js";
import { backupRunState, nightlyBackup } from "../../src/features/ops/nightly-backup.js";
import { decryptStream, encryptStream, OffsiteError, readIdentities } from "../../src/features/ops/offsite-age.js";
import { copyOffsite, listOffsiteCopies, readDrillResult, type OffsiteManifest } from "../../src/features/ops/offsite-copy.js";
import { runDrill, type DrillScratch } from "../../src/features/ops/offsite-drill.js";
import { todayJakarta } from "../../src/core/calendar/calendar.js";
import { lastJobRuns } from "../../src/platform/job-runtime.js";
import { createLogger } from "../../src/platform/logger.js";
import { buildTestApp, login, type TestApp } from "../helpers/app.js";
import { buildCase, demoActors } from "../helpers/workflow.js";

const dir = mkdtempSync(path.join(tmpdir(), "kd-offsite-"));
let t: TestApp;
let identityFile: string;
let recipient: string;
let otherIdentity: string;

beforeAll(async () => {
  t = await buildTestApp();
  const a = await demoActors(t.prisma);
  await buildCase(t.prisma, a, { row: 6, title: "Kasus untuk salinan luar mesin" });
  const identity = await generateIdentity();
  recipient = await identityToRecipient(identity);
  otherIdentity = await generateIdentity();
  // As age-keygen writes it: comments, then the secret key.
  identityFile = path.join(dir, "kunci-cadangan.txt");
  writeFileSync(identityFile, `# created: 2026-12-07T00:00:00Z\n# public key: ${recipient}\n${identity}\n`, { mode: 0o600 });
}, 120_000);
afterAll(() => t.close());

const scratchOf = (): DrillScratch => (t.db.url ? { kind: "postgres", url: t.db.url } : { kind: "pglite" });
const offsiteIn = (sub: string, keep = 3) => ({ dir: path.join(dir, sub), recipients: [recipient], keep });

describe("encryption", () => {
  it("when bytes are encrypted to the public key then the identity file decrypts them byte for byte, and another identity cannot", async () => {
    const plain = Buffer.concat([Buffer.from("cadangan rahasia\n"), Buffer.alloc(300 * 1024, 9)]);
    const encrypted = Buffer.concat(await (await encryptStream(Readable.from([plain]), [recipient])).toArray());
    expect(encrypted.subarray(0, 21).toString()).toBe("age-encryption.org/v1");
    expect(encrypted.includes(Buffer.from("cadangan rahasia"))).toBe(false);
    const back = Buffer.concat(await (await decryptStream(Readable.from([encrypted]), await readIdentities(identityFile))).toArray());
    expect(back.equals(plain)).toBe(true);
    await expect(decryptStream(Readable.from([encrypted]), [otherIdentity])).rejects.toThrow(OffsiteError);
    const notAKey = path.join(dir, "bukan-kunci.txt");
    writeFileSync(notAKey, recipient + "\n");
    await expect(readIdentities(notAKey)).rejects.toThrow(/bukan kunci rahasia age/);
  });
});

describe("off-site copy and restore drill", () => {
  it("when a backup is copied off-site then the folder holds only the encrypted file and its manifest, and the drill restores it into a scratch database and passes", async () => {
    const local = path.join(dir, "kd-manual.kdbackup");
    const { manifest } = await backup(t.prisma, local);
    const offsite = offsiteIn("luar");
    const copy = await copyOffsite(local, offsite, { database: t.db.kind });
    expect(readdirSync(offsite.dir).sort()).toEqual(["kd-manual.kdbackup.age", "kd-manual.kdbackup.age.json"]);
    const sidecar = JSON.parse(readFileSync(path.join(offsite.dir, "kd-manual.kdbackup.age.json"), "utf8")) as OffsiteManifest;
    expect(sidecar).toMatchObject({ file: "kd-manual.kdbackup.age", database: t.db.kind, size: copy.size, sha256: copy.sha256, tables: manifest });
    expect(sidecar.appVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(readFileSync(path.join(offsite.dir, copy.file)).subarray(0, 21).toString()).toBe("age-encryption.org/v1");

    const lines: string[] = [];
    const r = await runDrill({ dir: offsite.dir, identityFile, scratch: scratchOf(), log: (l) => lines.push(l) });
    expect(r.message).toMatch(/sama dengan manifes kd-manual\.kdbackup\.age/);
    expect(r.ok).toBe(true);
    expect(r.rows).toBe(Object.values(manifest).reduce((n, x) => n + x.rows, 0));
    expect(lines.join("\n")).toContain("Checksum SHA-256 cocok");
    expect(await readDrillResult(offsite.dir)).toMatchObject({ ok: true, copy: "kd-manual.kdbackup.age", scratch: scratchOf().kind });
    if (t.db.url) {
      // The scratch database was dropped.
      const c = new pg.Client({ connectionString: t.db.url });
      await c.connect();
      const left = await c.query("SELECT datname FROM pg_database WHERE datname LIKE 'kd_drill_%'");
      await c.end();
      expect(left.rows).toEqual([]);
    }
  }, 180_000);

  it("when one byte of the off-site copy is changed then the drill fails with a clear message, and when its manifest is changed to match then decryption refuses it", async () => {
    const local = path.join(dir, "kd-diubah.kdbackup");
    await backup(t.prisma, local);
    const offsite = offsiteIn("diubah");
    const copy = await copyOffsite(local, offsite, { database: t.db.kind });
    const file = path.join(offsite.dir, copy.file);
    const bytes = readFileSync(file);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] ?? 0) ^ 0x01;
    writeFileSync(file, bytes);
    const r = await runDrill({ dir: offsite.dir, identityFile, scratch: scratchOf() });
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^Checksum kd-diubah\.kdbackup\.age tidak cocok dengan manifesnya: berkas rusak atau diubah/);
    expect(await readDrillResult(offsite.dir)).toMatchObject({ ok: false, copy: "kd-diubah.kdbackup.age" });
    // Someone who can write the folder fixes the checksum too: age's authentication still refuses the bytes.
    const { createHash } = await import("node:crypto");
    const m = JSON.parse(readFileSync(path.join(offsite.dir, copy.manifestFile), "utf8")) as OffsiteManifest;
    writeFileSync(path.join(offsite.dir, copy.manifestFile), JSON.stringify({ ...m, sha256: createHash("sha256").update(bytes).digest("hex") }));
    const r2 = await runDrill({ dir: offsite.dir, identityFile, scratch: scratchOf() });
    expect(r2.ok).toBe(false);
    expect(r2.message).toMatch(/gagal didekripsi|tidak dapat dibuka/);
    // No plaintext is left behind in the temporary folder.
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith("kd-drill-") && existsSync(path.join(tmpdir(), f, "cadangan.kdbackup")))).toEqual([]);
  }, 180_000);

  it("when the drill is run with the wrong identity or on an empty folder then it fails and says why", async () => {
    const wrong = path.join(dir, "kunci-lain.txt");
    writeFileSync(wrong, otherIdentity + "\n");
    const r = await runDrill({ dir: offsiteIn("luar").dir, identityFile: wrong, scratch: { kind: "pglite" } });
    expect(r).toMatchObject({ ok: false });
    expect(r.message).toMatch(/tidak dapat dibuka dengan kunci rahasia ini/);
    mkdirSync(path.join(dir, "kosong"));
    expect((await runDrill({ dir: path.join(dir, "kosong"), identityFile, scratch: { kind: "pglite" } })).message).toMatch(/Belum ada salinan luar mesin/);
  }, 60_000);
});

describe("the nightly backup copies off-site", () => {
  let lite: Database;
  // One app for the ADMIN page (its settings object is read at each request: a test points it at its folder).
  let appCfg: ReturnType<typeof cfg>;
  let admin: Awaited<ReturnType<typeof login>>;
  const cfg = (offsiteDir: string, keep = 2) => ({
    ...t.config,
    dataDir: path.join(dir, "pglite"),
    backupDir: path.join(dir, "malam"),
    backupKeep: 7,
    offsite: { dir: offsiteDir, recipients: [recipient], keep },
    backupIdentityFile: identityFile,
  });
  beforeAll(async () => {
    lite = await openSeededFolder(path.join(dir, "pglite"));
    await buildCase(lite.prisma, await demoActors(lite.prisma), { row: 6, title: "Kasus malam di PGlite" });
    appCfg = cfg(path.join(dir, "share"));
    admin = await login(createApp({ config: appCfg, db: lite, logger: createLogger("silent") }), "admin");
  }, 180_000);
  afterAll(() => (lite as Database | undefined)?.close());

  it("when the off-site folder cannot be written then the run fails, is recorded for a retry and leaves no partial file; a later try copies it", async () => {
    // A folder under a plain file: nothing can be created there (even by root).
    writeFileSync(path.join(dir, "bukan-folder"), "");
    const today = todayJakarta();
    const bad = cfg(path.join(dir, "bukan-folder", "salinan"));
    await expect(nightlyBackup(lite, bad, today)).rejects.toThrow(
      /Salinan luar mesin ke .* gagal: folder tidak ada atau bukan folder; apakah share sudah terpasang\? \(ENOTDIR\)/,
    );
    expect(existsSync(path.join(dir, "malam", `kerjasama-${today}.kdbackup`))).toBe(true);
    const state = await backupRunState(lite.prisma, today);
    expect(state).toMatchObject({ tries: 1, offsite: null });
    expect(state?.error).toMatch(/Salinan luar mesin/);
    expect(state?.nextAt).not.toBeNull();
    expect(lastJobRuns().get("backup-offsite")?.ok).toBe(false);

    // The copy is written whole but cannot take its name (as a share that drops at the end): the temporary file is removed.
    const full = path.join(dir, "penuh");
    mkdirSync(path.join(full, `kerjasama-${today}.kdbackup.age`, "isi"), { recursive: true });
    const later = new Date(Date.parse(state?.nextAt ?? "") + 1000);
    await expect(nightlyBackup(lite, cfg(full), today, later)).rejects.toThrow(/Salinan luar mesin ke .* gagal/);
    expect(readdirSync(full)).toEqual([`kerjasama-${today}.kdbackup.age`]);
    expect((await backupRunState(lite.prisma, today))?.tries).toBe(2);
    appCfg.offsite = cfg(full).offsite;
    const page = await admin.agent.get("/admin/cadangan");
    expect(page.text).toContain("Cadangan hari ini belum berhasil");
    expect(page.text).toContain("Belum ada salinan luar mesin.");
    // The next try, to a folder that takes it, copies the backup already written.
    const local = path.join(dir, "malam", `kerjasama-${today}.kdbackup`);
    const written = statSync(local).mtimeMs;
    const again = new Date(Date.parse((await backupRunState(lite.prisma, today))?.nextAt ?? "") + 1000);
    expect(await nightlyBackup(lite, cfg(path.join(dir, "cadangan-kedua")), today, again)).toBe(local);
    expect(statSync(local).mtimeMs).toBe(written);
    expect(readdirSync(path.join(dir, "cadangan-kedua")).sort()).toEqual([`kerjasama-${today}.kdbackup.age`, `kerjasama-${today}.kdbackup.age.json`]);
    expect(await backupRunState(lite.prisma, today)).toMatchObject({ tries: 3, error: null, offsite: `kerjasama-${today}.kdbackup.age` });
  }, 180_000);

  it("when the nightly backup runs with an off-site folder then it writes the encrypted copy with its manifest, keeps the newest, the drill passes on it, and ADMIN sees the last copy and drill", async () => {
    const good = path.join(dir, "share");
    const config = cfg(good, 2);
    for (const day of ["2026-11-24", "2026-11-25", "2026-11-26"]) expect(await nightlyBackup(lite, config, day)).toContain(day);
    expect(await nightlyBackup(lite, config, "2026-11-26")).toBeNull();
    expect(readdirSync(good).sort()).toEqual([
      "kerjasama-2026-11-25.kdbackup.age",
      "kerjasama-2026-11-25.kdbackup.age.json",
      "kerjasama-2026-11-26.kdbackup.age",
      "kerjasama-2026-11-26.kdbackup.age.json",
    ]);
    expect((await backupRunState(lite.prisma, "2026-11-26"))?.offsite).toBe("kerjasama-2026-11-26.kdbackup.age");
    expect(lastJobRuns().get("backup-offsite")?.ok).toBe(true);
    const [latest] = await listOffsiteCopies(good);
    expect(latest).toMatchObject({ file: "kerjasama-2026-11-26.kdbackup.age", database: "pglite" });

    appCfg.offsite = config.offsite;
    let page = await admin.agent.get("/admin/cadangan");
    expect(page.text).toContain("Salinan luar mesin terakhir:");
    expect(page.text).toContain("kerjasama-2026-11-26.kdbackup.age");
    expect(page.text).toContain("Uji pemulihan belum pernah dijalankan");

    const r = await runDrill({ dir: good, identityFile, scratch: { kind: "pglite" } });
    expect(r.message).toMatch(/sama dengan manifes/);
    expect(r.ok).toBe(true);
    page = await admin.agent.get("/admin/cadangan");
    expect(page.text).toContain("Uji pemulihan terakhir:");
    expect(page.text).toContain("berhasil");
    expect(page.text).toContain(`BACKUP_IDENTITY_FILE=${identityFile} npm run backup:drill`);
    expect(readFileSync(path.join(good, "kerjasama-2026-11-26.kdbackup.age.json"), "utf8")).not.toContain("AGE-SECRET-KEY");
  }, 300_000);
});
