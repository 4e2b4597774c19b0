// The LibreOffice converter on its own (platform/office/convert-to-pdf.ts): stand-in
// programs for the waiting line, the environment and a non-PDF answer; the real
// LibreOffice (when installed) for a damaged file and the memory limit.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { convertDocxToPdf, configureOffice, OFFICE_DEFAULTS, officeAvailable, OfficeError, stopOffice } from "../../src/platform/office/convert-to-pdf.js";

const TEMPLATE = readFileSync(path.join(import.meta.dirname, "../../views/letters/telaah_staf.docx"));
const hasSoffice = existsSync("/usr/bin/soffice");

let work: string;
let bin: string;
beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), "kd-office-unit-"));
  bin = mkdtempSync(path.join(tmpdir(), "kd-office-bin-"));
  configureOffice({ ...OFFICE_DEFAULTS, tmpDir: work });
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(bin, { recursive: true, force: true });
});
afterAll(() => configureOffice(OFFICE_DEFAULTS));

/** A stand-in soffice: `body` runs with $out set to the --outdir it was given. */
function fakeSoffice(body: string): string {
  const file = path.join(bin, `soffice-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, `#!/bin/sh\nwhile [ $# -gt 1 ]; do if [ "$1" = "--outdir" ]; then out=$2; fi; shift; done\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

const reasonOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return "resolved";
  } catch (e) {
    return e instanceof OfficeError ? e.reason : String(e);
  }
};

describe("the converter", () => {
  it("when the program does not exist then it is not available and a conversion is refused as missing, in Indonesian", async () => {
    expect(await officeAvailable({ sofficePath: "/tidak/ada/soffice" })).toBe(false);
    const e = await convertDocxToPdf(TEMPLATE, { sofficePath: "/tidak/ada/soffice" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OfficeError);
    expect((e as OfficeError).reason).toBe("missing");
    expect((e as OfficeError).message).toContain("LibreOffice belum dipasang");
  });

  it("when the program answers with something that is not a PDF then it is refused as failed and its folder is removed", async () => {
    const soffice = fakeSoffice('echo "bukan pdf" > "$out/dokumen.pdf"');
    expect(await reasonOf(convertDocxToPdf(TEMPLATE, { sofficePath: soffice }))).toBe("failed");
    expect(readdirSync(work)).toEqual([]);
  });

  it("when the program runs then its environment holds only PATH, HOME (its temporary folder), TZ and LANG, and the folder is removed afterwards", async () => {
    process.env.KD_SECRET_FOR_TEST = "rahasia";
    try {
      const soffice = fakeSoffice('{ printf "%%PDF-1.4\\n"; env; } > "$out/dokumen.pdf"');
      const out = (await convertDocxToPdf(TEMPLATE, { sofficePath: soffice })).toString();
      const names = out
        .split("\n")
        .slice(1)
        .map((l) => l.split("=")[0])
        .filter((n) => n && !["PWD", "SHLVL", "_", "OLDPWD"].includes(n));
      expect(names.sort()).toEqual(["HOME", "LANG", "PATH", "TZ"]);
      expect(out).toContain(`HOME=${work}/convert-`);
      expect(out).not.toContain("rahasia");
      expect(readdirSync(work)).toEqual([]);
    } finally {
      delete process.env.KD_SECRET_FOR_TEST;
    }
  });

  it("when more conversions come than may wait then the extra ones are refused as busy, and the others run one after another", async () => {
    const soffice = fakeSoffice('sleep 1; printf "%%PDF-1.4\\n" > "$out/dokumen.pdf"');
    const started = Date.now();
    const runs = [0, 1, 2].map(() => reasonOf(convertDocxToPdf(TEMPLATE, { sofficePath: soffice, maxWaiting: 1 })));
    expect(await Promise.all(runs)).toEqual(["resolved", "resolved", "busy"]);
    // One at a time: two runs of a second each.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(readdirSync(work)).toEqual([]);
  });

  it("when the program outlasts the limit then its whole process group is killed and the folder removed", async () => {
    // The launcher starts a child that would outlive it, as soffice starts soffice.bin.
    const mark = path.join(bin, "still-running");
    const soffice = fakeSoffice(`(sleep 3; touch ${mark}) & sleep 30`);
    expect(await reasonOf(convertDocxToPdf(TEMPLATE, { sofficePath: soffice, timeoutMs: 300 }))).toBe("timeout");
    await new Promise((r) => setTimeout(r, 3500));
    expect(existsSync(mark)).toBe(false);
    expect(readdirSync(work)).toEqual([]);
  }, 10_000);

  it("when a stopped server left conversion folders behind then the next conversion removes the old ones, not a recent one", async () => {
    const old = path.join(work, "convert-old");
    const recent = path.join(work, "convert-recent");
    mkdirSync(path.join(old, "profile"), { recursive: true });
    mkdirSync(recent);
    const hourAgo = new Date(Date.now() - 3600_000);
    utimesSync(old, hourAgo, hourAgo);
    const soffice = fakeSoffice('printf "%%PDF-1.4\\n" > "$out/dokumen.pdf"');
    await convertDocxToPdf(TEMPLATE, { sofficePath: soffice, timeoutMs: 1000 });
    expect(readdirSync(work)).toEqual(["convert-recent"]);
  });

  it("when the server stops during a conversion then the conversion is ended", async () => {
    const soffice = fakeSoffice("sleep 30");
    const run = reasonOf(convertDocxToPdf(TEMPLATE, { sofficePath: soffice }));
    await new Promise((r) => setTimeout(r, 300));
    stopOffice();
    expect(await run).toBe("failed");
    expect(readdirSync(work)).toEqual([]);
  });

  it.skipIf(!hasSoffice)(
    "when LibreOffice is given a damaged Word file then it is refused as failed and nothing is left",
    async () => {
      const damaged = Buffer.concat([TEMPLATE.subarray(0, 1000), Buffer.alloc(2000, 0x41)]);
      const e = await convertDocxToPdf(damaged).catch((x: unknown) => x);
      expect((e as OfficeError).reason).toBe("failed");
      expect((e as OfficeError).message).toMatch(/^tidak dapat diubah menjadi PDF/);
      expect(readdirSync(work)).toEqual([]);
    },
    90_000,
  );

  it.skipIf(!hasSoffice)(
    "when LibreOffice's memory limit is far too small then it is refused as failed, not left running",
    async () => {
      expect(await reasonOf(convertDocxToPdf(TEMPLATE, { memoryMb: 64 }))).toBe("failed");
      expect(readdirSync(work)).toEqual([]);
    },
    90_000,
  );
});
