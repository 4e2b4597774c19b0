// The documents' parsing tasks, run in a parsing process (src/parse-child.ts).
import { parseTask } from "../../platform/untrusted/task.js";

/** A .docx's zip budget (untrusted/zip-budget.ts), read from its central directory before LibreOffice opens it. */
export const checkDocxBudgetTask = parseTask<{ path: string }, { entries: number; totalBytes: number }>("checkDocxBudget", 15_000);
