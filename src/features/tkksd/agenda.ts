// What waits for the TKKSD, and where: a case at row 4, or a final draft whose
// TKKSD approval is missing at its signing row (12 or 17). When a case comes to
// wait, it goes on the agenda of the next meeting already planned, and the TKKSD
// and its secretariat are told (the secretariat plans one when none is). The case
// page and the badge on "Rapat TKKSD" read the same facts.
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import { loadGateLines } from "../gates/gate-service.js";
import { notify } from "../notifications/notification-service.js";
import { usersHolding } from "../notifications/holders.js";
import { formatIsoDate } from "../../platform/time.js";
import { fromDbDate, toDbDate } from "../../core/calendar/calendar.js";
import { SUBJECTS, SUBJECT_ROWS, subjectAt, type SubjectDef, type SubjectId } from "./subjects.js";

type Db = PrismaClient | Prisma.TransactionClient;
type GateCase = Parameters<typeof loadGateLines>[1] & { title: string };

/** Who is told that something waits for the TKKSD: its members and its secretariat. */
const TOLD = ["TKKSD", "KASUBBAG", "PENATALAKSANA"] as const;

/** What the TKKSD is asked to decide on a case at `row`, or null when nothing waits for it. */
export async function waitingSubject(db: Db, c: GateCase, row: number | null): Promise<SubjectDef | null> {
  const subject = subjectAt(row);
  if (!subject) return null;
  if (subject.id === "POTENSI") return subject;
  const line = (await loadGateLines(db, c)).find((l) => l.gate.id === subject.id);
  // Only a draft that exists can be approved; an approval that still counts needs no meeting.
  return line && !line.passed && line.draft ? subject : null;
}

/** The open meeting that has the case on its agenda, if any. */
export async function agendaOf(db: Db, caseId: number) {
  const item = await db.tkksdMeetingItem.findFirst({
    where: { caseId, meeting: { closedAt: null } },
    include: { meeting: { select: { id: true, heldOn: true, startsAt: true, place: true } } },
  });
  return item
    ? {
        meetingId: item.meeting.id,
        heldOn: fromDbDate(item.meeting.heldOn),
        startsAt: item.meeting.startsAt,
        place: item.meeting.place,
        subject: item.subject as SubjectId,
      }
    : null;
}

/**
 * In the transition's transaction, when a case enters `row`: if it now waits for the
 * TKKSD, put it on the next planned meeting's agenda (one dated today or later) and
 * tell the TKKSD and the secretariat where it stands.
 */
export async function awaitTkksd(tx: Prisma.TransactionClient, c: GateCase, row: number, today: string): Promise<void> {
  // Moved on without a meeting (or back): an undecided item about another row no longer waits on any agenda.
  const stale = Object.values(SUBJECTS)
    .filter((s) => s.row !== row)
    .map((s) => s.id);
  await tx.tkksdMeetingItem.deleteMany({ where: { caseId: c.id, subject: { in: stale }, decision: null, meeting: { closedAt: null } } });
  const subject = await waitingSubject(tx, c, row);
  if (!subject) return;
  let meeting = await agendaOf(tx, c.id);
  if (!meeting) {
    const next = await tx.tkksdMeeting.findFirst({ where: { closedAt: null, heldOn: { gte: toDbDate(today) } }, orderBy: [{ heldOn: "asc" }, { id: "asc" }] });
    if (next) {
      await tx.tkksdMeetingItem.create({ data: { meetingId: next.id, caseId: c.id, subject: subject.id } });
      meeting = { meetingId: next.id, heldOn: fromDbDate(next.heldOn), startsAt: next.startsAt, place: next.place, subject: subject.id };
    }
  }
  // Row 4 is the TKKSD's own task (its notice goes with the task); a final draft is news to them.
  if (subject.id === "POTENSI" && meeting === null) return;
  const where = meeting ? `masuk agenda rapat ${formatIsoDate(meeting.heldOn)}` : "belum ada rapat terjadwal: sekretariat TKKSD menjadwalkannya";
  await notify(tx, await usersHolding(tx, [...TOLD], null), {
    kind: "DECISION",
    title: `Menunggu TKKSD (${subject.label.toLowerCase()}): ${c.title}; ${where}`,
    link: meeting ? `/tkksd/${meeting.meetingId}` : "/tkksd",
    dedupe: `tkksd-wait:${c.id}:${subject.id}:${row}:${today}`,
  });
}

/** How many cases wait for a TKKSD decision: undecided on a planned meeting, or not planned yet (the menu's badge). */
export async function pendingForTkksd(db: Db): Promise<number> {
  const rows = await db.case.findMany({
    where: { status: "IN_PROGRESS", currentRow: { in: SUBJECT_ROWS } },
    select: { id: true, title: true, jenis: true, burdensPublic: true, outsideApbd: true, durationMonths: true, approvalsRequired: true, currentRow: true },
  });
  let n = 0;
  for (const c of rows) if (await waitingSubject(db, c, c.currentRow)) n++;
  return n;
}
