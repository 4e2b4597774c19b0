// Builds dist/ with tsc when it is missing or older than the sources, so that
// `npm start` works right after `npm install` on a fresh clone.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stamp = path.join(root, "dist", ".build-stamp");

function newest(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of readdirSync(p)) m = Math.max(m, newest(path.join(p, e)));
  return m;
}

const sources = Math.max(
  newest(path.join(root, "src")),
  newest(path.join(root, "scripts")),
  newest(path.join(root, "tsconfig.json")),
  newest(path.join(root, "package-lock.json")),
);
if (!existsSync(stamp) || statSync(stamp).mtimeMs < sources) {
  if (!existsSync(path.join(root, "src", "generated", "prisma", "client.ts"))) {
    console.log("Membuat Prisma Client…");
    execFileSync(process.execPath, [path.join(root, "node_modules", "prisma", "build", "index.js"), "generate"], {
      cwd: root,
      stdio: "inherit",
    });
  }
  console.log("Membangun aplikasi (tsc)…");
  execFileSync(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "."], {
    cwd: root,
    stdio: "inherit",
  });
  writeFileSync(stamp, new Date().toISOString());
}
