// buildCase writes a case at a row without driving each step: it must leave what
// driving it there (caseAtRow) leaves, or the tests that use it test another case.
import { describe, expect, it } from "vitest";
import { loadGateLines } from "../../src/features/gates/gate-service.js";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { casePermissions } from "../../src/core/policies/index.js";
import { availableActions } from "../../src/core/policies/case-actions.js";
import { buildCase, caseAtRow, useWorkflowApp, type Actors } from "../helpers/workflow.js";

const { t, a } = useWorkflowApp();

/** What a test and the case page can see of a case at its row, without ids and times. */
async function snapshot(prisma: PrismaClient, a: Actors, caseId: number) {
  const c = await prisma.case.findUniqueOrThrow({ where: { id: caseId } });
  const tasks = await prisma.task.findMany({ where: { caseId }, orderBy: [{ rowNo: "asc" }, { part: "asc" }] });
  const open = tasks.filter((x) => x.status === "OPEN");
  const docs = await prisma.document.findMany({ where: { caseId }, orderBy: [{ kind: "asc" }, { version: "asc" }] });
  const events = await prisma.caseEvent.findMany({ where: { caseId }, orderBy: { seq: "asc" } });
  const gates = await loadGateLines(prisma, c);
  const registered = await prisma.registerNumber.findMany({ where: { caseId }, orderBy: { id: "asc" } });
  /** A notice's text without what differs between any two cases: the title, the id and the city numbers (the next of their series). */
  const general = (text: string) =>
    registered.reduce((x, n) => x.replaceAll(n.number, `<nomor ${n.kind}>`), text.replace(c.title, "<kasus>").replace(`/kasus/${caseId}`, "/kasus/<id>"));
  const users = Object.entries(a);
  return {
    row: c.currentRow,
    status: c.status,
    version: c.version,
    fields: {
      signingMethodMou: c.signingMethodMou,
      signingMethodPks: c.signingMethodPks,
      pksSignatory: c.pksSignatory,
      hasMouDates: !!c.signedMouOn && !!c.mouEnd,
      hasPksDates: !!c.signedPksOn && !!c.agreementStart && !!c.agreementEnd,
      submitted: !!c.submittedAt,
      urusan: c.urusanId !== null,
      ksddNature: c.ksddNature,
    },
    openTasks: open.map((x) => ({ row: x.rowNo, part: x.part, roles: x.roles, skpdId: x.skpdId, due: x.dueOn?.toISOString() ?? null })),
    doneTasks: tasks.filter((x) => x.status === "DONE").map((x) => `${x.rowNo}/${x.part ?? ""}`),
    documents: docs.map((d) => `${d.rowNo}:${d.kind}:v${d.version}`),
    events: events.map((e) => `${e.action}:${e.fromRow ?? ""}->${e.toRow ?? ""}`),
    gates: gates.map((l) => `${l.gate.id}:${l.passed}`),
    agreements: (await prisma.agreement.findMany({ where: { caseId }, orderBy: { kind: "asc" } })).map(
      (x) => `${x.kind}:${x.startDate.toISOString()}:${x.endDate.toISOString()}`,
    ),
    numbers: registered.map((n) => `${n.kind}:${n.copyId !== null}:${n.copyDue}`),
    distributions: (await prisma.distribution.findMany({ where: { caseId }, orderBy: { id: "asc" } })).map((d) => `${d.kind}:${d.copyId !== null}`),
    agenda: (await prisma.tkksdMeetingItem.findMany({ where: { caseId }, orderBy: { id: "asc" } })).map((i) => `${i.subject}:${i.decision ?? ""}`),
    // The notices the steps left (tasks, milestones, the TKKSD's waiting list), with the case's own title and id left out.
    notices: (
      await prisma.notification.findMany({
        where: { OR: [{ title: { contains: c.title } }, { link: { contains: `/kasus/${caseId}` } }] },
        orderBy: { id: "asc" },
      })
    )
      .filter((n) => !n.link || n.link === `/kasus/${caseId}` || n.link.startsWith(`/kasus/${caseId}/`) || !n.link.startsWith("/kasus/"))
      .map((n) => general(`${n.userId}:${n.kind}:${n.title}:${n.link ?? ""}`))
      .sort(),
    permissions: Object.fromEntries(
      users.map(([name, u]) => [
        name,
        casePermissions(
          u,
          c,
          gates.map((l) => l.gate),
        ),
      ]),
    ),
    actions: Object.fromEntries(users.map(([name, u]) => [name, availableActions(c, open, u).map((x) => `${x.action.id}:${x.role}`)])),
  };
}

describe("buildCase", () => {
  // A draft, the rows of parts and the TKKSD, both signings with their approvals (a foreign kind needs
  // every approval), both numbers and distributions, and the running cooperation.
  const pairs: [string, number][] = [
    ["KSDPK", 1],
    ["KSDPK", 2],
    ["KSDD", 5],
    ["KSDPK", 7],
    ["KSDPK", 8],
    ["SINERGI", 12],
    ["KSDPL", 15],
    ["KSDPK", 20],
    ["KSDLL", 21],
  ];
  for (const [kind, row] of pairs) {
    it(`when a ${kind} case is built at row ${row} then it matches one driven there: row, tasks, documents, log, approvals, numbers and page permissions`, async () => {
      const driven = await caseAtRow(t.prisma, a, row, { jenis: kind, title: `Didorong ${kind} ${row}` });
      const built = await buildCase(t.prisma, a, { kind, row, title: `Dibangun ${kind} ${row}` });
      expect(built.currentRow).toBe(row);
      expect(await snapshot(t.prisma, a, built.id)).toEqual(await snapshot(t.prisma, a, driven.id));
    });
  }
});
