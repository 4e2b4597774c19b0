// Where agreement events come from, each written into the webhook outbox in the
// transaction of its change (outbox.ts):
//   - agreement.signed: a signing step (rows 12 and 17, the action that signs) done;
//   - agreement.numbered: NumberGiven (after the register's listener put it in the register);
//   - agreement.ended: an early end or "let it end" recorded in the register
//     (agreements/agreement-hooks.ts), or the cooperation closed at the evaluation row;
//     the end date passing is the daily job's (jobs/daily-job.ts), as are the reminders
//     (agreement.ending_soon); an evaluation completed is monitoring's (agreement.evaluated).
import type { Prisma } from "../../generated/prisma/client.js";
import { on } from "../../core/workflow/events.js";
import { EVALUATION_ROW, rowDefFor, SIGNING_ROWS, type RowNo } from "../../core/sop/sop.js";
import { onAgreementEnded } from "../agreements/agreement-hooks.js";
import { endedKey, recordAgreementEvent, recordAgreementEvents } from "./outbox.js";

type Tx = Prisma.TransactionClient;

async function transitioned(tx: Tx, e: { caseId: number; fromRow: number | null; effect: string; actionLabel: string }) {
  // Only the signing rows and the closing row can start an event: other steps cost no statement.
  if (e.fromRow === null || (!SIGNING_ROWS.includes(e.fromRow as RowNo) && e.fromRow !== EVALUATION_ROW)) return;
  const c = await tx.case.findUnique({ where: { id: e.caseId }, select: { jenis: true } });
  const action = rowDefFor(c?.jenis, e.fromRow)?.actions.find((a) => a.label === e.actionLabel);
  if (!action) return;
  const now = new Date();
  if (action.signs && action.effect === "advance") {
    await recordAgreementEvent(tx, {
      type: "agreement.signed",
      ref: { caseId: e.caseId, kind: action.signs },
      key: `signed:${e.caseId}:${action.signs}`,
      occurredAt: now,
    });
  }
  if (action.closesCooperation && e.fromRow === EVALUATION_ROW && action.effect === "end") {
    const agreements = await tx.agreement.findMany({ where: { caseId: e.caseId }, select: { id: true } });
    await recordAgreementEvents(
      tx,
      agreements.map((a) => ({
        type: "agreement.ended" as const,
        ref: { agreementId: a.id },
        key: endedKey(a.id),
        occurredAt: now,
        extra: { end: { reason: "CLOSED", on: null } },
      })),
    );
  }
}

export function listen(): void {
  on("NumberGiven", "webhooks.numbered", async (tx, e) => {
    await recordAgreementEvent(tx, {
      type: "agreement.numbered",
      ref: { caseId: e.case.id, kind: e.kind },
      key: `numbered:${e.case.id}:${e.kind}:${e.numberId}`,
      occurredAt: new Date(),
    });
  });
  on("CaseTransitioned", "webhooks.transitioned", async (tx, e) => {
    await transitioned(tx, e);
  });
  onAgreementEnded("webhooks.ended", (tx, e) =>
    recordAgreementEvent(tx, {
      type: "agreement.ended",
      ref: { agreementId: e.agreementId },
      key: endedKey(e.agreementId),
      occurredAt: e.now,
      extra: { end: { reason: e.reason, on: e.on } },
    }),
  );
}
