// The PDF writer's line wrapping (src/platform/pdf/fonts.ts): it sums the words' widths and
// measures a line whole only near the edge; the lines must be those of measuring every
// prefix whole.
import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { embedFonts, type PdfFont } from "../../src/platform/pdf/fonts.js";

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
});
