// Reads the app's own source for the source-rule tests (sop-literals, role-checks):
// each file's lines with their number, comments left out, and a small matcher for
// the paths of their allow-lists ("dir/**": anything under dir, "dir/*": a file
// directly in dir, anything else: that file).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..");

/** Repository-relative paths ("src/features/case-page/routes.ts") of the files under `dir` whose names end with one of `exts`. */
export function sourceFiles(dir: string, exts: string[]): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && exts.some((e) => d.name.endsWith(e)))
    .map((d) => relative(ROOT, join(d.parentPath, d.name)).split(sep).join("/"))
    .sort();
}

export function matchesPath(path: string, pattern: string): boolean {
  if (pattern.endsWith("/**")) return path.startsWith(pattern.slice(0, -2));
  if (pattern.endsWith("/*")) {
    const dir = pattern.slice(0, -1);
    return path.startsWith(dir) && !path.slice(dir.length).includes("/");
  }
  return path === pattern;
}

/** The file's code lines as [line number, text], without comment-only lines and trailing // comments. */
export function codeLines(path: string): [number, string][] {
  const out: [number, string][] = [];
  readFileSync(join(ROOT, path), "utf8")
    .split("\n")
    .forEach((line, i) => {
      const t = line.trim();
      if (t.startsWith("//") || t.startsWith("*") || t.startsWith("/*") || t.startsWith("<%#")) return;
      out.push([i + 1, line.replace(/\s\/\/\s.*$/, "")]);
    });
  return out;
}
