import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { kindsTable } from "../../scripts/kinds-table.js";

describe("the kinds document's table of kinds", () => {
  it("when the kinds document is read then its table of kinds and approvals is the one the definition generates", () => {
    const doc = readFileSync(new URL("../../docs/kinds-and-approvals.md", import.meta.url), "utf8");
    expect(doc).toContain(kindsTable());
  });
});
