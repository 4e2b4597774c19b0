// What a parsing process can be asked to do (sandbox.ts runs one per job). Each task
// reads the files it is named and writes its output file; the features own the
// parsing code, imported here only inside the child process.
import type { Extracted } from "../search/text-extract.js";
import type { Stamp } from "../copies/stamp.js";
import type { Emblem } from "../letters/render.js";
import type { ImportRow } from "../agreements/import-reader.js";

export type Tasks = {
  /** The searchable text of a PDF or Word document. */
  extractText: { input: { path: string; mime: string }; output: Extracted };
  /** Why a letter template cannot be used (empty when it can): its placeholders must be exactly these names. */
  checkTemplate: { input: { path: string; simple: string[]; loops: Record<string, string[]> }; output: string[] };
  /** A letter filled from its template; written to `outPath`. */
  renderLetter: { input: { templatePath: string; data: unknown; outPath: string; emblem?: Emblem | null }; output: { size: number } };
  /** The size in pixels of a PNG or JPEG (the letterhead's emblem), after decoding it; throws when it cannot be read or is too large. */
  checkImage: { input: { path: string; mime: string }; output: { width: number; height: number } };
  /** The rows of an import workbook (first sheet), or a message naming what is wrong. */
  readImport: { input: { path: string }; output: ImportRow[] };
  /** Throws (unreadable, with the reason) when a signed scan cannot be stamped. */
  checkStampable: { input: { path: string; mime: string }; output: null };
  /** The numbered copy of a signed scan; written to `outPath`. */
  stampCopy: { input: { path: string; mime: string; stamp: Stamp; outPath: string }; output: { size: number } };
};

export type TaskName = keyof Tasks;
export type TaskInput<K extends TaskName> = Tasks[K]["input"];
export type TaskOutput<K extends TaskName> = Tasks[K]["output"];
