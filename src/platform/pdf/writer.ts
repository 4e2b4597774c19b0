// A4 portrait documents drawn as flowing text (the TKKSD invitation and minutes, the
// evaluation report): paragraphs wrapped to the margins, "Label : value" rows, a
// letterhead (kop) and a signature block, in the app's fonts (fonts.ts).
import { rgb, type PDFDocument, type PDFPage } from "pdf-lib";
import { newPdf, type PdfFont, type PdfFonts } from "./fonts.js";

/** An empty name or number in a document: dots to fill by hand. */
export const BLANK = "……………";

export const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const WIDTH = A4[0] - 2 * MARGIN;

export type TextOptions = { size?: number; bold?: boolean; center?: boolean; indent?: number; gap?: number; x?: number };

export class Writer {
  private page!: PDFPage;
  private y = 0;
  constructor(
    readonly doc: PDFDocument,
    private readonly fonts: PdfFonts,
  ) {
    this.newPage();
  }
  private newPage() {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }
  private room(h: number) {
    if (this.y - h < MARGIN) this.newPage();
  }
  private font(bold?: boolean): PdfFont {
    return bold ? this.fonts.bold : this.fonts.regular;
  }

  /** A paragraph, wrapped; `x` starts it at that distance from the left margin (for the right half, e.g. signatures). */
  text(text: string, o: TextOptions = {}) {
    const size = o.size ?? 11;
    const font = this.font(o.bold);
    const left = MARGIN + (o.x ?? 0) + (o.indent ?? 0);
    const width = A4[0] - MARGIN - left;
    for (const line of font.wrap(text, size, width)) {
      this.room(size * 1.35);
      const x = o.center ? (A4[0] - font.widthOfTextAtSize(line, size)) / 2 : left;
      font.draw(this.page, line, { x, y: this.y - size, size });
      this.y -= size * 1.35;
    }
    this.y -= o.gap ?? 4;
  }

  /** "Label : value" rows with the colons aligned; values wrap under themselves. */
  fields(rows: [string, string][], o: { size?: number; indent?: number; labelWidth?: number; gap?: number } = {}) {
    const size = o.size ?? 11;
    const f = this.fonts.regular;
    const left = MARGIN + (o.indent ?? 0);
    const labelWidth = o.labelWidth ?? Math.max(...rows.map(([l]) => f.widthOfTextAtSize(l, size))) + 6;
    const valueX = left + labelWidth + f.widthOfTextAtSize(": ", size);
    for (const [label, value] of rows) {
      const lines = f.wrap(value, size, A4[0] - MARGIN - valueX);
      lines.forEach((line, i) => {
        this.room(size * 1.35);
        if (i === 0) {
          f.draw(this.page, label, { x: left, y: this.y - size, size });
          f.draw(this.page, ":", { x: left + labelWidth, y: this.y - size, size });
        }
        f.draw(this.page, line, { x: valueX, y: this.y - size, size });
        this.y -= size * 1.35;
      });
    }
    this.y -= o.gap ?? 4;
  }

  /** Numbered items ("1. …"), each wrapped under its own text. */
  list(items: string[], o: { size?: number; indent?: number; gap?: number; bold?: boolean } = {}) {
    const size = o.size ?? 11;
    const f = this.font(o.bold);
    const left = MARGIN + (o.indent ?? 0);
    const numWidth = f.widthOfTextAtSize(`${items.length}. `, size) + 2;
    items.forEach((item, i) => {
      f.wrap(item, size, A4[0] - MARGIN - left - numWidth).forEach((line, li) => {
        this.room(size * 1.35);
        if (li === 0) f.draw(this.page, `${i + 1}.`, { x: left, y: this.y - size, size });
        f.draw(this.page, line, { x: left + numWidth, y: this.y - size, size });
        this.y -= size * 1.35;
      });
      this.y -= 2;
    });
    this.y -= o.gap ?? 4;
  }

  /** The letterhead: the government's name, the unit, its address, and a double rule. */
  kop(lines: { government: string; unit: string; address: string }) {
    this.text(lines.government, { bold: true, center: true, size: 13, gap: 0 });
    this.text(lines.unit, { bold: true, center: true, size: 12, gap: 0 });
    this.text(lines.address, { center: true, size: 9, gap: 2 });
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: MARGIN + WIDTH, y: this.y }, thickness: 1.5, color: rgb(0, 0, 0) });
    this.page.drawLine({ start: { x: MARGIN, y: this.y - 2.5 }, end: { x: MARGIN + WIDTH, y: this.y - 2.5 }, thickness: 0.5, color: rgb(0, 0, 0) });
    this.y -= 16;
  }

  /** A signature block on the right half: place/date, office, room to sign, name, NIP. */
  signature(b: { place?: string; office: string[]; name: string; nip?: string }) {
    const x = WIDTH / 2 + 20;
    this.room(11 * 1.35 * (b.office.length + 6));
    if (b.place) this.text(b.place, { x, gap: 2 });
    for (const o of b.office) this.text(o, { x, gap: 0 });
    this.y -= 48;
    this.text(b.name, { x, bold: true, gap: 0 });
    if (b.nip) this.text(`NIP ${b.nip}`, { x, gap: 0 });
    this.y -= 10;
  }

  /** Two signature blocks side by side (e.g. the TKKSD's Ketua and Sekretaris). */
  signaturePair(left: { office: string[]; name: string; nip?: string }, right: { office: string[]; name: string; nip?: string }) {
    const lines = Math.max(left.office.length, right.office.length) + 6;
    this.room(11 * 1.35 * lines);
    const top = this.y;
    let bottom = top;
    for (const [b, x] of [
      [left, 0],
      [right, WIDTH / 2 + 20],
    ] as const) {
      this.y = top;
      for (const o of b.office) this.text(o, { x, gap: 0 });
      this.y = top - 11 * 1.35 * Math.max(left.office.length, right.office.length) - 48;
      this.text(b.name, { x, bold: true, gap: 0 });
      if (b.nip) this.text(`NIP ${b.nip}`, { x, gap: 0 });
      bottom = Math.min(bottom, this.y);
    }
    this.y = bottom - 10;
  }

  space(h: number) {
    this.y -= h;
  }

  async bytes(): Promise<Buffer> {
    return Buffer.from(await this.doc.save());
  }
}

/** A new A4 document with the app's fonts and description; `texts` as for embedFonts. */
export async function writer(title: string, ...texts: string[]): Promise<Writer> {
  const { doc, fonts } = await newPdf(title, ...texts);
  return new Writer(doc, fonts);
}

/** Page "n dari m" at the foot of every page. */
export function pageNumbers(doc: PDFDocument, font: PdfFont) {
  const pages = doc.getPages();
  pages.forEach((p, i) => {
    const t = `Halaman ${i + 1} dari ${pages.length}`;
    const { width } = p.getSize();
    font.draw(p, t, { x: width - MARGIN / 2 - font.widthOfTextAtSize(t, 7), y: 14, size: 7 });
  });
}
