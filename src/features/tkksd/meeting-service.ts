// TKKSD meetings: an agenda of the cases waiting for the TKKSD (row 4, and final
// drafts waiting for its approval), attendance, one decision per item, and closing:
// the numbered minutes are generated and stored, then every decision is applied
// through the transition service (or recorded as the approval gate), one
// transaction per case, so that one failure does not block the others. Closing
// again applies what is still pending; an applied item is marked in its own
// case's transaction, so nothing is applied twice.
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import { recordOnTimeline } from "../cases/timeline.js";
import { checkUpload, type StoredFile, writeBlob } from "../../platform/files/blob-store.js";
import { uniqueViolation } from "../../platform/db/errors.js";
import { loadGateLines, recordGate } from "../gates/gate-service.js";
import { AppError, conflict, forbidden, notFound } from "../../platform/errors.js";
import { notify } from "../notifications/notification-service.js";
import { usersHolding } from "../notifications/holders.js";
import { authorize, tkksd as policy } from "../../core/policies/index.js";
import dayjs from "../../platform/time.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { fromDbDate, todayJakarta, toDbDate } from "../../core/calendar/calendar.js";
import { formatIsoDate } from "../../platform/time.js";
import { applyTransition } from "../../core/workflow/transition-service.js";
import { insertDocuments } from "../../core/documents/document-rows.js";
import type { MeetingDoc } from "./minutes-pdf.js";
import { withoutStop } from "./text.js";
// PDF and spreadsheet code (pdf-lib, fonts, exceljs) is loaded on the first download, not at start (docs/architecture.md#memory).
const pdfs = () => import("./minutes-pdf.js");
import { getSigners } from "../../core/settings/settings-service.js";
import type { MeetingLetterData } from "../letters/placeholders.js";
import { fillTemplate } from "../letters/fill.js";
import { currentTemplate } from "../letters/template-store.js";
import { currentEmblem } from "../letters/emblem.js";
import type { MeetingInput } from "./schema.js";
import { SUBJECTS, SUBJECT_ROWS, subjectAt, subjectOf, type DecisionId, type SubjectId } from "./subjects.js";
import { must } from "../../platform/must.js";

/** Cases waiting for the TKKSD and not yet on an open meeting's agenda (only those of `only`, when given). */
export async function waitingAgenda(prisma: PrismaClient, only?: number[]): Promise<{ caseId: number; subject: SubjectId; title: string; skpd: string }[]> {
  const busy = new Set((await prisma.tkksdMeetingItem.findMany({ where: { meeting: { closedAt: null } }, select: { caseId: true } })).map((i) => i.caseId));
  const cases = await prisma.case.findMany({
    where: { status: "IN_PROGRESS", currentRow: { in: SUBJECT_ROWS }, ...(only ? { id: { in: only } } : {}) },
    include: { skpd: { select: { name: true } } },
    orderBy: [{ currentRow: "asc" }, { id: "asc" }],
  });
  const out: { caseId: number; subject: SubjectId; title: string; skpd: string }[] = [];
  for (const c of cases) {
    if (busy.has(c.id)) continue;
    let subject: SubjectId | null = null;
    const at = subjectAt(c.currentRow);
    if (at?.id === "POTENSI") subject = "POTENSI";
    else if (at) {
      const want = at.id;
      const line = (await loadGateLines(prisma, c)).find((l) => l.gate.id === want);
      // Only a draft that exists can be approved.
      if (line && !line.passed && line.draft) subject = want;
    }
    if (subject) out.push({ caseId: c.id, subject, title: c.title, skpd: c.skpd.name });
  }
  return out;
}

export async function createMeeting(prisma: PrismaClient, user: CurrentUser, input: MeetingInput, now = new Date()) {
  authorize(user, "tkksd.prepare", undefined, "Rapat TKKSD disiapkan oleh sekretariat TKKSD (Bagian Kerjasama) atau TKKSD.");
  // Only the chosen cases are checked: each still waits and is on no other open meeting.
  const chosen = input.caseIds.length ? await waitingAgenda(prisma, input.caseIds) : [];
  if (chosen.length !== input.caseIds.length)
    throw conflict("Sebagian kasus yang dipilih sudah tidak menunggu TKKSD atau sudah masuk agenda rapat lain; muat ulang halaman.");
  // Who attended last time is who usually attends: the list starts from it.
  const last = await prisma.tkksdMeeting.findFirst({ where: { closedAt: { not: null } }, orderBy: { closedAt: "desc" }, select: { attendance: true } });
  return prisma.tkksdMeeting.create({
    data: {
      heldOn: toDbDate(input.heldOn),
      startsAt: input.startsAt,
      place: input.place,
      createdById: user.id,
      createdAt: now,
      attendance: last?.attendance ?? "",
      items: { create: chosen.map((c) => ({ caseId: c.caseId, subject: c.subject })) },
    },
  });
}

