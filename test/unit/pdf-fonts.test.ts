// The fonts every PDF draws with (src/platform/pdf): any script the partners write in prints as
// written, read back by an independent reader (pdfjs), with every font embedded.
import { describe, expect, it } from "vitest";
import { writer } from "../../src/platform/pdf/writer.js";
import { pdfFontList, pdfInfo, pdfLines } from "../helpers/pdf.js";

const NAMES = ["京都市 / Thành phố Đà Nẵng", "서울특별시", "Москва", "Αθήνα", "Zürich – São Paulo"];

describe("PDF fonts", () => {
  it("when names in Japanese, Vietnamese, Korean, Cyrillic and Greek are drawn then each reads back exactly, every font embedded, with title, author and language", async () => {
    const w = await writer("Uji aksara", ...NAMES);
    for (const n of NAMES) w.text(n);
    w.text("Baris\r\npecah\tdan\u0007 kendali");
    const pdf = await w.bytes();
    const lines = await pdfLines(pdf);
    for (const n of NAMES) expect(lines).toContain(n);
    expect(lines).toContain("Baris");
    expect(lines).toContain("pecah dan kendali");
    expect(lines.join(" ")).not.toContain("?");
    const fonts = await pdfFontList(pdf);
    expect(fonts.map((f) => f.name.replace(/-\d+$/, "")).sort()).toEqual(["DroidSansFallback", "NanumGothic", "NotoSans-Regular"]);
    expect(fonts.every((f) => f.embedded)).toBe(true);
    expect(await pdfInfo(pdf)).toEqual({ title: "Uji aksara", author: "Pemerintah Kota Yogyakarta", lang: "id-ID" });
    // Subsets: a few glyphs of each, not the fonts' megabytes.
    expect(pdf.length).toBeLessThan(60_000);
  });

  it("when a document is Latin only then no fallback font is embedded", async () => {
    const w = await writer("Latin", "PT Wisata Nusantara");
    w.text("PT Wisata Nusantara", { bold: true });
    const fonts = await pdfFontList(await w.bytes());
    expect(fonts.map((f) => f.name.replace(/-\d+$/, ""))).toEqual(["NotoSans-Bold"]);
  });
});
