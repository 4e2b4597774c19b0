// Hostile files, made by the tests themselves: a .docx whose document inflates to
// hundreds of megabytes (with an honest or a lying central directory), and a PDF whose
// one page holds a huge content stream.
import { crc32, createDeflateRaw, deflateSync } from "node:zlib";

type Entry = { name: string; data: Buffer; compressed: Buffer; crc: number; size: number };

const stored = (name: string, text: string): Entry => {
  const data = Buffer.from(text);
  return { name, data, compressed: data, crc: crc32(data), size: data.length };
};

/** Deflates `repeat` copies of `unit` between `head` and `tail` without holding the inflated whole. */
async function deflateRepeated(head: string, unit: string, repeat: number, tail: string): Promise<{ compressed: Buffer; crc: number; size: number }> {
  const z = createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  z.on("data", (b: Buffer) => parts.push(b));
  const done = new Promise<void>((r) => z.on("end", () => r()));
  let crc = 0;
  let size = 0;
  const write = async (b: Buffer) => {
    crc = crc32(b, crc);
    size += b.length;
    if (!z.write(b)) await new Promise((r) => z.once("drain", r));
  };
  await write(Buffer.from(head));
  // Units in blocks of about 1 MB.
  const per = Math.max(1, Math.floor((1 << 20) / unit.length));
  const block = Buffer.from(unit.repeat(per));
  for (let left = repeat; left > 0; left -= per) await write(left >= per ? block : Buffer.from(unit.repeat(left)));
  await write(Buffer.from(tail));
  z.end();
  await done;
  return { compressed: Buffer.concat(parts), crc, size };
}

/** A zip of deflated (or stored) entries; `declare` overrides the uncompressed size written in the central directory. */
function zip(entries: (Entry & { method: 0 | 8; declare?: number })[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.compressed.length, 18);
    local.writeUInt32LE(e.declare ?? e.size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, e.compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.compressed.length, 20);
    central.writeUInt32LE(e.declare ?? e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + e.compressed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/**
 * A Word document whose word/document.xml inflates to about `inflatedMb` megabytes.
 * `lie`: the zip declares a tiny size for it (so only the parser's limits can stop it).
 */
export async function zipBombDocx(inflatedMb: number, opts: { lie?: boolean } = {}): Promise<Buffer> {
  const unit = `<w:p><w:r><w:t>${"kerjasama ".repeat(20)}</w:t></w:r></w:p>`;
  const body = await deflateRepeated(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>`,
    unit,
    Math.ceil((inflatedMb * 1024 * 1024) / unit.length),
    "</w:body></w:document>",
  );
  const types = stored(
    "[Content_Types].xml",
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  const rels = stored(
    "_rels/.rels",
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  return zip([
    { ...types, method: 0 },
    { ...rels, method: 0 },
    { name: "word/document.xml", data: Buffer.alloc(0), ...body, method: 8, declare: opts.lie ? 1024 : undefined },
  ]);
}

/** A one-page PDF whose content stream draws `operators` text objects (deflated: the file stays small). */
export function heavyPdf(operators: number): Buffer {
  const ops = Buffer.from("BT /F1 9 Tf 40 700 Td (kerjasama daerah yogyakarta) Tj ET\n".repeat(operators));
  const content = deflateSync(ops, { level: 9 });
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const header = Buffer.from("%PDF-1.4\n");
  const parts: Buffer[] = [header];
  const offsets: number[] = [];
  let at = header.length;
  const push = (b: Buffer) => {
    parts.push(b);
    at += b.length;
  };
  objects.forEach((o, i) => {
    offsets.push(at);
    push(Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`));
  });
  offsets.push(at);
  push(Buffer.from(`5 0 obj\n<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`));
  push(content);
  push(Buffer.from("\nendstream\nendobj\n"));
  const xref = at;
  push(
    Buffer.from(
      `xref\n0 6\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`,
    ),
  );
  return Buffer.concat(parts);
}
