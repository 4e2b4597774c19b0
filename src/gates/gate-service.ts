// Approvals recorded on a case before signing: the letter's number, date and scan.
import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import type { Role } from "../generated/prisma/enums.js";
import { loadCaseFor } from "../cases/case-service.js";
import { recordOnTimeline } from "../cases/timeline.js";
import type { StoredFile } from "../documents/storage.js";
import { AppError, conflict, forbidden } from "../http/errors.js";
import { gate as gatePolicy } from "../policies/index.js";
import { getSettings } from "../settings/settings-service.js";
import { formatIsoDate } from "../time.js";
import type { CurrentUser } from "../users/roles.js";
import { toDbDate } from "../workflow/calendar.js";
import { GATES } from "../workflow/kinds.js";
import { insertDocuments } from "../documents/document-rows.js";
import { gateLines, missingForSigning, type DraftTimes } from "./gate-state.js";
import type { GateInput } from "./schema.js";

type Db = PrismaClient | Prisma.TransactionClient;

/** The months over which a cooperation needs the DPRD's approval (a setting). */
export async function dprdThreshold(db: Db): Promise<number> {
  const n = Number((await getSettings(db))["gates.dprdMonths"]);
  return Number.isInteger(n) && n > 0 ? n : 60;
}

/** The case's approvals, as lines (see gate-state.ts). */
export async function loadGateLines(db: Db, c: { id: number; jenis: string | null; burdensPublic: boolean | null; outsideApbd: boolean | null; durationMonths: number | null; approvalsRequired: boolean }) {
  const approves = [...new Set(Object.values(GATES).map((g) => g.approves).filter((k): k is NonNullable<typeof k> => !!k))];
  const [records, drafts, threshold] = await Promise.all([
    db.caseGate.findMany({ where: { caseId: c.id } }),
    db.document.groupBy({ by: ["kind"], where: { caseId: c.id, kind: { in: approves } }, _max: { createdAt: true } }),
    dprdThreshold(db),
  ]);
  const times: DraftTimes = Object.fromEntries(drafts.map((d) => [d.kind, d._max.createdAt ?? undefined]));
  return gateLines(c, threshold, records, times);
}

/** Throws with every approval a signing at `row` still needs, named. */
export async function assertSignable(tx: Prisma.TransactionClient, c: Parameters<typeof loadGateLines>[1], row: number) {
  const missing = missingForSigning(await loadGateLines(tx, c), row);
  if (missing.length) throw new AppError(409, `Belum dapat ditandatangani: belum ada ${missing.join("; ")}. Catat persetujuannya di bagian "Persetujuan sebelum penandatanganan".`, "GATES");
}

export async function recordGate(
  prisma: PrismaClient, user: CurrentUser, caseId: number, input: GateInput, scan: StoredFile, now = new Date(),
  opts: { within?: (tx: Prisma.TransactionClient) => Promise<unknown>; eventData?: Record<string, string | number> } = {},
) {
  const gate = GATES[input.gate];
  return prisma.$transaction(async (tx) => {
    const c = await loadCaseFor(tx, user, caseId);
    if (!gatePolicy.can(user, "record", c)) throw forbidden("Persetujuan dicatat oleh Bagian Kerjasama (atau TKKSD untuk persetujuannya) sebelum PKS ditandatangani.");
    if (!gatePolicy.can(user, "record", c, gate)) throw forbidden(`${gate.label} dicatat oleh Bagian Kerjasama.`);
    const line = (await loadGateLines(tx, c)).find((l) => l.gate.id === gate.id);
    if (!line) throw new AppError(409, `${gate.label} tidak diperlukan untuk kerja sama ini.`);
    if (line.passed) throw conflict(`${line.gate.label} sudah dicatat (nomor ${line.record!.letterNumber}).`);
    if (line.waitsFor) throw new AppError(409, `${line.gate.label} dicatat sesudah ${line.waitsFor.label}.`);
    const [doc] = await insertDocuments(tx, caseId, c.currentRow!, user.id, [{ kind: "persetujuan", file: scan }], now);
    const record = await tx.caseGate.create({
      data: { caseId, gate: gate.id, letterNumber: input.letterNumber, letterDate: toDbDate(input.letterDate), documentId: doc.id, recordedById: user.id, recordedAt: now },
    });
    const role = (user.roles.find((r) => gate.recordedBy.includes(r)) ?? user.roles[0]) as Role;
    await recordOnTimeline(tx, caseId, {
      actorId: user.id, role, action: "persetujuan", createdAt: now,
      data: {
        label: `${line.gate.label} dicatat: ${gate.body} nomor ${input.letterNumber} tanggal ${formatIsoDate(input.letterDate)}${line.stale ? " (menggantikan persetujuan atas draf lama)" : ""}`,
        gate: gate.id, gateId: record.id, documents: [{ id: doc.id, kind: doc.kind, version: doc.version }], ...(opts.eventData ?? {}),
      },
    });
    if (opts.within) await opts.within(tx);
    return record;
  });
}
