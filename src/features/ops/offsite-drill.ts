// The restore drill (`npm run backup:drill`, docs/offsite-backups.md): proves that the
// latest off-site copy can be brought back. It checks the copy's SHA-256 against its
// manifest, decrypts it with the operator's identity file, restores it into a SCRATCH
// database (a fresh PGlite folder in a temporary folder, or on PostgreSQL a database
// kd_drill_<time> created for it and dropped after), reads every table back and
// compares each one's row count and content hash with the manifest. The outcome is
// written to the off-site folder (drill-terakhir.json), where /admin/cadangan reads it.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Prisma } from "../../generated/prisma/client.js";
import { openPglite, openPostgres, type Database } from "../../platform/db/client.js";
import { backup, BackupError, restore, type Manifest } from "./backup.js";
import { decryptStream, OffsiteError, readIdentities } from "./offsite-age.js";
import { listOffsiteCopies, writeDrillResult, type DrillResult, type OffsiteCopy } from "./offsite-copy.js";

export type DrillScratch = { kind: "pglite" } | { kind: "postgres"; url: string };

export type DrillOptions = {
  /** The off-site folder (BACKUP_OFFSITE_DIR, or where the share is mounted on the drill's machine). */
  dir: string;
  identityFile: string;
  scratch: DrillScratch;
  /** Where the decrypted backup and the scratch PGlite folder live meanwhile (default: the system's temporary folder). */
  tmpRoot?: string;
  /** Each step as it passes. */
  log?: (line: string) => void;
  now?: () => Date;
};

async function sha256Of(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest("hex"), size };
}

/** A scratch database of the kind asked, and how to throw it away. */
async function openScratch(scratch: DrillScratch, folder: string): Promise<{ db: Database; name: string; drop: () => Promise<void> }> {
  if (scratch.kind === "pglite") {
    const db = await openPglite({ dataDir: path.join(folder, "pglite") });
    return { db, name: path.join(folder, "pglite"), drop: () => db.close() };
  }
  const name = `kd_drill_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const ident = Prisma.raw(`"${name}"`);
  const admin = await openPostgres(scratch.url);
  try {
    await admin.prisma.$executeRaw`CREATE DATABASE ${ident}`;
  } catch (e) {
    await admin.close();
    throw new OffsiteError(`Basis data uji ${name} tidak dapat dibuat (${(e as Error).message}); pengguna PostgreSQL perlu hak CREATEDB.`);
  }
  const u = new URL(scratch.url);
  u.pathname = "/" + name;
  let db: Database;
  try {
    db = await openPostgres(u.toString());
  } catch (e) {
    await admin.prisma.$executeRaw`DROP DATABASE IF EXISTS ${ident} WITH (FORCE)`;
    await admin.close();
    throw e;
  }
  return {
    db,
    name,
    drop: async () => {
      try {
        await db.close();
        await admin.prisma.$executeRaw`DROP DATABASE IF EXISTS ${ident} WITH (FORCE)`;
      } finally {
        await admin.close();
      }
    },
  };
}

/** The differences between what the copy's manifest says and what the scratch database holds, one line each. */
function differences(expected: Manifest, found: Manifest): string[] {
  const out: string[] = [];
  for (const table of new Set([...Object.keys(expected), ...Object.keys(found)])) {
    const e = expected[table];
    const f = found[table];
    if (!e) out.push(`tabel ${table}: ada di basis data uji (${f?.rows ?? 0} baris) tetapi tidak di manifes`);
    else if (!f) out.push(`tabel ${table}: ada di manifes (${e.rows} baris) tetapi tidak di basis data uji`);
    else if (e.rows !== f.rows) out.push(`tabel ${table}: ${f.rows} baris dipulihkan, manifes ${e.rows}`);
    else if (e.sha256 !== f.sha256) out.push(`tabel ${table}: jumlah baris sama (${e.rows}) tetapi isinya berbeda (hash)`);
  }
  return out;
}

/** Runs the drill on the latest copy; a failure of any step is its result (not thrown), recorded in the folder with a success. */
export async function runDrill(opts: DrillOptions): Promise<DrillResult> {
  const log = opts.log ?? (() => undefined);
  const now = opts.now ?? (() => new Date());
  let counted = { tables: 0, rows: 0 };
  const copy: OffsiteCopy | undefined = (await listOffsiteCopies(opts.dir))[0];
  const finish = async (ok: boolean, message: string): Promise<DrillResult> => {
    const result: DrillResult = {
      at: now().toISOString(),
      ok,
      copy: copy?.file ?? null,
      copyCreatedAt: copy?.createdAt ?? null,
      scratch: opts.scratch.kind,
      message,
      ...counted,
    };
    try {
      await writeDrillResult(opts.dir, result);
    } catch (e) {
      log(`Peringatan: hasil uji tidak dapat dicatat di ${opts.dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
    }
    return result;
  };

  if (!copy) return finish(false, `Belum ada salinan luar mesin di ${opts.dir}.`);
  log(`Salinan terbaru: ${copy.file} (${copy.createdAt}, dari ${copy.database}, versi aplikasi ${copy.appVersion}).`);
  const file = path.join(opts.dir, copy.file);
  const got = await sha256Of(file).catch((e: unknown) => ({ error: (e as NodeJS.ErrnoException).code ?? String(e) }));
  if ("error" in got) return finish(false, `Berkas ${copy.file} tidak dapat dibaca (${got.error}).`);
  if (got.size !== copy.size || got.sha256 !== copy.sha256)
    return finish(
      false,
      `Checksum ${copy.file} tidak cocok dengan manifesnya: berkas rusak atau diubah (SHA-256 ${got.sha256.slice(0, 16)}…, manifes ${copy.sha256.slice(0, 16)}…; ${got.size} bita, manifes ${copy.size}).`,
    );
  log("Checksum SHA-256 cocok dengan manifes.");

  const work = await mkdtemp(path.join(opts.tmpRoot ?? tmpdir(), "kd-drill-"));
  try {
    const identities = await readIdentities(opts.identityFile);
    const plain = path.join(work, "cadangan.kdbackup");
    try {
      await pipeline(await decryptStream(createReadStream(file), identities), createWriteStream(plain, { mode: 0o600 }));
    } catch (e) {
      if (e instanceof OffsiteError) throw e;
      throw new OffsiteError(`Salinan ${copy.file} gagal didekripsi (${(e as Error).message}).`);
    }
    log("Didekripsi dengan kunci rahasia.");
    const scratch = await openScratch(opts.scratch, work);
    try {
      await scratch.db.migrate();
      await restore(scratch.db.prisma, plain);
      log(`Dipulihkan ke basis data uji ${scratch.name}.`);
      const { manifest } = await backup(scratch.db.prisma, path.join(work, "periksa.kdbackup"));
      counted = { tables: Object.keys(manifest).length, rows: Object.values(manifest).reduce((n, t) => n + t.rows, 0) };
      const diff = differences(copy.tables, manifest);
      if (diff.length)
        return await finish(
          false,
          `Isi basis data uji berbeda dengan manifes: ${diff.slice(0, 5).join("; ")}${diff.length > 5 ? `; dan ${diff.length - 5} lagi` : ""}.`,
        );
    } finally {
      await scratch.drop();
    }
  } catch (e) {
    if (e instanceof OffsiteError || e instanceof BackupError) return await finish(false, e.message);
    return await finish(false, `Uji terhenti karena kesalahan: ${(e instanceof Error ? e.message : String(e)).slice(0, 500)}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return finish(true, `Jumlah baris dan hash isi ${counted.tables} tabel (${counted.rows} baris) sama dengan manifes ${copy.file}.`);
}
