// A JavaScript copy of src/, made once per run for the processes the tests start: the
// server (server, crash, lock-fencing and disk-full tests), the parsing process and the
// snapshot backup. Under tsx each such start compiled the app again, 5-8 s apiece on a
// busy machine; from JavaScript it is Node's own start. esbuild transforms file by file,
// as tsx does, so the copy behaves as the source (it is not a bundle: paths.ts still finds
// the project's root, views and migrations by walking up from the copy).
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const CACHE_DIRNAME = path.join("node_modules", ".cache", "kd-test-build");

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sourceFiles(p, out);
    else if (e.isFile() && e.name.endsWith(".ts")) out.push(p);
  }
  return out;
}

/**
 * Compiles src/ to JavaScript in a folder of this run's own (as `<folder>/server.js`,
 * `<folder>/parse-child.js`, ...) and returns it with its removal. Each run has its own
 * copy: a run that started while another was going must not remove the copy the other's
 * processes are running from. esbuild takes about a second for the whole tree. Copies a
 * run could not remove (it was killed) are swept after a day.
 */
export async function compiledSrc(root: string): Promise<{ dir: string; remove: () => void }> {
  const cache = path.join(root, CACHE_DIRNAME);
  mkdirSync(cache, { recursive: true });
  for (const old of readdirSync(cache)) {
    const p = path.join(cache, old);
    if (Date.now() - statSync(p).mtimeMs > 24 * 3600_000) rmSync(p, { recursive: true, force: true });
  }
  const dir = mkdtempSync(path.join(cache, "run-"));
  await build({
    entryPoints: sourceFiles(path.join(root, "src")),
    outdir: dir,
    outbase: path.join(root, "src"),
    bundle: false,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: "inline",
    logLevel: "error",
  });
  // The copy is an ES module tree like dist/src: Node reads the type from the nearest package.json.
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
