// The log of every call to /api/v1: which token (none when it carried no valid one),
// the method and path, the answer's status, how long it took, from which address.
// ADMIN reads a token's recent calls on its page.
import type { PrismaClient } from "../../generated/prisma/client.js";

export type CallRecord = { tokenId: number | null; method: string; path: string; status: number; durationMs: number; address: string };

export async function recordCall(prisma: PrismaClient, call: CallRecord): Promise<void> {
  await prisma.apiCall.create({ data: { ...call, address: call.address.slice(0, 100) } });
}

/** How long a call's row is kept: long enough to answer "who read what" over an audit year. */
export const API_CALL_KEEP_DAYS = 400;

/** Deletes the rows older than the keeping time (the hourly sweeps, features/jobs/sweeps.ts); returns how many. */
export async function forgetOldCalls(prisma: PrismaClient, now = new Date(), keepDays = API_CALL_KEEP_DAYS): Promise<number> {
  const { count } = await prisma.apiCall.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - keepDays * 86_400_000) } } });
  return count;
}
