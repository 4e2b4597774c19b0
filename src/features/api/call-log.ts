// The log of every call to /api/v1: which token (none when it carried no valid one),
// the method and path, the answer's status, how long it took, from which address.
// ADMIN reads a token's recent calls on its page.
import type { PrismaClient } from "../../generated/prisma/client.js";

export type CallRecord = { tokenId: number | null; method: string; path: string; status: number; durationMs: number; address: string };

export async function recordCall(prisma: PrismaClient, call: CallRecord): Promise<void> {
  await prisma.apiCall.create({ data: { ...call, address: call.address.slice(0, 100) } });
}
