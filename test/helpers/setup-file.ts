// Runs in each test file's process before the file: the app's child processes (the
// parsing process, the snapshot backup) run from the run's compiled copy of src/
// (test/helpers/compiled-src.ts, src/platform/child-program.ts) instead of tsx.
import { inject } from "vitest";

process.env.KD_COMPILED_SRC = inject("compiledSrc");
