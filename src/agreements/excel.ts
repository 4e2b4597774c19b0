// Excel and CSV for the register: export, the import template, and reading an import file.
import { createReadStream } from "node:fs";
import { toCsv } from "../http/csv.js";
import { naskahLabel } from "../workflow/kinds.js";
import { open } from "node:fs/promises";
import { Readable } from "node:stream";
import type ExcelJS from "exceljs";

/** exceljs is loaded when a workbook is first made or read (it adds 0.4 s to every start otherwise). */
const excel = async () => (await import("exceljs")).default;
import { JENIS_LABELS } from "../cases/schema.js";
import { AGREEMENT_STATUS } from "./status.js";
import type { RegisterRow } from "./agreement-service.js";
import { LEGACY_COLUMNS } from "./schema.js";

const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");

const EXPORT_COLUMNS: { header: string; width: number; value: (a: RegisterRow) => string | number | null }[] = [
  { header: "Jenis dokumen", width: 16, value: (a) => naskahLabel(a.case.jenis, a.kind) },
  { header: "Judul", width: 45, value: (a) => a.case.title },
  { header: "Jenis kerja sama", width: 12, value: (a) => a.case.jenis ?? "" },
  { header: "SKPD", width: 14, value: (a) => a.case.skpd.code },
  { header: "Mitra", width: 30, value: (a) => a.case.partnerName ?? "" },
  { header: "Nomor Pemkot", width: 30, value: (a) => a.cityNumber ?? "" },
  { header: "Nomor mitra", width: 24, value: (a) => a.partnerNumber ?? "" },
  { header: "Tanggal tanda tangan", width: 14, value: (a) => iso(a.signedOn) },
  { header: "Mulai berlaku", width: 14, value: (a) => iso(a.startDate) },
  { header: "Berakhir", width: 14, value: (a) => iso(a.endDate) },
  { header: "Nilai (Rp)", width: 16, value: (a) => (a.value === null ? null : Number(a.value)) },
  { header: "Status", width: 18, value: (a) => AGREEMENT_STATUS[a.status] },
  { header: "Data lama", width: 10, value: (a) => (a.legacy ? "Ya" : "Tidak") },
];

async function registerSheet(rows: RegisterRow[]) {
  const wb = new (await excel()).Workbook();
  wb.creator = "Kerjasama Daerah Kota Yogyakarta";
  const ws = wb.addWorksheet("Register perjanjian");
  ws.columns = EXPORT_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: "frozen", ySplit: 1 }];
  for (const a of rows) ws.addRow(EXPORT_COLUMNS.map((c) => c.value(a)));
  ws.getColumn(11).numFmt = "#,##0";
  return wb;
}

export async function registerXlsx(rows: RegisterRow[]): Promise<Buffer> {
  return Buffer.from(await (await registerSheet(rows)).xlsx.writeBuffer());
}

/** The register as CSV (see http/csv.ts for the dialect). */
export function registerCsv(rows: RegisterRow[]): string {
  return toCsv(EXPORT_COLUMNS.map((c) => c.header), rows.map((a) => EXPORT_COLUMNS.map((c) => c.value(a))));
}

