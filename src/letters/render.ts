// Filling a .docx template (docxtemplater) and checking one before it is accepted:
// every {placeholder} must be one of placeholders.ts, and the template must parse.
import Docxtemplater from "docxtemplater";
import inspectModuleFactory from "docxtemplater/js/inspect-module.js";
import PizZip from "pizzip";
import { PLACEHOLDER_SETS, type LetterData, type LetterScope, type MeetingLetterData } from "./placeholders.js";

// errorLogging off: a refused upload is reported to the admin, not dumped on the console.
const OPTIONS = { paragraphLoop: true, linebreaks: true, errorLogging: false } as const;
// CommonJS: the module is a factory of the inspect module.
type Inspect = { getAllTags(): Record<string, unknown> };
const newInspect = inspectModuleFactory as unknown as () => Inspect;

type TemplateErrorDetail = { properties?: { explanation?: string; id?: string; xtag?: string } };

/** Why a template cannot be used, in Indonesian: parse errors and unknown placeholders. Empty when it is fine. */
export function templateProblems(bytes: Buffer, scope: LetterScope): string[] {
  const { simple, loops } = PLACEHOLDER_SETS[scope];
  let zip: PizZip;
  try {
    zip = new PizZip(bytes);
  } catch {
    return ["berkas bukan dokumen Word (.docx) yang dapat dibaca"];
  }
  if (!zip.file("word/document.xml")) return ["berkas bukan dokumen Word (.docx): tidak ada word/document.xml"];
  const inspect = newInspect();
  try {
    new Docxtemplater(zip, { ...OPTIONS, modules: [inspect as never] });
  } catch (e) {
    const errors = ((e as { properties?: { errors?: TemplateErrorDetail[] } }).properties?.errors ?? [e as TemplateErrorDetail]).slice(0, 5);
    return errors.map((x) => `penanda rusak${x.properties?.xtag ? ` "{${x.properties.xtag}}"` : ""}: ${x.properties?.explanation ?? "tidak dapat dibaca"}`);
  }
  const problems: string[] = [];
  const unknown: string[] = [];
  for (const [tag, inner] of Object.entries(inspect.getAllTags())) {
    if (Object.hasOwn(loops, tag)) {
      const fields = loops[tag].fields;
      for (const f of Object.keys((inner ?? {}) as object)) if (!Object.hasOwn(fields, f)) unknown.push(`{${f}} di dalam {#${tag}}`);
    } else if (!Object.hasOwn(simple, tag)) unknown.push(`{${tag}}`);
  }
  if (unknown.length) problems.push(`penanda tidak dikenal: ${unknown.join(", ")}`);
  return problems;
}

/** The filled document. Every placeholder has a value (placeholders.ts), so nothing renders as "undefined". */
export function renderLetter(template: Buffer, data: LetterData | MeetingLetterData): Buffer {
  const doc = new Docxtemplater(new PizZip(template), { ...OPTIONS, nullGetter: () => "……………" });
  doc.render(data);
  return doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" }) as Buffer;
}
