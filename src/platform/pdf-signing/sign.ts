// Signing a PDF (PAdES baseline B) with an incremental update: the original bytes stay
// as they are and the new objects (the signature dictionary, its widget and appearance,
// the AcroForm and page entries that point to them) are appended with their own xref
// section. pdf-lib builds the objects; it cannot save incrementally (its save rewrites
// the whole file, which breaks every earlier signature), so this module writes the
// update itself: every object new or changed since the document was opened, found by
// comparing each object's serialisation before and after.
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFObject, PDFPage, PDFRawStream, PDFRef, PDFStream, PDFString, rgb } from "pdf-lib";
import { embedFonts, oneLine, type PdfFont } from "../pdf/fonts.js";
import { buildCms, cmsSizeBound } from "./cms.js";
import { openP12 } from "./local-ca.js";

export type Appearance = {
  /** 1-based; a page beyond the last means the last. */
  page: number;
  /** The box in the page's user space (points, origin at the bottom left of the MediaBox). */
  x: number;
  y: number;
  width: number;
  height: number;
  qrPng: Buffer;
  lines: string[];
};
export type SignOptions = { reason: string; location: string; name: string; contactInfo?: string; appearance?: Appearance; signingTime?: Date };

/** Refused before any work: larger PDFs are not signed in a parsing process. */
const MAX_PDF_BYTES = 200 * 1024 * 1024;

async function openPdf(pdf: Buffer): Promise<PDFDocument> {
  if (pdf.length > MAX_PDF_BYTES) throw new Error("Berkas PDF terlalu besar untuk ditandatangani.");
  if (!pdf.subarray(0, 1024).includes("%PDF-")) throw new Error("Berkas bukan PDF.");
  let doc: PDFDocument;
  let pages: number;
  try {
    doc = await PDFDocument.load(pdf, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
    if (doc.isEncrypted) throw new Error("Berkas PDF terkunci (terenkripsi) sehingga tidak dapat ditandatangani.");
    pages = doc.getPageCount();
  } catch (e) {
    if (e instanceof Error && e.message.includes("terenkripsi")) throw e;
    throw new Error("Berkas PDF rusak atau tidak dapat dibaca.", { cause: e });
  }
  if (pages === 0) throw new Error("Berkas PDF tidak memiliki halaman.");
  return doc;
}

/** What an object looks like now; a raw stream (as loaded) by its dictionary and length, its bytes never change. */
const fingerprint = (o: PDFObject) =>
  o instanceof PDFRawStream ? `${o.dict.toString()}#${o.contents.length}` : o instanceof PDFStream ? `${o.dict.toString()}#stream` : o.toString();

function snapshot(doc: PDFDocument): Map<string, string> {
  const m = new Map<string, string>();
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) m.set(ref.toString(), fingerprint(obj));
  return m;
}

/** A PDF text string: literal when printable ASCII, else UTF-16BE hex with its byte order mark. */
export function pdfTextString(s: string): string {
  const t = oneLine(s);
  if (/^[\x20-\x7e]*$/.test(t)) return `(${t.replace(/[\\()]/g, (c) => `\\${c}`)})`;
  return PDFHexString.fromText(t).toString();
}

/** A PDF date (D:YYYYMMDDHHmmSS+00'00'), in UTC. */
export function pdfDate(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `D:${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}+00'00'`;
}

/**
 * A file whose cross-reference section is missing or points nowhere (readers repair
 * such files silently: a cheap scanner's, or a hand-made one) cannot take an
 * incremental update. Unsigned, it is rewritten whole by pdf-lib first, which changes
 * nothing a reader sees; a signed one is refused, since rewriting it would break the
 * signatures it has.
 */
