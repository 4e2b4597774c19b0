// The report as files: a workbook (.xlsx, exceljs) with the agreements and the
// completeness check, and a printable PDF (pdf-lib, A4 landscape) of the same rows.
import { rgb } from "pdf-lib";
import { formatIsoDate } from "../../platform/time.js";
import { rupiahOrDash, type MinistryReport, type ReportRow } from "./ministry-report.js";
import { XLSX_DATE_FORMAT, xlsxDate } from "../../platform/http/xlsx.js";
import { newPdf, oneLine, type PdfFont } from "../../platform/pdf/fonts.js";

const excel = async () => (await import("exceljs")).default;
const TITLE = "Laporan Kerja Sama Daerah Pemerintah Kota Yogyakarta";

const COLUMNS: { header: string; width: number; date?: true; value: (r: ReportRow) => string | number | Date | null }[] = [
  { header: "Naskah", width: 10, value: (r) => r.naskah },
  { header: "Jenis kerja sama", width: 22, value: (r) => r.jenis },
  { header: "Judul", width: 40, value: (r) => r.title },
  { header: "Mitra", width: 28, value: (r) => r.partner },
  { header: "Jenis mitra", width: 16, value: (r) => r.partnerKind },
  { header: "SKPD", width: 26, value: (r) => r.skpd },
  { header: "Urusan", width: 22, value: (r) => r.urusan },
  { header: "Nomor Pemkot", width: 28, value: (r) => r.number },
  { header: "Nomor mitra", width: 20, value: (r) => r.partnerNumber },
  { header: "Ditandatangani", width: 13, date: true, value: (r) => xlsxDate(r.signedOn) },
  { header: "Mulai", width: 12, date: true, value: (r) => xlsxDate(r.start) },
  { header: "Berakhir", width: 12, date: true, value: (r) => xlsxDate(r.end) },
  { header: "Nilai (Rp)", width: 16, value: (r) => r.value },
  { header: "Status", width: 14, value: (r) => r.status },
  { header: "Evaluasi (nilai, rekomendasi)", width: 40, value: (r) => r.evaluations },
  { header: "Realisasi kewajiban", width: 30, value: (r) => r.obligations },
  { header: "Belum lengkap", width: 40, value: (r) => r.missing.join("; ") },
];

