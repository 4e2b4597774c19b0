// Moves a case one step forward as the row's holder would, through the real
// transition service. Used to build the demo data and by the tests; the caller wires the
// features first (wireFeatures() in src/wiring.ts: server.ts and createApp do).
import type { PrismaClient } from "../../generated/prisma/client.js";
import { recordDistribution } from "../copies/record-distribution.js";
import type { DocKind } from "../../core/documents/kinds.js";
import dayjs from "../../platform/time.js";
import { todayJakarta } from "../../core/calendar/calendar.js";
import { requireRow } from "../../core/sop/sop.js";
import { applyTransition } from "../../core/workflow/transition-service.js";
import { kindOf } from "../../core/sop/kinds.js";
import { loadGateLines, recordGate } from "../gates/gate-service.js";
import { decideInMeeting } from "./tkksd-meeting.js";
import type { ActorFor, FileMaker } from "./actors.js";
import { must } from "../../platform/must.js";

export type { ActorFor, FileMaker };

const uploads = (kinds: DocKind[] | undefined, makeFile: FileMaker) =>
  Promise.all((kinds ?? []).map(async (kind) => ({ kind, file: await makeFile(`${kind}.pdf`) })));

/** Returns the case's row after the step (null when the case ended). */
export async function stepForward(prisma: PrismaClient, actorFor: ActorFor, caseId: number, makeFile: FileMaker, appUrl?: string): Promise<number | null> {
  const c = await prisma.case.findUniqueOrThrow({ where: { id: caseId } });
  const row = requireRow(must(c.currentRow, "the row of a case being stepped forward"));
  if (row.parts) {
    for (const action of row.actions) {
      const cur = await prisma.case.findUniqueOrThrow({ where: { id: caseId } });
      await applyTransition(prisma, {
        caseId,
        expectedVersion: cur.version,
        actionId: action.id,
        user: actorFor(must(action.roles?.[0], `the role of part action ${action.id}`)),
        uploads: await uploads(action.docs, makeFile),
      });
    }
    return (await prisma.case.findUniqueOrThrow({ where: { id: caseId } })).currentRow;
  }
  const action = must(
    row.actions.find((x) => x.effect === "advance" || (x.effect === "end" && x.endStatus === "DONE")),
    `a way forward from row ${row.no}`,
  );
  const who = actorFor(must((action.roles ?? row.holders)[0], `a holder of row ${row.no}`));
  const today = dayjs.utc(todayJakarta());
  const d = (days: number) => today.add(days, "day").format("YYYY-MM-DD");
  if (action.distribution) {
    await recordDistribution(prisma, who, caseId, {
      recipientType: "MITRA",
      recipientName: c.partnerName ?? "Mitra",
      sentOn: d(0),
      receipt: await makeFile("tanda-terima.pdf"),
    });
  }
  const fields: Record<string, string> = {
    signedMouOn: d(-6),
    mouEnd: today.add(5, "year").subtract(7, "day").format("YYYY-MM-DD"),
    signedPksOn: d(-5),
    agreementStart: d(5),
    agreementEnd: today.add(2, "year").format("YYYY-MM-DD"),
    partnerNumber: `MITRA/001/${today.year()}`,
    pksSignedBy: "WALIKOTA",
  };
  // The kind's proposal documents go with the proposal; the approvals a signing needs are recorded first.
  const kind = kindOf(c.jenis);
  const extra = action.requiresProposal && kind ? kind.proposalDocs : [];
  if (action.requiresProposal && kind?.asksNature && !c.ksddNature) await prisma.case.update({ where: { id: caseId }, data: { ksddNature: "SUKARELA" } });
  if (action.requiresProposal && !c.urusanId) await prisma.case.update({ where: { id: caseId }, data: { urusan: { connect: { name: "Pariwisata" } } } });
  if (action.signs) {
    for (const line of await loadGateLines(prisma, c)) {
      if (line.passed || !line.gate.before.includes(row.no)) continue;
      if (line.gate.viaMeeting) {
        await decideInMeeting(prisma, actorFor, caseId);
        continue;
      }
      await recordGate(
        prisma,
        actorFor("PENATALAKSANA"),
        caseId,
        { gate: line.gate.id, letterNumber: `${line.gate.id}/${today.year()}/${caseId}`, letterDate: d(-7) },
        await makeFile("persetujuan.pdf"),
      );
    }
  }
  const fresh = await prisma.case.findUniqueOrThrow({ where: { id: caseId } });
  const r = await applyTransition(prisma, {
    caseId,
    expectedVersion: fresh.version,
    actionId: action.id,
    user: who,
    uploads: await uploads([...(action.docs ?? []), ...extra], makeFile),
    fields,
    reason:
      action.reason === "required" ? "Catatan contoh untuk data demo" : action.closesCooperation ? "Ditutup lebih awal untuk contoh alur lengkap" : undefined,
    // A case driven to its end closes before its agreement runs out: that is an early end.
    confirmEarlyEnd: action.closesCooperation,
    appUrl,
  });
  return r.toRow;
}
