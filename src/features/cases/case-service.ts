// Cases: proposals (drafts by SKPD), the case page's data, and the side actions
// that are not SOP transitions (comments, documents, pause/resume, distribution,
// voiding a number). Every state change writes a CaseEvent in the same transaction.
import type { Prisma, PrismaClient, Task } from "../../generated/prisma/client.js";
import { isGeneratedKind, type DocKind } from "../../core/documents/kinds.js";
import type { StoredFile } from "../../platform/files/blob-store.js";
import { loadCalendar } from "../../core/calendar/holiday-service.js";
import { AppError, badRequest, conflict, forbidden, notFound } from "../../platform/errors.js";
import { authorize, casePolicy } from "../../core/policies/index.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { fromDbDate, todayJakarta, toDbDate } from "../../core/calendar/calendar.js";
import { actingRole, canPause, holdsTask, isOpen } from "../../core/policies/case-actions.js";
import { isProposalRow, PROPOSAL_ROW, requireRow, SOP_VERSION } from "../../core/sop/sop.js";
import { openTasks } from "../../core/workflow/transition-service.js";
import { appendCaseEvent, lockCase } from "../../core/workflow/case-log.js";
import { insertDocuments } from "../../core/documents/document-rows.js";
import { must } from "../../platform/must.js";
import type { DraftInput } from "../../core/case-data/schema.js";
import { findRegion, REGIONAL_PARTNER_TYPE } from "../../core/case-data/regions.js";

type Tx = Prisma.TransactionClient;

function draftData(input: DraftInput) {
  return {
    title: input.title,
    jenis: input.jenis ?? null,
    urusanId: input.urusanId ?? null,
    naskahStatus: input.naskahStatus ?? "BARU",
    // Only an addendum or an extension has a parent.
    parentCaseId: input.naskahStatus && input.naskahStatus !== "BARU" ? (input.parentCaseId ?? null) : null,
    // Only a KSDD is wajib or sukarela.
    ksddNature: input.jenis === "KSDD" ? (input.ksddNature ?? null) : null,
    burdensPublic: input.burdensPublic ?? null,
    outsideApbd: input.outsideApbd ?? null,
    bidang: input.bidang ?? null,
    objek: input.objek ?? null,
    ruangLingkup: input.ruangLingkup ?? null,
    partnerName: input.partnerName ?? null,
    partnerKind: input.partnerKind ?? null,
    // Only a regional government has a Kemendagri area code.
    partnerRegionCode: input.partnerKind === REGIONAL_PARTNER_TYPE ? (input.partnerRegionCode ?? null) : null,
    partnerAddress: input.partnerAddress ?? null,
    partnerContact: input.partnerContact ?? null,
    manfaat: input.manfaat ?? null,
    pembiayaan: input.pembiayaan ?? null,
    estimatedCost: input.estimatedCost === undefined ? null : BigInt(input.estimatedCost),
    durationMonths: input.durationMonths ?? null,
    rpjmdLink: input.rpjmdLink ?? null,
    liaisonName: input.liaisonName ?? null,
    liaisonPhone: input.liaisonPhone ?? null,
  };
}

/** A chosen urusan must be on the list and in use (a form kept open while ADMIN retired it gets a message, not a 500). */
async function checkUrusan(tx: Tx, id: number | undefined) {
  if (id === undefined) return;
  const u = await tx.urusan.findUnique({ where: { id } });
  if (!u || !u.active) throw new AppError(422, "Urusan pemerintahan yang dipilih tidak ada lagi di daftar; pilih yang lain.");
}

/** An addendum or extension names a case of the same unit that has an agreement in the register. */
async function checkParent(tx: Tx, skpdId: number, input: Pick<DraftInput, "naskahStatus" | "parentCaseId">, selfId?: number) {
  if (!input.naskahStatus || input.naskahStatus === "BARU" || input.parentCaseId === undefined) return;
  const parent = await tx.case.findUnique({ where: { id: input.parentCaseId }, select: { skpdId: true, _count: { select: { agreements: true } } } });
  if (!parent || parent.skpdId !== skpdId || parent._count.agreements === 0 || input.parentCaseId === selfId) {
    throw new AppError(422, "Perjanjian induk tidak ditemukan di register unit Anda; pilih dari daftar.");
  }
}

/** Locks the case and moves its version (workflow/case-log.ts): the event's sequence number. */
async function nextSeq(tx: Tx, caseId: number, expectedVersion?: number) {
  const { case: c, seq } = await lockCase(tx, caseId, expectedVersion);
  return { c, seq };
}

