import { casePolicy } from "../../src/core/policies/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDraft, pauseTask, resumeTask } from "../../src/features/cases/case-service.js";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { AppError } from "../../src/platform/errors.js";
import { ALL_ROLES } from "../../src/core/users/roles.js";
import { fromDbDate, todayJakarta } from "../../src/core/calendar/calendar.js";
import { kindOf } from "../../src/core/sop/kinds.js";
import { ROW_NUMBERS, SOP, SOP_VERSION, WITHDRAW } from "../../src/core/sop/sop.js";
import { applyTransition, RequirementError } from "../../src/core/workflow/transition-service.js";
import { must } from "../../src/platform/must.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";
import { actorFor, buildCase, caseAtRow, demoActors, fullProposal, stepForward, uploadsFor, type Actors } from "../helpers/workflow.js";

let t: TestApp;
let prisma: PrismaClient;
let a: Actors;
beforeAll(async () => {
  t = await buildTestApp();
  prisma = t.prisma;
  a = await demoActors(prisma);
});
afterAll(() => t.close());

const status = async (p: Promise<unknown>) => {
  try {
    await p;
    return 200;
  } catch (e) {
    if (e instanceof AppError) return e.status;
    throw e;
  }
};

describe("the whole SOP", () => {
  it("when each holder acts in turn then a case goes from row 1 to row 21 and ends DONE with a consistent audit trail", async () => {
    const c = await createDraft(prisma, a.skpd, fullProposal());
    expect(c.definitionVersion).toBe(SOP_VERSION);
    const visited: number[] = [1];
    for (let at: number | null = 1; at !== null;) {
      at = await stepForward(prisma, a, c.id);
      if (at !== null) visited.push(at);
    }
    expect(visited).toEqual([...ROW_NUMBERS]);
    const end = await prisma.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(end.status).toBe("DONE");
    expect(end.currentRow).toBeNull();
    const events = await prisma.caseEvent.findMany({ where: { caseId: c.id }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)!.seq).toBe(end.version);
    const numbers = await prisma.registerNumber.findMany({ where: { caseId: c.id } });
    expect(numbers.map((n) => n.kind).sort()).toEqual(["MOU", "PKS"]);
    expect(must(numbers[0], "a register number of the case").number).toMatch(/^100\.3\.7\.1\/\d+\/P3ADK\/[IVX]+\/\d{4}$/);
    expect(await prisma.task.count({ where: { caseId: c.id, status: "OPEN" } })).toBe(0);
  });
});

describe("row 7 runs two tasks in parallel", () => {
  it("when only one part is done then the case waits at row 7; when both are done it moves to row 8", async () => {
    const c = await buildCase(prisma, a, { row: 7 });
    const open = await prisma.task.findMany({ where: { caseId: c.id, status: "OPEN" } });
    expect(open.map((x) => x.part).sort()).toEqual(["penawaran", "rencana"]);
    const r1 = await applyTransition(prisma, {
      caseId: c.id,
      expectedVersion: c.version,
      actionId: "rencana_selesai",
      user: a.skpd,
      uploads: await uploadsFor(["rencana_ks"]),
    });
    expect(r1.toRow).toBe(7);
    const r2 = await applyTransition(prisma, {
      caseId: c.id,
      expectedVersion: r1.version,
      actionId: "penawaran_selesai",
      user: a.penatalaksana,
      uploads: await uploadsFor(["draft_surat_penawaran"]),
    });
    expect(r2.toRow).toBe(8);
  });
});

/** Thrown from inside a transition's transaction: it rolls back what the transition wrote. */
const ROLLED_BACK = new Error("rolled back by the test");
const rollBack = (): Promise<never> => Promise.reject(ROLLED_BACK);

