// Prints the table of kinds and approvals in docs/kinds-and-approvals.md from the definition
// (src/core/sop/kinds.ts); test/unit/readme-kinds.test.ts checks that document against it.
import { DOCUMENT_KINDS } from "../src/core/documents/kinds.js";
import { GATES, KINDS, naskahText } from "../src/core/sop/kinds.js";

export function kindsTable(): string {
  const rows = Object.values(KINDS).map((k) => {
    const docs = k.proposalDocs.map((d) => DOCUMENT_KINDS[d]).join("; ");
    const gates = k.gates
      .map(
        (g) =>
          `${naskahText(k.id, GATES[g.gate].label)} (before row ${GATES[g.gate].before.join(" and ")}${g.when === "dprdConditions" ? "; when a DPRD condition holds" : ""})`,
      )
      .join("; ");
    return `| ${k.short} | ${k.partners} | ${docs} | ${gates} | ${k.naskah.first} → ${k.naskah.second} | ${k.foreign ? "foreign" : "domestic"} |`;
  });
  return ["| Kind | Partners | Proposal documents | Approvals before signing | Naskah | Number series |", "|---|---|---|---|---|---|", ...rows].join("\n");
}

if (process.argv[1]?.endsWith("kinds-table.ts") || process.argv[1]?.endsWith("kinds-table.js")) console.log(kindsTable());
