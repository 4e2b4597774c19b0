// Reading an import workbook (legacy agreements). Runs in a parsing process
// (untrusted/sandbox.ts): the file is someone's upload. Its zip budget is checked
// before anything is unzipped (untrusted/zip-budget.ts), the first sheet is read as a
// stream, and reading stops as soon as the row limit is passed.
import { createReadStream } from "node:fs";
import type ExcelJS from "exceljs";
import { FileProblem } from "../untrusted/errors.js";
import type { ZipBudget } from "../untrusted/zip-budget.js";
import { LEGACY_COLUMNS } from "./schema.js";

export type ImportRow = { line: number; values: Record<string, unknown> };

export const MAX_IMPORT_ROWS = 2000;
/** The template with 2,000 rows unzips to well under 2 MiB. */
export const IMPORT_BUDGET: ZipBudget = { maxEntries: 200, maxTotalBytes: 30 * 1024 * 1024, maxEntryBytes: 30 * 1024 * 1024 };

const cellValue = (v: ExcelJS.CellValue): unknown => {
  if (v === null || v === undefined) return undefined;
  if (v instanceof Date) return v;
  if (typeof v === "object") {
    if ("text" in v && typeof v.text === "string") return v.text;
    if ("result" in v) return cellValue(v.result as ExcelJS.CellValue);
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    return String(v);
  }
  return typeof v === "string" ? v.trim() : v;
};

export const NOT_XLSX = "bukan file Excel (.xlsx) yang dapat dibaca. Gunakan templat yang disediakan";
const TOO_MANY = `memuat lebih dari ${MAX_IMPORT_ROWS.toLocaleString("id-ID")} baris. Bagi datanya menjadi beberapa berkas`;

export class ImportFileError extends FileProblem {}

/** The data rows of the first sheet. Throws ImportFileError (completing "Berkas ...") when the file cannot be used. */
export async function readImportFile(path: string): Promise<ImportRow[]> {
  const { default: Excel } = await import("exceljs");
  const reader = new Excel.stream.xlsx.WorkbookReader(createReadStream(path, { highWaterMark: 16 * 1024 }), {
    worksheets: "emit",
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "cache", // date cells are numbers with a date format
    entries: "ignore",
  });
  const rows: ImportRow[] = [];
  let sawSheet = false;
  let headerChecked = false;
  try {
    for await (const ws of reader) {
      sawSheet = true;
      for await (const row of ws) {
        const line = row.number;
        const cells = row.values as ExcelJS.CellValue[];
        if (!headerChecked) {
          headerChecked = true;
          const headers = line === 1 ? cells.slice(1).map((v) => String(cellValue(v) ?? "").trim()) : [];
          const missing = LEGACY_COLUMNS.filter((c, i) => headers[i] !== c.header).map((c) => c.header);
          if (missing.length) throw new ImportFileError(`kolomnya tidak sesuai templat (periksa: ${missing.slice(0, 3).join(", ")}). Unduh templat dan salin datanya ke sana`);
          continue;
        }
        const vals = LEGACY_COLUMNS.map((_, i) => cellValue(cells[i + 1]));
        if (vals.every((v) => v === undefined || v === "")) continue;
        if (rows.length >= MAX_IMPORT_ROWS) throw new ImportFileError(TOO_MANY);
        rows.push({ line, values: Object.fromEntries(LEGACY_COLUMNS.map((c, i) => [c.key, vals[i]])) });
      }
      break; // the first sheet only
    }
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    throw new ImportFileError(NOT_XLSX);
  }
  if (!sawSheet) throw new ImportFileError("tidak berisi lembar kerja");
  return rows;
}
