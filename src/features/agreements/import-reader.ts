// Reading an import workbook (legacy agreements). Runs in a parsing process
// (untrusted/sandbox.ts): the file is someone's upload. Its zip budget is checked
// before anything is unzipped (untrusted/zip-budget.ts), the first sheet is read as a
// stream, and reading stops as soon as the row limit is passed.
import { createReadStream } from "node:fs";
import type ExcelJS from "exceljs";
import { FileProblem } from "../../platform/untrusted/errors.js";
import type { ZipBudget } from "../../platform/untrusted/zip-budget.js";
import { LEGACY_COLUMNS, REGISTER_ONLY_HEADERS } from "./schema.js";
import { must } from "../../platform/must.js";

/** One data row: its cells by column key, and the cells that could not be read (column key → message). */
export type ImportRow = { line: number; values: Record<string, CellValueRead>; problems?: Record<string, string> };

export const MAX_IMPORT_ROWS = 2000;
/** The template with 2,000 rows unzips to well under 2 MiB. */
export const IMPORT_BUDGET: ZipBudget = { maxEntries: 200, maxTotalBytes: 30 * 1024 * 1024, maxEntryBytes: 30 * 1024 * 1024 };

export const FORMULA_WITHOUT_RESULT = "sel berisi rumus tanpa hasil tersimpan; simpan ulang berkas di Excel atau tempel sebagai nilai";
const CELL_ERROR = "sel berisi galat (mis. #N/A, #DIV/0!); perbaiki rumusnya atau tempel sebagai nilai";
const CELL_UNKNOWN = "isi sel tidak dapat dibaca; tempel sebagai nilai";

/** What a cell shows, or why it cannot be read without guessing. */
export type CellRead = { value: CellValueRead } | { problem: string };
/** What a readable cell gives: text (trimmed), a number, a boolean, a date, or nothing. */
export type CellValueRead = string | number | boolean | Date | undefined;

/** A number format that shows a date ("dd/mm/yyyy", "d mmmm yyyy", "[$-421]d mmmm yyyy"), not a time or a number. */
const isDateFormat = (fmt: string | undefined) => !!fmt && /[dy]/i.test(fmt.replace(/"[^"]*"|\[[^\]]*\]|\\./g, ""));
/** A serial day number of the 1900 date system as the UTC midnight Date exceljs gives for date cells. */
const fromSerial = (n: number) => new Date(Math.round((n - 25569) * 86400_000));

/**
 * Every cell of an import file is read here: a formula gives its stored result (or is
 * refused when it has none), rich text and links their text, dates stay dates (also a
 * formula's number result in a date format), text is trimmed. An error value or
 * anything else is refused; nothing becomes "[object Object]".
 */
export function readCell(v: ExcelJS.CellValue | undefined, numFmt?: string): CellRead {
  if (v === null || v === undefined) return { value: undefined };
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? { problem: CELL_ERROR } : { value: v };
  if (typeof v === "string") return { value: v.trim() };
  if (typeof v === "number") {
    // The streaming reader gives an error result of a formula as NaN.
    if (!Number.isFinite(v)) return { problem: CELL_ERROR };
    return { value: isDateFormat(numFmt) ? fromSerial(v) : v };
  }
  if (typeof v === "boolean") return { value: v };
  if (typeof v === "object") {
    if ("formula" in v || "sharedFormula" in v) {
      const result = (v as { result?: unknown }).result;
      if (result === undefined || result === null || result === "") return { problem: FORMULA_WITHOUT_RESULT };
      return readCell(result as ExcelJS.CellValue, numFmt);
    }
    if ("error" in v) return { problem: CELL_ERROR };
    if ("richText" in v && Array.isArray(v.richText))
      return {
        value: v.richText
          .map((r: { text?: string }) => r.text ?? "")
          .join("")
          .trim(),
      };
    // A link: what it shows (its text may itself be rich text).
    if ("text" in v) return readCell((v as { text: ExcelJS.CellValue }).text, numFmt);
  }
  return { problem: CELL_UNKNOWN };
}

/** The text of a header cell ("" when it is not text). */
const headerText = (v: ExcelJS.CellValue | undefined) => {
  const r = readCell(v);
  return "value" in r && r.value !== undefined ? String(r.value).replace(/\s+/g, " ").trim() : "";
};

const sameHeader = (a: string, b: string) => a.replace(/\s+/g, " ").trim().toLowerCase() === b.replace(/\s+/g, " ").trim().toLowerCase();

/**
 * Where each template column is (column key → 1-based column), found by its header, so
 * that the register export, which adds columns for people to read (REGISTER_ONLY_HEADERS),
 * is read as it is. A missing column, a column twice, or a column the import does not
 * know refuses the file: its data would otherwise be guessed at.
 */
function mapHeaders(headers: string[]): Map<string, number> {
  const at = new Map<string, number>();
  const unknown: string[] = [];
  headers.forEach((h, i) => {
    if (!h) return;
    const c = LEGACY_COLUMNS.find((x) => [x.header, ...(x.aliases ?? [])].some((y) => sameHeader(y, h)));
    if (c && !at.has(c.key)) at.set(c.key, i + 1);
    else if (c) unknown.push(`${h} (dua kali)`);
    else if (!REGISTER_ONLY_HEADERS.some((y) => sameHeader(y, h))) unknown.push(h);
  });
  const missing = LEGACY_COLUMNS.filter((c) => !at.has(c.key)).map((c) => c.header);
  if (missing.length)
    throw new ImportFileError(`kolomnya tidak sesuai templat (periksa: ${missing.slice(0, 3).join(", ")}). Unduh templat dan salin datanya ke sana`);
  if (unknown.length)
    throw new ImportFileError(`memuat kolom yang tidak dikenal: ${unknown.slice(0, 3).join(", ")}. Hapus kolom itu atau salin datanya ke templat`);
  return at;
}

/** Columns whose numbers are numbers (the value) or dates; in every other column a number is its text ("12345" as Nomor mitra). */
const NUMBER_COLUMNS = new Set<string>(["value", "signedOn", "startDate", "endDate"]);

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
  let columns = new Map<string, number>();
  try {
    for await (const ws of reader) {
      sawSheet = true;
      for await (const row of ws) {
        const line = row.number;
        const cells = row.values as ExcelJS.CellValue[];
        if (!headerChecked) {
          headerChecked = true;
          columns = mapHeaders(line === 1 ? cells.slice(1).map(headerText) : []);
          continue;
        }
        const values: Record<string, CellValueRead> = {};
        const problems: Record<string, string> = {};
        LEGACY_COLUMNS.forEach((c) => {
          const cell = row.getCell(must(columns.get(c.key), `the column of ${c.key} (mapHeaders found every one)`));
          const r = readCell(cell.value, cell.numFmt);
          if ("problem" in r) problems[c.key] = `${c.header}: ${r.problem}`;
          else values[c.key] = typeof r.value === "number" && !NUMBER_COLUMNS.has(c.key) ? String(r.value) : r.value;
        });
        if (!Object.keys(problems).length && Object.values(values).every((v) => v === undefined || v === "")) continue;
        if (rows.length >= MAX_IMPORT_ROWS) throw new ImportFileError(TOO_MANY);
        rows.push(Object.keys(problems).length ? { line, values, problems } : { line, values });
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
