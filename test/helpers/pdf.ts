// Reading PDFs in tests: the text of every page, and the QR codes drawn on them
// (pdfjs decodes the images, jsQR reads them).
import jsqrModule from "jsqr";
import { getDocument, OPS } from "pdfjs-dist/legacy/build/pdf.mjs";
import { must } from "../../src/platform/must.js";

// jsqr is CommonJS with a default export: its function is `.default` or the module itself.
type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = ((jsqrModule as unknown as { default?: JsQr }).default ?? jsqrModule) as unknown as JsQr;

/** Entry `k` of a text item's transform matrix (pdfjs types it as any[]). */
function transformAt(transform: unknown[], k: number): number {
  const v = transform[k];
  if (typeof v !== "number") throw new Error(`text transform entry ${k} is not a number`);
  return v;
}

const open = (bytes: Uint8Array) => getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;

export async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const doc = await open(bytes);
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ("str" in it ? it.str : "")).join(" "));
  }
  await doc.destroy();
  return pages;
}

type Img = { width: number; height: number; data: Uint8ClampedArray | Uint8Array; kind?: number };

/** The text of every QR code on the first page. */
export async function pdfQrCodes(bytes: Uint8Array): Promise<string[]> {
  const doc = await open(bytes);
  const page = await doc.getPage(1);
  const ops = await page.getOperatorList();
  const found: string[] = [];
  for (let i = 0; i < ops.fnArray.length; i++) {
    if (ops.fnArray[i] !== OPS.paintImageXObject) continue;
    const args: unknown = ops.argsArray[i];
    const name: unknown = Array.isArray(args) ? args[0] : undefined;
    if (typeof name !== "string") throw new Error(`paintImageXObject ${i} has no image name`);
    const img = await new Promise<Img>((resolve) => {
      page.objs.get(name, resolve);
    });
    const pixels = img.width * img.height;
    let rgba: Uint8ClampedArray;
    if (img.data.length === pixels * 4) rgba = new Uint8ClampedArray(img.data);
    else if (img.data.length === pixels * 3) {
      rgba = new Uint8ClampedArray(pixels * 4);
      for (let p = 0; p < pixels; p++) {
        rgba.set(img.data.subarray(p * 3, p * 3 + 3), p * 4);
        rgba[p * 4 + 3] = 255;
      }
    } else continue;
    const code = jsQR(rgba, img.width, img.height);
    if (code) found.push(code.data);
  }
  await doc.destroy();
  return found;
}

export type PdfItem = { page: number; str: string; x: number; y: number };
/** Every piece of text with where it stands (x, y from the page's lower left). */
export async function pdfItems(bytes: Uint8Array): Promise<PdfItem[]> {
  const doc = await open(bytes);
  const out: PdfItem[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    for (const it of content.items)
      if ("str" in it && it.str) out.push({ page: i, str: it.str, x: transformAt(it.transform, 4), y: transformAt(it.transform, 5) });
  }
  await doc.destroy();
  return out;
}

/** The text of every page as lines: pieces on one baseline joined (a space where there is a gap), top to bottom. */
export async function pdfLines(bytes: Uint8Array): Promise<string[]> {
  const doc = await open(bytes);
  const lines: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    const rows = new Map<number, { x: number; w: number; str: string }[]>();
    for (const it of content.items) {
      if (!("str" in it) || !it.str) continue;
      const y = Math.round(transformAt(it.transform, 5));
      rows.set(y, [...(rows.get(y) ?? []), { x: transformAt(it.transform, 4), w: it.width, str: it.str }]);
    }
    for (const y of [...rows.keys()].sort((a, b) => b - a)) {
      let line = "";
      let end = -Infinity;
      for (const p of rows.get(y)!.sort((a, b) => a.x - b.x)) {
        line += (line && p.x - end > 1 && !line.endsWith(" ") && !p.str.startsWith(" ") ? " " : "") + p.str;
        end = p.x + p.w;
      }
      lines.push(line);
    }
  }
  await doc.destroy();
  return lines;
}

/** `pdffonts` (poppler-utils) on the file: each font's name, type and whether it is embedded. */
export async function pdfFontList(bytes: Uint8Array): Promise<{ name: string; type: string; embedded: boolean }[]> {
  const { execFile } = await import("node:child_process");
  const { mkdtemp, rm, writeFile } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  const dir = await mkdtemp(path.join(tmpdir(), "pdffonts-"));
  try {
    const file = path.join(dir, "f.pdf");
    await writeFile(file, bytes);
    const out = await new Promise<string | null>((resolve, reject) =>
      execFile("pdffonts", [file], (e, stdout) => {
        if (!e) resolve(stdout);
        else if (e.code === "ENOENT") resolve(null);
        else reject(new Error(`pdffonts failed: ${e.message}`, { cause: e }));
      }),
    );
    // Without poppler-utils (`npm test` on a machine that lacks it; .ci/run installs it): the font dictionaries, read with pdf-lib.
    if (out === null) return await fontDictionaries(bytes);
    // name, type (one or two words), encoding, emb, sub, uni, object ID
    return out
      .split("\n")
      .slice(2)
      .filter(Boolean)
      .map((l) => {
        const m = must(l.match(/^(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/), `a pdffonts line: ${l}`);
        return { name: must(m[1], `the font name in: ${l}`), type: must(m[2], `the font type in: ${l}`), embedded: m[4] === "yes" };
      });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What pdffonts reports, read from the font dictionaries: a font is embedded when its descriptor holds a font file. */
async function fontDictionaries(bytes: Uint8Array): Promise<{ name: string; type: string; embedded: boolean }[]> {
  const { PDFDocument, PDFDict, PDFName, PDFArray } = await import("pdf-lib");
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const out: { name: string; type: string; embedded: boolean }[] = [];
  // The fonts the pages use (pdffonts lists those, not a font embedded and never drawn with).
  const used = new Set<unknown>();
  for (const page of doc.getPages()) {
    const fonts = page.node.Resources()?.lookupMaybe(PDFName.of("Font"), PDFDict);
    for (const [, ref] of fonts?.entries() ?? []) used.add(doc.context.lookup(ref));
  }
  for (const obj of used) {
    if (!(obj instanceof PDFDict)) continue;
    const subtype = String(obj.get(PDFName.of("Subtype")) ?? "").replace(/^\//, "");
    if (subtype.startsWith("CIDFontType")) continue; // listed through its Type0 parent, as pdffonts does
    let font = obj;
    if (subtype === "Type0") {
      const kids = obj.lookup(PDFName.of("DescendantFonts"), PDFArray);
      font = kids.lookup(0, PDFDict);
    }
    const descriptor = font.lookupMaybe(PDFName.of("FontDescriptor"), PDFDict);
    const embedded = subtype === "Type3" || (!!descriptor && ["FontFile", "FontFile2", "FontFile3"].some((k) => descriptor.has(PDFName.of(k))));
    out.push({
      name: String(obj.get(PDFName.of("BaseFont")) ?? "")
        .replace(/^\//, "")
        .replace(/^[A-Z]{6}\+/, ""),
      type: subtype,
      embedded,
    });
  }
  return out;
}

/** Title, author and language of a PDF, as pdf-lib reads them. */
export async function pdfInfo(bytes: Uint8Array): Promise<{ title?: string; author?: string; lang?: string }> {
  const { PDFDocument, PDFName, PDFString, PDFHexString } = await import("pdf-lib");
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const lang = doc.catalog.lookup(PDFName.of("Lang"));
  return { title: doc.getTitle(), author: doc.getAuthor(), lang: lang instanceof PDFString || lang instanceof PDFHexString ? lang.decodeText() : undefined };
}
