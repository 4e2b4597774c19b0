// Where a login may go afterwards: a path of this site only, whatever a browser would make of it.
import { describe, expect, it } from "vitest";
import { safeNext } from "../../src/platform/http/safe-next.js";

describe("the next address after a login", () => {
  it("when it is a path of this site then it is kept", () => {
    for (const p of ["/", "/kasus/12", "/cari?q=pariwisata&hal=2", "/laporan/kemendagri#ringkasan"]) expect(safeNext(p)).toBe(p);
  });

  it("when a browser would read it as another site (or it is not a path) then it goes home", () => {
    for (const p of [
      "//evil.example/x",
      "/\\evil.example",
      "/\t/evil.example/x",
      "/\n/evil.example",
      "/ /evil",
      "https://evil.example",
      "evil",
      "",
      undefined,
      `/${"a".repeat(700)}`,
    ]) {
      expect(safeNext(p), JSON.stringify(p)).toBe("/");
    }
  });
});
