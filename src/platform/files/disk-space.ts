// Free space where the app writes: DATA_DIR holds the PGlite database (embedded) and
// the temporary files of uploads (both databases). Below a reserve, writes are refused
// with a clear page (507) while reading goes on, /healthz says so, and writes resume by
// themselves when space returns: a full disk must never reach the database, where
// PGlite cannot recover from it (a WAL write that fails is a PANIC).
import { statfs } from "node:fs/promises";
import { AppError } from "../errors.js";

const MB = 1024 * 1024;

export type StorageState = { freeBytes: number | null; reserveBytes: number; low: boolean; checkedAt: Date | null };

export class StorageMonitor {
  private free: number | null = null;
  private checkedAt: Date | null = null;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dir: string,
    readonly reserveBytes: number,
    /** How many times an upload's size it needs free besides the reserve (the temporary file, the bytes, their WAL). */
    readonly uploadFactor: number,
  ) {}

  /** Reads the free space now (a statfs call: microseconds). */
  async refresh(): Promise<number | null> {
    try {
      const s = await statfs(this.dir);
      this.free = s.bavail * s.bsize;
    } catch {
      this.free = null; // the folder is gone or unreadable: not a reason to refuse
    }
    this.checkedAt = new Date();
    return this.free;
  }

  /** Reads every `everyMs` in the background; returns the stop function. */
  start(everyMs = 5_000): () => void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), everyMs);
    this.timer.unref();
    return () => clearInterval(this.timer);
  }

  get state(): StorageState {
    return { freeBytes: this.free, reserveBytes: this.reserveBytes, low: this.free !== null && this.free < this.reserveBytes, checkedAt: this.checkedAt };
  }

  /** Below the reserve: writes are refused. */
  get low(): boolean {
    return this.state.low;
  }

  /** Throws 507 when writing is refused now, or when `incoming` bytes would take free space under the reserve. */
  async assertRoom(incoming = 0): Promise<void> {
    const free = await this.refresh();
    if (free === null) return;
    if (free - incoming * this.uploadFactor >= this.reserveBytes) return;
    throw storageFull(free, incoming > 0 && free >= this.reserveBytes);
  }
}

/** The 507 page: the server's storage, never the user's file. */
export function storageFull(freeBytes: number | null, forThisFile = false): AppError {
  const left = freeBytes === null ? "" : ` (tersisa ${(freeBytes / MB).toLocaleString("id-ID", { maximumFractionDigits: 0 })} MB)`;
  const err = new AppError(
    507,
    forThisFile
      ? `Ruang penyimpanan server${left} tidak cukup untuk berkas sebesar ini. Berkas Anda tidak bermasalah; tidak ada yang tersimpan. Coba berkas yang lebih kecil, atau hubungi administrator.`
      : `Ruang penyimpanan server hampir habis${left}. Perubahan belum dapat disimpan sampai administrator menambah ruang; halaman tetap dapat dibaca. Tidak ada yang berubah.`,
    "STORAGE_FULL",
  );
  return Object.assign(err, { retryAfterSeconds: 60 });
}