export async function importTemplate(): Promise<Buffer> {
  const wb = new (await excel()).Workbook();
  const ws = wb.addWorksheet("Perjanjian");
  ws.columns = LEGACY_COLUMNS.map((c) => ({ header: c.header, width: Math.max(14, c.header.length + 2) }));
  ws.getRow(1).font = { bold: true };
  ws.addRow(LEGACY_COLUMNS.map((c) => c.example));
  const help = wb.addWorksheet("Petunjuk");
  help.addRows([
    ["Isi satu perjanjian per baris di lembar 'Perjanjian', mulai baris 2 (hapus baris contoh)."],
    ["Jenis dokumen: MoU atau PKS. Jenis kerja sama: " + Object.keys(JENIS_LABELS).join(", ") + "."],
    ["Kode SKPD sesuai daftar SKPD di aplikasi (mis. DLH, DINKES, DISPAR)."],
    ["Tanggal: TTTT-BB-HH (2025-04-01) atau HH/BB/TTTT (01/04/2025), atau sel bertipe tanggal."],
    ["Nilai (Rp): angka tanpa titik, boleh kosong."],
  ]);
  help.getColumn(1).width = 100;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export type ImportRow = { line: number; values: Record<string, unknown> };

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

export const MAX_IMPORT_ROWS = 2000;
/** The most a workbook may hold once unzipped: the template with 2,000 rows is well under 2 MiB. */
export const MAX_UNZIPPED_BYTES = 30 * 1024 * 1024;

/**
 * The sum of the uncompressed sizes an .xlsx (a zip) declares in its central
 * directory, read without unzipping anything; null when it is not a zip. A
 * ZIP64 archive (sizes of 4 GiB and more) counts as too large.
 */
export function declaredUnzippedSize(buf: Buffer, base = 0): number | null {
  const EOCD = 0x06054b50;
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = buf.readUInt16LE(eocd + 10);
  // Offsets in the zip are from the file's start; `buf` may be only its tail, starting at `base`.
  let at = buf.readUInt32LE(eocd + 16) - base;
  if (at < 0) return null;
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) return null;
    const size = buf.readUInt32LE(at + 24);
    if (size === 0xffffffff) return Number.POSITIVE_INFINITY;
    total += size;
    at += 46 + buf.readUInt16LE(at + 28) + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return total;
}

/** The zip's directory lives at its end: this much of a file's tail is read to check it. */
const TAIL_BYTES = 1024 * 1024;

async function unzippedSizeOf(source: Buffer | { path: string }): Promise<number | null> {
  if (Buffer.isBuffer(source)) return declaredUnzippedSize(source);
  const fh = await open(source.path, "r");
  try {
    const { size } = await fh.stat();
    const base = Math.max(0, size - TAIL_BYTES);
    const tail = Buffer.alloc(size - base);
    await fh.read(tail, 0, tail.length, base);
    return declaredUnzippedSize(tail, base);
  } finally {
    await fh.close();
  }
}

const NOT_XLSX = "Berkas bukan file Excel (.xlsx) yang dapat dibaca. Gunakan templat yang disediakan.";
const TOO_MANY = `Paling banyak ${MAX_IMPORT_ROWS.toLocaleString("id-ID")} baris dalam satu impor. Bagi datanya menjadi beberapa berkas.`;

/**
 * Reads the first sheet as a stream, row by row, and stops as soon as the row
 * limit is passed: a huge file never sits whole in memory nor holds the server.
 * Throws a user-facing error when the file is not a readable .xlsx, is too large
 * once unzipped, or its headers are wrong.
 */
export async function readImportFile(source: Buffer | { path: string }): Promise<ImportRow[]> {
  const unzipped = await unzippedSizeOf(source);
  if (unzipped === null) throw new Error(NOT_XLSX);
  if (unzipped > MAX_UNZIPPED_BYTES) throw new Error(`Isi berkas terlalu besar. ${TOO_MANY}`);
  // Fed in small chunks, so that unzipping and parsing never hold the event loop for long.
  const chunks = Buffer.isBuffer(source)
    ? Readable.from(
        (function* () {
          for (let i = 0; i < source.length; i += 16 * 1024) yield source.subarray(i, i + 16 * 1024);
        })(),
      )
    : createReadStream(source.path, { highWaterMark: 16 * 1024 });
  const reader = new (await excel()).stream.xlsx.WorkbookReader(chunks, {
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
          if (missing.length) throw new ImportFileError(`Kolom tidak sesuai templat (periksa: ${missing.slice(0, 3).join(", ")}). Unduh templat dan salin datanya ke sana.`);
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
    throw new Error(NOT_XLSX);
  }
  if (!sawSheet) throw new Error("Berkas Excel tidak berisi lembar kerja.");
  return rows;
}

class ImportFileError extends Error {}
