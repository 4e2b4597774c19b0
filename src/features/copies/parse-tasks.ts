// The numbered copies' parsing tasks, run in a parsing process (src/parse-child.ts).
import { parseTask } from "../../platform/untrusted/task.js";
import type { Stamp } from "./stamp.js";

/** Throws (unreadable, with the reason) when a signed scan cannot be stamped. */
export const checkStampableTask = parseTask<{ path: string; mime: string }, null>("checkStampable", 20_000);
/** The numbered copy of a signed scan; written to `outPath`. */
export const stampCopyTask = parseTask<{ path: string; mime: string; stamp: Stamp; outPath: string }, { size: number }>("stampCopy", 30_000);
