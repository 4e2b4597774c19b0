// The records metadata of each document kind, kept by ADMIN (/admin/arsip). A change
// applies to documents written from then on; documents already written keep what they
// carry (a record describes the document as it was filed). Each change is in the admin log.
import type { PrismaClient } from "../../generated/prisma/client.js";
import { DOCUMENT_KINDS, type DocKind } from "../../core/documents/kinds.js";
import { kindRecords } from "../../core/documents/records.js";
import type { CurrentUser } from "../../core/users/roles.js";
import type { KindRecordInput } from "./schema.js";

/** Every kind with its metadata and how many documents of it exist. */
export async function listKindRecords(prisma: PrismaClient) {
  const [records, counts] = await Promise.all([kindRecords(prisma), prisma.document.groupBy({ by: ["kind"], _count: { _all: true } })]);
  const count = new Map(counts.map((c) => [c.kind, c._count._all]));
  return [...records.entries()].map(([kind, r]) => ({ kind, label: DOCUMENT_KINDS[kind], documents: count.get(kind) ?? 0, ...r }));
}

export async function updateKindRecord(prisma: PrismaClient, user: CurrentUser, kind: DocKind, input: KindRecordInput) {
  await prisma.$transaction(async (tx) => {
    const before = (await kindRecords(tx)).get(kind);
    await tx.documentKindRecord.upsert({
      where: { kind },
      create: { kind, ...input, updatedById: user.id },
      update: { ...input, updatedAt: new Date(), updatedById: user.id },
    });
    await tx.adminLog.create({ data: { actorId: user.id, action: "records.kind.update", target: `kind:${kind}`, detail: { before, after: input } } });
  });
}
