// The text of a PDF (pdfjs-dist) or a Word document (mammoth), for search. A PDF
// with no text layer (a scan) gives NO_TEXT; the text is cut at MAX_CHARS. Runs in a
// parsing process (untrusted/sandbox.ts, task "extractText"), never in the server.
import { UntrustedFileError } from "../../platform/untrusted/errors.js";

const PDF = "application/pdf";
/** A PDF with more pages than this is not read at all (its first MAX_PAGES would be). */
export const MAX_PDF_PAGES = 2_000;

export const MAX_CHARS = 500_000;
const MAX_PAGES = 300;

export type Extracted = { status: "DONE" | "NO_TEXT"; text: string | null };

const clean = (s: string) =>
  s
    // eslint-disable-next-line no-control-regex -- PostgreSQL text cannot hold NUL: extracted text drops it
    .replace(/\u0000/g, "")
    .replace(/[ \t\f\v]+/g, " ")
    .replace(/\s*\n\s*/g, "\n")
    .trim()
    .slice(0, MAX_CHARS);

async function pdfText(bytes: Buffer): Promise<string> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  try {
    if (doc.numPages > MAX_PDF_PAGES)
      throw new UntrustedFileError(
        "budget",
        `memiliki ${doc.numPages.toLocaleString("id-ID")} halaman (paling banyak ${MAX_PDF_PAGES.toLocaleString("id-ID")})`,
      );
    const parts: string[] = [];
    let length = 0;
    for (let i = 1; i <= Math.min(doc.numPages, MAX_PAGES) && length < MAX_CHARS; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      const text = content.items.map((it) => ("str" in it ? it.str + (it.hasEOL ? "\n" : " ") : "")).join("");
      parts.push(text);
      length += text.length;
      page.cleanup();
    }
    return parts.join("\n");
  } finally {
    await doc.destroy();
  }
}

/** Throws when the file cannot be read at all (the job marks it FAILED). */
export async function extractText(bytes: Buffer, mime: string): Promise<Extracted> {
  const raw = mime === PDF ? await pdfText(bytes) : (await (await import("mammoth")).default.extractRawText({ buffer: bytes })).value;
  const text = clean(raw);
  // Fewer than a few letters: a scan, or an empty page.
  return (text.match(/\p{L}/gu)?.length ?? 0) < 3 ? { status: "NO_TEXT", text: null } : { status: "DONE", text };
}