describe("every row × every role × every action", () => {
  // One case, driven forward by its holders from row to row: at each row every attempt is
  // refused or rolled back, so the case is exactly where the flow left it (one drive of 21
  // steps instead of one from row 1 for every row).
  let matrixCaseId: number | undefined;
  const matrixCaseAt = async (rowNo: number) => {
    matrixCaseId ??= (await createDraft(prisma, a.skpd, fullProposal({ title: "Matriks baris" }))).id;
    for (let at = (await prisma.case.findUniqueOrThrow({ where: { id: matrixCaseId } })).currentRow; at !== rowNo;) {
      if (at === null) throw new Error(`case ended before row ${rowNo}`);
      at = await stepForward(prisma, a, matrixCaseId);
    }
    return prisma.case.findUniqueOrThrow({ where: { id: matrixCaseId } });
  };

  for (const row of SOP) {
    it(`row ${row.no}: holders may act, others are refused, and missing inputs are named`, async () => {
      const c = await matrixCaseAt(row.no);
      for (const action of row.actions) {
        const allowed = action.roles ?? (action.part ? row.parts!.find((p) => p.id === action.part)!.roles : row.holders);
        for (const role of ALL_ROLES) {
          const user = role === "SKPD" ? a.skpd : actorFor(a, role);
          // A transition that passes every check is rolled back from inside its own transaction
          // (after all its writes): the case stays at this row, so every pair is tried on it.
          const code = await status(
            applyTransition(prisma, { caseId: c.id, expectedVersion: c.version, actionId: action.id, user, reason: null, within: rollBack }),
          ).catch((e: unknown) => {
            if (e === ROLLED_BACK) return 200;
            throw e;
          });
          if (!allowed.includes(role)) {
            // A role that may not even read the case (a draft at row 1) is told it does not exist.
            const visible = casePolicy.can(user, "read", c);
            expect(code, `${role} on row ${row.no} ${action.id}`).toBe(visible ? 403 : 404);
          } else {
            // Allowed role, but nothing supplied: refused with 422 when the action needs inputs, carried out when it needs none.
            // (Sending the proposal needs its kind's documents: kinds.ts proposalDocs.)
            const needs = !!(
              action.docs?.length ||
              action.reason === "required" ||
              action.fields?.some((f) => f.required) ||
              action.distribution ||
              (action.requiresProposal && kindOf(c.jenis)?.proposalDocs.length)
            );
            expect(code, `${role} on row ${row.no} ${action.id}`).toBe(needs ? 422 : 200);
          }
        }
        // An SKPD user of another unit is refused on an SKPD action.
        if (allowed.includes("SKPD")) {
          expect(await status(applyTransition(prisma, { caseId: c.id, expectedVersion: c.version, actionId: action.id, user: a.otherSkpd }))).toBe(404);
        }
      }
      // Nothing changed by the refused attempts.
      const after = await prisma.case.findUniqueOrThrow({ where: { id: c.id } });
      expect(after.version).toBe(c.version);
      expect(after.currentRow).toBe(row.no);
    });
  }

  it("when a required reason is missing then the return is refused and names the reason", async () => {
    const c = await buildCase(prisma, a, { row: 2 });
    const e = await applyTransition(prisma, { caseId: c.id, expectedVersion: c.version, actionId: "kembalikan", user: a.penatalaksana }).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(RequirementError);
    expect((e as RequirementError).userMessage).toContain("alasan");
  });

  it("when the proposal is incomplete then it cannot be submitted and the missing fields are named", async () => {
    const c = await createDraft(prisma, a.skpd, { title: "Draf yang belum lengkap" });
    const e = await applyTransition(prisma, { caseId: c.id, expectedVersion: c.version, actionId: "kirim", user: a.skpd }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RequirementError);
    expect((e as RequirementError).userMessage).toContain("jenis kerja sama");
  });
});

