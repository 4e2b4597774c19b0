// The letters' parsing tasks, run in a parsing process (src/parse-child.ts).
import { parseTask } from "../../platform/untrusted/task.js";
import type { Emblem } from "./render.js";

/** Why a letter template cannot be used (empty when it can): its placeholders must be exactly these names. */
export const checkTemplateTask = parseTask<{ path: string; simple: string[]; loops: Record<string, string[]> }, string[]>("checkTemplate", 15_000);
/** A letter filled from its template; written to `outPath`. */
export const renderLetterTask = parseTask<{ templatePath: string; data: unknown; outPath: string; emblem?: Emblem | null }, { size: number }>(
  "renderLetter",
  20_000,
);
/** The size in pixels of a PNG or JPEG (the letterhead's emblem), after decoding it; throws when it cannot be read or is too large. */
export const checkImageTask = parseTask<{ path: string; mime: string }, { width: number; height: number }>("checkImage", 15_000);
