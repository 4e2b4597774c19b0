// A parsing process (started by untrusted/sandbox.ts): runs one task at a time and
// answers. It has no database and no secrets. Anything a task throws is answered as
// "unreadable" with a message that completes "Berkas X ...".
// This is a composition root like wiring.ts: it maps each feature's parsing tasks
// (`<feature>/parse-tasks.ts`) to that feature's parser, so the platform's sandbox
// needs to know no feature.
import { readFile, stat, writeFile } from "node:fs/promises";
import { FileProblem, UntrustedFileError } from "./platform/untrusted/errors.js";
import type { ParseTask } from "./platform/untrusted/task.js";
import { checkZipBudget, OFFICE_BUDGET } from "./platform/untrusted/zip-budget.js";
import { readImportTask } from "./features/agreements/parse-tasks.js";
import { checkStampableTask, stampCopyTask } from "./features/copies/parse-tasks.js";
import { checkImageTask, checkTemplateTask, renderLetterTask } from "./features/letters/parse-tasks.js";
import { extractTextTask } from "./features/search/parse-tasks.js";
import { createCaTask, issueCertificateTask, signPdfTask, verifyPdfTask } from "./features/signatures/parse-tasks.js";
import { checkDocxBudgetTask } from "./features/documents/parse-tasks.js";

type Handler = (input: never) => Promise<unknown>;
/** A task's handler, typed by the task's definition. */
const handle = <I, O>(task: ParseTask<I, O>, run: (input: I) => Promise<O>): [string, Handler] => [task.name, run];

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

const handlers = new Map<string, Handler>([
  handle(extractTextTask, async ({ path, mime }) => {
    if (mime === DOCX) await checkZipBudget(path, OFFICE_BUDGET);
    const { extractText } = await import("./features/search/text-extract.js");
    return extractText(await readFile(path), mime);
  }),
  handle(checkTemplateTask, async ({ path, simple, loops }) => {
    await checkZipBudget(path, OFFICE_BUDGET);
    const { templateProblems } = await import("./features/letters/render.js");
    return templateProblems(await readFile(path), { simple, loops });
  }),
  handle(renderLetterTask, async ({ templatePath, data, outPath, emblem }) => {
    await checkZipBudget(templatePath, OFFICE_BUDGET);
    const { renderLetter } = await import("./features/letters/render.js");
    const out = renderLetter(await readFile(templatePath), data, emblem ?? null);
    await writeFile(outPath, out);
    return { size: out.length };
  }),
  handle(checkDocxBudgetTask, async ({ path }) => {
    const { entries, totalBytes } = await checkZipBudget(path, OFFICE_BUDGET);
    return { entries, totalBytes };
  }),
  handle(checkImageTask, async ({ path, mime }) => {
    const { checkImage } = await import("./features/letters/emblem.js");
    return checkImage(await readFile(path), mime);
  }),
  handle(readImportTask, async ({ path }) => {
    const { IMPORT_BUDGET, NOT_XLSX, ImportFileError, readImportFile } = await import("./features/agreements/import-reader.js");
    try {
      await checkZipBudget(path, IMPORT_BUDGET);
    } catch (e) {
      // Not a zip at all: the import's own words.
      if (e instanceof UntrustedFileError && e.reason === "unreadable") throw new ImportFileError(NOT_XLSX);
      throw e;
    }
    return readImportFile(path);
  }),
  handle(checkStampableTask, async ({ path, mime }) => {
    const { openAsPdf } = await import("./features/copies/stamp.js");
    await openAsPdf(await readFile(path), mime);
    return null;
  }),
  handle(createCaTask, async (o) => {
    const { createLocalCa } = await import("./platform/pdf-signing/index.js");
    return createLocalCa(o);
  }),
  handle(issueCertificateTask, async ({ ca, who, passphrase }) => {
    const { issueSignerCertificate, toP12 } = await import("./platform/pdf-signing/index.js");
    const { X509Certificate } = await import("node:crypto");
    const cert = issueSignerCertificate(ca, who);
    const x = new X509Certificate(cert.certPem);
    return {
      p12Base64: toP12(cert, ca.certPem, passphrase, who.name).toString("base64"),
      subject: x.subject.replace(/\n/g, ", "),
      serial: x.serialNumber,
      notBefore: new Date(x.validFrom).toISOString(),
      notAfter: new Date(x.validTo).toISOString(),
    };
  }),
  handle(signPdfTask, async ({ path, outPath, p12Base64, passphrase, reason, location, name, appearance }) => {
    const { signPdf, WrongPassphraseError } = await import("./platform/pdf-signing/index.js");
    const { qrPngBase64, ...box } = appearance;
    let out: Buffer;
    try {
      out = await signPdf(await readFile(path), Buffer.from(p12Base64, "base64"), passphrase, {
        reason,
        location,
        name,
        appearance: { ...box, qrPng: Buffer.from(qrPngBase64, "base64") },
      });
    } catch (e) {
      if (e instanceof WrongPassphraseError) throw new UntrustedFileError("locked", "tidak dapat dibuka: passphrase salah");
      throw e;
    }
    await writeFile(outPath, out);
    return { size: out.length };
  }),
  handle(verifyPdfTask, async ({ path, anchors }) => {
    const { verifyPdfSignatures } = await import("./platform/pdf-signing/index.js");
    return verifyPdfSignatures(await readFile(path), anchors);
  }),
  handle(stampCopyTask, async ({ path, mime, stamp, outPath }) => {
    const { stampCopy } = await import("./features/copies/stamp.js");
    const out = await stampCopy(await readFile(path), mime, stamp);
    await writeFile(outPath, out);
    return { size: (await stat(outPath)).size };
  }),
]);

