// Who may do what is decided in src/core/policies/ (and the role list in src/core/users/roles.ts):
// no other file compares a user's roles itself, so a rule changes in one place.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { codeLines, matchesPath, ROOT, sourceFiles } from "./source-scan.js";

/** Where roles are compared by design: the policies and the definition of the roles. */
const POLICIES = ["src/core/policies/**", "src/core/users/roles.ts", "src/generated/**", "src/features/seed/**"];

/**
 * ALL_ROLES is the list of every role (the user form's choices, the schema's enum, the
 * SOP check of known roles): it grants nothing, so importing it is not a role check.
 */
const NOT_A_CHECK = ["ALL_ROLES"];

const PATTERNS = [/\bhasRole\(/, /\.roles\.includes\(/, /\.roles\.some\(/, /\.roles\.every\(/];
const ROLE_LIST_IMPORT = /\bimport\b[^;]*\{([^}]*)\}/;
const MULTILINE_IMPORT = /\bimport\s+(?:type\s+)?\{([^}]*\n[^}]*)\}/g;

function roleChecks(): string[] {
  const hits: string[] = [];
  for (const f of sourceFiles("src", [".ts"])) {
    if (POLICIES.some((p) => matchesPath(f, p))) continue;
    for (const [no, line] of codeLines(f)) {
      const imported =
        ROLE_LIST_IMPORT.exec(line)?.[1]
          ?.match(/\b[A-Z0-9]+_ROLES\b/g)
          ?.filter((n) => !NOT_A_CHECK.includes(n)) ?? [];
      if (PATTERNS.some((re) => re.test(line)) || imported.length) hits.push(`${f}:${no}: ${line.trim()}`);
    }
    // An import the formatter broke over several lines is read whole.
    for (const m of readFileSync(join(ROOT, f), "utf8").matchAll(MULTILINE_IMPORT)) {
      const names = m[1]?.match(/\b[A-Z0-9]+_ROLES\b/g)?.filter((n) => !NOT_A_CHECK.includes(n)) ?? [];
      if (names.length) hits.push(`${f}: imports ${names.join(", ")}`);
    }
  }
  return hits;
}

describe("role checks", () => {
  it("when the source outside the policies is scanned, then no file compares a user's roles or imports a role list", () => {
    expect(roleChecks()).toEqual([]);
  });

  it("when a role check is written, then the scan finds it", () => {
    const caught = (l: string) =>
      PATTERNS.some((re) => re.test(l)) ||
      !!ROLE_LIST_IMPORT.exec(l)?.[1]
        ?.match(/\b[A-Z0-9]+_ROLES\b/g)
        ?.some((n) => !NOT_A_CHECK.includes(n));
    for (const l of [
      'if (hasRole(user, "ADMIN")) x();',
      'user.roles.includes("SKPD") && user.skpdId === c.skpdId',
      'u.roles.some((r) => r !== "SKPD")',
      'user.roles.every((x) => x === "SKPD")',
      'import { P3ADK_ROLES, hasRole } from "../users/roles.js";',
      'import { DELEGABLE_ROLES, ROLE_LABELS } from "../users/roles.js";',
    ])
      expect(caught(l), l).toBe(true);
    const broken = 'import {\n  P3ADK_ROLES,\n  type CurrentUser,\n} from "../users/roles.js";';
    expect([...broken.matchAll(MULTILINE_IMPORT)].map((m) => m[1]?.match(/\b[A-Z0-9]+_ROLES\b/g)).flat()).toEqual(["P3ADK_ROLES"]);
    for (const l of ['import { ALL_ROLES, ROLE_LABELS } from "../users/roles.js";', "casePolicy.onlySkpd(user)", "roles: evaluationPolicy.EVALUATOR_ROLES,"]) {
      expect(caught(l), l).toBe(false);
    }
  });
});
