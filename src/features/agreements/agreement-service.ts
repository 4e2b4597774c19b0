// The agreement register: listing, dossier, legacy entry, early end and renewal.
import type { KindId } from "../../core/sop/kinds.js";
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import { loadCalendar } from "../../core/calendar/holiday-service.js";
import { AppError, conflict, forbidden, notFound } from "../../platform/errors.js";
import { notifyTasks } from "../notifications/notification-service.js";
import { isRealIsoDate } from "../../platform/http/dates.js";
import { agreement as agreementPolicy } from "../../core/policies/index.js";
import { isOwnSkpd } from "../../core/policies/case.js";
import { recordedRole } from "../../core/policies/task.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { fromDbDate, todayJakarta, toDbDate } from "../../core/calendar/calendar.js";
import { formatIsoDate } from "../../platform/time.js";
import { FIRST_RUNNING_ROW, PROPOSAL_ROW, requireRow, SOP_VERSION } from "../../core/sop/sop.js";
import { openTasks } from "../../core/workflow/transition-service.js";
import type { LegacyInput } from "./schema.js";
import { agreementStatus, statusWhere, type AgreementStatus } from "./status.js";
import { appendCaseEvent, lockCase } from "../../core/workflow/case-log.js";
import { announceAgreementEnded } from "./agreement-hooks.js";

export type RegisterFilter = { q?: string; status?: AgreementStatus; kind?: "MOU" | "PKS"; jenis?: KindId; skpdId?: number; year?: number };

export function registerWhere(user: CurrentUser, f: RegisterFilter, expiringDays: number): Prisma.AgreementWhereInput {
  const and: Prisma.AgreementWhereInput[] = [];
  and.push(agreementPolicy.scope(user));
  if (f.skpdId) and.push({ case: { skpdId: f.skpdId } });
  if (f.jenis) and.push({ case: { jenis: f.jenis } });
  if (f.kind) and.push({ kind: f.kind });
  if (f.year) and.push({ startDate: { lte: toDbDate(`${f.year}-12-31`) }, endDate: { gte: toDbDate(`${f.year}-01-01`) } });
  if (f.status) and.push(statusWhere(f.status, expiringDays));
  if (f.q) {
    and.push({
      OR: [
        { case: { title: { contains: f.q, mode: "insensitive" } } },
        { case: { partnerName: { contains: f.q, mode: "insensitive" } } },
        { cityNumber: { contains: f.q, mode: "insensitive" } },
        { partnerNumber: { contains: f.q, mode: "insensitive" } },
      ],
    });
  }
  return { AND: and };
}

const include = {
  case: {
    select: {
      id: true,
      title: true,
      jenis: true,
      partnerName: true,
      skpdId: true,
      status: true,
      currentRow: true,
      legacy: true,
      skpd: { select: { code: true, name: true } },
      renewals: { select: { id: true, status: true, agreements: { select: { id: true } } } },
    },
  },
} satisfies Prisma.AgreementInclude;

export type RegisterRow = Awaited<ReturnType<typeof listAgreements>>["rows"][number];

export async function listAgreements(prisma: PrismaClient, user: CurrentUser, f: RegisterFilter, expiringDays: number, page?: { skip: number; take: number }) {
  const where = registerWhere(user, f, expiringDays);
  const [total, rows] = await Promise.all([
    prisma.agreement.count({ where }),
    prisma.agreement.findMany({ where, include, orderBy: [{ endDate: "asc" }, { id: "asc" }], ...(page ?? {}) }),
  ]);
  const today = todayJakarta();
  return {
    total,
    rows: rows.map((a) => ({
      ...a,
      status: agreementStatus(
        a,
        a.case.renewals.some((r) => r.agreements.length > 0),
        expiringDays,
        today,
      ),
      renewalInProgress: a.case.renewals.find((r) => r.status === "IN_PROGRESS" || r.status === "DRAFT") ?? null,
    })),
  };
}

