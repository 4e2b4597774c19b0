// Sending the report: the files are made once, kept exactly as sent (Blob), with the
// date and the recipient. An incomplete report is sent only when the sender confirms it.
import type { PrismaClient } from "../../generated/prisma/client.js";
import { checkUpload, writeBlob } from "../../platform/files/blob-store.js";
import { isRealIsoDate } from "../../platform/http/dates.js";
import { AppError, forbidden, notFound } from "../../platform/errors.js";
import { report as reportPolicy } from "../../core/policies/index.js";
import { formatIsoDate } from "../../platform/time.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { todayJakarta, toDbDate } from "../../core/calendar/calendar.js";
import { ministryReport, type ReportPeriod } from "./ministry-report.js";
// PDF and spreadsheet code (pdf-lib, fonts, exceljs) is loaded on the first download, not at start (docs/architecture.md#memory).
const files = () => import("./report-files.js");

export type SendInput = { period: ReportPeriod; recipient: string; sentOn: string; confirmIncomplete: boolean };

export async function sendReport(prisma: PrismaClient, user: CurrentUser, input: SendInput, now = new Date()) {
  if (!reportPolicy.can(user, "send")) throw forbidden("Laporan dikirim oleh Penatalaksana, Kasubbag atau Kabag Kerjasama.");
  const today = todayJakarta(now);
  const problems: string[] = [];
  const recipient = input.recipient.trim();
  if (recipient.length < 3 || recipient.length > 200) problems.push("penerima laporan 3–200 karakter");
  if (!isRealIsoDate(input.sentOn)) problems.push("tanggal kirim tidak valid");
  else if (input.sentOn > today) problems.push(`tanggal kirim tidak boleh sesudah hari ini (${formatIsoDate(today)})`);
  const report = await ministryReport(prisma, input.period, today);
  if (report.incomplete && !input.confirmIncomplete) {
    problems.push(`${report.incomplete} perjanjian belum lengkap (lihat daftar kelengkapan); lengkapi dulu, atau centang konfirmasi untuk mengirim apa adanya`);
  }
  if (problems.length) throw new AppError(422, `Laporan belum dapat dicatat terkirim: ${problems.join("; ")}.`, "REPORT");
  const name = `laporan-kerjasama-${input.period.key}`;
  const { reportPdf, reportXlsx } = await files();
  const xlsx = await checkUpload(await reportXlsx(report, today), `${name}.xlsx`);
  const pdf = await checkUpload(await reportPdf(report, today), `${name}.pdf`);
  return prisma.$transaction(async (tx) => {
    await writeBlob(tx, xlsx);
    await writeBlob(tx, pdf);
    return tx.reportSubmission.create({
      data: {
        period: input.period.key,
        recipient,
        sentOn: toDbDate(input.sentOn),
        agreements: report.rows.length,
        incomplete: report.incomplete,
        xlsxSha256: xlsx.sha256,
        pdfSha256: pdf.sha256,
        sentById: user.id,
        createdAt: now,
      },
    });
  });
}

/** The reports recorded as sent (the latest 50), with their senders' names by user id. */
export async function sentReports(prisma: PrismaClient) {
  const list = await prisma.reportSubmission.findMany({ orderBy: { id: "desc" }, take: 50 });
  const users = await prisma.user.findMany({ where: { id: { in: list.map((x) => x.sentById) } }, select: { id: true, fullName: true } });
  return { list, senders: new Map(users.map((u) => [u.id, u.fullName])) };
}

/** One file (xlsx or pdf) of a report recorded as sent: 404 when the report or its bytes are gone. */
export async function archivedReportFile(prisma: PrismaClient, id: number, file: "xlsx" | "pdf") {
  const sent = await prisma.reportSubmission.findUnique({ where: { id } });
  if (!sent) throw notFound("Laporan tidak ditemukan.");
  const sha = file === "xlsx" ? sent.xlsxSha256 : sent.pdfSha256;
  const size = (await prisma.blob.findUnique({ where: { sha256: sha } }))?.size;
  if (size === undefined) throw notFound("Berkas laporan ini tidak ada di penyimpanan.");
  return { sent, sha, size };
}
