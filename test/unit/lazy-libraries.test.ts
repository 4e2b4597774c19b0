import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./source-scan.js";

// The server's memory at rest (issue 23: PGlite's server within 250 MB idle): libraries
// that only a download, an upload, a password change or an e-mail needs are loaded
// when first used (`await import(...)`, or createRequire for zxcvbn), never by the
// modules the server imports at start. This walks the static imports from
// src/server.ts; a dynamic import() is not followed.
const LOADED_WHEN_USED = [
  "@simplewebauthn/server",
  "openid-client",
  "pdf-lib",
  "fontkit",
  "exceljs",
  "docxtemplater",
  "pizzip",
  "qrcode",
  "nodemailer",
  "file-type",
  "yauzl",
  "@zxcvbn-ts/core",
  "@zxcvbn-ts/language-common",
  "idn-area-data",
  "zod-openapi",
  "age-encryption",
];

/** Packages reachable from `entry` by static imports, each with one file that imports it. */
function staticPackages(entry: string): Map<string, string> {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)";|^\s*import\s+"([^"]+)";/gms)) {
      if (m[2]) continue; // a type-only import loads nothing
      const spec = m[3] ?? m[4] ?? "";
      if (spec.startsWith(".")) {
        const target = resolve(dirname(file), spec.replace(/\.js$/, ".ts"));
        if (existsSync(target)) visit(target);
      } else if (!spec.startsWith("node:")) {
        const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : (spec.split("/")[0] ?? spec);
        if (!packages.has(name)) packages.set(name, relative(ROOT, file));
      }
    }
  };
  visit(entry);
  return packages;
}

describe("libraries loaded when first used", () => {
  it("when the server starts then no PDF, Word, spreadsheet, mail, file-type or password-strength library is among its static imports", () => {
    const packages = staticPackages(join(ROOT, "src", "server.ts"));
    const eager = LOADED_WHEN_USED.filter((p) => packages.has(p)).map((p) => `${p} (imported by ${packages.get(p)})`);
    expect(eager).toEqual([]);
  });

  it("when the walk runs then it does see the server's real dependencies (the check can fail)", () => {
    const packages = staticPackages(join(ROOT, "src", "server.ts"));
    for (const p of ["express", "@electric-sql/pglite", "pg", "zod", "express-session"]) expect(packages.has(p), p).toBe(true);
  });
});