export type Attachment = { kind: DocKind; file: StoredFile };

/** An SKPD user starts a proposal: a draft at row 1 held by their unit. */
export async function createDraft(prisma: PrismaClient, user: CurrentUser, input: DraftInput, attachments: Attachment[] = [], now = new Date()) {
  if (!casePolicy.can(user, "propose") || !user.skpdId) throw forbidden("Hanya pengguna SKPD yang dapat mengusulkan potensi kerja sama.");
  const skpdId = user.skpdId;
  const cal = await loadCalendar(prisma);
  return prisma.$transaction(async (tx) => {
    await checkUrusan(tx, input.urusanId);
    await checkParent(tx, skpdId, input);
    const c = await tx.case.create({
      data: {
        ...draftData(input),
        definitionVersion: SOP_VERSION,
        status: "DRAFT",
        currentRow: PROPOSAL_ROW,
        version: 1,
        rowEnteredAt: now,
        skpdId,
        createdById: user.id,
      },
    });
    const { due } = await openTasks(tx, cal, c, requireRow(PROPOSAL_ROW), todayJakarta(now));
    const docs = await insertDocuments(tx, c.id, PROPOSAL_ROW, user.id, attachments, now);
    await appendCaseEvent(tx, c.id, 1, {
      actorId: user.id,
      role: "SKPD",
      action: "buat",
      toRow: PROPOSAL_ROW,
      createdAt: now,
      data: {
        label: "Draf usulan dibuat",
        due,
        definitionVersion: SOP_VERSION,
        ...(docs.length ? { documents: docs.map((d) => ({ id: d.id, kind: d.kind, version: d.version })) } : {}),
      },
    });
    return c;
  });
}

/** The SKPD edits its proposal while it is at row 1 (a draft, or returned for revision). */
export async function updateProposal(
  prisma: PrismaClient,
  user: CurrentUser,
  caseId: number,
  expectedVersion: number,
  input: DraftInput,
  attachments: Attachment[] = [],
  now = new Date(),
) {
  return prisma.$transaction(async (tx) => {
    const c = await tx.case.findUnique({ where: { id: caseId } });
    if (!c || !casePolicy.can(user, "read", c)) throw notFound("Usulan tidak ditemukan.");
    if (!isOpen(c) || !isProposalRow(c.currentRow)) throw conflict("Usulan sudah dikirim dan hanya dapat diubah bila dikembalikan untuk perbaikan.");
    if (input.urusanId !== c.urusanId) await checkUrusan(tx, input.urusanId);
    await checkParent(tx, c.skpdId, input, c.id);
    authorize(user, "case.edit", c, "Hanya SKPD pengusul yang dapat mengubah usulan ini.");
    const { seq } = await nextSeq(tx, caseId, expectedVersion);
    await tx.case.update({ where: { id: caseId }, data: draftData(input) });
    const docs = await insertDocuments(tx, c.id, PROPOSAL_ROW, user.id, attachments, now);
    await appendCaseEvent(tx, caseId, seq, {
      actorId: user.id,
      role: "SKPD",
      action: "ubah",
      fromRow: PROPOSAL_ROW,
      toRow: PROPOSAL_ROW,
      createdAt: now,
      data: { label: "Data usulan diperbarui", ...(docs.length ? { documents: docs.map((d) => ({ id: d.id, kind: d.kind, version: d.version })) } : {}) },
    });
  });
}

/** The cases a user may read (SKPD users: their own unit; drafts only for their SKPD). */
export async function listCases(prisma: PrismaClient, user: CurrentUser, f: { q: string; status: string; row?: number; page: number; pageSize: number }) {
  const where: Prisma.CaseWhereInput = {
    AND: [
      casePolicy.scope(user),
      f.status ? { status: f.status as never } : {},
      f.row ? { currentRow: f.row } : {},
      f.q ? { OR: [{ title: { contains: f.q, mode: "insensitive" } }, { partnerName: { contains: f.q, mode: "insensitive" } }] } : {},
    ],
  };
  const [total, cases] = await Promise.all([
    prisma.case.count({ where }),
    prisma.case.findMany({
      where,
      orderBy: { updatedAt: "desc" },
      skip: (f.page - 1) * f.pageSize,
      take: f.pageSize,
      include: { skpd: { select: { code: true } } },
    }),
  ]);
  return { total, cases };
}

/** The case's version now (a draft just saved is sent at the version its save left). */
export async function caseVersion(prisma: PrismaClient, caseId: number): Promise<number> {
  return (await prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { version: true } })).version;
}