export async function loadMeeting(prisma: PrismaClient | Prisma.TransactionClient, id: number) {
  const m = await prisma.tkksdMeeting.findUnique({ where: { id }, include: { items: { orderBy: { id: "asc" } } } });
  if (!m) throw notFound("Rapat tidak ditemukan.");
  const cases = await prisma.case.findMany({ where: { id: { in: m.items.map((i) => i.caseId) } }, include: { skpd: { select: { name: true } } } });
  return {
    ...m,
    items: m.items.map((i) => ({
      ...i,
      case: must(
        cases.find((c) => c.id === i.caseId),
        "the case of a meeting item",
      ),
    })),
  };
}
export type LoadedMeeting = Awaited<ReturnType<typeof loadMeeting>>;

/** Saves attendance and the decisions typed so far (the meeting stays open). */
export async function saveMeeting(
  prisma: PrismaClient,
  user: CurrentUser,
  id: number,
  attendance: string,
  decisions: Partial<Record<number, { decision: DecisionId | null; reason: string | null }>>,
) {
  return prisma.$transaction(async (tx) => {
    const m = await loadMeeting(tx, id);
    if (!policy.can(user, "prepare", m))
      throw m.closedAt
        ? conflict("Rapat ini sudah ditutup; keputusannya tidak dapat diubah.")
        : forbidden("Rapat TKKSD disiapkan oleh sekretariat TKKSD atau TKKSD.");
    const open = await tx.tkksdMeeting.updateMany({ where: { id, closedAt: null }, data: { attendance } });
    if (open.count !== 1) throw conflict("Rapat ini baru saja ditutup; keputusannya tidak dapat diubah.");
    for (const item of m.items) {
      const d = decisions[item.id];
      if (!d) continue;
      if (d.decision && !subjectOf(item.subject)?.decisions[d.decision]) throw new AppError(422, `Keputusan itu tidak tersedia untuk "${item.case.title}".`);
      await tx.tkksdMeetingItem.update({ where: { id: item.id }, data: { decision: d.decision, reason: d.reason } });
    }
  });
}

/** What is still missing before the meeting can be closed (empty when ready). */
export function closingProblems(m: LoadedMeeting, today = todayJakarta()): string[] {
  const problems: string[] = [];
  // Minutes record a meeting that took place: not before its day.
  const day = fromDbDate(m.heldOn);
  if (day > today) problems.push(`hari rapat: rapat dijadwalkan ${formatIsoDate(day)}, berita acaranya baru dapat dibuat pada hari itu atau sesudahnya`);
  if (!m.items.length) problems.push("agenda rapat kosong");
  if (!m.attendance.split("\n").some((l) => l.trim())) problems.push("daftar hadir (minimal satu nama)");
  for (const item of m.items) {
    const def = item.decision ? subjectOf(item.subject)?.decisions[item.decision as DecisionId] : null;
    if (!def) problems.push(`keputusan untuk "${item.case.title}"`);
    else if (def.needsReason && (item.reason ?? "").trim().length < 5) problems.push(`alasan keputusan untuk "${item.case.title}" (minimal 5 karakter)`);
  }
  return problems;
}

const dayLabel = (d: Date) => dayjs.utc(fromDbDate(d)).locale("id").format("dddd, D MMMM YYYY");

async function meetingDoc(db: Pick<PrismaClient, "setting">, m: LoadedMeeting, closedBy?: string): Promise<MeetingDoc> {
  const signers = await getSigners(db);
  return {
    number: m.minutesNumber ?? undefined,
    madeOn: formatIsoDate(todayJakarta()),
    ketua: { name: signers.sekda, nip: signers.sekdaNip },
    sekretaris: { name: signers.kabag, nip: signers.kabagNip },
    day: dayLabel(m.heldOn),
    startsAt: m.startsAt,
    place: m.place,
    attendance: m.attendance
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean),
    items: m.items.map((i) => {
      const s = must(subjectOf(i.subject), `the subject ${i.subject} of a meeting item`);
      return {
        title: i.case.title,
        skpd: i.case.skpd.name,
        subject: s.label,
        decision: i.decision ? s.decisions[i.decision as DecisionId]?.label : undefined,
        reason: i.reason,
      };
    }),
    closedBy,
  };
}

