// A case's proposal columns as the form's string values (for re-validation and for editing).
import type { Case } from "../../generated/prisma/client.js";
import { PROPOSAL_FIELDS } from "./schema.js";

export function proposalValues(c: Partial<Case>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of PROPOSAL_FIELDS) {
    const v = c[f];
    // Money is shown as people write it (25.000.000), which the form reads back.
    out[f] =
      v === null || v === undefined
        ? ""
        : f === "estimatedCost"
          ? Number(v).toLocaleString("id-ID")
          : typeof v === "boolean"
            ? v
              ? "ya"
              : "tidak"
            : String(v);
  }
  return out;
}