export async function loadCaseFor(prisma: PrismaClient | Tx, user: CurrentUser, caseId: number) {
  const c = await prisma.case.findUnique({ where: { id: caseId }, include: { skpd: true } });
  if (!c || !casePolicy.can(user, "read", c)) throw notFound("Kasus tidak ditemukan.");
  return c;
}

export type Cached = <T>(key: string, compute: () => Promise<T>) => Promise<T>;
const uncached: Cached = (key, compute) => compute();

/** Everything the case page shows (the same for every reader: `cached` may keep it per data revision). */
export async function caseDetail(prisma: PrismaClient, user: CurrentUser, caseId: number, cached: Cached = uncached) {
  const d = await cached(`case:${caseId}`, () => loadCaseDetail(prisma, caseId));
  if (!d || !casePolicy.can(user, "read", d.c)) throw notFound("Kasus tidak ditemukan.");
  return d;
}

async function loadCaseDetail(prisma: PrismaClient, caseId: number) {
  const [c, tasks, events, documents, comments, numbers, distributions, evaluations, reports, agreements, obligations] = await Promise.all([
    prisma.case.findUnique({ where: { id: caseId }, include: { skpd: true, urusan: true } }),
    prisma.task.findMany({ where: { caseId }, orderBy: { id: "asc" } }),
    prisma.caseEvent.findMany({ where: { caseId }, orderBy: { seq: "asc" }, include: { actor: { select: { fullName: true, username: true } } } }),
    prisma.document.findMany({ where: { caseId }, orderBy: [{ kind: "asc" }, { version: "desc" }], include: { uploadedBy: { select: { fullName: true } } } }),
    prisma.comment.findMany({ where: { caseId }, orderBy: { id: "asc" }, include: { author: { select: { fullName: true } } } }),
    prisma.registerNumber.findMany({
      where: { caseId },
      orderBy: { id: "asc" },
      include: { copy: { select: { id: true, originalName: true, size: true, sha256: true } } },
    }),
    prisma.distribution.findMany({ where: { caseId }, orderBy: { id: "asc" }, include: { receipt: true, copy: { select: { id: true, originalName: true } } } }),
    prisma.evaluation.findMany({ where: { caseId }, orderBy: { period: "asc" } }),
    prisma.progressReport.findMany({ where: { caseId }, orderBy: { createdAt: "asc" } }),
    prisma.agreement.findMany({ where: { caseId }, orderBy: { kind: "asc" } }),
    prisma.obligation.findMany({ where: { caseId }, orderBy: [{ dueOn: "asc" }, { id: "asc" }] }),
  ]);
  if (!c) return null;
  // A regional partner's area, named from Kemendagri's list (core/case-data/regions.ts).
  const partnerRegion = await findRegion(c.partnerRegionCode);
  return { c, tasks, events, documents, comments, numbers, distributions, evaluations, reports, agreements, obligations, partnerRegion };
}

/** May the user add documents to the case now? The current holders, and the cooperation section at any time. */
export async function canUpload(
  prisma: PrismaClient | Tx,
  user: CurrentUser,
  c: casePolicy.CaseSubject & { id: number },
  openTasks?: Pick<Task, "status" | "kind" | "roles" | "skpdId">[],
) {
  if (!casePolicy.can(user, "upload", c)) return false;
  if (casePolicy.uploadsAnyTime(user)) return true;
  const open = openTasks
    ? openTasks.filter((t) => t.status === "OPEN" && t.kind === "ROW")
    : await prisma.task.findMany({ where: { caseId: c.id, status: "OPEN", kind: "ROW" } });
  return open.some((t) => holdsTask(user, t));
}

export async function addDocuments(prisma: PrismaClient, user: CurrentUser, caseId: number, uploads: Attachment[], now = new Date()) {
  if (!uploads.length) throw badRequest("Pilih berkas yang akan diunggah.");
  if (uploads.some((u) => isGeneratedKind(u.kind))) {
    throw new AppError(
      422,
      "Salinan bernomor dibuat oleh sistem saat penomoran dan tidak dapat diunggah. Unggah naskah yang ditandatangani sebagai gantinya.",
      "GENERATED_KIND",
    );
  }
  return prisma.$transaction(async (tx) => {
    const c = await loadCaseFor(tx, user, caseId);
    if (!(await canUpload(tx, user, c))) throw forbidden("Anda tidak dapat menambah dokumen pada kasus ini sekarang.");
    const { seq } = await nextSeq(tx, caseId);
    // Uploads go to open cases only (policy "upload"), and an open case is at a row.
    const docs = await insertDocuments(tx, caseId, must(c.currentRow, "the row of an open case"), user.id, uploads, now);
    await appendCaseEvent(tx, caseId, seq, {
      actorId: user.id,
      role: user.roles.at(0) ?? null,
      action: "unggah",
      fromRow: c.currentRow,
      toRow: c.currentRow,
      createdAt: now,
      data: { label: "Dokumen diunggah", documents: docs.map((d) => ({ id: d.id, kind: d.kind, version: d.version })) },
    });
    return docs;
  });
}

