// The search's parsing task, run in a parsing process (src/parse-child.ts).
import { parseTask } from "../../platform/untrusted/task.js";
import type { Extracted } from "./text-extract.js";

/** The searchable text of a PDF or Word document. */
export const extractTextTask = parseTask<{ path: string; mime: string }, Extracted>("extractText", 30_000);
