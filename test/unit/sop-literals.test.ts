// Every fact about SOP rows lives in the SOP definition (src/core/sop/sop.ts, kinds.ts)
// as named data or predicates (isRunningRow, distributionAt, collectsApprovals...): no
// other file compares a row with a number, so renumbering or reshaping the SOP changes
// one file.
import { describe, expect, it } from "vitest";
import { codeLines, matchesPath, sourceFiles } from "./source-scan.js";
import {
  APPROVAL_ROWS,
  DISTRIBUTION_ROWS,
  distributionAt,
  EVALUATION_ROW,
  FIRST_RUNNING_ROW,
  isProposalRow,
  isRunningRow,
  naskahAt,
  PROPOSAL_ROW,
  RUNNING_ROWS,
  SIGNING_ROWS,
  signingRow,
  TKKSD_ROW,
  collectsApprovals,
} from "../../src/core/sop/sop.js";

/** The definitions themselves, seed data and generated code may write row numbers. */
const DEFINITIONS = ["src/core/sop/sop.ts", "src/core/sop/kinds.ts", "src/features/seed/**", "src/generated/**"];

/** Rows that are not SOP rows: [file, the exact code], each with why. */
const NOT_SOP_ROWS: [string, string][] = [
  // A spreadsheet's rows (the header block of the ministry report ends at row 5).
  ["src/features/reports/report-files.ts", "rowNo > 5"],
];

// currentRow, row, rowNo, atRow, sopRow, fromRow, toRow, lastRow, ... (optionally a property: c.currentRow).
const ROWISH = String.raw`(?:[\w$]+\.)?(?:[a-z_$][\w$]*Row|row|rowNo)\b`;
const OP = String.raw`(?:===|!==|==|!=|>=|<=|>|<)`;
const PATTERNS = [
  // row === 20, (c.currentRow ?? 0) >= 12
  new RegExp(String.raw`\b${ROWISH}(?:\s*\?\?\s*\d+\s*\))?\s*${OP}\s*\d+\b`),
  // 20 === row
  new RegExp(String.raw`\b\d+\s*${OP}\s*${ROWISH}`),
  // [20, 21].includes(c.currentRow)
  new RegExp(String.raw`\[\s*\d+(?:\s*,\s*\d+)*\s*\]\s*\.includes\(\s*${ROWISH}`),
  // Prisma: currentRow: { in: [20, 21] }, rowNo: { gte: 16 }
  new RegExp(String.raw`\b${ROWISH}\s*:\s*\{\s*(?:in|notIn|not|equals|gt|gte|lt|lte)\s*:\s*\[?\s*\d`),
];

function rowLiterals(): string[] {
  const files = [...sourceFiles("src", [".ts"]), ...sourceFiles("views", [".ejs"])];
  const hits: string[] = [];
  for (const f of files) {
    if (DEFINITIONS.some((p) => matchesPath(f, p))) continue;
    for (const [no, line] of codeLines(f)) {
      if (!PATTERNS.some((re) => re.test(line))) continue;
      if (NOT_SOP_ROWS.some(([file, code]) => file === f && line.includes(code))) continue;
      hits.push(`${f}:${no}: ${line.trim()}`);
    }
  }
  return hits;
}

describe("SOP row numbers", () => {
  it("when the source outside the SOP definition is scanned, then no row is compared with a number literal", () => {
    expect(rowLiterals()).toEqual([]);
  });

  it("when a comparison of a row with a literal is written, then the scan finds it", () => {
    const lines = [
      "if (c.currentRow === 20 || c.currentRow === 21) x();",
      "const k = row >= 16 ? 1 : 2;",
      "[15, 19].includes(c.currentRow)",
      "where: { currentRow: { in: [4, 12, 17] } }",
      "(c.currentRow ?? 0) >= 12",
    ];
    for (const l of lines)
      expect(
        PATTERNS.some((re) => re.test(l)),
        l,
      ).toBe(true);
    for (const l of [
      "rowIndex(c.currentRow) <= rowIndex(WITHDRAW.lastRow)",
      "const rows = 3;",
      "[400, 409].includes(e.status)",
      "isRunningRow(c.currentRow)",
    ]) {
      expect(
        PATTERNS.some((re) => re.test(l)),
        l,
      ).toBe(false);
    }
  });

  it("when the named row facts are read, then they are the SOP's rows", () => {
    expect(PROPOSAL_ROW).toBe(1);
    expect(isProposalRow(1)).toBe(true);
    expect(isProposalRow(2)).toBe(false);
    expect(RUNNING_ROWS).toEqual([20, 21]);
    expect(FIRST_RUNNING_ROW).toBe(20);
    expect(EVALUATION_ROW).toBe(21);
    expect([19, 20, 21, null].map(isRunningRow)).toEqual([false, true, true, false]);
    expect(DISTRIBUTION_ROWS).toEqual([15, 19]);
    expect([13, 15, 19, 20, null].map(distributionAt)).toEqual([null, "MOU", "PKS", null, null]);
    expect(SIGNING_ROWS).toEqual([12, 17]);
    expect([signingRow("MOU"), signingRow("PKS")]).toEqual([12, 17]);
    expect([1, 11, 15, 16, 19, 21].map(naskahAt)).toEqual(["MOU", "MOU", "MOU", "PKS", "PKS", "PKS"]);
    expect(APPROVAL_ROWS).toEqual([7, 8, 9, 10, 11, 12, 13, 15, 16, 17]);
    expect([6, 7, 17, 18, null].map(collectsApprovals)).toEqual([false, true, true, false, false]);
    expect(TKKSD_ROW).toBe(4);
  });
});
