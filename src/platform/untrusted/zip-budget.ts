// The budget of a zip (a .docx or .xlsx is one), checked from its central directory
// before anything is inflated: how many entries, and how large they say they are once
// unzipped. A zip bomb (a 1 MB .docx whose word/document.xml inflates to 400 MB) is
// refused here, by what it declares. A zip that lies about its sizes is stopped by the
// parsing process's memory and time limits instead (sandbox.ts).
import yauzl from "yauzl";
import { UntrustedFileError } from "./errors.js";

export type ZipBudget = {
  /** Most entries the archive may hold. */
  maxEntries: number;
  /** Most bytes all entries may take once unzipped. */
  maxTotalBytes: number;
  /** Most bytes one entry may take once unzipped (the XML a parser holds whole). */
  maxEntryBytes: number;
};

/** Budgets for the Office files the app reads: generous for real documents (a 20 MB .docx with photos unzips to about 20 MB). */
export const OFFICE_BUDGET: ZipBudget = { maxEntries: 5_000, maxTotalBytes: 120 * 1024 * 1024, maxEntryBytes: 30 * 1024 * 1024 };

const mb = (n: number) => `${(n / 1024 / 1024).toLocaleString("id-ID", { maximumFractionDigits: 0 })} MB`;

export type ZipSummary = { entries: number; totalBytes: number; largest: { name: string; bytes: number } | null };

/** Reads the central directory (no entry is inflated) and throws UntrustedFileError("budget") past the budget. */
export async function checkZipBudget(path: string, budget: ZipBudget): Promise<ZipSummary> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true });
  } catch {
    throw new UntrustedFileError("unreadable", "bukan arsip Office (.docx/.xlsx) yang dapat dibaca");
  }
  if (zip.entryCount > budget.maxEntries) {
    zip.close();
    throw new UntrustedFileError(
      "budget",
      `berisi ${zip.entryCount.toLocaleString("id-ID")} bagian (paling banyak ${budget.maxEntries.toLocaleString("id-ID")})`,
    );
  }
  const summary: ZipSummary = { entries: zip.entryCount, totalBytes: 0, largest: null };
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (e: yauzl.Entry) => {
      summary.totalBytes += e.uncompressedSize;
      if (!summary.largest || e.uncompressedSize > summary.largest.bytes) summary.largest = { name: e.fileName, bytes: e.uncompressedSize };
      if (e.uncompressedSize > budget.maxEntryBytes) {
        zip.close();
        reject(
          new UntrustedFileError(
            "budget",
            `bagian "${e.fileName}" berukuran ${mb(e.uncompressedSize)} bila dibuka (paling banyak ${mb(budget.maxEntryBytes)})`,
          ),
        );
        return;
      }
      if (summary.totalBytes > budget.maxTotalBytes) {
        zip.close();
        reject(new UntrustedFileError("budget", `berukuran lebih dari ${mb(budget.maxTotalBytes)} bila dibuka`));
        return;
      }
      zip.readEntry();
    });
    zip.on("end", () => resolve());
    zip.on("error", () => reject(new UntrustedFileError("unreadable", "arsipnya rusak")));
    zip.readEntry();
  });
  return summary;
}