async function withSoundXref(pdf: Buffer): Promise<Buffer> {
  try {
    const { startxref } = previousXref(pdf);
    const head = pdf.subarray(startxref, startxref + 32).toString("latin1");
    if (/^\s*(xref|\d+\s+\d+\s+obj)/.test(head)) return pdf;
  } catch {
    // Rewritten below when it carries no signature.
  }
  if (pdf.includes("/ByteRange"))
    throw new Error("Struktur berkas PDF bertanda tangan ini rusak (tabel xref tidak ditemukan) sehingga tidak dapat ditandatangani lagi.");
  const doc = await openPdf(pdf);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** The offset of the last xref section and the /Size the last trailer declares. */
function previousXref(pdf: Buffer): { startxref: number; size: number } {
  const at = pdf.lastIndexOf("startxref");
  const m = at < 0 ? null : /^startxref\s+(\d+)/.exec(pdf.subarray(at, at + 40).toString("latin1"));
  const startxref = m?.[1] ? Number(m[1]) : NaN;
  if (!Number.isSafeInteger(startxref) || startxref <= 0 || startxref >= pdf.length)
    throw new Error("Struktur berkas PDF rusak (tabel xref tidak ditemukan) sehingga tidak dapat ditandatangani.");
  const tail = pdf.subarray(Math.max(0, startxref), Math.min(pdf.length, startxref + 1_000_000)).toString("latin1");
  const sizes = [...tail.matchAll(/\/Size\s+(\d+)/g)];
  return { startxref, size: Number(sizes.at(-1)?.[1] ?? 0) };
}

/** The names of the form's fields, to give the new one a name no other has. */
function fieldNames(doc: PDFDocument, fields: PDFArray): Set<string> {
  const names = new Set<string>();
  for (const el of fields.asArray()) {
    const f = doc.context.lookup(el);
    if (!(f instanceof PDFDict)) continue;
    const t = f.lookup(PDFName.of("T"));
    if (t instanceof PDFString || t instanceof PDFHexString) names.add(t.decodeText());
  }
  return names;
}

/** Draws the appearance into a form XObject (the QR code on the left, the lines beside it) and returns its reference. */
async function drawAppearance(doc: PDFDocument, a: Appearance, box: { x: number; y: number; w: number; h: number }): Promise<PDFRef> {
  const fonts = await embedFonts(doc, ...a.lines);
  let qr;
  try {
    qr = await doc.embedPng(a.qrPng);
  } catch (e) {
    throw new Error("Gambar kode QR untuk tampilan tanda tangan bukan PNG yang dapat dibaca.", { cause: e });
  }
  // Drawn on a page that never joins the page tree; its content stream becomes the XObject.
  const scratch = PDFPage.create(doc);
  const { x, y, w, h } = box;
  const pad = Math.max(1, Math.min(4, h * 0.06, w * 0.04));
  scratch.drawRectangle({ x, y, width: w, height: h, color: rgb(1, 1, 1), borderColor: rgb(0.1, 0.2, 0.45), borderWidth: 0.75 });
  const q = Math.max(0, Math.min(h - 2 * pad, w * 0.4));
  if (q > 0) scratch.drawImage(qr, { x: x + pad, y: y + (h - q) / 2, width: q, height: q });
  const tx = x + pad + (q > 0 ? q + pad * 1.5 : 0);
  const tw = x + w - pad - tx;
  const th = h - 2 * pad;
  if (tw > 4 && a.lines.length > 0) layoutText(scratch, fonts.regular, a.lines, { x: tx, top: y + h - pad, width: tw, height: th });
  const contents = scratch.node.get(PDFName.of("Contents"));
  const ref = contents instanceof PDFArray ? contents.get(0) : contents;
  const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : undefined;
  if (!(ref instanceof PDFRef) || !(stream instanceof PDFStream)) throw new Error("Invariant: the appearance's content stream is missing");
  stream.dict.set(PDFName.of("Type"), PDFName.of("XObject"));
  stream.dict.set(PDFName.of("Subtype"), PDFName.of("Form"));
  stream.dict.set(PDFName.of("BBox"), doc.context.obj([x, y, x + w, y + h]));
  stream.dict.set(PDFName.of("Resources"), scratch.node.Resources() ?? doc.context.obj({}));
  doc.context.delete(scratch.ref);
  return ref;
}

/** The lines wrapped to the width, in the largest size (10 pt down to 4 pt) at which they fit; what still does not fit is cut with "…". */
function layoutText(page: PDFPage, font: PdfFont, lines: string[], area: { x: number; top: number; width: number; height: number }) {
  let size = 10;
  let wrapped: string[] = [];
  for (; size >= 4; size -= 0.5) {
    wrapped = lines.flatMap((l) => font.wrap(l, size, area.width));
    if (wrapped.length * size * 1.2 <= area.height) break;
  }
  size = Math.max(size, 4);
  const fit = Math.max(1, Math.floor(area.height / (size * 1.2)));
  if (wrapped.length > fit) {
    wrapped = wrapped.slice(0, fit);
    let last = wrapped[fit - 1] ?? "";
    while (last && font.widthOfTextAtSize(`${last}…`, size) > area.width) last = last.slice(0, -1);
    wrapped[fit - 1] = `${last}…`;
  }
  const total = wrapped.length * size * 1.2;
  let baseline = area.top - Math.max(0, (area.height - total) / 2) - size * 0.95;
  for (const line of wrapped) {
    font.draw(page, line, { x: area.x, y: baseline, size, color: rgb(0.05, 0.1, 0.3) });
    baseline -= size * 1.2;
  }
}

/**
 * Signs with the P12: PAdES baseline B (ETSI.CAdES.detached, SHA-256), as an incremental
 * update. Throws WrongPassphraseError on a wrong passphrase; an Error (Indonesian) for a
 * PDF that cannot be opened, is encrypted or has no pages.
 */
export async function signPdf(original: Buffer, p12: Buffer, passphrase: string, o: SignOptions): Promise<Buffer> {
  const key = openP12(p12, passphrase);
  const pdf = await withSoundXref(original);
  const doc = await openPdf(pdf);
  const prev = previousXref(pdf);
  const before = snapshot(doc);
  const ctx = doc.context;
  // New objects take numbers no earlier revision used: pdf-lib forgets its xref streams' own numbers.
  ctx.largestObjectNumber = Math.max(ctx.largestObjectNumber, prev.size - 1);
  const pages = doc.getPages();
  const a = o.appearance;
  const pageIndex = a ? Math.min(Math.max(1, Math.floor(a.page)), pages.length) - 1 : 0;
  const page = pages[pageIndex];
  if (!page) throw new Error("Invariant: the page to sign on is missing");

  let acroForm = doc.catalog.lookupMaybe(PDFName.of("AcroForm"), PDFDict);
  if (!acroForm) {
    acroForm = ctx.obj({});
    doc.catalog.set(PDFName.of("AcroForm"), ctx.register(acroForm));
  }
  let fields = acroForm.lookupMaybe(PDFName.of("Fields"), PDFArray);
  if (!fields) {
    fields = ctx.obj([]);
    acroForm.set(PDFName.of("Fields"), fields);
  }
  acroForm.set(PDFName.of("SigFlags"), PDFNumber.of(3));
  const taken = fieldNames(doc, fields);
  let n = taken.size + 1;
  while (taken.has(`TandaTangan${n}`)) n++;
  const fieldName = `TandaTangan${n}`;

  const sigRef = ctx.nextRef();
  const box = a ? { x: a.x, y: a.y, w: Math.max(1, a.width), h: Math.max(1, a.height) } : null;
  const widget = ctx.obj({
    Type: "Annot",
    Subtype: "Widget",
    FT: "Sig",
    T: PDFString.of(fieldName),
    V: sigRef,
    F: 132, // Print + Locked
    P: page.ref,
    Rect: box ? [box.x, box.y, box.x + box.w, box.y + box.h] : [0, 0, 0, 0],
  });
  if (a && box) widget.set(PDFName.of("AP"), ctx.obj({ N: await drawAppearance(doc, a, box) }));
  const widgetRef = ctx.register(widget);
  fields.push(widgetRef);
  const annots = page.node.lookupMaybe(PDFName.of("Annots"), PDFArray);
  if (annots) annots.push(widgetRef);
  else page.node.set(PDFName.of("Annots"), ctx.obj([widgetRef]));
  await doc.flush();

  // The update: every object new or changed, then the signature dictionary, the xref section and the trailer.
  const sep = pdf.at(-1) === 0x0a || pdf.at(-1) === 0x0d ? "" : "\n";
  const chunks: Buffer[] = [Buffer.from(sep, "latin1")];
  let offset = pdf.length + sep.length;
  const xref = new Map<number, { offset: number; gen: number }>();
  const objects = ctx
    .enumerateIndirectObjects()
    .filter(([ref, obj]) => before.get(ref.toString()) !== fingerprint(obj))
    .sort(([r1], [r2]) => r1.objectNumber - r2.objectNumber);
  const push = (num: number, gen: number, body: Buffer) => {
    const head = Buffer.from(`${num} ${gen} obj\n`, "latin1");
    const tail = Buffer.from("\nendobj\n", "latin1");
    xref.set(num, { offset, gen });
    chunks.push(head, body, tail);
    const start = offset + head.length;
    offset += head.length + body.length + tail.length;
    return start;
  };
  for (const [ref, obj] of objects) {
    const body = new Uint8Array(obj.sizeInBytes());
    obj.copyBytesInto(body, 0);
    push(ref.objectNumber, ref.generationNumber, Buffer.from(body));
  }
  const contentsBytes = cmsSizeBound(key.certDer, key.chainDer);
  const byteRangeSlot = `[0 ${"0".repeat(12)} ${"0".repeat(12)} ${"0".repeat(12)}]`;
  const at = o.signingTime ?? new Date();
  const dictParts = [
    "<<\n/Type /Sig\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.CAdES.detached\n/ByteRange ",
    byteRangeSlot,
    "\n/Contents ",
    `<${"0".repeat(contentsBytes * 2)}>`,
    `\n/Name ${pdfTextString(o.name)}\n/Reason ${pdfTextString(o.reason)}\n/Location ${pdfTextString(o.location)}\n`,
    o.contactInfo ? `/ContactInfo ${pdfTextString(o.contactInfo)}\n` : "",
    `/M (${pdfDate(at)})\n/Prop_Build << /App << /Name /Kerjasama#20Daerah >> >>\n>>`,
  ];
  const sigBodyStart = push(sigRef.objectNumber, sigRef.generationNumber, Buffer.from(dictParts.join(""), "latin1"));
  const byteRangeAt = sigBodyStart + (dictParts[0] ?? "").length;
  const contentsAt = byteRangeAt + byteRangeSlot.length + (dictParts[2] ?? "").length;
  const contentsEnd = contentsAt + contentsBytes * 2 + 2;

  // The xref section in the form of the previous one: a table after a table, a stream after a
  // stream (a file with xref streams may hide objects in object streams, which a reader of
  // tables alone would not find; some readers refuse the mix).
  const xrefAt = offset;
  const prevIsStream = !/^\s*xref/.test(pdf.subarray(prev.startxref, prev.startxref + 16).toString("latin1"));
  const xrefStreamRef = prevIsStream ? ctx.nextRef() : null;
  if (xrefStreamRef) xref.set(xrefStreamRef.objectNumber, { offset: xrefAt, gen: 0 });
  const nums = [...xref.keys()].sort((p, q) => p - q);
  const runs: { first: number; entries: { offset: number; gen: number }[] }[] = [];
  for (const num of nums) {
    const e = xref.get(num);
    if (!e) throw new Error("Invariant: an xref entry is missing");
    const last = runs.at(-1);
    if (last && last.first + last.entries.length === num) last.entries.push(e);
    else runs.push({ first: num, entries: [e] });
  }
  const info = ctx.trailerInfo;
  const size = Math.max(prev.size, ctx.largestObjectNumber + 1);
  const trailer = [`/Size ${size}`, `/Root ${String(info.Root)}`];
  if (info.Info) trailer.push(`/Info ${String(info.Info)}`);
  if (info.ID) trailer.push(`/ID ${String(info.ID)}`);
  trailer.push(`/Prev ${prev.startxref}`);
  if (xrefStreamRef) {
    // Entries of 1 + 4 + 2 bytes: type 1 (in use), offset, generation; uncompressed.
    const data = Buffer.alloc(nums.length * 7);
    let k = 0;
    for (const r of runs)
      for (const e of r.entries) {
        data.writeUInt8(1, k);
        data.writeUInt32BE(e.offset, k + 1);
        data.writeUInt16BE(e.gen, k + 5);
        k += 7;
      }
    const index = runs.map((r) => `${r.first} ${r.entries.length}`).join(" ");
    const dict = `<< /Type /XRef ${trailer.join(" ")} /Index [${index}] /W [1 4 2] /Length ${data.length} >>`;
    chunks.push(
      Buffer.from(`${xrefStreamRef.objectNumber} 0 obj\n${dict}\nstream\n`, "latin1"),
      data,
      Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`, "latin1"),
    );
  } else {
    let table = "xref\n";
    for (const r of runs) {
      table += `${r.first} ${r.entries.length}\n`;
      for (const e of r.entries) table += `${String(e.offset).padStart(10, "0")} ${String(e.gen).padStart(5, "0")} n\r\n`;
    }
    chunks.push(Buffer.from(`${table}trailer\n<< ${trailer.join(" ")} >>\nstartxref\n${xrefAt}\n%%EOF\n`, "latin1"));
  }
  const out = Buffer.concat([pdf, ...chunks]);

  // The byte range: everything but the /Contents hex string; then the CMS over it.
  const range = [0, contentsAt, contentsEnd, out.length - contentsEnd] as const;
  const rangeText = `[${range.join(" ")}`.padEnd(byteRangeSlot.length - 1, " ") + "]";
  out.write(rangeText, byteRangeAt, "latin1");
  const cms = buildCms(Buffer.concat([out.subarray(0, contentsAt), out.subarray(contentsEnd)]), key.keyPem, key.certDer, key.chainDer);
  if (cms.length > contentsBytes) throw new Error("Invariant: the signature is larger than its placeholder");
  out.write(cms.toString("hex"), contentsAt + 1, "latin1");
  return out;
}
