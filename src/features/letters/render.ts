// Filling a .docx template (docxtemplater) and checking one before it is accepted:
// every {placeholder} must be exactly one of the names of its set (placeholders.ts),
// and the template must parse. Both run in a parsing process (untrusted/sandbox.ts),
// never in the server: an uploaded template is a file someone sent.
//
// The check walks docxtemplater's structured tags (a list) and compares names as
// strings in Sets: a name such as "__proto__" or "constructor" is never used as a
// key of any object, so nothing shared is written and nothing inherited matches.
import Docxtemplater from "docxtemplater";
import inspectModuleFactory from "docxtemplater/js/inspect-module.js";
import PizZip from "pizzip";

// errorLogging off: a refused upload is reported to the admin, not dumped on the console.
const OPTIONS = { paragraphLoop: true, linebreaks: true, errorLogging: false } as const;

type Part = { type?: string; value?: unknown; module?: string; subparsed?: Part[] };
type Inspect = { getAllStructuredTags(): Part[] };
// CommonJS: the module is a factory of the inspect module.
const newInspect = inspectModuleFactory as unknown as () => Inspect;

type TemplateErrorDetail = { properties?: { explanation?: string; id?: string; xtag?: string } };

/** The names a template may use: simple placeholders, and lists with the fields of their items. */
export type PlaceholderNames = { simple: string[]; loops: Record<string, string[]> };

const isLoop = (p: Part) => p.module === "loop";
// docxtemplater gives a tag's name as a string; anything else names nothing.
const nameOf = (p: Part) => (typeof p.value === "string" ? p.value : "");

/** Why a template cannot be used, in Indonesian: parse errors and unknown placeholders. Empty when it is fine. */
export function templateProblems(bytes: Buffer, names: PlaceholderNames): string[] {
  const simple = new Set(names.simple);
  const loops = new Map(Object.entries(names.loops).map(([k, v]) => [k, new Set(v)]));
  let zip: PizZip;
  try {
    zip = new PizZip(bytes);
  } catch {
    return ["berkas bukan dokumen Word (.docx) yang dapat dibaca"];
  }
  if (!zip.file("word/document.xml")) return ["berkas bukan dokumen Word (.docx): tidak ada word/document.xml"];
  const inspect = newInspect();
  try {
    new Docxtemplater(zip, { ...OPTIONS, modules: [inspect] });
  } catch (e) {
    const errors = ((e as { properties?: { errors?: TemplateErrorDetail[] } }).properties?.errors ?? [e as TemplateErrorDetail]).slice(0, 5);
    return errors.map((x) => `penanda rusak${x.properties?.xtag ? ` "{${x.properties.xtag}}"` : ""}: ${x.properties?.explanation ?? "tidak dapat dibaca"}`);
  }
  const unknown: string[] = [];
  const note = (text: string) => {
    if (!unknown.includes(text)) unknown.push(text);
  };
  // Every placeholder inside a list must be a field of its items (lists do not nest).
  const inside = (loop: string, fields: Set<string>, parts: Part[]) => {
    for (const p of parts) {
      if (isLoop(p)) note(`{#${nameOf(p)}} di dalam {#${loop}} (daftar tidak dapat bersarang)`);
      else if (!fields.has(nameOf(p))) note(`{${nameOf(p)}} di dalam {#${loop}}`);
      if (p.subparsed?.length) inside(loop, fields, p.subparsed);
    }
  };
  for (const p of inspect.getAllStructuredTags()) {
    const name = nameOf(p);
    // Raw XML ({@name}) would let a value write the document's markup.
    if (p.module && !isLoop(p)) note(`{@${name}} (XML mentah tidak diizinkan)`);
    else if (isLoop(p)) {
      const fields = loops.get(name);
      if (!fields) note(`{#${name}}`);
      else inside(name, fields, p.subparsed ?? []);
    } else if (!simple.has(name)) note(`{${name}}`);
  }
  return unknown.length ? [`penanda tidak dikenal: ${unknown.slice(0, 20).join(", ")}`] : [];
}

/** The city's emblem for the letterhead: a checked PNG or JPEG (settings), with its size in pixels. */
export type Emblem = { base64: string; mime: "image/png" | "image/jpeg"; width: number; height: number };

// The letterhead's picture named "Lambang" (scripts/letter-templates.ts): its run, its relationship and its size.
const EMBLEM_RUN = /<w:r>(?:(?!<\/w:r>)[\s\S])*?<w:drawing>(?:(?!<\/w:drawing>)[\s\S])*?name="Lambang"[\s\S]*?<\/w:drawing><\/w:r>/g;
const EMBLEM_REL = /<Relationship Id="rIdLambang"[^>]*\/>/;
const EMBLEM_HEIGHT = 720000; // EMU: 2 cm

/** Puts the emblem into the letterhead's picture, or removes the picture when there is none (a letterhead without it). */
function placeEmblem(zip: PizZip, emblem: Emblem | null) {
  const docFile = zip.file("word/document.xml");
  const relsFile = zip.file("word/_rels/document.xml.rels");
  if (!docFile || !relsFile) return;
  const xml = docFile.asText();
  const rels = relsFile.asText();
  if (!EMBLEM_REL.test(rels) || !xml.match(EMBLEM_RUN)) return;
  if (!emblem) {
    zip.file("word/document.xml", xml.replace(EMBLEM_RUN, ""));
    return;
  }
  const ext = emblem.mime === "image/png" ? "png" : "jpeg";
  const cx = Math.max(1, Math.round((EMBLEM_HEIGHT * emblem.width) / emblem.height));
  zip.remove("word/media/lambang.png");
  zip.file(`word/media/lambang.${ext}`, Buffer.from(emblem.base64, "base64"), { binary: true });
  zip.file(
    "word/_rels/document.xml.rels",
    rels.replace(
      EMBLEM_REL,
      `<Relationship Id="rIdLambang" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/lambang.${ext}"/>`,
    ),
  );
  const sized = (run: string) => run.replace(/(<wp:extent |<a:ext )cx="\d+" cy="\d+"/g, `$1cx="${cx}" cy="${EMBLEM_HEIGHT}"`);
  zip.file("word/document.xml", xml.replace(EMBLEM_RUN, sized));
  const types = zip.file("[Content_Types].xml");
  if (types && !new RegExp(`Extension="${ext}"`, "i").test(types.asText())) {
    zip.file("[Content_Types].xml", types.asText().replace("<Default ", `<Default Extension="${ext}" ContentType="${emblem.mime}"/><Default `));
  }
}

/** The filled document. Every placeholder has a value (placeholders.ts), so nothing renders as "undefined". */
export function renderLetter(template: Buffer, data: unknown, emblem: Emblem | null = null): Buffer {
  const doc = new Docxtemplater(new PizZip(template), { ...OPTIONS, nullGetter: () => "……………" });
  doc.render(data);
  const zip = doc.getZip();
  placeEmblem(zip, emblem);
  return zip.generate({ type: "nodebuffer", compression: "DEFLATE" });
}
