import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDraft } from "../../src/features/cases/case-service.js";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { AppError } from "../../src/platform/errors.js";
import { allocateNumber } from "../../src/features/numbering/numbering-service.js";
import { ALL_ROLES } from "../../src/core/users/roles.js";
import { ROW_NUMBERS, requireRow, WITHDRAW } from "../../src/core/sop/sop.js";
import { applyTransition } from "../../src/core/workflow/transition-service.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";
import { actorFor, demoActors, fullProposal, uploadsFor, type Actors } from "../helpers/workflow.js";

let t: TestApp;
let prisma: PrismaClient;
let a: Actors;
beforeAll(async () => {
  t = await buildTestApp();
  prisma = t.prisma;
  a = await demoActors(prisma);
});
afterAll(() => t.close());

describe("numbering", () => {
  it("when 50 numbers are requested at once then they are 50 distinct numbers 1..50 with no gap", async () => {
    const c = await createDraft(prisma, a.skpd, fullProposal());
    const got = await Promise.all(
      Array.from({ length: 50 }, () =>
        prisma.$transaction((tx) => allocateNumber(tx, { kind: "PKS", caseId: c.id, jenis: "KSDPK", userId: a.penatalaksana.id })),
      ),
    );
    const seqs = got.map((n) => n.seq ?? 0).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(got.map((n) => n.number)).size).toBe(50);
  });

  it("when a transaction that took a number rolls back then the number is given again (no gap)", async () => {
    const c = await createDraft(prisma, a.skpd, fullProposal());
    await prisma
      .$transaction(async (tx) => {
        await allocateNumber(tx, { kind: "MOU", caseId: c.id, jenis: "KSDPL", userId: a.penatalaksana.id });
        throw new Error("rollback");
      })
      .catch(() => undefined);
    const n = await prisma.$transaction((tx) => allocateNumber(tx, { kind: "MOU", caseId: c.id, jenis: "KSDPL", userId: a.penatalaksana.id }));
    expect(n.seq).toBe(1);
    expect(n.number.startsWith("100.3.7.2/1/")).toBe(true);
  });
});

describe("random action sequences", () => {
  it("when any role tries any action in any order then the case never reaches an invalid state and the audit trail stays consistent", async () => {
    const roles = ALL_ROLES;
    const allActions = [...new Set(ROW_NUMBERS.flatMap((n) => requireRow(n).actions.map((x) => x.id))), WITHDRAW.id];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ role: fc.constantFrom(...roles), action: fc.constantFrom(...allActions), withInputs: fc.boolean() }), {
          minLength: 5,
          maxLength: 25,
        }),
        async (steps) => {
          const c = await createDraft(prisma, a.skpd, fullProposal({ title: "Kasus acak untuk uji properti" }));
          for (const s of steps) {
            const cur = await prisma.case.findUniqueOrThrow({ where: { id: c.id } });
            const row = cur.currentRow ? requireRow(cur.currentRow) : null;
            const def = row?.actions.find((x) => x.id === s.action);
            try {
              await applyTransition(prisma, {
                caseId: c.id,
                expectedVersion: cur.version,
                actionId: s.action,
                user: actorFor(a, s.role),
                reason: s.withInputs ? "Alasan untuk uji properti" : null,
                uploads: s.withInputs ? await uploadsFor(def?.docs ?? []) : [],
                fields: s.withInputs
                  ? {
                      signedMouOn: "2026-11-20",
                      mouEnd: "2030-11-20",
                      pksSignedBy: "WALIKOTA",
                      signedPksOn: "2026-11-20",
                      agreementStart: "2026-12-01",
                      agreementEnd: "2027-12-01",
                    }
                  : {},
              });
            } catch (e) {
              if (!(e instanceof AppError)) throw e;
            }
            const now = await prisma.case.findUniqueOrThrow({ where: { id: c.id } });
            const open = await prisma.task.findMany({ where: { caseId: c.id, status: "OPEN", kind: "ROW" } });
            const events = await prisma.caseEvent.findMany({ where: { caseId: c.id }, orderBy: { seq: "asc" } });
            // Invariants
            if (now.status === "IN_PROGRESS" || now.status === "DRAFT") {
              expect(now.currentRow).not.toBeNull();
              expect((ROW_NUMBERS as readonly number[]).includes(now.currentRow!)).toBe(true);
              expect(open.length).toBeGreaterThan(0);
              expect(open.every((x) => x.rowNo === now.currentRow)).toBe(true);
            } else {
              expect(now.currentRow).toBeNull();
              expect(open).toHaveLength(0);
            }
            expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
            expect(events.at(-1)!.seq).toBe(now.version);
            const last = events.at(-1)!;
            if (last.toRow !== null || now.currentRow !== null) expect(last.toRow).toBe(now.currentRow);
          }
        },
      ),
      { numRuns: 15 },
    );
  }, 120_000);
});
