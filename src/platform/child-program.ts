// How one of the app's own modules is run as a child process (the parsing process, the
// snapshot backup). Built (dist/), the module is plain JavaScript next to its caller.
// Run from source (tests, `npm run dev`), it is TypeScript and needs tsx, whose start
// costs seconds per process on a busy machine: KD_COMPILED_SRC may name a compiled copy
// of src/ to run instead (the test setup makes one with esbuild; see docs/testing.md).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ROOT } from "./paths.js";

export type ChildProgram = {
  /** The file Node runs. */
  entry: string;
  /** Node flags it needs (tsx's loader when run from source). */
  execArgv: string[];
  /** True when tsx runs in the child: its heap holds tsx's compiler too. */
  viaTsx: boolean;
};

/**
 * The program for `relative` (a path without extension, relative to the calling
 * module's folder: "../../parse-child"), given the caller's `import.meta.url`.
 */
export function childProgram(callerUrl: string, relative: string): ChildProgram {
  const caller = fileURLToPath(callerUrl);
  const target = path.resolve(path.dirname(caller), relative);
  if (!caller.endsWith(".ts")) return { entry: `${target}.js`, execArgv: [], viaTsx: false };
  const compiled = process.env.KD_COMPILED_SRC;
  if (compiled) {
    const rel = path.relative(path.join(ROOT, "src"), target);
    if (!rel.startsWith("..")) return { entry: path.join(compiled, `${rel}.js`), execArgv: [], viaTsx: false };
  }
  return { entry: `${target}.ts`, execArgv: ["--import", "tsx"], viaTsx: true };
}
