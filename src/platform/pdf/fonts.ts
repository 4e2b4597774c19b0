// The fonts of every PDF the app draws (the ministry report, the TKKSD invitation and
// minutes, the evaluation report, the numbered-copy stamp): Noto Sans for Latin
// (Vietnamese included), Greek and Cyrillic, then Droid Sans Fallback (Chinese, Japanese)
// and NanumGothic (Korean) for the characters Noto Sans lacks. All ship with the app (assets/fonts/,
// with their licences) and are embedded as subsets, so a PDF carries only the glyphs it
// uses and reads the same on any machine. Text is drawn in runs: each run in the first
// font that has its characters.
//
// The fonts are read and subset with fontkit 2 (foliojs), not pdf-lib's own fork
// (@pdf-lib/fontkit 1.1, unmaintained since 2020): the fork's subsets of the CJK and Korean
// faces came out with empty glyphs (its TrueType subsetter drops composite glyphs' parts and
// writes a short `loca` without padding), so 京都市 was drawn as blank space while its text
// could still be copied. pdf-lib takes any fontkit with `create()`; the one difference it
// meets is that a fontkit 2 subset is encoded at once, not streamed (streamingSubsets below).
import { readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import * as fontkit from "fontkit";
import { PDFDocument, type Color, type PDFFont, type PDFPage } from "pdf-lib";
import { ROOT } from "../paths.js";
import { must } from "../must.js";

export const FONTS_DIR = path.join(ROOT, "assets", "fonts");
const FILES = { regular: "NotoSans-Regular.ttf", bold: "NotoSans-Bold.ttf", cjk: "DroidSansFallbackFull.ttf", hangul: "NanumGothic.ttf" } as const;
/** The faces tried, in order, for a character the main font lacks. */
const FALLBACKS = ["cjk", "hangul"] as const;
type FaceName = keyof typeof FILES;

// Read once per process; fontkit's own parse (for coverage) is kept beside the bytes.
const loaded = new Map<FaceName, { bytes: Uint8Array; kit: fontkit.Font }>();
function face(name: FaceName) {
  let f = loaded.get(name);
  if (!f) {
    const bytes = readFileSync(path.join(FONTS_DIR, FILES[name]));
    const kit = fontkit.create(bytes);
    if (!("createSubset" in kit)) throw new Error(`${FILES[name]} is a font collection, not one font`);
    f = { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), kit: streamingSubsets(kit) };
    loaded.set(name, f);
  }
  return f;
}

/** pdf-lib reads a subset as a stream (`encodeStream()`, fontkit 1's API); fontkit 2 encodes it at once. */
function streamingSubsets(kit: fontkit.Font): fontkit.Font {
  const createSubset = kit.createSubset.bind(kit);
  return Object.assign(kit, {
    createSubset: () => {
      const subset = createSubset();
      return Object.assign(subset, { encodeStream: () => Readable.from([Buffer.from(subset.encode())]) });
    },
  });
}

/**
 * fontkit as pdf-lib sees it: a face's bytes give back the face's parse made once above. With
 * a fontkit of its own every PDF parsed each font again, layout tables included, at its first line
 * (about 100 ms of CPU per document, most of the time of a page of minutes). A parse is only
 * read from (a subset is a new object each time), so one per process serves every document.
 */
const pdfLibFontkit = {
  create: (bytes: Uint8Array) =>
    must(
      [...loaded.values()].find((f) => f.bytes === bytes),
      "a font the app loaded (face())",
    ).kit,
} as unknown as Parameters<PDFDocument["registerFontkit"]>[0];

/** Reads the Latin fonts ahead of the first document (a parsing process does it at start: stamps use them). */
export function preloadFonts(): void {
  face("regular");
  face("bold");
}

/**
 * A value as one line of text: NFC (so "ệ" is one character the font has), every line
 * break or tab a space, other control characters dropped.
 */
export const oneLine = (s: string) => clean(s).replace(/\n/g, " ");
/** A value as lines: NFC, "\r\n" and "\r" as "\n", tabs as spaces, other control characters dropped. */
export const clean = (s: string) =>
  s
    .normalize("NFC")
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n")
    .replace(/\t/g, " ")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u0084\u0086-\u009f\ufeff\u200b]/g, "");

/** The fallback faces some character of `texts` needs (none for Latin text). */
const fallbacksFor = (texts: string[]) => {
  const main = face("regular").kit;
  const needed = new Set<(typeof FALLBACKS)[number]>();
  for (const text of texts) {
    for (const ch of text) {
      const cp = must(ch.codePointAt(0), "the code point of a character");
      if (!ch.trim() || main.hasGlyphForCodePoint(cp)) continue;
      const f = FALLBACKS.find((n) => face(n).kit.hasGlyphForCodePoint(cp));
      if (f) needed.add(f);
    }
  }
  return FALLBACKS.filter((n) => needed.has(n));
};
type Face = { pdf: PDFFont; kit: fontkit.Font };

/** A font with its fallback: measures and draws text in runs of the face that has each character. */
export class PdfFont {
  constructor(
    private readonly main: Face,
    private readonly fallbacks: Face[],
  ) {}

