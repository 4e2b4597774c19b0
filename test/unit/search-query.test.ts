import { describe, expect, it } from "vitest";
import { prefixQuery, snippetParts } from "../../src/features/search/search-service.js";

describe("what is typed into search", () => {
  it("when words are typed then each must be there as the start of a word, and only letters and digits reach the query", () => {
    expect(prefixQuery("Wisata  Kota")).toBe("wisata:* & kota:*");
    expect(prefixQuery("100.3.7.1/P3ADK")).toBe("100:* & 3:* & 7:* & 1:* & p3adk:*");
    expect(prefixQuery("pariwisata & !(x) | 'y':*")).toBe("pariwisata:* & x:* & y:*");
    expect(prefixQuery("Dinas Pekerjaan Umum, Perumahan dan Kawasan Permukiman Kota")).toBe(
      "dinas:* & pekerjaan:* & umum:* & perumahan:* & dan:* & kawasan:* & permukiman:* & kota:*".split(" & ").slice(0, 8).join(" & "),
    );
  });

  it("when kerjasama is typed in any of the office's spellings then the query finds each of them", () => {
    const both = "(kerjasama:* | bekerjasama:* | kerja <-> sama)";
    for (const q of ["kerjasama", "Kerja sama", "KERJA-SAMA", "bekerjasama", "bekerja sama", "kerja  sama"]) expect([q, prefixQuery(q)]).toEqual([q, both]);
    expect(prefixQuery("Kerja sama pengangkutan sampah")).toBe(`${both} & pengangkutan:* & sampah:*`);
    expect(prefixQuery("kerjasama wisata kerja")).toBe(`${both} & wisata:* & kerja:*`);
    // "kerja" or "sama" alone stays a word of its own.
    expect(prefixQuery("kerja keras")).toBe("kerja:* & keras:*");
    expect(prefixQuery("sama kerja")).toBe("sama:* & kerja:*");
  });

  it("when nothing but signs is typed then there is no query", () => {
    for (const q of ["", "-", "&|!", "'\"", "   "]) expect(prefixQuery(q)).toBeNull();
  });

  it("when a snippet holds markup then it stays text and only the matches are flagged", () => {
    expect(snippetParts('a <b> & \u0001kata\u0002 "c" \u0001dua\u0002')).toEqual([
      { text: "a <b> & ", mark: false },
      { text: "kata", mark: true },
      { text: ' "c" ', mark: false },
      { text: "dua", mark: true },
    ]);
    expect(snippetParts(null)).toEqual([]);
  });
});