export const meetingInvitation = async (prisma: PrismaClient, m: LoadedMeeting) => (await pdfs()).invitationPdf(await meetingDoc(prisma, m));

/** The meeting's invitation or minutes as an editable Word document, from its template (letters/). */
export async function meetingLetter(prisma: PrismaClient, m: LoadedMeeting, key: "undangan_tkksd" | "berita_acara_tkksd"): Promise<Buffer> {
  const d = await meetingDoc(prisma, m);
  const blank = "……………";
  const data: MeetingLetterData = {
    tanggal: formatIsoDate(todayJakarta()),
    hari_tanggal: d.day,
    jam: d.startsAt,
    tempat: d.place,
    nomor_berita_acara: d.number ?? blank,
    ketua: d.ketua.name || blank,
    ketua_nip: d.ketua.nip || blank,
    sekretaris: d.sekretaris.name || blank,
    sekretaris_nip: d.sekretaris.nip || blank,
    ditutup_oleh: (m.closedById ? (await prisma.user.findUnique({ where: { id: m.closedById }, select: { fullName: true } }))?.fullName : null) ?? blank,
    acara: d.items.map((it, i) => ({ no: i + 1, judul: it.title, skpd: it.skpd, pokok: it.subject })),
    hadir: d.attendance.map((nama, i) => ({ no: i + 1, nama })),
    keputusan: d.items.map((it, i) => ({
      no: i + 1,
      judul: it.title,
      skpd: it.skpd,
      pokok: it.subject,
      keputusan: it.decision ?? blank,
      alasan: it.reason && withoutStop(it.reason) ? `Alasan: ${withoutStop(it.reason)}.` : "",
    })),
  };
  return fillTemplate(await currentTemplate(prisma, key), data, await currentEmblem(prisma));
}

/** Numbers the minutes (n/BA-TKKSD/year, per year of the meeting), generates and stores them, and closes the meeting. */
async function numberAndClose(prisma: PrismaClient, user: CurrentUser, id: number, now: Date): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await prisma.$transaction(async (tx) => {
        const m = await loadMeeting(tx, id);
        if (m.closedAt) return;
        const problems = closingProblems(m);
        if (problems.length) throw new AppError(422, `Rapat belum dapat ditutup. Lengkapi: ${problems.join("; ")}.`);
        const year = fromDbDate(m.heldOn).slice(0, 4);
        const last = await tx.tkksdMeeting.aggregate({ where: { minutesYear: Number(year) }, _max: { minutesSeq: true } });
        const seq = (last._max.minutesSeq ?? 0) + 1;
        const number = `${seq}/BA-TKKSD/${year}`;
        const pdf = await (await pdfs()).minutesPdf(await meetingDoc(tx, { ...m, minutesNumber: number }, user.fullName));
        const file = await checkUpload(pdf, `berita-acara-tkksd-${seq}-${year}.pdf`);
        await writeBlob(tx, file);
        const closed = await tx.tkksdMeeting.updateMany({
          where: { id, closedAt: null },
          data: { closedAt: now, closedById: user.id, minutesYear: Number(year), minutesSeq: seq, minutesNumber: number, minutesSha256: file.sha256 },
        });
        if (closed.count !== 1) throw conflict("Rapat ini baru saja ditutup oleh pengguna lain.");
      });
      return;
    } catch (e) {
      // Another meeting of the same year took the number first: draw the next one.
      if (uniqueViolation(e) !== null && attempt < 5) continue;
      throw e;
    }
  }
}

export type ItemResult = { itemId: number; caseId: number; title: string; ok: boolean; message: string };

/**
 * Closes the meeting (once) and applies every decision not applied yet, each in its
 * own case's transaction. Returns what happened to each item.
 */
