// The retention report as a workbook: one sheet per list, real date cells.
import { XLSX_DATE_FORMAT, xlsxDate } from "../../platform/http/xlsx.js";
import type { RetentionReport } from "./retention.js";
import { DISPOSAL_DECISIONS } from "./schema.js";

/** exceljs is loaded when a workbook is first made. */
const excel = async () => (await import("exceljs")).default;

type Row = RetentionReport["transfer"][number];
type Value = string | number | Date | null;
const COLUMNS: { header: string; width: number; date?: boolean; value: (r: Row) => Value }[] = [
  { header: "ID dokumen", width: 11, value: (r) => r.id },
  { header: "Kasus", width: 40, value: (r) => `#${r.caseId} ${r.title}` },
  { header: "Jenis dokumen", width: 30, value: (r) => r.kindLabel },
  { header: "Versi", width: 7, value: (r) => r.version },
  { header: "Nama berkas", width: 34, value: (r) => r.originalName },
  { header: "Kode klasifikasi", width: 16, value: (r) => r.classificationCode },
  { header: "Klasifikasi akses", width: 16, value: (r) => r.accessLabel },
  { header: "Retensi aktif (tahun)", width: 12, value: (r) => r.activeYears },
  { header: "Retensi inaktif (tahun)", width: 12, value: (r) => r.inactiveYears },
  { header: "Tahun awal hitung", width: 12, value: (r) => r.clockYear },
  { header: "Dasar awal hitung", width: 22, value: (r) => (r.clockFrom === "agreement" ? "Berakhirnya perjanjian" : "Kasus ditutup") },
  { header: "Akhir masa aktif", width: 14, date: true, value: (r) => xlsxDate(`${r.activeEndYear}-12-31`) },
  { header: "Akhir masa inaktif", width: 14, date: true, value: (r) => xlsxDate(`${r.finalYear}-12-31`) },
  { header: "Keterangan akhir (JRA)", width: 16, value: (r) => r.dispositionLabel },
  { header: "Keputusan", width: 24, value: (r) => (r.decision ? ((DISPOSAL_DECISIONS as Record<string, string>)[r.decision] ?? r.decision) : "") },
  { header: "Nomor berita acara/keputusan", width: 26, value: (r) => r.decreeNumber ?? "" },
  { header: "Tanggal berita acara/keputusan", width: 14, date: true, value: (r) => xlsxDate(r.decreeDate) },
  { header: "SHA-256", width: 20, value: (r) => r.sha256 },
];

export async function retentionXlsx(report: RetentionReport): Promise<Buffer> {
  const wb = new (await excel()).Workbook();
  wb.creator = "Kerjasama Daerah Kota Yogyakarta";
  for (const [name, rows] of [
    [`Pindah ke inaktif ${report.year}`, report.transfer],
    [`Keterangan akhir ${report.year}`, report.final],
  ] as const) {
    const ws = wb.addWorksheet(name);
    ws.columns = COLUMNS.map((c) => ({ header: c.header, width: c.width }));
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: "frozen", ySplit: 1 }];
    for (const r of rows) {
      const row = ws.addRow(COLUMNS.map((c) => c.value(r)));
      COLUMNS.forEach((c, i) => {
        if (c.date) row.getCell(i + 1).numFmt = XLSX_DATE_FORMAT;
      });
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
