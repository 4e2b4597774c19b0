// "Nomor SRIKANDI" on a case's outgoing letter (the offer letter, the staff memo, the
// distribution receipt, the evaluation report): the letter was numbered and signed in
// SRIKANDI, so the case records that number and its date, optionally with SRIKANDI's
// signed PDF as a new version of the letter's document, and logs it on the case. A
// letter gets one number: recorded once, never replaced by the app's, and every letter
// generated for it afterwards carries it in `nomor_surat`.
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import type { DocKind } from "../../core/documents/kinds.js";
import { insertDocuments } from "../../core/documents/document-rows.js";
import type { StoredFile } from "../../platform/files/blob-store.js";
import { uniqueViolation } from "../../platform/db/errors.js";
import { AppError, conflict } from "../../platform/errors.js";
import { authorize } from "../../core/policies/index.js";
import { actingRole } from "../../core/policies/case-actions.js";
import { NUMBERING_HOLDERS } from "../../core/policies/srikandi.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { todayJakarta } from "../../core/calendar/calendar.js";
import { appendCaseEvent, lockCase, STALE_MESSAGE } from "../../core/workflow/case-log.js";
import { fromDbDate } from "../../core/calendar/calendar.js";
import { toDbDate } from "../../platform/time.js";
import { loadCaseFor } from "../cases/case-service.js";
import { must } from "../../platform/must.js";
import { assertNumberFree, checkEntry, checkPdf } from "./srikandi-number.js";

/**
 * The outgoing letters a case may carry a SRIKANDI number for, by their key in
 * features/letters (LETTERS), with the document kind SRIKANDI's signed PDF is kept as.
 */
export const SRIKANDI_LETTERS = {
  surat_penawaran: { label: "Surat penawaran kerja sama", docKind: "surat_penawaran" },
  telaah_staf: { label: "Telaah staf untuk Walikota", docKind: "telaah" },
  tanda_terima: { label: "Tanda terima distribusi salinan", docKind: "tanda_kirim" },
  laporan_evaluasi: { label: "Laporan evaluasi pelaksanaan", docKind: "laporan_evaluasi" },
} as const satisfies Record<string, { label: string; docKind: DocKind }>;
export type SrikandiLetter = keyof typeof SRIKANDI_LETTERS;
export const SRIKANDI_LETTER_KEYS = Object.keys(SRIKANDI_LETTERS) as [SrikandiLetter, ...SrikandiLetter[]];
export const isSrikandiLetter = (k: string): k is SrikandiLetter => Object.hasOwn(SRIKANDI_LETTERS, k);

export const NOT_ALLOWED_LETTER = "Nomor SRIKANDI surat dicatat oleh Penatalaksana Kerjasama pada kasus yang sedang berjalan.";

type Db = PrismaClient | Prisma.TransactionClient;

/** The SRIKANDI number a case's letter carries, or null (letters/generate-letter.ts fills `nomor_surat` with it). */
export const srikandiLetterNumber = (db: Db, caseId: number, letter: string) =>
  db.srikandiLetterNumber.findUnique({ where: { caseId_letter: { caseId, letter } }, select: { number: true, numberedOn: true } });

/** The case's letters numbered in SRIKANDI (the case page). */
export const srikandiLettersOf = (db: Db, caseId: number) =>
  db.srikandiLetterNumber.findMany({ where: { caseId }, orderBy: { id: "asc" }, select: { letter: true, number: true, numberedOn: true, documentId: true } });

export type LetterInput = { version: number; letter: string; number?: string | undefined; date?: string | undefined };

/** The checks before the file is stored: 404, 403, 409, 422; returns the cleaned entry. */
export async function checkLetter(prisma: PrismaClient, user: CurrentUser, caseId: number, input: LetterInput, now = new Date()) {
  const c = await loadCaseFor(prisma, user, caseId);
  authorize(user, "srikandi.recordLetter", c, NOT_ALLOWED_LETTER);
  if (c.status !== "IN_PROGRESS" || c.currentRow === null) throw conflict("Kasus ini sudah selesai; nomor SRIKANDI surat dicatat selama kasus berjalan.");
  if (c.version !== input.version) throw conflict(STALE_MESSAGE);
  if (!isSrikandiLetter(input.letter)) throw new AppError(422, "Pilih surat dari daftar.", "BAD_LETTER");
  const letter = input.letter;
  const had = await srikandiLetterNumber(prisma, caseId, letter);
  if (had) throw alreadyNumbered(letter, had.number);
  const entry = checkEntry(input, todayJakarta(now));
  await assertNumberFree(prisma, entry.number);
  return { letter, entry };
}

const alreadyNumbered = (letter: SrikandiLetter, number: string) =>
  new AppError(409, `${SRIKANDI_LETTERS[letter].label} kasus ini sudah bernomor SRIKANDI ${number}; satu surat hanya mendapat satu nomor.`, "ALREADY_NUMBERED");

/** Records the letter's SRIKANDI number (and its signed PDF, optional, a checked stored file) in one transaction. */
export async function recordLetterNumber(
  prisma: PrismaClient,
  user: CurrentUser,
  caseId: number,
  input: LetterInput,
  file: StoredFile | null,
  now = new Date(),
) {
  const { letter, entry } = await checkLetter(prisma, user, caseId, input, now);
  checkPdf(file, false);
  const def = SRIKANDI_LETTERS[letter];
  try {
    return await prisma.$transaction(async (tx) => {
      // The version the user saw: a second tab, or the same form sent again, gets the conflict message.
      const { case: c, seq } = await lockCase(tx, caseId, input.version);
      const had = await srikandiLetterNumber(tx, caseId, letter);
      if (had) throw alreadyNumbered(letter, had.number);
      await assertNumberFree(tx, entry.number);
      const row = must(c.currentRow, "the row of a case in progress");
      const docs = file ? await insertDocuments(tx, caseId, row, user.id, [{ kind: def.docKind, file }], now) : [];
      const doc = docs[0];
      const saved = await tx.srikandiLetterNumber.create({
        data: { caseId, letter, number: entry.number, numberedOn: toDbDate(entry.date), documentId: doc?.id ?? null, createdById: user.id, createdAt: now },
      });
      await appendCaseEvent(tx, caseId, seq, {
        actorId: user.id,
        role: actingRole(user, NUMBERING_HOLDERS, c.skpdId),
        action: "nomor_srikandi",
        fromRow: c.currentRow,
        toRow: c.currentRow,
        createdAt: now,
        data: {
          label: `${def.label} bernomor SRIKANDI ${entry.number}`,
          letter,
          number: entry.number,
          numberedOn: entry.date,
          ...(doc ? { documents: [{ id: doc.id, kind: doc.kind, version: doc.version }] } : {}),
        },
      });
      return { ...saved, numberedOn: fromDbDate(saved.numberedOn) };
    });
  } catch (e) {
    // Two tabs at once: the unique indexes decide, and the loser is told as for any other race.
    if (uniqueViolation(e) !== null) throw conflict(STALE_MESSAGE);
    throw e;
  }
}