export async function reportXlsx(report: MinistryReport, madeOn: string): Promise<Buffer> {
  const wb = new (await excel()).Workbook();
  wb.creator = "Kerjasama Daerah - Pemerintah Kota Yogyakarta";
  const ws = wb.addWorksheet("Laporan");
  ws.addRow([TITLE]).font = { bold: true, size: 13 };
  ws.addRow([
    `Periode: ${report.period.label} (${formatIsoDate(report.period.start)} s.d. ${formatIsoDate(report.period.end)}); dibuat ${formatIsoDate(madeOn)}`,
  ]);
  ws.addRow([`${report.rows.length} perjanjian; ${report.incomplete} belum lengkap; nilai seluruhnya ${rupiahOrDash(report.totalValue)}`]);
  ws.addRow([]);
  const head = ws.addRow(COLUMNS.map((c) => c.header));
  head.font = { bold: true };
  COLUMNS.forEach((c, i) => (ws.getColumn(i + 1).width = c.width));
  for (const r of report.rows) ws.addRow(COLUMNS.map((c) => c.value(r)));
  ws.getColumn(13).numFmt = "#,##0";
  // Dates are date cells (the header above them stays text).
  COLUMNS.forEach((c, i) => c.date && ws.getColumn(i + 1).eachCell((cell, rowNo) => rowNo > 5 && (cell.numFmt = XLSX_DATE_FORMAT)));
  ws.views = [{ state: "frozen", ySplit: 5 }];
  ws.autoFilter = { from: { row: 5, column: 1 }, to: { row: 5, column: COLUMNS.length } };
  const check = wb.addWorksheet("Kelengkapan");
  check.columns = [
    { header: "Naskah", width: 10 },
    { header: "Judul", width: 45 },
    { header: "SKPD", width: 26 },
    { header: "Belum lengkap", width: 70 },
  ];
  check.getRow(1).font = { bold: true };
  for (const r of report.rows.filter((x) => x.missing.length)) check.addRow([r.naskah, r.title, r.skpd, r.missing.join("; ")]);
  const sums = wb.addWorksheet("Rekap");
  sums.columns = [
    { header: "Jenis kerja sama", width: 40 },
    { header: "Jumlah", width: 10 },
  ];
  sums.getRow(1).font = { bold: true };
  for (const x of report.perJenis) sums.addRow([x.label, x.n]);
  sums.addRow([]);
  sums.addRow(["Urusan", "Jumlah"]).font = { bold: true };
  for (const x of report.perUrusan) sums.addRow([x.label, x.n]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const PDF_COLUMNS: { header: string; width: number; value: (r: ReportRow, i: number) => string }[] = [
  { header: "No", width: 22, value: (_r, i) => String(i + 1) },
  { header: "Naskah / jenis", width: 70, value: (r) => `${r.naskah}, ${r.jenis.split(":")[0]}` },
  { header: "Judul", width: 130, value: (r) => r.title },
  { header: "Mitra", width: 90, value: (r) => r.partner },
  { header: "SKPD / urusan", width: 95, value: (r) => `${r.skpd}; ${r.urusan || "-"}` },
  { header: "Nomor", width: 85, value: (r) => r.number || "-" },
  { header: "Masa berlaku", width: 62, value: (r) => `${r.start} s.d. ${r.end}` },
  { header: "Nilai (Rp)", width: 60, value: (r) => (r.value === null ? "-" : r.value.toLocaleString("id-ID")) },
  { header: "Evaluasi", width: 85, value: (r) => r.evaluations || "-" },
  { header: "Kewajiban", width: 70, value: (r) => r.obligations || "-" },
];

export async function reportPdf(report: MinistryReport, madeOn: string): Promise<Buffer> {
  const { doc, fonts } = await newPdf(`${TITLE} - ${report.period.label}`, JSON.stringify(report.rows));
  const { regular: font, bold } = fonts;
  const size: [number, number] = [841.89, 595.28];
  const margin = 28;
  const fs = 6.5;
  const lh = fs * 1.3;
  let page = doc.addPage(size);
  let y = size[1] - margin;
  const text = (t: string, o: { x?: number; size?: number; f?: PdfFont } = {}) => {
    (o.f ?? font).draw(page, t, { x: o.x ?? margin, y, size: o.size ?? 9 });
    y -= (o.size ?? 9) * 1.5;
  };
  const header = () => {
    let x = margin;
    const h = lh + 4;
    page.drawRectangle({ x: margin, y: y - h + lh, width: PDF_COLUMNS.reduce((s, c) => s + c.width, 0), height: h, color: rgb(0.9, 0.92, 0.96) });
    for (const c of PDF_COLUMNS) {
      bold.draw(page, c.header, { x: x + 2, y, size: fs });
      x += c.width;
    }
    y -= h;
  };
  text(TITLE, { size: 12, f: bold });
  text(`Kepada: Menteri Dalam Negeri c.q. Direktur Jenderal Bina Administrasi Kewilayahan, dan Gubernur Daerah Istimewa Yogyakarta`);
  text(`Periode: ${report.period.label} (${formatIsoDate(report.period.start)} s.d. ${formatIsoDate(report.period.end)}). Dibuat ${formatIsoDate(madeOn)}.`);
  text(`${report.rows.length} perjanjian; nilai seluruhnya ${rupiahOrDash(report.totalValue)}; ${report.incomplete} perjanjian belum lengkap datanya.`);
  y -= 4;
  header();
  report.rows.forEach((r, i) => {
    // A cell's own line breaks become spaces: the table's lines are the column's.
    const cells = PDF_COLUMNS.map((c) => ({
      width: c.width,
      lines: font.wrap(oneLine(c.value(r, i)), fs, c.width - 4).filter((l, li, all) => l || all.length === 1),
    }));
    const height = Math.max(...cells.map((c) => c.lines.length)) * lh + 3;
    if (y - height < margin) {
      page = doc.addPage(size);
      y = size[1] - margin;
      header();
    }
    let x = margin;
    cells.forEach(({ width, lines }) => {
      lines.forEach((line, li) => font.draw(page, line, { x: x + 2, y: y - li * lh, size: fs }));
      x += width;
    });
    y -= height;
    page.drawLine({ start: { x: margin, y: y + lh - 2 }, end: { x: x, y: y + lh - 2 }, thickness: 0.3, color: rgb(0.7, 0.7, 0.7) });
  });
  const pages = doc.getPages();
  pages.forEach((p, i) => font.draw(p, `Halaman ${i + 1} dari ${pages.length}`, { x: size[0] - margin - 70, y: 14, size: 7 }));
  return Buffer.from(await doc.save());
}
