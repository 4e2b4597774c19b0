import { describe, expect, it } from "vitest";
import { must } from "../../src/platform/must.js";
import { ROW_NUMBERS, SOP, SOP_VERSION } from "../../src/core/sop/sop.js";
import { validateDefinition } from "../../src/core/workflow/validate.js";

describe("the SOP definition", () => {
  it("when validated then it has the 20 official rows, no row 14, and every row is reachable", () => {
    expect(() => validateDefinition()).not.toThrow();
    expect(SOP).toHaveLength(20);
    expect(ROW_NUMBERS).not.toContain(14);
    expect(SOP_VERSION).toMatch(/^2026\.1-[0-9a-f]{8}$/);
  });

  it("when an action points at a row that does not exist then validation fails with a clear message", () => {
    const broken = structuredClone(SOP);
    must(broken[1]?.actions[0], "row 2's first action").to = 14 as never;
    expect(() => validateDefinition(broken)).toThrow(/target row 14 does not exist/);
  });

  it("when a row has no holder then validation fails", () => {
    const broken = structuredClone(SOP);
    must(broken[3], "row 4").holders = [];
    expect(() => validateDefinition(broken)).toThrow(/row 4: no holder/);
  });
});
