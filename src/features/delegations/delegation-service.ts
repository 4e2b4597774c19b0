// Acting officials (Plh/Plt): who holds whose position, from when to when, on which
// decree. The positions themselves take effect where the user is loaded
// (auth/request-user.ts): during the window the acting user has the absent holder's
// staff roles, and every action they take names both (transition-service). Who may act
// for whom, and who may record it, is one rule (policies/delegation.ts): the form
// refuses what breaks it, and stored rows that break it grant nothing and are listed here.
import type { PrismaClient } from "../../generated/prisma/client.js";
import { conflict, notFound, AppError } from "../../platform/errors.js";
import { addDays, isRealIsoDate } from "../../platform/http/dates.js";
import { hasBlob, writeBlob, type StoredFile } from "../../platform/files/blob-store.js";
import { authorize } from "../../core/policies/index.js";
import { actingRuleProblems, delegablePositions, holdsPosition } from "../../core/policies/delegation.js";
import { ROLE_LABELS, type CurrentUser, type RoleName } from "../../core/users/roles.js";
import { fromDbDate, todayJakarta, toDbDate } from "../../core/calendar/calendar.js";
import type { delegationSchema } from "./schema.js";
import type { z } from "zod";

export type DelegationInput = z.output<typeof delegationSchema>;
const MAX_DAYS = 366;

/** Staff who can hold or hand over a position (active, with a staff role). */
export async function staffUsers(prisma: PrismaClient) {
  const users = await prisma.user.findMany({ where: { active: true }, orderBy: { fullName: "asc" }, select: { id: true, fullName: true, roles: true } });
  return users
    .map((u) => ({ ...u, staffRoles: delegablePositions(u.roles as RoleName[]) }))
    .filter((u) => u.staffRoles.length)
    .map((u) => ({ id: u.id, fullName: u.fullName, label: `${u.fullName} (${u.staffRoles.map((r) => ROLE_LABELS[r]).join(", ")})` }));
}

/** Why a stored appointment grants nothing (the rule as it reads now), or null when it follows the rule. */
const ruleBroken = (d: { actingId: number; absentId: number; createdById: number; acting: { roles: unknown }; absent: { roles: unknown } }) => {
  const problems = actingRuleProblems({
    actingId: d.actingId,
    actingRoles: d.acting.roles as RoleName[],
    absentId: d.absentId,
    absentRoles: d.absent.roles as RoleName[],
    recorderId: d.createdById,
  });
  return problems.length ? problems.map((p) => p.message).join(". ") : null;
};

const people = { acting: { select: { fullName: true, roles: true } }, absent: { select: { fullName: true, roles: true } } } as const;

function shown<T extends { fromDay: Date; untilDay: Date; endedAt: Date | null; absent: { roles: unknown } }>(d: T, today: string) {
  const from = fromDbDate(d.fromDay);
  const until = fromDbDate(d.untilDay);
  const state = d.endedAt ? "ENDED" : until < today ? "PAST" : from > today ? "COMING" : "ACTIVE";
  const roles = delegablePositions(d.absent.roles as RoleName[]);
  return { ...d, from, until, state, position: roles.map((r) => ROLE_LABELS[r]).join(", ") };
}

/** Current and coming windows first, then the last ended ones; each with why it grants nothing, if it does not. */
export async function listDelegations(prisma: PrismaClient, today = todayJakarta()) {
  const rows = await prisma.delegation.findMany({ orderBy: [{ fromDay: "desc" }, { id: "desc" }], take: 200, include: people });
  return rows.map((d) => ({ ...shown(d, today), broken: ruleBroken(d) }));
}

/** Appointments in force or to come that break the rule of who may act for whom: they grant nothing and should be ended. */
export async function delegationsBreakingRule(prisma: PrismaClient, today = todayJakarta()) {
  const rows = await prisma.delegation.findMany({
    where: { endedAt: null, untilDay: { gte: toDbDate(today) } },
    orderBy: [{ fromDay: "asc" }, { id: "asc" }],
    include: people,
  });
  return rows.flatMap((d) => {
    const broken = ruleBroken(d);
    return broken ? [{ ...shown(d, today), broken }] : [];
  });
}