/** Forked by untrusted/sandbox.ts with an IPC channel: the only way this process answers. */
function send(m: unknown, done?: () => void): void {
  if (!process.send) throw new Error("Invariant: the IPC channel to the server is missing");
  if (done) process.send(m, done);
  else process.send(m);
}

function answer(m: unknown): Promise<void> {
  return new Promise((resolve) => send(m, () => resolve()));
}

// The readers are loaded once, before the first job: the process is kept for the next jobs.
await Promise.all([
  import("pdfjs-dist/legacy/build/pdf.mjs"),
  import("mammoth"),
  import("docxtemplater"),
  import("pizzip"),
  import("pdf-lib"),
  import("exceljs"),
  import("qrcode"),
  import("./features/search/text-extract.js"),
  import("./features/letters/render.js"),
  import("./features/agreements/import-reader.js"),
  import("./features/copies/stamp.js"),
  import("./features/letters/emblem.js"),
]);
// The numbered-copy stamp's fonts, read once for every job this process will run.
(await import("./platform/pdf/fonts.js")).preloadFonts();

/** The built-in prototypes as they were before any job: a job that changed them makes this process unfit for another. */
const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype, String.prototype];
const before = PROTOTYPES.map((p) => Reflect.ownKeys(p).length);
const clean = () => PROTOTYPES.every((p, i) => Reflect.ownKeys(p).length === before[i]);

type Job = { id: number; task: string; input: never };
const onMessage = async (m: Job) => {
  try {
    const run = handlers.get(m.task);
    if (!run) throw new Error(`unknown parsing task ${m.task}`);
    const value = await run(m.input);
    await answer({ id: m.id, ok: true, value, clean: clean() });
  } catch (e) {
    const [reason, message] =
      e instanceof UntrustedFileError
        ? [e.reason, e.message]
        : // The features' own refusals carry a message for the user (StampError, ImportFileError).
          e instanceof FileProblem
          ? ["unreadable", e.message]
          : ["unreadable", "rusak atau tidak dapat dibaca"];
    await answer({ id: m.id, ok: false, reason, message, clean: false });
  }
};
process.on("message", (m: Job) => void onMessage(m));

// The server went away: nothing left to do.
process.on("disconnect", () => process.exit(0));
send({ ready: true });