export async function agreementFor(prisma: PrismaClient, user: CurrentUser, id: number, expiringDays: number) {
  const a = await prisma.agreement.findUnique({ where: { id }, include });
  if (!a || !agreementPolicy.can(user, "read", a)) throw notFound("Perjanjian tidak ditemukan.");
  return {
    ...a,
    status: agreementStatus(
      a,
      a.case.renewals.some((r) => r.agreements.length > 0),
      expiringDays,
    ),
  };
}

/**
 * An agreement that already runs: a case created at row 20 (Pelaksanaan) with its
 * register entry, so evaluation and renewal work as for any other agreement.
 */
export async function createLegacy(tx: Prisma.TransactionClient, user: CurrentUser, input: LegacyInput, skpdId: number, now = new Date()) {
  const cal = await loadCalendar(tx);
  const c = await tx.case.create({
    data: {
      definitionVersion: SOP_VERSION,
      status: "IN_PROGRESS",
      currentRow: FIRST_RUNNING_ROW,
      version: 1,
      rowEnteredAt: now,
      submittedAt: now,
      legacy: true,
      // Signed before it was entered: no approval can hold up a signing any more.
      approvalsRequired: false,
      skpdId,
      createdById: user.id,
      title: input.title,
      jenis: input.jenis,
      partnerName: input.partnerName,
      estimatedCost: input.value === undefined ? null : BigInt(input.value),
      ...(input.kind === "PKS"
        ? { signedPksOn: toDbDate(input.signedOn), agreementStart: toDbDate(input.startDate), agreementEnd: toDbDate(input.endDate) }
        : { signedMouOn: toDbDate(input.signedOn), mouEnd: toDbDate(input.endDate), agreementEnd: toDbDate(input.endDate) }),
    },
  });
  const { due } = await openTasks(tx, cal, c, requireRow(FIRST_RUNNING_ROW), todayJakarta(now));
  const a = await tx.agreement.create({
    data: {
      caseId: c.id,
      kind: input.kind,
      cityNumber: input.cityNumber,
      partnerNumber: input.partnerNumber ?? null,
      signedOn: toDbDate(input.signedOn),
      startDate: toDbDate(input.startDate),
      endDate: toDbDate(input.endDate),
      value: input.value === undefined ? null : BigInt(input.value),
      legacy: true,
    },
  });
  await appendCaseEvent(tx, c.id, 1, {
    actorId: user.id,
    role: recordedRole(user, "PENATALAKSANA", "ADMIN"),
    action: "perjanjian_lama",
    toRow: FIRST_RUNNING_ROW,
    createdAt: now,
    data: { label: `Perjanjian yang sudah berjalan dicatat (${input.kind === "MOU" ? "MoU" : "PKS"} ${input.cityNumber})`, due },
  });
  return a;
}

export const canManageRegister = (u: CurrentUser) => agreementPolicy.can(u, "manage");

export async function endEarly(prisma: PrismaClient, user: CurrentUser, id: number, on: string, reason: string) {
  if (!canManageRegister(user)) throw forbidden("Hanya Penatalaksana Kerjasama atau Administrator yang dapat mencatat ini.");
  if (reason.trim().length < 5) throw new AppError(422, "Tuliskan alasan (minimal 5 karakter).");
  if (!isRealIsoDate(on)) throw new AppError(422, "Tanggal berakhir tidak valid (pakai tanggal yang ada di kalender).");
  return prisma.$transaction(async (tx) => {
    const a = await tx.agreement.findUnique({ where: { id } });
    if (!a) throw notFound("Perjanjian tidak ditemukan.");
    if (a.endedEarlyAt) throw conflict("Perjanjian ini sudah dicatat berakhir lebih awal.");
    const { case: c } = await lockCase(tx, a.caseId);
    await tx.agreement.update({ where: { id }, data: { endedEarlyAt: toDbDate(on), endedEarlyReason: reason.trim() } });
    await appendCaseEvent(tx, c.id, c.version + 1, {
      actorId: user.id,
      role: recordedRole(user, "PENATALAKSANA", "ADMIN"),
      action: "akhiri_awal",
      fromRow: c.currentRow,
      toRow: c.currentRow,
      reason: reason.trim(),
      data: { label: `${a.kind === "MOU" ? "MoU" : "PKS"} diakhiri lebih awal per ${on}` },
    });
    await announceAgreementEnded(tx, { agreementId: id, reason: "ENDED_EARLY", on, now: new Date() });
  });
}

