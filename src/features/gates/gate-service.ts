// Approvals recorded on a case before signing: the letter's number, date and scan.
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import type { Role } from "../../generated/prisma/enums.js";
import { loadCaseFor } from "../cases/case-service.js";
import { recordOnTimeline } from "../cases/timeline.js";
import type { MeetingRef } from "../../core/workflow/case-log.js";
import type { StoredFile } from "../../platform/files/blob-store.js";
import { AppError, conflict } from "../../platform/errors.js";
import { authorize } from "../../core/policies/index.js";
import { getSettings } from "../../core/settings/settings-service.js";
import { formatIsoDate } from "../../platform/time.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { toDbDate } from "../../core/calendar/calendar.js";
import { GATES } from "../../core/sop/kinds.js";
import { insertDocuments } from "../../core/documents/document-rows.js";
import { gateLines, missingWithHow, type DraftTimes } from "./gate-state.js";
import { DOCUMENT_KINDS } from "../../core/documents/kinds.js";
import type { GateInput } from "./schema.js";
import { must } from "../../platform/must.js";

type Db = PrismaClient | Prisma.TransactionClient;

/** The months over which a cooperation needs the DPRD's approval (a setting). */
export async function dprdThreshold(db: Db): Promise<number> {
  const n = Number((await getSettings(db))["gates.dprdMonths"]);
  return Number.isInteger(n) && n > 0 ? n : 60;
}

/** The case's approvals, as lines (see gate-state.ts). */
export async function loadGateLines(
  db: Db,
  c: {
    id: number;
    jenis: string | null;
    burdensPublic: boolean | null;
    outsideApbd: boolean | null;
    durationMonths: number | null;
    approvalsRequired: boolean;
  },
) {
  const approves = [
    ...new Set(
      Object.values(GATES)
        .map((g) => g.approves)
        .filter((k): k is NonNullable<typeof k> => !!k),
    ),
  ];
  const [records, drafts, threshold] = await Promise.all([
    db.caseGate.findMany({ where: { caseId: c.id } }),
    db.document.findMany({
      where: { caseId: c.id, kind: { in: approves } },
      select: { id: true, kind: true, version: true, createdAt: true },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    }),
    dprdThreshold(db),
  ]);
  const latest: DraftTimes = {};
  for (const d of drafts) latest[d.kind] ??= { id: d.id, version: d.version, at: d.createdAt };
  return gateLines(c, threshold, records, latest);
}

/** Throws with every approval a signing at `row` still needs, named, each with how it is obtained. */
export async function assertSignable(tx: Prisma.TransactionClient, c: Parameters<typeof loadGateLines>[1], row: number) {
  const missing = missingWithHow(await loadGateLines(tx, c), row);
  if (missing.length) {
    throw new AppError(
      422,
      `Belum dapat ditandatangani. Yang belum ada: ${missing.map((m, i) => `(${i + 1}) ${m.label} (${m.how.replace(/\.$/, "")})`).join("; ")}. Lihat "Persetujuan sebelum penandatanganan" di halaman kasus.`,
      "GATES",
    );
  }
}

/** The TKKSD meeting whose closing records an approval, with its numbered minutes. */
export type MeetingMinutes = { meetingId: number; minutesNumber: string; heldOn: string };

export async function recordGate(
  prisma: PrismaClient,
  user: CurrentUser,
  caseId: number,
  input: GateInput,
  scan: StoredFile,
  now = new Date(),
  opts: { within?: (tx: Prisma.TransactionClient) => Promise<unknown>; eventData?: MeetingRef; meeting?: MeetingMinutes } = {},
) {
  const gate = GATES[input.gate];
  // The TKKSD approves in its meetings: the approval is the minutes' number, never one typed on the case.
  if (gate.viaMeeting && !opts.meeting) {
    throw new AppError(422, `${gate.label} tidak dicatat dengan nomor yang diketik. ${gate.obtained}`, "VIA_MEETING");
  }
  return prisma.$transaction(async (tx) => {
    const c = await loadCaseFor(tx, user, caseId);
    authorize(user, "gate.record", { case: c }, "Persetujuan dicatat oleh Bagian Kerjasama (atau TKKSD untuk persetujuannya) sebelum PKS ditandatangani.");
    authorize(user, "gate.record", { case: c, gate }, `${gate.label} dicatat oleh Bagian Kerjasama.`);
    const line = (await loadGateLines(tx, c)).find((l) => l.gate.id === gate.id);
    if (!line) throw new AppError(409, `${gate.label} tidak diperlukan untuk kerja sama ini.`);
    if (line.passed) throw conflict(`${line.gate.label} sudah dicatat (nomor ${must(line.record, "the record of a passed gate").letterNumber}).`);
    if (line.waitsFor) throw new AppError(409, `${line.gate.label} dicatat sesudah ${line.waitsFor.label}.`);
    // An approval of a final draft approves one version of it, which must exist.
    if (gate.approves && !line.draft)
      throw new AppError(422, `${line.gate.label} belum dapat dicatat: belum ada ${DOCUMENT_KINDS[gate.approves]} yang diunggah untuk disetujui.`, "NO_DRAFT");
    // The policy allowed it: the case is open at a row that collects approvals.
    const row = must(c.currentRow, "the current row of a case collecting approvals");
    const doc = must((await insertDocuments(tx, caseId, row, user.id, [{ kind: "persetujuan", file: scan }], now))[0], "the inserted scan");
    const record = await tx.caseGate.create({
      data: {
        caseId,
        gate: gate.id,
        letterNumber: input.letterNumber,
        letterDate: toDbDate(input.letterDate),
        documentId: doc.id,
        recordedById: user.id,
        recordedAt: now,
        draftDocumentId: line.draft?.id ?? null,
        meetingId: opts.meeting?.meetingId ?? null,
      },
    });
    const role: Role = must(user.roles.find((r) => gate.recordedBy.includes(r)) ?? user.roles[0], "a role of the recorder");
    await recordOnTimeline(tx, caseId, {
      actorId: user.id,
      role,
      action: "persetujuan",
      createdAt: now,
      data: {
        label: `${line.gate.label} dicatat: ${opts.meeting ? "berita acara rapat TKKSD" : gate.body} nomor ${input.letterNumber} tanggal ${formatIsoDate(input.letterDate)}${line.draft ? `, atas draf versi ${line.draft.version}` : ""}${line.stale ? " (menggantikan persetujuan atas draf lama)" : ""}`,
        gate: gate.id,
        gateId: record.id,
        documents: [{ id: doc.id, kind: doc.kind, version: doc.version }],
        ...(opts.eventData ?? {}),
      },
    });
    if (opts.within) await opts.within(tx);
    return record;
  });
}
