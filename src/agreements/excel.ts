// Excel and CSV for the register: export and the import template (import-reader.ts reads import files).
import { toCsv } from "../http/csv.js";
import { naskahLabel } from "../workflow/kinds.js";

/** exceljs is loaded when a workbook is first made (it adds 0.4 s to every start otherwise). */
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