/**
 * The decision asked for as an agreement nears its end, "let it end": recorded on the
 * agreement and on the case's timeline. (Extending is a renewal case; ending early is endEarly.)
 */
export async function letEnd(prisma: PrismaClient, user: CurrentUser, id: number, expiringDays: number, note: string, now = new Date()) {
  if (!canManageRegister(user)) throw forbidden("Hanya Penatalaksana Kerjasama atau Administrator yang dapat mencatat keputusan ini.");
  const a = await agreementFor(prisma, user, id, expiringDays);
  if (a.status !== "EXPIRING") throw conflict("Keputusan ini dicatat ketika perjanjian akan berakhir (dalam masa pengingat).");
  return prisma.$transaction(async (tx) => {
    const claimed = await tx.agreement.updateMany({
      where: { id, expiryDecision: null, endedEarlyAt: null },
      data: { expiryDecision: "LET_END", expiryDecidedAt: now, expiryDecidedById: user.id },
    });
    if (claimed.count !== 1) throw conflict("Keputusan untuk perjanjian ini sudah dicatat.");
    const { case: c } = await lockCase(tx, a.caseId);
    await appendCaseEvent(tx, c.id, c.version + 1, {
      actorId: user.id,
      role: recordedRole(user, "PENATALAKSANA", "ADMIN"),
      action: "biarkan_berakhir",
      fromRow: c.currentRow,
      toRow: c.currentRow,
      reason: note.trim() || null,
      createdAt: now,
      data: { label: `Diputuskan: ${a.kind === "MOU" ? "MoU" : "PKS"} dibiarkan berakhir pada ${formatIsoDate(fromDbDate(a.endDate))}` },
    });
    await announceAgreementEnded(tx, { agreementId: id, reason: "LET_END", on: fromDbDate(a.endDate), now });
  });
}

/**
 * Renewal: an extension follows the whole procedure again, so it starts as a draft
 * at row 1 for the same SKPD, with the old proposal copied and linked to the old case.
 */
