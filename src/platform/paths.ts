// Locations of the project's own folders, valid from src/ (tsx, vitest) and dist/ (build).
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "prisma"))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error("project root not found from " + start);
    dir = up;
  }
}

export const ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const VIEWS_DIR = path.join(ROOT, "views");
export const PUBLIC_DIR = path.join(ROOT, "public");
export const MIGRATIONS_DIR = path.join(ROOT, "prisma", "migrations");
