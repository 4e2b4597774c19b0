// The register import's parsing task, run in a parsing process (src/parse-child.ts).
import { parseTask } from "../../platform/untrusted/task.js";
import type { ImportRow } from "./import-reader.js";

/** The rows of an import workbook (first sheet), or a message naming what is wrong. */
export const readImportTask = parseTask<{ path: string }, ImportRow[]>("readImport", 30_000);