export async function startRenewal(prisma: PrismaClient, user: CurrentUser, agreementId: number, expiringDays: number, now = new Date()) {
  const a = await agreementFor(prisma, user, agreementId, expiringDays);
  const ownSkpd = isOwnSkpd(user, a.case.skpdId);
  if (!ownSkpd && !canManageRegister(user)) throw forbidden("Perpanjangan dimulai oleh SKPD pelaksana atau Penatalaksana Kerjasama.");
  if (a.status !== "EXPIRING" && a.status !== "EXPIRED") throw conflict("Perpanjangan dimulai dari perjanjian yang akan atau sudah berakhir.");
  const cal = await loadCalendar(prisma);
  const created = await prisma.$transaction(async (tx) => {
    const old = await tx.case.findUniqueOrThrow({ where: { id: a.caseId } });
    const running = await tx.case.count({ where: { renewalOfId: old.id, status: { in: ["DRAFT", "IN_PROGRESS"] } } });
    if (running) throw conflict("Perpanjangan untuk perjanjian ini sudah berjalan.");
    const c = await tx.case.create({
      data: {
        definitionVersion: SOP_VERSION,
        status: "DRAFT",
        currentRow: PROPOSAL_ROW,
        version: 1,
        rowEnteredAt: now,
        skpdId: old.skpdId,
        createdById: user.id,
        renewalOfId: old.id,
        naskahStatus: "PERPANJANGAN",
        parentCaseId: old.id,
        urusanId: old.urusanId,
        title: `Perpanjangan: ${old.title}`.slice(0, 200),
        jenis: old.jenis,
        bidang: old.bidang,
        objek: old.objek,
        ruangLingkup: old.ruangLingkup,
        partnerName: old.partnerName,
        partnerKind: old.partnerKind,
        partnerRegionCode: old.partnerRegionCode,
        partnerAddress: old.partnerAddress,
        partnerContact: old.partnerContact,
        manfaat: old.manfaat,
        pembiayaan: old.pembiayaan,
        estimatedCost: old.estimatedCost,
        durationMonths: old.durationMonths,
        ksddNature: old.ksddNature,
        burdensPublic: old.burdensPublic,
        outsideApbd: old.outsideApbd,
        rpjmdLink: old.rpjmdLink,
        liaisonName: old.liaisonName,
        liaisonPhone: old.liaisonPhone,
      },
    });
    const { due, taskIds } = await openTasks(tx, cal, c, requireRow(PROPOSAL_ROW), todayJakarta(now));
    // The SKPD now holds the draft at row 1: its users are told, in the same transaction.
    await notifyTasks(tx, taskIds, { actorId: user.id });
    const role = ownSkpd ? "SKPD" : recordedRole(user, "PENATALAKSANA", "ADMIN");
    await appendCaseEvent(tx, c.id, 1, {
      actorId: user.id,
      role,
      action: "perpanjangan",
      toRow: PROPOSAL_ROW,
      createdAt: now,
      data: { label: `Draf perpanjangan dari kasus #${old.id}`, renewalOf: old.id, due },
    });
    await lockCase(tx, old.id, old.version);
    await appendCaseEvent(tx, old.id, old.version + 1, {
      actorId: user.id,
      role,
      action: "perpanjangan",
      fromRow: old.currentRow,
      toRow: old.currentRow,
      createdAt: now,
      data: { label: `Perpanjangan dimulai: kasus #${c.id}`, renewal: c.id },
    });
    return c;
  });
  return created;
}

export type NaskahNode = {
  caseId: number;
  title: string;
  jenis: string | null;
  naskahStatus: string;
  status: string;
  agreements: { id: number; kind: string; cityNumber: string | null; startDate: Date; endDate: Date }[];
  children: NaskahNode[];
};

/**
 * The family of naskah a case belongs to, from its first agreement down: the
 * addenda and extensions that follow each (Case.parentCaseId), for the register.
 * Depth and breadth are bounded (a register, not a graph walk).
 */
export async function naskahTree(prisma: PrismaClient, caseId: number): Promise<NaskahNode> {
  let rootId = caseId;
  for (let i = 0; i < 20; i++) {
    const up = await prisma.case.findUnique({ where: { id: rootId }, select: { parentCaseId: true } });
    if (!up?.parentCaseId) break;
    rootId = up.parentCaseId;
  }
  const select = {
    id: true,
    title: true,
    jenis: true,
    naskahStatus: true,
    status: true,
    agreements: { select: { id: true, kind: true, cityNumber: true, startDate: true, endDate: true }, orderBy: { kind: "asc" as const } },
  };
  const load = async (id: number, depth: number): Promise<NaskahNode> => {
    const c = await prisma.case.findUniqueOrThrow({ where: { id }, select });
    const kids = depth < 6 ? await prisma.case.findMany({ where: { parentCaseId: id }, select: { id: true }, orderBy: { id: "asc" }, take: 50 }) : [];
    return {
      caseId: c.id,
      title: c.title,
      jenis: c.jenis,
      naskahStatus: c.naskahStatus,
      status: c.status,
      agreements: c.agreements,
      children: await Promise.all(kids.map((k) => load(k.id, depth + 1))),
    };
  };
  return load(rootId, 0);
}