export async function closeMeeting(prisma: PrismaClient, user: CurrentUser, id: number, now = new Date()): Promise<ItemResult[]> {
  authorize(user, "tkksd.close", undefined, "Rapat ditutup oleh TKKSD: keputusannya adalah keputusan TKKSD.");
  await numberAndClose(prisma, user, id, now);
  const m = await loadMeeting(prisma, id);
  // Closed just above (or before): the minutes are numbered and stored.
  const minutesNumber = must(m.minutesNumber, "the minutes number of a closed meeting");
  const minutes: StoredFile = await checkUpload(
    await minutesPdfOf(prisma, must(m.minutesSha256, "the minutes of a closed meeting")),
    `berita-acara-tkksd-${m.minutesSeq}-${m.minutesYear}.pdf`,
  );
  const results: ItemResult[] = [];
  for (const item of m.items) {
    if (item.applied) {
      results.push({ itemId: item.id, caseId: item.caseId, title: item.case.title, ok: true, message: item.outcome ?? "Sudah diterapkan" });
      continue;
    }
    const subject = SUBJECTS[item.subject as SubjectId];
    const eventData = { meetingId: m.id, minutes: minutesNumber };
    try {
      // The meeting was closed with a decision for every item (closingProblems).
      const decision = must(subject.decisions[item.decision as DecisionId], "the decision of an item of a closed meeting");
      const mark = (tx: Prisma.TransactionClient) =>
        tx.tkksdMeetingItem.updateMany({ where: { id: item.id, applied: false }, data: { applied: true, outcome: decision.label } }).then((r) => {
          if (r.count !== 1) throw conflict("Keputusan ini baru saja diterapkan.");
        });
      const c = await prisma.case.findUniqueOrThrow({ where: { id: item.caseId } });
      if (c.status !== "IN_PROGRESS" || c.currentRow !== subject.row) {
        throw new AppError(409, `Kasus sudah tidak berada di langkah ${subject.row} (kini ${c.currentRow ?? "selesai"}).`);
      }
      const row = c.currentRow;
      const effect = decision.effect;
      if (effect.kind === "transition") {
        await applyTransition(prisma, {
          caseId: c.id,
          expectedVersion: c.version,
          actionId: effect.action,
          user,
          now,
          reason: item.reason ? `${item.reason} (rapat TKKSD ${m.minutesNumber})` : `Rapat TKKSD ${m.minutesNumber}`,
          uploads: [{ kind: "notulen", file: minutes }],
          within: mark,
          eventData,
        });
      } else if (effect.kind === "gate") {
        const meeting = { meetingId: m.id, minutesNumber, heldOn: fromDbDate(m.heldOn) };
        await recordGate(prisma, user, c.id, { gate: effect.gate, letterNumber: meeting.minutesNumber, letterDate: meeting.heldOn }, minutes, now, {
          within: mark,
          eventData,
          meeting,
        });
      } else {
        await prisma.$transaction(async (tx) => {
          const doc = must((await insertDocuments(tx, c.id, row, user.id, [{ kind: "notulen", file: minutes }], now))[0], "the inserted minutes");
          await recordOnTimeline(tx, c.id, {
            actorId: user.id,
            role: "TKKSD",
            action: "tkksd_belum_setuju",
            reason: item.reason,
            createdAt: now,
            data: {
              label: `Rapat TKKSD (${m.minutesNumber}): ${subject.label.toLowerCase()} belum disetujui`,
              documents: [{ id: doc.id, kind: doc.kind, version: doc.version }],
              ...eventData,
            },
          });
          await notify(tx, await usersHolding(tx, ["KABAG"], null), {
            kind: "DECISION",
            title: `TKKSD belum menyetujui draf final: ${c.title}`,
            link: `/kasus/${c.id}`,
            dedupe: `tkksd:${m.id}:${c.id}`,
          });
          await mark(tx);
        });
      }
      results.push({ itemId: item.id, caseId: item.caseId, title: item.case.title, ok: true, message: decision.label });
    } catch (e) {
      const message = e instanceof AppError ? e.userMessage : "Gagal karena kesalahan sistem; coba terapkan lagi.";
      await prisma.tkksdMeetingItem.updateMany({ where: { id: item.id, applied: false }, data: { outcome: `Belum diterapkan: ${message}` } });
      results.push({ itemId: item.id, caseId: item.caseId, title: item.case.title, ok: false, message });
      if (!(e instanceof AppError)) throw e;
    }
  }
  return results;
}

/** The stored minutes' bytes (to attach the same file to every case). */
export async function minutesPdfOf(prisma: PrismaClient, sha256: string): Promise<Buffer> {
  const chunks = await prisma.blobChunk.findMany({ where: { sha256 }, orderBy: { n: "asc" } });
  return Buffer.concat(chunks.map((c) => Buffer.from(c.bytes)));
}

/** The meetings the TKKSD page lists: open ones first, then the latest 50 by date, with their agenda's size. */
export const recentMeetings = (prisma: PrismaClient) =>
  prisma.tkksdMeeting.findMany({
    orderBy: [{ closedAt: { sort: "desc", nulls: "first" } }, { heldOn: "desc" }],
    include: { _count: { select: { items: true } } },
    take: 50,
  });
