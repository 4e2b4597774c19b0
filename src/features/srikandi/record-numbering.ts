// "Nomor dari SRIKANDI" at a numbering step (the MoU's and the PKS's): the letter was
// numbered and signed in SRIKANDI, so the step records that number and its date
// instead of taking the next one from the register, and SRIKANDI's signed PDF is the
// numbered copy as it is (stamping it would break its electronic signature). It is the
// same transition as "Beri nomor" (one lock, one version, one conflict message), told
// through `externalNumber`: the numbering listener records the number without moving
// the counter, the register and the copy follow from NumberGiven.
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { StoredFile } from "../../platform/files/blob-store.js";
import { AppError, conflict, forbidden } from "../../platform/errors.js";
import { authorize } from "../../core/policies/index.js";
import { numberingActionFor } from "../../core/policies/srikandi.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { todayJakarta } from "../../core/calendar/calendar.js";
import { applyTransition, assertMayApply, STALE_MESSAGE } from "../../core/workflow/transition-service.js";
import { COPY_KINDS } from "../copies/copy-service.js";
import { loadCaseFor } from "../cases/case-service.js";
import { assertNumberFree, checkEntry, checkPdf } from "./srikandi-number.js";

export const NOT_HOLDER = "Nomor SRIKANDI dicatat oleh pemegang langkah penomoran (Penatalaksana Kerjasama) pada langkah itu.";

export type NumberingInput = {
  version: number;
  number?: string | undefined;
  date?: string | undefined;
  partnerNumber?: string | undefined;
};

/**
 * Checks what can be checked before the file is stored: the user holds the case's
 * numbering step now, the number and date, and the number is free. Returns the
 * action and the entry. 404 (not readable), 403, 409 (the case moved), 422.
 */
export async function checkNumbering(prisma: PrismaClient, user: CurrentUser, caseId: number, input: NumberingInput, now = new Date()) {
  const c = await loadCaseFor(prisma, user, caseId);
  // A second tab, or the same form sent again after the step: the conflict message, not "not yours".
  if (c.version !== input.version) throw conflict(STALE_MESSAGE);
  const step = numberingActionFor(user, c);
  if (!step) throw forbidden(NOT_HOLDER);
  authorize(user, "srikandi.recordNumbering", c, NOT_HOLDER);
  await assertMayApply(prisma, { caseId, expectedVersion: input.version, actionId: step.action.id, user });
  const entry = checkEntry(input, todayJakarta(now));
  const partner = (input.partnerNumber ?? "").trim();
  if (partner.length > 200) throw new AppError(422, "Nomor dari pihak mitra paling banyak 200 karakter.", "BAD_FIELD");
  await assertNumberFree(prisma, entry.number);
  return { step, entry, partnerNumber: partner };
}

/** Records the step with SRIKANDI's number and its signed PDF (a checked, stored file). */
export async function numberFromSrikandi(
  prisma: PrismaClient,
  user: CurrentUser,
  caseId: number,
  input: NumberingInput,
  file: StoredFile | null,
  appUrl: string,
  now = new Date(),
) {
  const { step, entry, partnerNumber } = await checkNumbering(prisma, user, caseId, input, now);
  checkPdf(file, true);
  return applyTransition(prisma, {
    caseId,
    expectedVersion: input.version,
    actionId: step.action.id,
    user,
    fields: { partnerNumber },
    uploads: file ? [{ kind: COPY_KINDS[step.kind].copy, file }] : [],
    externalNumber: { source: "SRIKANDI", number: entry.number, date: entry.date },
    appUrl,
    now,
  });
}
