// The case page's "Nomor SRIKANDI" section: the numbering step's second way (the
// number SRIKANDI gave, instead of the register's counter) for its holder, and the
// case's outgoing letters with the SRIKANDI numbers they carry.
import type { PrismaClient } from "../../generated/prisma/client.js";
import { allowed } from "../../core/policies/index.js";
import { numberingActionFor, type SrikandiSubject } from "../../core/policies/srikandi.js";
import { naskahLabel } from "../../core/sop/kinds.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { formatDate } from "../../platform/time.js";
import type { Cached } from "../cases/case-service.js";
import { MAX_NUMBER_LENGTH } from "./srikandi-number.js";
import { SRIKANDI_LETTER_KEYS, SRIKANDI_LETTERS, isSrikandiLetter, srikandiLettersOf } from "./record-letter.js";

type PanelCase = SrikandiSubject & { id: number; version: number };

export async function srikandiPanel(prisma: PrismaClient, user: CurrentUser, c: PanelCase, today: string, cached: Cached) {
  const recorded = await cached(`srikandi:${c.id}`, () => srikandiLettersOf(prisma, c.id));
  const step = numberingActionFor(user, c);
  const mayLetter = c.status === "IN_PROGRESS" && allowed(user, "srikandi.recordLetter", c);
  const numbered = new Set(recorded.map((x) => x.letter));
  const open = SRIKANDI_LETTER_KEYS.filter((k) => !numbered.has(k));
  if (!step && !recorded.length && !mayLetter) return null;
  return {
    caseId: c.id,
    version: c.version,
    today,
    maxLength: MAX_NUMBER_LENGTH,
    numbering: step ? { label: naskahLabel(c.jenis, step.kind) } : null,
    letters: recorded.map((x) => ({
      label: isSrikandiLetter(x.letter) ? SRIKANDI_LETTERS[x.letter].label : x.letter,
      number: x.number,
      date: formatDate(x.numberedOn),
      documentId: x.documentId,
    })),
    letterForm: mayLetter && open.length ? { options: open.map((k) => ({ value: k, label: SRIKANDI_LETTERS[k].label })) } : null,
  };
}

export type SrikandiPanel = NonNullable<Awaited<ReturnType<typeof srikandiPanel>>>;
