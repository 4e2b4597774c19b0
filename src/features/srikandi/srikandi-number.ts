// A number from SRIKANDI (Sistem Informasi Kearsipan Dinamis Terintegrasi, the national
// records application every region uses for its official letters): letters are
// drafted, numbered and signed there, and it has no public API, so staff type the
// number and its date and upload the signed PDF it produced. The checks here are the
// ones every entry passes (a numbering step, an outgoing letter); each refusal is an
// Indonesian sentence and nothing is written.
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import { AppError } from "../../platform/errors.js";
import { isRealIsoDate } from "../../platform/http/dates.js";
import { formatIsoDate } from "../../platform/time.js";
import { externalNumberProblem } from "../numbering/numbering-service.js";

export const MAX_NUMBER_LENGTH = 100;
/** Letters, digits, spaces and the punctuation of Indonesian letter numbers (100.3.7.1/12/Bag.Kerja Sama/2026, B-12/...). */
const NUMBER_CHARS = /^[A-Za-z0-9 .,/\-_()&:]+$/;
/** SRIKANDI began in 2021; an earlier date is a typing error. */
const EARLIEST = "2000-01-01";

export type SrikandiEntry = { number: string; date: string };

const refuse = (message: string, code = "SRIKANDI_INPUT") => new AppError(422, message, code);

/** The number and date as typed, checked: 422 with the reason, or the cleaned entry. */
export function checkEntry(input: { number?: string | null | undefined; date?: string | null | undefined }, today: string): SrikandiEntry {
  const number = (input.number ?? "").trim().replace(/\s+/g, " ");
  const date = (input.date ?? "").trim();
  if (!number) throw refuse("Nomor SRIKANDI wajib diisi.");
  if (number.length > MAX_NUMBER_LENGTH) throw refuse(`Nomor SRIKANDI paling banyak ${MAX_NUMBER_LENGTH} karakter.`);
  if (!NUMBER_CHARS.test(number) || !/[0-9]/.test(number))
    throw refuse("Nomor SRIKANDI hanya boleh berisi huruf, angka, spasi dan tanda . , / - _ ( ) & : serta memuat angka, seperti tertulis di SRIKANDI.");
  if (!date) throw refuse("Tanggal nomor SRIKANDI wajib diisi.");
  if (!isRealIsoDate(date)) throw refuse("Tanggal nomor SRIKANDI tidak valid (pakai tanggal yang ada di kalender).");
  if (date > today) throw refuse(`Tanggal nomor SRIKANDI tidak boleh sesudah hari ini (${formatIsoDate(today)}).`);
  if (date < EARLIEST) throw refuse(`Tanggal nomor SRIKANDI tidak boleh sebelum ${formatIsoDate(EARLIEST)}.`);
  return { number, date };
}

export const PDF = "application/pdf";

/** SRIKANDI's signed file must be a PDF (its electronic signature lives in it). */
export function checkPdf(file: { mime: string; originalName: string } | null, required: boolean): void {
  if (!file) {
    if (required) throw refuse("Unggah PDF bertanda tangan elektronik dari SRIKANDI.", "NO_SRIKANDI_PDF");
    return;
  }
  if (file.mime !== PDF) throw refuse(`Berkas "${file.originalName}" bukan PDF. Unggah PDF bertanda tangan elektronik yang diunduh dari SRIKANDI.`, "NOT_PDF");
}

/**
 * One SRIKANDI number names one letter: refused (422) when it is taken already (a MoU
 * or PKS, from the counter or SRIKANDI, a legacy agreement, another letter) or is one
 * the register's counter could give. The unique indexes decide a race; this says it
 * plainly first.
 */
export async function assertNumberFree(db: PrismaClient | Prisma.TransactionClient, number: string): Promise<void> {
  const problem = await externalNumberProblem(db, number);
  if (problem) throw refuse(problem, "NUMBER_TAKEN");
}