  /** The text split into runs, each with the font that draws it; a character no font has becomes "?". */
  runs(text: string): { font: PDFFont; text: string }[] {
    const out: { font: PDFFont; text: string }[] = [];
    for (let ch of oneLine(text)) {
      const cp = must(ch.codePointAt(0), "the code point of a character");
      let f = this.main;
      if (!this.main.kit.hasGlyphForCodePoint(cp) && ch !== " ") {
        const other = this.fallbacks.find((x) => x.kit.hasGlyphForCodePoint(cp));
        if (other) f = other;
        else ch = "?";
      }
      const last = out.at(-1);
      if (last && last.font === f.pdf) last.text += ch;
      else out.push({ font: f.pdf, text: ch });
    }
    return out;
  }

  /** Widths at size 1 of the words measured by `wrap` (a document measures the same words again and again). */
  private readonly wordWidths = new Map<string, number>();

  widthOfTextAtSize(text: string, size: number): number {
    return this.runs(text).reduce((w, r) => w + r.font.widthOfTextAtSize(r.text, size), 0);
  }

  /** The width of `text` at `size` through the memo of words (widths scale with the size). */
  private wordWidth(text: string, size: number): number {
    let w = this.wordWidths.get(text);
    if (w === undefined) {
      w = this.widthOfTextAtSize(text, 1);
      this.wordWidths.set(text, w);
    }
    return w * size;
  }

  /** Draws one line (line breaks in `text` become spaces). */
  draw(page: PDFPage, text: string, o: { x: number; y: number; size: number; color?: Color; opacity?: number }) {
    let x = o.x;
    for (const r of this.runs(text)) {
      page.drawText(r.text, { x, y: o.y, size: o.size, font: r.font, color: o.color, opacity: o.opacity });
      x += r.font.widthOfTextAtSize(r.text, o.size);
    }
  }

  /** `text` wrapped to `width`: its own line breaks kept, a word wider than the line cut into pieces that fit. */
  wrap(text: string, size: number, width: number): string[] {
    const lines: string[] = [];
    for (const para of clean(text).split("\n")) {
      let line = "";
      const words = para
        .split(/ +/)
        .filter(Boolean)
        .flatMap((w) => {
          if (this.wordWidth(w, size) <= width) return [w];
          const pieces: string[] = [];
          let piece = "";
          for (const ch of w) {
            if (this.widthOfTextAtSize(piece + ch, size) > width && piece) {
              pieces.push(piece);
              piece = ch;
            } else piece += ch;
          }
          return piece ? [...pieces, piece] : pieces;
        });
      // A line's width is the sum of its words' and spaces' widths but for the kerning across
      // each space: the sum decides, and only a line that sum puts near the edge is measured
      // whole (measuring every longer prefix whole cost seconds per page of minutes).
      let lineWidth = 0;
      const space = this.wordWidth(" ", size);
      const near = Math.max(2, width * 0.02);
      for (const word of words) {
        const next = line ? `${line} ${word}` : word;
        let nextWidth = (line ? lineWidth + space : 0) + this.wordWidth(word, size);
        if (Math.abs(nextWidth - width) <= near) nextWidth = this.widthOfTextAtSize(next, size);
        if (nextWidth > width && line) {
          lines.push(line);
          line = word;
          lineWidth = this.wordWidth(word, size);
        } else {
          line = next;
          lineWidth = nextWidth;
        }
      }
      lines.push(line);
    }
    return lines;
  }
}

export type PdfFonts = { regular: PdfFont; bold: PdfFont };

/**
 * Embeds the app's fonts (subsets) in `doc`. `texts` is everything that will be drawn
 * beyond the app's own wording (names, titles, reasons): a fallback font is embedded
 * only when some of it needs it.
 */
export async function embedFonts(doc: PDFDocument, ...texts: string[]): Promise<PdfFonts> {
  doc.registerFontkit(pdfLibFontkit);
  const embed = async (name: FaceName) => ({ pdf: await doc.embedFont(face(name).bytes, { subset: true }), kit: face(name).kit });
  const fallbacks: Face[] = [];
  for (const name of fallbacksFor(texts.map(clean))) fallbacks.push(await embed(name));
  return { regular: new PdfFont(await embed("regular"), fallbacks), bold: new PdfFont(await embed("bold"), fallbacks) };
}

const AUTHOR = "Pemerintah Kota Yogyakarta";

/** Title, author, language (Indonesian) and producer of a PDF the app draws. */
export function describePdf(doc: PDFDocument, title: string, o: { subject?: string; author?: string } = {}) {
  doc.setTitle(oneLine(title), { showInWindowTitleBar: true });
  doc.setAuthor(o.author ?? AUTHOR);
  if (o.subject) doc.setSubject(oneLine(o.subject));
  doc.setLanguage("id-ID");
  doc.setCreator("Kerjasama Daerah - Pemerintah Kota Yogyakarta");
  doc.setProducer("Kerjasama Daerah - Pemerintah Kota Yogyakarta");
}

/** A new PDF with the app's fonts and its description. */
export async function newPdf(title: string, ...texts: string[]) {
  const doc = await PDFDocument.create();
  describePdf(doc, title);
  return { doc, fonts: await embedFonts(doc, title, ...texts) };
}
