// Collective rows (2–6): one action, one shared record, many cases. Each case
// commits on its own; the result says which succeeded and which failed, and why.
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { DocKind } from "../../core/documents/kinds.js";
import type { StoredFile } from "../../platform/files/blob-store.js";
import { AppError } from "../../platform/errors.js";
import { casePolicy } from "../../core/policies/index.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { requireRow } from "../../core/sop/sop.js";
import { applyTransition, assertMayApply } from "../../core/workflow/transition-service.js";

export type BulkItem = { caseId: number; version: number };
export type BulkOutcome = { caseId: number; title: string; ok: boolean; message: string };

/**
 * One picked case: its title when the user may read it and it is still at the row, or
 * the outcome that says why not. A case the user may not read is reported exactly like
 * one that does not exist: no title, no row.
 */
async function pick(prisma: PrismaClient, user: CurrentUser, rowNo: number, item: BulkItem): Promise<{ title: string } | BulkOutcome> {
  const found = await prisma.case.findUnique({
    where: { id: item.caseId },
    select: { title: true, currentRow: true, skpdId: true, status: true, createdById: true },
  });
  if (!found || !casePolicy.can(user, "read", found)) return { caseId: item.caseId, title: `#${item.caseId}`, ok: false, message: "tidak ditemukan" };
  if (found.currentRow !== rowNo) return { caseId: item.caseId, title: found.title, ok: false, message: `sudah tidak berada di langkah ${rowNo}` };
  return { title: found.title };
}

/** Applies the action to each picked case, each in its own transaction. */
export async function applyBulk(
  prisma: PrismaClient,
  input: { user: CurrentUser; rowNo: number; actionId: string; items: BulkItem[]; reason?: string; shared?: { kind: DocKind; file: StoredFile } },
): Promise<BulkOutcome[]> {
  const row = requireRow(input.rowNo);
  if (!row.collective) throw new AppError(400, `Langkah ${row.no} tidak diproses secara kolektif.`);
  if (!input.items.length) throw new AppError(422, "Pilih minimal satu kasus.");
  const outcomes: BulkOutcome[] = [];
  for (const item of input.items) {
    const p = await pick(prisma, input.user, row.no, item);
    if ("ok" in p) {
      outcomes.push(p);
      continue;
    }
    try {
      const r = await applyTransition(prisma, {
        caseId: item.caseId,
        expectedVersion: item.version,
        actionId: input.actionId,
        user: input.user,
        reason: input.reason,
        uploads: input.shared ? [input.shared] : [],
      });
      outcomes.push({ caseId: item.caseId, title: p.title, ok: true, message: r.toRow ? `pindah ke langkah ${r.toRow}` : "ditutup" });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      outcomes.push({ caseId: item.caseId, title: p.title, ok: false, message: e.userMessage });
    }
  }
  return outcomes;
}

/**
 * Before the shared document is stored: which cases would take the action now (the
 * transition's own checks, read-only). When none would, the result page says why for
 * each, and nothing is stored.
 */
export async function checkBulk(
  prisma: PrismaClient,
  input: { user: CurrentUser; rowNo: number; actionId: string; items: BulkItem[] },
): Promise<{ any: boolean; outcomes: BulkOutcome[] }> {
  const outcomes: BulkOutcome[] = [];
  for (const item of input.items) {
    const p = await pick(prisma, input.user, input.rowNo, item);
    if ("ok" in p) {
      outcomes.push(p);
      continue;
    }
    try {
      await assertMayApply(prisma, { caseId: item.caseId, expectedVersion: item.version, actionId: input.actionId, user: input.user });
      return { any: true, outcomes: [] };
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      outcomes.push({ caseId: item.caseId, title: p.title, ok: false, message: e.userMessage });
    }
  }
  return { any: false, outcomes };
}