export async function addComment(prisma: PrismaClient, user: CurrentUser, caseId: number, body: string) {
  const text = body.trim();
  if (text.length < 2) throw new AppError(422, "Komentar tidak boleh kosong.", "EMPTY");
  if (text.length > 4000) throw new AppError(422, "Komentar paling banyak 4000 karakter.", "TOO_LONG");
  const c = await loadCaseFor(prisma, user, caseId);
  authorize(user, "case.comment", c, "Akun pimpinan hanya dapat melihat.");
  return prisma.comment.create({ data: { caseId, authorId: user.id, body: text } });
}

/** Pause the clock of an open task while waiting on someone outside the city. */
export async function pauseTask(prisma: PrismaClient, user: CurrentUser, taskId: number, reason: string, now = new Date()) {
  const r = reason.trim();
  if (r.length < 5) throw new AppError(422, "Tuliskan alasan penundaan (minimal 5 karakter).", "REASON");
  return prisma.$transaction(async (tx) => {
    const t = await tx.task.findUnique({ where: { id: taskId } });
    if (!t || t.status !== "OPEN") throw notFound("Tugas tidak ditemukan atau sudah selesai.");
    await loadCaseFor(tx, user, t.caseId);
    if (!canPause(requireRow(t.rowNo), t, user)) throw forbidden("Jam tugas ini tidak dapat ditunda oleh Anda.");
    if (t.pausedSince) throw conflict("Jam tugas ini sudah ditunda.");
    const today = todayJakarta(now);
    const { seq } = await nextSeq(tx, t.caseId);
    await tx.task.update({ where: { id: t.id }, data: { pausedSince: toDbDate(today), pauseReason: r } });
    await appendCaseEvent(tx, t.caseId, seq, {
      actorId: user.id,
      role: actingRole(user, t.roles, t.skpdId ?? -1),
      action: "tunda",
      fromRow: t.rowNo,
      toRow: t.rowNo,
      reason: r,
      createdAt: now,
      data: { label: "Jam ditunda", taskId: t.id },
    });
    return { caseId: t.caseId };
  });
}

/** Resume: the due date moves by the working days the task was paused; the history says why. */
export async function resumeTask(prisma: PrismaClient, user: CurrentUser, taskId: number, now = new Date()) {
  const cal = await loadCalendar(prisma);
  return prisma.$transaction(async (tx) => {
    const t = await tx.task.findUnique({ where: { id: taskId } });
    if (!t || t.status !== "OPEN") throw notFound("Tugas tidak ditemukan atau sudah selesai.");
    await loadCaseFor(tx, user, t.caseId);
    if (!canPause(requireRow(t.rowNo), t, user)) throw forbidden("Jam tugas ini tidak dapat dilanjutkan oleh Anda.");
    if (!t.pausedSince) throw conflict("Jam tugas ini tidak sedang ditunda.");
    const today = todayJakarta(now);
    const paused = cal.workingDaysBetween(fromDbDate(t.pausedSince), today);
    const oldDue = t.dueOn ? fromDbDate(t.dueOn) : null;
    const newDue = oldDue ? cal.addWorkingDays(oldDue, paused) : null;
    const { seq } = await nextSeq(tx, t.caseId);
    await tx.task.update({
      where: { id: t.id },
      data: { pausedSince: null, pauseReason: null, pausedDays: t.pausedDays + paused, dueOn: newDue ? toDbDate(newDue) : null },
    });
    await appendCaseEvent(tx, t.caseId, seq, {
      actorId: user.id,
      role: actingRole(user, t.roles, t.skpdId ?? -1),
      action: "lanjutkan",
      fromRow: t.rowNo,
      toRow: t.rowNo,
      createdAt: now,
      reason: t.pauseReason,
      data: { label: "Jam dilanjutkan", taskId: t.id, pausedWorkingDays: paused, oldDue, newDue },
    });
    return { caseId: t.caseId, paused, oldDue, newDue };
  });
}
