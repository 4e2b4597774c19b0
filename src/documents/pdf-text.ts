// Text for PDFs drawn with pdf-lib's standard fonts: Helvetica's WinAnsi cannot draw
// every character, so typographic dashes and quotes become ASCII and the rest "?".
export const printable = (s: string) =>
  s.replace(/[\u2013\u2014]/g, "-").replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/[^\x20-\x7e\xa0-\xff]/g, "?");
