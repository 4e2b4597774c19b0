// The parsing process (started by sandbox.ts for one job): receives one task, runs
// it, answers, and exits. It has no database and no secrets. Anything it throws is
// answered as "unreadable" with a message that completes "Berkas X ...".
import { readFile, stat, writeFile } from "node:fs/promises";
import { FileProblem, UntrustedFileError } from "./errors.js";
import type { TaskInput, TaskName, TaskOutput } from "./tasks.js";
import { checkZipBudget, OFFICE_BUDGET } from "./zip-budget.js";

type Handlers = { [K in TaskName]: (input: TaskInput<K>) => Promise<TaskOutput<K>> };

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

const handlers: Handlers = {
  async extractText({ path, mime }) {
    if (mime === DOCX) await checkZipBudget(path, OFFICE_BUDGET);
    const { extractText } = await import("../search/text-extract.js");
    return extractText(await readFile(path), mime);
  },
  async checkTemplate({ path, simple, loops }) {
    await checkZipBudget(path, OFFICE_BUDGET);
    const { templateProblems } = await import("../letters/render.js");
    return templateProblems(await readFile(path), { simple, loops });
  },
  async renderLetter({ templatePath, data, outPath }) {
    await checkZipBudget(templatePath, OFFICE_BUDGET);
    const { renderLetter } = await import("../letters/render.js");
    const out = renderLetter(await readFile(templatePath), data);
    await writeFile(outPath, out);
    return { size: out.length };
  },
  async readImport({ path }) {
    const { IMPORT_BUDGET, readImportFile } = await import("../agreements/import-reader.js");
    await checkZipBudget(path, IMPORT_BUDGET);
    return readImportFile(path);
  },
  async checkStampable({ path, mime }) {
    const { openAsPdf } = await import("../copies/stamp.js");
    await openAsPdf(await readFile(path), mime);
    return null;
  },
  async stampCopy({ path, mime, stamp, outPath }) {
    const { stampCopy } = await import("../copies/stamp.js");
    const out = await stampCopy(await readFile(path), mime, stamp);
    await writeFile(outPath, out);
    return { size: (await stat(outPath)).size };
  },
};

function answer(m: unknown): Promise<void> {
  return new Promise((resolve) => process.send!(m, () => resolve()));
}

process.once("message", async (m: { task: TaskName; input: never }) => {
  try {
    const value = await (handlers[m.task] as (i: never) => Promise<unknown>)(m.input);
    await answer({ ok: true, value });
  } catch (e) {
    if (e instanceof UntrustedFileError) await answer({ ok: false, reason: e.reason, message: e.message });
    // The features' own refusals carry a message for the user (StampError, ImportFileError).
    else if (e instanceof FileProblem) await answer({ ok: false, reason: "unreadable", message: e.message });
    else await answer({ ok: false, reason: "unreadable", message: "rusak atau tidak dapat dibaca" });
  }
  process.exit(0);
});
