// Acting officials (Plh/Plt): who holds whose position, from when to when, on which
// decree. The positions themselves take effect where the user is loaded
// (auth/passport.ts loadRequestUser): during the window the acting user has the absent
// holder's staff roles, and every action they take names both (transition-service).
import type { PrismaClient } from "../generated/prisma/client.js";
import { conflict, forbidden, notFound, AppError } from "../http/errors.js";
import { addDays, isRealIsoDate } from "../http/dates.js";
import { writeBlob, type StoredFile } from "../documents/storage.js";
import { delegation as policy } from "../policies/index.js";
import { DELEGABLE_ROLES, ROLE_LABELS, type CurrentUser, type RoleName } from "../users/roles.js";
import { fromDbDate, todayJakarta, toDbDate } from "../workflow/calendar.js";
import type { delegationSchema } from "./schema.js";
import type { z } from "zod";

export type DelegationInput = z.output<typeof delegationSchema>;
const MAX_DAYS = 366;

/** Staff who can hold or hand over a position (active, with a staff role). */
export async function staffUsers(prisma: PrismaClient) {
  const users = await prisma.user.findMany({ where: { active: true }, orderBy: { fullName: "asc" }, select: { id: true, fullName: true, roles: true } });
  return users
    .map((u) => ({ ...u, staffRoles: (u.roles as RoleName[]).filter((r) => DELEGABLE_ROLES.includes(r)) }))
    .filter((u) => u.staffRoles.length)
    .map((u) => ({ id: u.id, fullName: u.fullName, label: `${u.fullName} (${u.staffRoles.map((r) => ROLE_LABELS[r]).join(", ")})` }));
}

/** Current and coming windows first, then the last ended ones. */
export async function listDelegations(prisma: PrismaClient, today = todayJakarta()) {
  const rows = await prisma.delegation.findMany({
    orderBy: [{ fromDay: "desc" }, { id: "desc" }],
    take: 200,
    include: { acting: { select: { fullName: true } }, absent: { select: { fullName: true, roles: true } } },
  });
  return rows.map((d) => {
    const from = fromDbDate(d.fromDay);
    const until = fromDbDate(d.untilDay);
    const state = d.endedAt ? "ENDED" : until < today ? "PAST" : from > today ? "COMING" : "ACTIVE";
    const roles = (d.absent.roles as RoleName[]).filter((r) => DELEGABLE_ROLES.includes(r));
    return { ...d, from, until, state, position: roles.map((r) => ROLE_LABELS[r]).join(", ") };
  });
}

/** Every problem of the form at once, by field; an empty object when it can be saved. */
export async function delegationProblems(
  prisma: PrismaClient,
  input: Pick<DelegationInput, "actingId" | "absentId" | "fromDay" | "untilDay">,
  today = todayJakarta(),
): Promise<Record<string, string>> {
  const errors: Record<string, string> = {};
  if (!isRealIsoDate(input.fromDay)) errors.fromDay = "Tanggal mulai tidak ada di kalender";
  if (!isRealIsoDate(input.untilDay)) errors.untilDay = "Tanggal selesai tidak ada di kalender";
  if (!errors.fromDay && !errors.untilDay) {
    if (input.untilDay < input.fromDay) errors.untilDay = "Tanggal selesai sebelum tanggal mulai";
    else if (input.untilDay < today) errors.untilDay = "Masa tugas sudah lewat";
    else if (addDays(input.fromDay, MAX_DAYS) < input.untilDay) errors.untilDay = `Paling lama ${MAX_DAYS} hari; catat lagi bila diperpanjang`;
  }
  if (input.actingId === input.absentId) errors.actingId = "Pejabat pengganti tidak boleh pejabat yang berhalangan sendiri";
  const byId = (id: number) => (Number.isInteger(id) && id > 0 && id < 2 ** 31 ? prisma.user.findUnique({ where: { id } }) : null);
  const [acting, absent] = await Promise.all([byId(input.actingId), byId(input.absentId)]);
  if (!acting?.active || !(acting.roles as RoleName[]).some((r) => DELEGABLE_ROLES.includes(r))) errors.actingId ??= "Pilih pegawai aktif Bagian Kerjasama atau pimpinan";
  if (!absent?.active || !(absent.roles as RoleName[]).some((r) => DELEGABLE_ROLES.includes(r))) errors.absentId = "Pilih pejabat aktif yang memegang jabatan";
  if (!Object.keys(errors).length) {
    const overlap = await prisma.delegation.count({
      where: { actingId: input.actingId, absentId: input.absentId, endedAt: null, fromDay: { lte: toDbDate(input.untilDay) }, untilDay: { gte: toDbDate(input.fromDay) } },
    });
    if (overlap) errors.fromDay = "Sudah ada penunjukan yang sama pada tanggal-tanggal ini";
  }
  return errors;
}

/** Records a checked window with its decree's scan, audited. */
export async function createDelegation(prisma: PrismaClient, user: CurrentUser, input: DelegationInput, decree: StoredFile) {
  if (!policy.can(user, "manage")) throw forbidden("Hanya Administrator atau Kepala Bagian Kerjasama yang dapat mencatat pejabat pengganti.");
  return prisma.$transaction(async (tx) => {
    await writeBlob(tx, decree);
    const d = await tx.delegation.create({
      data: {
        kind: input.kind, actingId: input.actingId, absentId: input.absentId, fromDay: toDbDate(input.fromDay), untilDay: toDbDate(input.untilDay),
        decreeNumber: input.decreeNumber, decreeSha256: decree.sha256, decreeName: decree.originalName, createdById: user.id,
      },
    });
    await tx.adminLog.create({ data: { actorId: user.id, action: "delegation.create", target: `delegation:${d.id}`, detail: { ...input } } });
    return d;
  });
}

/** Ends a window before its last day, with the reason; audited. */
export async function endDelegation(prisma: PrismaClient, user: CurrentUser, id: number, reason: string, now = new Date()) {
  if (!policy.can(user, "manage")) throw forbidden("Hanya Administrator atau Kepala Bagian Kerjasama yang dapat mengakhiri penunjukan.");
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
