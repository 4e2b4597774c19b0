// Excel and CSV for the register: export, the import template, and reading an import file.
import ExcelJS from "exceljs";
import { JENIS_LABELS } from "../cases/schema.js";
import { AGREEMENT_STATUS } from "./status.js";
import type { RegisterRow } from "./agreement-service.js";
import { LEGACY_COLUMNS } from "./schema.js";

const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");

const EXPORT_COLUMNS: { header: string; width: number; value: (a: RegisterRow) => string | number | null }[] = [
  { header: "Jenis dokumen", width: 10, value: (a) => (a.kind === "MOU" ? "MoU" : "PKS") },
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

function registerSheet(rows: RegisterRow[]) {
  const wb = new ExcelJS.Workbook();
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
  return Buffer.from(await registerSheet(rows).xlsx.writeBuffer());
}

/** CSV with a BOM so that Excel opens UTF-8 names correctly; fields quoted as needed. */
export function registerCsv(rows: RegisterRow[]): string {
  const esc = (v: string | number | null) => {
    const s = v === null ? "" : String(v);
    // Cells starting with = + - @ are neutralised so a spreadsheet never runs them as formulas.
    const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
    return /[",;\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [EXPORT_COLUMNS.map((c) => esc(c.header)).join(",")];
  for (const a of rows) lines.push(EXPORT_COLUMNS.map((c) => esc(c.value(a))).join(","));
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}

export async function importTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
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

/** Reads the first sheet. Throws a user-facing error when the file is not a readable .xlsx or its headers are wrong. */
export async function readImportFile(buffer: Buffer): Promise<ImportRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new Error("Berkas bukan file Excel (.xlsx) yang dapat dibaca. Gunakan templat yang disediakan.");
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new Error("Berkas Excel tidak berisi lembar kerja.");
  const headers = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map((v) => String(cellValue(v) ?? "").trim());
  const missing = LEGACY_COLUMNS.filter((c, i) => headers[i] !== c.header).map((c) => c.header);
  if (missing.length) throw new Error(`Kolom tidak sesuai templat (periksa: ${missing.slice(0, 3).join(", ")}). Unduh templat dan salin datanya ke sana.`);
  const rows: ImportRow[] = [];
  ws.eachRow((row, line) => {
    if (line === 1) return;
    const vals = LEGACY_COLUMNS.map((_, i) => cellValue(row.getCell(i + 1).value));
    if (vals.every((v) => v === undefined || v === "")) return;
    rows.push({ line, values: Object.fromEntries(LEGACY_COLUMNS.map((c, i) => [c.key, vals[i]])) });
  });
  if (rows.length > 2000) throw new Error("Paling banyak 2.000 baris dalam satu impor.");
  return rows;
}
