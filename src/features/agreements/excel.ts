// Excel and CSV for the register: export and the import template (import-reader.ts reads import files).
// What the app exports, it imports: the export's first columns are the template's
// (LEGACY_COLUMNS), with the same headers and values the import reads; the columns
// after them (REGISTER_ONLY_HEADERS) are for people and ignored by the import.
import { toCsv } from "../../platform/http/csv.js";
import { XLSX_DATE_FORMAT, xlsxDate } from "../../platform/http/xlsx.js";
import { naskahLabel, KINDS } from "../../core/sop/kinds.js";

/** exceljs is loaded when a workbook is first made (it adds 0.4 s to every start otherwise). */
const excel = async () => (await import("exceljs")).default;
import { JENIS_LABELS } from "../../core/case-data/schema.js";
import { AGREEMENT_STATUS } from "./status.js";
import type { RegisterRow } from "./agreement-service.js";
import { LEGACY_COLUMNS, REGISTER_ONLY_HEADERS, type LegacyInput } from "./schema.js";

type Value = string | number | Date | null;
const DATE_KEYS = new Set<keyof LegacyInput>(["signedOn", "startDate", "endDate"]);

/** Each template column's value for a register row. */
const TEMPLATE_VALUE: Record<keyof LegacyInput, (a: RegisterRow) => Value> = {
  kind: (a) => naskahLabel(a.case.jenis, a.kind),
  title: (a) => a.case.title,
  jenis: (a) => a.case.jenis ?? "",
  skpdCode: (a) => a.case.skpd.code,
  partnerName: (a) => a.case.partnerName ?? "",
  cityNumber: (a) => a.cityNumber ?? "",
  partnerNumber: (a) => a.partnerNumber ?? "",
  signedOn: (a) => xlsxDate(a.signedOn),
  startDate: (a) => xlsxDate(a.startDate),
  endDate: (a) => xlsxDate(a.endDate),
  value: (a) => (a.value === null ? null : Number(a.value)),
};

const WIDTHS: Partial<Record<keyof LegacyInput, number>> = {
  kind: 16,
  title: 45,
  jenis: 14,
  skpdCode: 12,
  partnerName: 30,
  cityNumber: 30,
  partnerNumber: 24,
  value: 16,
};

const EXPORT_COLUMNS: { header: string; width: number; date?: boolean; money?: boolean; value: (a: RegisterRow) => Value }[] = [
  ...LEGACY_COLUMNS.map((c) => ({
    header: c.header,
    width: WIDTHS[c.key] ?? 14,
    date: DATE_KEYS.has(c.key),
    money: c.key === "value",
    value: TEMPLATE_VALUE[c.key],
  })),
  ...([
    { header: "Status", width: 18, value: (a: RegisterRow) => AGREEMENT_STATUS[a.status] },
    { header: "Data lama", width: 10, value: (a: RegisterRow) => (a.legacy ? "Ya" : "Tidak") },
  ] satisfies { header: (typeof REGISTER_ONLY_HEADERS)[number]; width: number; value: (a: RegisterRow) => Value }[]),
];

async function registerSheet(rows: RegisterRow[]) {
  const wb = new (await excel()).Workbook();
  wb.creator = "Kerjasama Daerah Kota Yogyakarta";
  const ws = wb.addWorksheet("Register perjanjian");
  ws.columns = EXPORT_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: "frozen", ySplit: 1 }];
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_COLUMNS.length } };
  for (const a of rows) {
    const row = ws.addRow(EXPORT_COLUMNS.map((c) => c.value(a)));
    EXPORT_COLUMNS.forEach((c, i) => {
      if (c.date) row.getCell(i + 1).numFmt = XLSX_DATE_FORMAT;
      if (c.money) row.getCell(i + 1).numFmt = "#,##0";
    });
  }
  return wb;
}

export async function registerXlsx(rows: RegisterRow[]): Promise<Buffer> {
  return Buffer.from(await (await registerSheet(rows)).xlsx.writeBuffer());
}

/** The register as CSV (see http/csv.ts for the dialect); dates as YYYY-MM-DD. */
export function registerCsv(rows: RegisterRow[]): string {
  const cell = (v: Value) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);
  return toCsv(
    EXPORT_COLUMNS.map((c) => c.header),
    rows.map((a) => EXPORT_COLUMNS.map((c) => cell(c.value(a)))),
  );
}

export async function importTemplate(): Promise<Buffer> {
  const wb = new (await excel()).Workbook();
  const ws = wb.addWorksheet("Perjanjian");
  ws.columns = LEGACY_COLUMNS.map((c) => ({ header: c.header, width: Math.max(14, c.header.length + 2) }));
  ws.getRow(1).font = { bold: true };
  // Dates typed into the sheet become date cells in the Indonesian format; amounts are grouped.
  LEGACY_COLUMNS.forEach((c, i) => {
    if (DATE_KEYS.has(c.key)) ws.getColumn(i + 1).numFmt = XLSX_DATE_FORMAT;
    if (c.key === "value") ws.getColumn(i + 1).numFmt = "#,##0";
  });
  ws.addRow(LEGACY_COLUMNS.map((c) => (DATE_KEYS.has(c.key) ? xlsxDate(String(c.example)) : c.example)));
  LEGACY_COLUMNS.forEach((c, i) => {
    if (DATE_KEYS.has(c.key)) ws.getRow(2).getCell(i + 1).numFmt = XLSX_DATE_FORMAT;
    if (c.key === "value") ws.getRow(2).getCell(i + 1).numFmt = "#,##0";
  });
  const naskah = [...new Set(Object.values(KINDS).flatMap((k) => [k.naskah.first, k.naskah.second]))];
  const help = wb.addWorksheet("Petunjuk");
  help.addRows([
    ["Isi satu perjanjian per baris di lembar 'Perjanjian', mulai baris 2 (hapus baris contoh)."],
    [`Jenis dokumen: ${naskah.join(", ")} (Sinergi: Nota Kesepakatan dan Rencana Kerja). Jenis kerja sama: ` + Object.keys(JENIS_LABELS).join(", ") + "."],
    ["Kode SKPD sesuai daftar SKPD di aplikasi (mis. DLH, DINKES, DISPAR)."],
    ["Tanggal: sel bertipe tanggal, atau teks HH/BB/TTTT (01/04/2025) atau TTTT-BB-HH (2025-04-01)."],
    [
      "Nilai (Rp): angka rupiah bulat, atau teks seperti 25.000.000, Rp 25.000.000,00, 25 juta, 1,5 miliar; boleh kosong. Nilai yang tidak pasti (mis. 25,000,000 atau ada sen) ditolak.",
    ],
    ["Sel berisi rumus harus punya hasil tersimpan (simpan berkas di Excel), atau tempel sebagai nilai."],
    ["Berkas ekspor register (Register perjanjian) dapat diimpor apa adanya; kolom Status dan Data lama diabaikan."],
  ]);
  help.getColumn(1).width = 100;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