describe("returns, refusals and withdrawal", () => {
  it("when row 3 returns a case to its SKPD then row 1 holds it again and the SKPD can resubmit", async () => {
    const c = await buildCase(prisma, a, { row: 3 });
    const r = await applyTransition(prisma, {
      caseId: c.id,
      expectedVersion: c.version,
      actionId: "kembalikan",
      user: a.penelaah,
      reason: "Lengkapi ruang lingkup",
    });
    expect(r.toRow).toBe(1);
    const tasks = await prisma.task.findMany({ where: { caseId: c.id, status: "OPEN" } });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.rowNo).toBe(1);
    expect(tasks[0]?.skpdId).toBe(a.skpd.skpdId);
    const again = await applyTransition(prisma, { caseId: c.id, expectedVersion: r.version, actionId: "kirim", user: a.skpd });
    expect(again.toRow).toBe(3); // back to the row that returned it (issue 8.10)
  });

  it("when the Walikota refuses at row 6 then the case ends REFUSED with the reason", async () => {
    const c = await buildCase(prisma, a, { row: 6 });
    const r = await applyTransition(prisma, {
      caseId: c.id,
      expectedVersion: c.version,
      actionId: "tolak",
      user: a.kabag,
      reason: "Belum prioritas tahun ini",
      uploads: await uploadsFor(["disposisi"]),
    });
    expect(r.status).toBe("REFUSED");
    const end = await prisma.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(end.endReason).toBe("Belum prioritas tahun ini");
    expect(await prisma.task.count({ where: { caseId: c.id, status: "OPEN" } })).toBe(0);
  });

  it("when the SKPD withdraws before the MoU is signed then the case ends; after signing it cannot", async () => {
    const c = await buildCase(prisma, a, { row: 4 });
    const r = await applyTransition(prisma, {
      caseId: c.id,
      expectedVersion: c.version,
      actionId: WITHDRAW.id,
      user: a.skpd,
      reason: "Tidak jadi bekerja sama",
    });
    expect(r.status).toBe("WITHDRAWN");
    const late = await buildCase(prisma, a, { row: 13 });
    expect(
      await status(
        applyTransition(prisma, { caseId: late.id, expectedVersion: late.version, actionId: WITHDRAW.id, user: a.skpd, reason: "Terlambat menarik" }),
      ),
    ).toBe(403);
  });
});

describe("concurrency", () => {
  it("when 20 identical transitions race then exactly one applies and the others get 409", async () => {
    const c = await buildCase(prisma, a, { row: 2 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        status(applyTransition(prisma, { caseId: c.id, expectedVersion: c.version, actionId: "lanjut", user: a.penatalaksana })),
      ),
    );
    expect(results.filter((s) => s === 200)).toHaveLength(1);
    expect(results.filter((s) => s === 409)).toHaveLength(19);
    expect(await prisma.caseEvent.count({ where: { caseId: c.id, action: "lanjut" } })).toBe(1);
    expect(await prisma.task.count({ where: { caseId: c.id, rowNo: 3, status: "OPEN" } })).toBe(1);
  });
});

describe("deadlines and pauses", () => {
  it("when a row is entered then its task is due after the row's working days", async () => {
    const c = await caseAtRow(prisma, a, 2);
    const task = await prisma.task.findFirstOrThrow({ where: { caseId: c.id, status: "OPEN" } });
    expect(fromDbDate(task.startedOn)).toBe(todayJakarta());
    expect(task.dueOn).not.toBeNull();
    expect(fromDbDate(task.dueOn!) > todayJakarta()).toBe(true);
  });

  it("when the holder pauses and resumes later then the due date moves by the paused working days and the history says why", async () => {
    const c = await buildCase(prisma, a, { row: 6 });
    const task = await prisma.task.findFirstOrThrow({ where: { caseId: c.id, status: "OPEN" } });
    const monday = new Date("2026-11-23T03:00:00Z"); // Monday 10:00 WIB
    await pauseTask(prisma, a.kabag, task.id, "Menunggu jadwal Walikota", monday);
    const nextMonday = new Date("2026-11-30T03:00:00Z");
    const r = await resumeTask(prisma, a.kabag, task.id, nextMonday);
    expect(r.paused).toBe(5);
    const after = await prisma.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(after.pausedDays).toBe(5);
    expect(fromDbDate(after.dueOn!) > fromDbDate(task.dueOn!)).toBe(true);
    const ev = await prisma.caseEvent.findFirstOrThrow({ where: { caseId: c.id, action: "lanjutkan" } });
    expect(ev.reason).toBe("Menunggu jadwal Walikota");
    expect((ev.data as { pausedWorkingDays: number }).pausedWorkingDays).toBe(5);
  });

  it("when a row may not be paused then pausing is refused", async () => {
    const c = await buildCase(prisma, a, { row: 2 });
    const task = await prisma.task.findFirstOrThrow({ where: { caseId: c.id, status: "OPEN" } });
    expect(await status(pauseTask(prisma, a.penatalaksana, task.id, "Alasan apa saja"))).toBe(403);
  });
});
