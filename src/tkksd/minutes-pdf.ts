// The meeting's documents as PDF, drawn from its data with pdf-lib: the invitation
// (undangan rapat) and the numbered minutes (berita acara). A4, Helvetica, wrapped text.
import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from "pdf-lib";
import { printable } from "../documents/pdf-text.js";

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;


class Writer {
  private page!: PDFPage;
  private y = 0;
  constructor(private doc: PDFDocument, private font: PDFFont, private bold: PDFFont) {
    this.newPage();
  }
  private newPage() {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }
  private wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    for (const para of printable(text).split("\n")) {
      let line = "";
      for (const word of para.split(/\s+/)) {
        const next = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(next, size) > width && line) {
          lines.push(line);
          line = word;
        } else line = next;
      }
      lines.push(line);
    }
    return lines;
  }
  text(text: string, o: { size?: number; bold?: boolean; center?: boolean; indent?: number; gap?: number } = {}) {
    const size = o.size ?? 11;
    const font = o.bold ? this.bold : this.font;
    const indent = o.indent ?? 0;
    const width = A4[0] - 2 * MARGIN - indent;
    for (const line of this.wrap(text, font, size, width)) {
      if (this.y < MARGIN + size) this.newPage();
      const x = o.center ? (A4[0] - font.widthOfTextAtSize(line, size)) / 2 : MARGIN + indent;
      this.page.drawText(line, { x, y: this.y - size, size, font });
      this.y -= size * 1.35;
    }
    this.y -= o.gap ?? 4;
  }
}

async function writer() {
  const doc = await PDFDocument.create();
  const w = new Writer(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));
  return { doc, w };
}

const header = (w: Writer) => {
  w.text("PEMERINTAH KOTA YOGYAKARTA", { bold: true, center: true, size: 13, gap: 0 });
  w.text("TIM KOORDINASI KERJA SAMA DAERAH (TKKSD)", { bold: true, center: true, size: 12, gap: 0 });
  w.text("Sekretariat: Bagian Kerjasama Sekretariat Daerah", { center: true, size: 10, gap: 14 });
};

export type MeetingDoc = {
  number?: string;
  day: string; // "Kamis, 26 November 2026"
  startsAt: string;
  place: string;
  attendance: string[];
  items: { title: string; skpd: string; subject: string; decision?: string; reason?: string | null }[];
  closedBy?: string;
};

export async function invitationPdf(m: MeetingDoc): Promise<Buffer> {
  const { doc, w } = await writer();
  header(w);
  w.text("UNDANGAN RAPAT TKKSD", { bold: true, center: true, size: 12, gap: 12 });
  w.text("Dengan hormat, kami mengundang Bapak/Ibu anggota TKKSD Kota Yogyakarta untuk menghadiri rapat pada:", { gap: 8 });
  w.text(`Hari, tanggal : ${m.day}`, { indent: 20, gap: 0 });
  w.text(`Pukul         : ${m.startsAt} WIB`, { indent: 20, gap: 0 });
  w.text(`Tempat        : ${m.place}`, { indent: 20, gap: 10 });
  w.text("Acara:", { bold: true });
  m.items.forEach((it, i) => w.text(`${i + 1}. ${it.subject}: ${it.title} (${it.skpd})`, { indent: 20, gap: 2 }));
  w.text("Mengingat pentingnya acara tersebut, kehadiran Bapak/Ibu sangat kami harapkan.", { gap: 24 });
  w.text("Sekretariat TKKSD Kota Yogyakarta", { indent: 280 });
  return Buffer.from(await doc.save());
}

export async function minutesPdf(m: MeetingDoc): Promise<Buffer> {
  const { doc, w } = await writer();
  header(w);
  w.text("BERITA ACARA RAPAT TKKSD", { bold: true, center: true, size: 12, gap: 0 });
  w.text(`Nomor: ${m.number}`, { center: true, gap: 12 });
  w.text(`Pada hari ${m.day}, pukul ${m.startsAt} WIB, bertempat di ${m.place}, Tim Koordinasi Kerja Sama Daerah Kota Yogyakarta telah melaksanakan rapat dengan hasil sebagai berikut.`, { gap: 10 });
  w.text("Hadir:", { bold: true });
  m.attendance.forEach((a, i) => w.text(`${i + 1}. ${a}`, { indent: 20, gap: 0 }));
  w.text("", { gap: 6 });
  w.text("Keputusan:", { bold: true });
  m.items.forEach((it, i) => {
    w.text(`${i + 1}. ${it.title}`, { indent: 20, bold: true, gap: 0 });
    w.text(`SKPD: ${it.skpd}. Pokok bahasan: ${it.subject}.`, { indent: 34, gap: 0 });
    w.text(`Keputusan: ${it.decision}${it.reason ? `. Alasan: ${it.reason}` : ""}.`, { indent: 34, gap: 6 });
  });
  w.text("Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya.", { gap: 24 });
  w.text(`Ditutup oleh: ${m.closedBy ?? "-"}`, { indent: 280 });
  return Buffer.from(await doc.save());
}
