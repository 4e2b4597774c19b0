// Draws the register number on a signed document (rows 13 and 18): a box with the
// number, the date and a QR code to the public verification page on the first page,
// and a line at the foot of every page. A scanned image (JPG/PNG) becomes one A4 page
// first, so the numbered copy is always a PDF. The signed file is someone's upload:
// this runs in a parsing process (untrusted/sandbox.ts, tasks checkStampable and
// stampCopy), never in the server.
import { PDFDocument, rgb } from "pdf-lib";
import QRCode from "qrcode";
import { describePdf, embedFonts } from "../../platform/pdf/fonts.js";
import { FileProblem } from "../../platform/untrusted/errors.js";

export type Stamp = {
  /** "MoU", "PKS", "Nota Kesepakatan" or "Rencana Kerja". */
  label: string;
  number: string;
  /** The numbering date as shown, e.g. "26 November 2026". */
  dateText: string;
  /** The absolute URL of /verifikasi/:token, drawn as text and as the QR code. */
  url: string;
};

/** Why a signed file cannot be stamped; the message completes "Berkas X ...". */
export class StampError extends FileProblem {}

const A4: [number, number] = [595.28, 841.89];

export async function openAsPdf(bytes: Uint8Array, mime: string): Promise<PDFDocument> {
  if (mime === "application/pdf") {
    try {
      const doc = await PDFDocument.load(bytes, { updateMetadata: false });
      if (doc.isEncrypted) throw new StampError("terkunci (terenkripsi)");
      if (doc.getPageCount() === 0) throw new StampError("tidak memiliki halaman");
      return doc;
    } catch (e) {
      if (e instanceof StampError) throw e;
      throw new StampError("rusak atau tidak dapat dibaca sebagai PDF");
    }
  }
  if (mime === "image/jpeg" || mime === "image/png") {
    const doc = await PDFDocument.create();
    let image;
    try {
      image = mime === "image/png" ? await doc.embedPng(bytes) : await doc.embedJpg(bytes);
    } catch {
      throw new StampError("bukan gambar yang dapat dibaca");
    }
    const page = doc.addPage(A4);
    const scale = Math.min((A4[0] - 40) / image.width, (A4[1] - 60) / image.height);
    const w = image.width * scale;
    const h = image.height * scale;
    page.drawImage(image, { x: (A4[0] - w) / 2, y: (A4[1] - h) / 2 + 10, width: w, height: h });
    return doc;
  }
  throw new StampError("bukan PDF atau gambar (JPG/PNG)");
}

/** The numbered copy's bytes. Throws StampError (with the reason in Indonesian) when the source cannot be opened. */
export async function stampCopy(source: Uint8Array, mime: string, s: Stamp): Promise<Buffer> {
  const doc = await openAsPdf(source, mime);
  const { regular: font, bold } = await embedFonts(doc, s.label, s.number, s.dateText, s.url);
  const qr = await doc.embedPng(await QRCode.toBuffer(s.url, { errorCorrectionLevel: "M", margin: 1, width: 240 }));
  const footer = `Salinan bernomor ${s.label} ${s.number} - Pemerintah Kota Yogyakarta - periksa keaslian: ${s.url}`;
  const pages = doc.getPages();
  pages.forEach((page, i) => {
    const box = page.getCropBox();
    // The foot line on every page, on a white band so it stays legible over a scan.
    let size = 7;
    while (size > 4 && font.widthOfTextAtSize(footer, size) > box.width - 24) size -= 0.5;
    page.drawRectangle({ x: box.x, y: box.y, width: box.width, height: size + 8, color: rgb(1, 1, 1), opacity: 0.85 });
    font.draw(page, footer, { x: box.x + 12, y: box.y + 4, size, color: rgb(0.1, 0.1, 0.1) });
    font.draw(page, `${i + 1}/${pages.length}`, {
      x: box.x + box.width - 12 - font.widthOfTextAtSize(`${i + 1}/${pages.length}`, size),
      y: box.y + size + 6,
      size,
      color: rgb(0.3, 0.3, 0.3),
    });
  });
  // The number box on the first page, bottom right, above the foot line.
  const first = pages.at(0);
  // openAsPdf refuses a document without pages; said the same way here.
  if (!first) throw new StampError("tidak memiliki halaman");
  const box = first.getCropBox();
  const q = 64;
  const lines = [
    { text: `Nomor ${s.label} Pemkot Yogyakarta:`, f: font, size: 7 },
    { text: s.number, f: bold, size: 9 },
    { text: `Tanggal penomoran: ${s.dateText}`, f: font, size: 7 },
    { text: "Pindai kode QR untuk memeriksa keaslian.", f: font, size: 6 },
  ];
  const textWidth = Math.max(...lines.map((l) => l.f.widthOfTextAtSize(l.text, l.size)));
  const w = Math.min(box.width - 24, q + 18 + textWidth);
  const h = q + 10;
  const x = box.x + box.width - 12 - w;
  const y = box.y + 22;
  first.drawRectangle({ x, y, width: w, height: h, color: rgb(1, 1, 1), borderColor: rgb(0.1, 0.2, 0.45), borderWidth: 1 });
  first.drawImage(qr, { x: x + 5, y: y + 5, width: q, height: q });
  let ty = y + h - 16;
  for (const l of lines) {
    l.f.draw(first, l.text, { x: x + q + 12, y: ty, size: l.size, color: rgb(0.05, 0.1, 0.3) });
    ty -= l.size + 6;
  }
  describePdf(doc, `Salinan bernomor ${s.label} ${s.number}`, { subject: `Salinan bernomor ${s.label} ${s.number} - Pemerintah Kota Yogyakarta` });
  doc.setKeywords([s.number, s.url]);
  return Buffer.from(await doc.save());
}
