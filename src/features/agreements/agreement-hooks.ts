// What the register announces when an agreement is recorded as ending (early, or "let it
// end"), in the transaction that records it. Features that report it (webhooks) register
// here from src/wiring.ts, so that the register imports none of them.
import type { Prisma } from "../../generated/prisma/client.js";

export type AgreementEnded = { agreementId: number; reason: "ENDED_EARLY" | "LET_END"; on: string; now: Date };
type Hook = (tx: Prisma.TransactionClient, e: AgreementEnded) => Promise<unknown>;

const hooks: { name: string; fn: Hook }[] = [];

/** A feature listens to an agreement's recorded end (idempotent by name). */
export function onAgreementEnded(name: string, fn: Hook): void {
  if (!hooks.some((h) => h.name === name)) hooks.push({ name, fn });
}

/** Announces the end in the transaction that records it. */
export async function announceAgreementEnded(tx: Prisma.TransactionClient, e: AgreementEnded): Promise<void> {
  for (const h of hooks) await h.fn(tx, e);
}