/** Every problem of the form at once, by field; an empty object when it can be saved. */
export async function delegationProblems(
  prisma: PrismaClient,
  input: Pick<DelegationInput, "actingId" | "absentId" | "fromDay" | "untilDay"> & { recorderId: number },
  today = todayJakarta(),
): Promise<Record<string, string>> {
  const errors: Record<string, string> = {};
  const add = (field: string, message: string) => (errors[field] = errors[field] ? `${errors[field]}. ${message}` : message);
  if (!isRealIsoDate(input.fromDay)) errors.fromDay = "Tanggal mulai tidak ada di kalender";
  if (!isRealIsoDate(input.untilDay)) errors.untilDay = "Tanggal selesai tidak ada di kalender";
  if (!errors.fromDay && !errors.untilDay) {
    if (input.untilDay < input.fromDay) errors.untilDay = "Tanggal selesai sebelum tanggal mulai";
    else if (input.untilDay < today) errors.untilDay = "Masa tugas sudah lewat";
    else if (addDays(input.fromDay, MAX_DAYS) < input.untilDay) errors.untilDay = `Paling lama ${MAX_DAYS} hari; catat lagi bila diperpanjang`;
  }
  const byId = (id: number) => (Number.isInteger(id) && id > 0 && id < 2 ** 31 ? prisma.user.findUnique({ where: { id } }) : null);
  const [acting, absent] = await Promise.all([byId(input.actingId), byId(input.absentId)]);
  const staff = (u: typeof acting) => !!u?.active && holdsPosition(u.roles);
  if (input.actingId === input.absentId) add("actingId", "Pejabat pengganti tidak boleh pejabat yang berhalangan sendiri");
  else if (acting && absent) {
    // Who may act for whom, and who may record it: the same rule that grants the roles at request time.
    const problems = actingRuleProblems({
      actingId: acting.id,
      actingRoles: acting.roles,
      absentId: absent.id,
      absentRoles: absent.roles,
      recorderId: input.recorderId,
    });
    for (const p of problems) add(p.field, p.message);
  }
  if (!staff(acting)) add("actingId", "Pilih pegawai aktif Bagian Kerjasama, anggota TKKSD atau pimpinan");
  if (!staff(absent)) add("absentId", "Pilih pejabat aktif yang memegang jabatan");
  if (!Object.keys(errors).length) {
    const overlap = await prisma.delegation.count({
      where: {
        actingId: input.actingId,
        absentId: input.absentId,
        endedAt: null,
        fromDay: { lte: toDbDate(input.untilDay) },
        untilDay: { gte: toDbDate(input.fromDay) },
      },
    });
    if (overlap) errors.fromDay = "Sudah ada penunjukan yang sama pada tanggal-tanggal ini";
  }
  return errors;
}

/** Records a checked window with its decree's scan, audited. */
export async function createDelegation(prisma: PrismaClient, user: CurrentUser, input: DelegationInput, decree: StoredFile) {
  authorize(user, "delegation.manage", undefined, "Hanya Administrator atau Kepala Bagian Kerjasama yang dapat mencatat pejabat pengganti.");
  return prisma.$transaction(async (tx) => {
    await writeBlob(tx, decree);
    const d = await tx.delegation.create({
      data: {
        kind: input.kind,
        actingId: input.actingId,
        absentId: input.absentId,
        fromDay: toDbDate(input.fromDay),
        untilDay: toDbDate(input.untilDay),
        decreeNumber: input.decreeNumber,
        decreeSha256: decree.sha256,
        decreeName: decree.originalName,
        createdById: user.id,
      },
    });
    await tx.adminLog.create({ data: { actorId: user.id, action: "delegation.create", target: `delegation:${d.id}`, detail: { ...input } } });
    return d;
  });
}

/** Ends a window before its last day, with the reason; audited. */
export async function endDelegation(prisma: PrismaClient, user: CurrentUser, id: number, reason: string, now = new Date()) {
  authorize(user, "delegation.manage", undefined, "Hanya Administrator atau Kepala Bagian Kerjasama yang dapat mengakhiri penunjukan.");
  if (reason.trim().length < 5) throw new AppError(422, "Tuliskan alasan mengakhiri lebih awal (minimal 5 karakter).");
  const d = await prisma.delegation.findUnique({ where: { id } });
  if (!d) throw notFound("Penunjukan tidak ditemukan.");
  if (fromDbDate(d.untilDay) < todayJakarta(now)) throw conflict("Masa penunjukan ini sudah selesai dengan sendirinya.");
  await prisma.$transaction(async (tx) => {
    const ended = await tx.delegation.updateMany({ where: { id, endedAt: null }, data: { endedAt: now, endedById: user.id, endReason: reason.trim() } });
    if (ended.count !== 1) throw conflict("Penunjukan ini sudah diakhiri.");
    await tx.adminLog.create({ data: { actorId: user.id, action: "delegation.end", target: `delegation:${id}`, detail: { reason: reason.trim() } } });
  });
}

/** An appointment's decree (its scan), for download: 404 when the appointment or its bytes are gone. */
export async function delegationDecree(prisma: PrismaClient, id: number) {
  const d = await prisma.delegation.findUnique({ where: { id } });
  if (!d || !(await hasBlob(prisma, d.decreeSha256))) throw notFound("Surat perintah tidak ditemukan.");
  return d;
}
