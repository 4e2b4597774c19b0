import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { kindsTable } from "../../scripts/kinds-table.js";

describe("the README's table of kinds", () => {
  it("when the README is read then its table of kinds and approvals is the one the definition generates", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    expect(readme).toContain(kindsTable());
  });
});
