// Filling and checking letter templates, through a parsing process (render.ts runs
// there): an uploaded template is a file someone sent, and a filled letter is parsed
// from it.
import { runUntrusted, takeOutput, outputPath, withSourceFile } from "../../platform/untrusted/sandbox.js";
import { checkTemplateTask, renderLetterTask } from "./parse-tasks.js";
import type { FileSource } from "../../platform/files/blob-store.js";
import { PLACEHOLDER_SETS, type LetterData, type LetterScope, type MeetingLetterData } from "./placeholders.js";
import type { Emblem, PlaceholderNames } from "./render.js";

/** The names a template of this scope may use, as plain lists (placeholders.ts). */
export function placeholderNames(scope: LetterScope): PlaceholderNames {
  const set = PLACEHOLDER_SETS[scope];
  return { simple: Object.keys(set.simple), loops: Object.fromEntries(Object.entries(set.loops).map(([k, v]) => [k, Object.keys(v.fields)])) };
}

/** Why a template cannot be used (empty when it can). Throws UntrustedFileError when it cannot even be read within the limits. */
export function checkTemplate(source: FileSource, scope: LetterScope): Promise<string[]> {
  return withSourceFile(source, "docx", (path) => runUntrusted(checkTemplateTask, { path, ...placeholderNames(scope) }));
}

/** The letter filled with `data`. */
export async function fillTemplate(template: Buffer, data: LetterData | MeetingLetterData, emblem: Emblem | null = null): Promise<Buffer> {
  const outPath = outputPath("docx");
  return withSourceFile(template, "docx", async (templatePath) => {
    try {
      await runUntrusted(renderLetterTask, { templatePath, data, outPath, emblem });
    } catch (e) {
      await takeOutput(outPath).catch(() => undefined);
      throw e;
    }
    return takeOutput(outPath);
  });
}
