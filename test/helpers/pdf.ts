// Reading PDFs in tests: the text of every page, and the QR codes drawn on them
// (pdfjs decodes the images, jsQR reads them).
import jsqrModule from "jsqr";
import { getDocument, OPS } from "pdfjs-dist/legacy/build/pdf.mjs";

// jsqr is CommonJS with a default export: its function is `.default` or the module itself.
type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = ((jsqrModule as unknown as { default?: JsQr }).default ?? jsqrModule) as unknown as JsQr;

const open = (bytes: Uint8Array) => getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;

export async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const doc = await open(bytes);
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ("str" in it ? it.str : "")).join(" "));
  }
  await doc.destroy();
  return pages;
}

type Img = { width: number; height: number; data: Uint8ClampedArray | Uint8Array; kind?: number };

/** The text of every QR code on the first page. */
export async function pdfQrCodes(bytes: Uint8Array): Promise<string[]> {
  const doc = await open(bytes);
  const page = await doc.getPage(1);
  const ops = await page.getOperatorList();
  const found: string[] = [];
  for (let i = 0; i < ops.fnArray.length; i++) {
    if (ops.fnArray[i] !== OPS.paintImageXObject) continue;
    const name = ops.argsArray[i][0] as string;
    const img = (await new Promise((resolve) => page.objs.get(name, resolve))) as Img;
    const pixels = img.width * img.height;
    let rgba: Uint8ClampedArray;
    if (img.data.length === pixels * 4) rgba = new Uint8ClampedArray(img.data);
    else if (img.data.length === pixels * 3) {
      rgba = new Uint8ClampedArray(pixels * 4);
      for (let p = 0; p < pixels; p++) {
        rgba[p * 4] = img.data[p * 3];
        rgba[p * 4 + 1] = img.data[p * 3 + 1];
        rgba[p * 4 + 2] = img.data[p * 3 + 2];
        rgba[p * 4 + 3] = 255;
      }
    } else continue;
    const code = jsQR(rgba, img.width, img.height);
    if (code) found.push(code.data);
  }
  await doc.destroy();
  return found;
}
