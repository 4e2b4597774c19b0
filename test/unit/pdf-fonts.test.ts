// The PDF writer's line wrapping (src/platform/pdf/fonts.ts): it sums the words' widths and
// measures a line whole only near the edge; the lines must be those of measuring every
// prefix whole.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { embedFonts, type PdfFont } from "../../src/platform/pdf/fonts.js";

/** How many dark pixels poppler (pdftoppm, an independent renderer) draws on each page of `pdf`. */
function darkPixelsPerPage(pdf: Uint8Array): number[] {
  const dir = mkdtempSync(path.join(tmpdir(), "kd-fonts-"));
  try {
    writeFileSync(path.join(dir, "in.pdf"), pdf);
    execFileSync("pdftoppm", ["-gray", "-r", "72", path.join(dir, "in.pdf"), path.join(dir, "page")]);
    const pages: number[] = [];
    for (let n = 1; ; n++) {
      let pgm: Buffer;
      try {
        pgm = readFileSync(path.join(dir, `page-${n}.pgm`));
      } catch {
        return pages;
      }
      // Binary PGM: "P5", width, height, maxval, one whitespace, then one byte per pixel.
      const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 40).toString("latin1"));
      if (!header) throw new Error("pdftoppm wrote no PGM");
      const pixels = pgm.subarray(header[0].length);
      pages.push(pixels.filter((v) => v < 128).length);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Wrapping by measuring each longer line whole: the rule `wrap` must keep. */
function wrapMeasuringWhole(font: PdfFont, para: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  const words = para
    .split(/ +/)
    .filter(Boolean)
    .flatMap((w) => {
      if (font.widthOfTextAtSize(w, size) <= width) return [w];
      const pieces: string[] = [];
      let piece = "";
      for (const ch of w) {
        if (font.widthOfTextAtSize(piece + ch, size) > width && piece) {
          pieces.push(piece);
          piece = ch;
        } else piece += ch;
      }
      return piece ? [...pieces, piece] : pieces;
    });
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) > width && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  lines.push(line);
  return lines;
}

const TEXT =
  "Kerja sama antara Pemerintah Kota Yogyakarta dan PT Wahana AVTA Tbk. tentang Pengelolaan Sampah Terpadu, " +
  'Pengembangan Kapasitas Aparatur, dan Pertukaran Data (Wawasan, Tata Kelola, "Yogya" AWAY) selama lima tahun; ' +
  "para pihak sepakat: To, Ty, Vo, Wa, Ye, LT, P., F., Y., 'AV' — naskah ini ditandatangani Walikota Yogyakarta.";

describe("PDF line wrapping", () => {
  it("when paragraphs are wrapped at many widths and sizes then the lines are those of measuring every line whole, and each fits", async () => {
    const doc = await PDFDocument.create();
    const { regular, bold } = await embedFonts(doc);
    let compared = 0;
    for (const font of [regular, bold])
      for (const size of [7, 10.5, 16])
        for (let width = 60; width <= 520; width += 31) {
          const got = font.wrap(TEXT, size, width);
          expect(got).toEqual(wrapMeasuringWhole(font, TEXT, size, width));
          for (const line of got) if (line.includes(" ")) expect(font.widthOfTextAtSize(line, size)).toBeLessThanOrEqual(width);
          compared++;
        }
    expect(compared).toBe(2 * 3 * 15);
  });

  it("when a word is wider than the line then it is cut into pieces that fit", async () => {
    const doc = await PDFDocument.create();
    const { regular } = await embedFonts(doc);
    const lines = regular.wrap(`awal ${"x".repeat(80)} akhir`, 10, 100);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(regular.widthOfTextAtSize(line, 10)).toBeLessThanOrEqual(100);
    expect(lines.join("").replace(/ /g, "")).toBe(`awal${"x".repeat(80)}akhir`);
  });

  it("when Chinese, Japanese and Korean text is drawn then its glyphs are on the page as an independent renderer sees it, as Latin text's are", async () => {
    const texts = ["Kyoto City", "京都市", "北京市", "서울특별시"];
    const doc = await PDFDocument.create();
    const { regular } = await embedFonts(doc, ...texts);
    for (const text of texts) regular.draw(doc.addPage([300, 100]), text, { x: 20, y: 40, size: 28 });
    const [latin, ...others] = darkPixelsPerPage(await doc.save());
    expect(latin).toBeGreaterThan(100);
    // Each page about as inked as the Latin one (measured: 722, 600 and 807 dark pixels against 750);
    // pdf-lib's own fontkit drew 221, 221 and 0: empty or broken glyphs.
    for (const dark of others) expect(dark).toBeGreaterThan((latin ?? 0) / 2);
  });
});
