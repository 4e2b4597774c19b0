// The PDF signer and verifier (issue 25): our own verification and poppler's pdfsig, an
// independent verifier, must agree: a signature made here is valid, a changed byte breaks
// it, a later unsigned update is seen, a second signature keeps the first valid.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PDFArray, PDFDocument, PDFName, PDFRef } from "pdf-lib";
import QRCode from "qrcode";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createLocalCa,
  issueSignerCertificate,
  readP12,
  signPdf,
  toP12,
  verifyPdfSignatures,
  WrongPassphraseError,
  type Pem,
  type SignOptions,
} from "../../src/platform/pdf-signing/index.js";
import { newPdf } from "../../src/platform/pdf/fonts.js";
import { pdfFontList, pdfText } from "../helpers/pdf.js";
import { SAMPLE_PDF } from "../../src/features/seed/sample-pdf.js";

const PDFSIG = "/usr/bin/pdfsig";
const PASS = "rahasia-123";
const SLOW = 60_000;

/** Runs a poppler tool on the bytes; its stdout (and stderr), whatever its exit code. */
async function poppler(tool: string, bytes: Buffer, args: string[] = []): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "pdf-signing-"));
  const file = path.join(dir, "doc.pdf");
  try {
    await writeFile(file, bytes);
    return await new Promise((resolve) => {
      execFile(tool, [...args, file], (_e, stdout, stderr) => resolve(`${stdout}\n${stderr}`));
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** pdfsig's report, or null (with a visible message) when poppler-utils is missing outside CI. */
async function pdfsig(bytes: Buffer): Promise<string | null> {
  if (!existsSync(PDFSIG)) {
    if (process.env.CI) throw new Error(`${PDFSIG} is missing: install poppler-utils`);
    console.warn(`SKIPPED: ${PDFSIG} is missing (poppler-utils), the independent verification is not checked`);
    return null;
  }
  return poppler(PDFSIG, bytes);
}

/** A one-page PDF in the app's embedded fonts; pdf-lib writes an xref stream unless `classicXref`. */
async function samplePdf(classicXref = false): Promise<Buffer> {
  const { doc, fonts } = await newPdf("Perjanjian Kerja Sama");
  const page = doc.addPage([595.28, 841.89]);
  fonts.regular.draw(page, "Perjanjian Kerja Sama antara Pemerintah Kota Yogyakarta dan Pihak Kedua", { x: 50, y: 780, size: 12 });
  return Buffer.from(await doc.save({ useObjectStreams: !classicXref }));
}

/** An unsigned incremental update: a new object with its xref section and trailer, appended. */
function appendUnsignedUpdate(pdf: Buffer): Buffer {
  const text = pdf.toString("latin1");
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1]);
  const root = [...text.matchAll(/\/Root\s+(\d+\s+\d+\s+R)/g)].at(-1)?.[1];
  const size = Number([...text.matchAll(/\/Size\s+(\d+)/g)].at(-1)?.[1]);
  const obj = `${size} 0 obj\n(diubah tanpa tanda tangan)\nendobj\n`;
  const objAt = pdf.length;
  const xrefAt = objAt + obj.length;
  const update = `${obj}xref\n${size} 1\n${String(objAt).padStart(10, "0")} 00000 n\r\ntrailer\n<< /Size ${size + 1} /Root ${root} /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(update, "latin1")]);
}

let ca: Pem;
let otherCa: Pem;
let kabagP12: Buffer;
let walikotaP12: Buffer;
let qrPng: Buffer;
let pdf: Buffer;
const timings: Record<string, number> = {};
const time = async <T>(what: string, f: () => T | Promise<T>): Promise<T> => {
  const t = performance.now();
  const r = await f();
  timings[what] = Math.round(performance.now() - t);
  return r;
};

const options = (name: string, reason = "Menyetujui isi perjanjian"): SignOptions => ({
  reason,
  location: "Yogyakarta",
  name,
  appearance: {
    page: 1,
    x: 330,
    y: 60,
    width: 230,
    height: 70,
    qrPng,
    lines: [`Ditandatangani secara elektronik oleh ${name}`, "Pemerintah Kota Yogyakarta", "7 Desember 2026"],
  },
});

beforeAll(async () => {
  ca = await time("createLocalCa (RSA 3072)", () =>
    createLocalCa({ commonName: "CA Lokal Pemerintah Kota Yogyakarta", organization: "Pemerintah Kota Yogyakarta" }),
  );
  const kabag = await time("issueSignerCertificate (RSA 2048)", () =>
    issueSignerCertificate(ca, {
      name: "Rina Kusumawati",
      organization: "Pemerintah Kota Yogyakarta",
      title: "Kepala Bagian Kerja Sama",
      email: "rina@jogjakota.go.id",
      nik: "3471015501800001",
    }),
  );
  kabagP12 = await time("toP12", () => toP12(kabag, ca.certPem, PASS, "Rina Kusumawati"));
  walikotaP12 = toP12(issueSignerCertificate(ca, { name: "Walikota Yogyakarta", organization: "Pemerintah Kota Yogyakarta" }), ca.certPem, PASS, "Walikota");
  otherCa = createLocalCa({ commonName: "CA Lain", organization: "Bukan Pemkot" });
  qrPng = await QRCode.toBuffer("https://kerjasama.jogjakota.go.id/verifikasi/abc", { errorCorrectionLevel: "M", margin: 1, width: 240 });
  pdf = await samplePdf();
}, SLOW);

/** Appends an unsigned incremental update that replaces the first page's content stream with `content` (a page blanked after signing). */
async function replacePageContent(pdf: Buffer, content: string): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const c = doc.getPage(0).node.get(PDFName.of("Contents"));
  const first = c instanceof PDFArray ? c.get(0) : c;
  const ref = first instanceof PDFRef ? first : null;
  if (!ref) throw new Error("no contents ref");
  const text = pdf.toString("latin1");
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1]);
  const root = [...text.matchAll(/\/Root\s+(\d+\s+\d+\s+R)/g)].at(-1)?.[1] ?? "";
  const size = Number([...text.matchAll(/\/Size\s+(\d+)/g)].at(-1)?.[1]);
  const obj = `${ref.objectNumber} 0 obj\n<< /Length ${content.length} >>\nstream\n${content}\nendstream\nendobj\n`;
  const objAt = pdf.length;
  const xrefAt = objAt + obj.length;
  const upd = `${obj}xref\n${ref.objectNumber} 1\n${String(objAt).padStart(10, "0")} 00000 n\r\ntrailer\n<< /Size ${size} /Root ${root} /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(upd, "latin1")]);
}

describe("PDF signing and verification", () => {
  it(
    "when a signer's P12 signs a PDF then our verification and pdfsig both say the signature is valid",
    async () => {
      const signed = await time("signPdf (1 page, with appearance)", () => signPdf(pdf, kabagP12, PASS, options("Rina Kusumawati")));
      expect(signed.subarray(0, pdf.length).equals(pdf)).toBe(true); // an incremental update: the original bytes untouched
      const v = await time("verifyPdfSignatures (1 signature)", () => verifyPdfSignatures(signed, [ca.certPem]));
      expect(v.conclusion).toBe("VALID");
      expect(v.signatureCount).toBe(1);
      const s = v.signatures[0];
      expect(s).toMatchObject({
        index: 0,
        fieldName: "TandaTangan1",
        signerName: "Rina Kusumawati",
        issuerName: "CA Lokal Pemerintah Kota Yogyakarta",
        subFilter: "ETSI.CAdES.detached",
        reason: "Menyetujui isi perjanjian",
        location: "Yogyakarta",
        integrityValid: true,
        coversWholeDocument: true,
        changedAfter: "none",
        certificateTrusted: true,
        trustProblem: null,
        certificateValidAtSigning: true,
        timestamped: false,
        problem: null,
      });
      expect(s?.signerSubject).toMatch(/^CN=Rina Kusumawati, .*O=Pemerintah Kota Yogyakarta/);
      expect(s?.signedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      const report = await pdfsig(signed);
      if (report !== null) {
        expect(report).toContain("Signature is Valid");
        expect(report).toContain("Signer Certificate Common Name: Rina Kusumawati");
        expect(report).toContain("ETSI.CAdES.detached");
        expect(report).toContain("Total document signed");
      }
    },
    SLOW,
  );

  it(
    "when a byte inside the signed range is changed afterwards then the integrity fails and the conclusion is INVALID",
    async () => {
      const signed = await signPdf(pdf, kabagP12, PASS, options("Rina Kusumawati", "Paraf"));
      const at = signed.indexOf("/Reason (Paraf)");
      expect(at).toBeGreaterThan(0);
      const altered = Buffer.from(signed);
      altered.write("g", at + "/Reason (Para".length, "latin1");
      const v = await verifyPdfSignatures(altered, [ca.certPem]);
      expect(v.signatures[0]?.integrityValid).toBe(false);
      expect(v.conclusion).toBe("INVALID");
      const report = await pdfsig(altered);
      if (report !== null) {
        expect(report).not.toContain("Signature is Valid");
        expect(report).toMatch(/Digest Mismatch|not valid|altered|Invalid/i);
      }
    },
    SLOW,
  );

  it(
    "when bytes are appended after signing then the signature is intact but followed by unsigned changes, MODIFIED",
    async () => {
      const signed = await signPdf(pdf, kabagP12, PASS, options("Rina Kusumawati"));
      const v = await verifyPdfSignatures(appendUnsignedUpdate(signed), [ca.certPem]);
      expect(v.signatures[0]).toMatchObject({ integrityValid: true, coversWholeDocument: false, changedAfter: "unsigned_changes" });
      expect(v.conclusion).toBe("MODIFIED");
    },
    SLOW,
  );

  it(
    "when the certificate comes from a CA not among the trust anchors then the signature is intact but UNTRUSTED",
    async () => {
      const signed = await signPdf(pdf, kabagP12, PASS, options("Rina Kusumawati"));
      const v = await verifyPdfSignatures(signed, [otherCa.certPem]);
      expect(v.signatures[0]).toMatchObject({ integrityValid: true, certificateTrusted: false, certificateValidAtSigning: true });
      expect(v.signatures[0]?.trustProblem).toMatch(/neither a trust anchor nor in the signature|not a trust anchor/);
      expect(v.conclusion).toBe("UNTRUSTED");
    },
    SLOW,
  );

  it(
    "when a second signer signs the already signed PDF (paraf then signature) then both verify and the first is followed only by signed revisions",
    async () => {
      const paraf = await signPdf(pdf, kabagP12, PASS, {
        ...options("Rina Kusumawati", "Paraf"),
        appearance: { page: 1, x: 40, y: 60, width: 150, height: 50, qrPng, lines: ["Paraf Kabag Kerja Sama", "Rina Kusumawati"] },
      });
      const both = await time("signPdf (second signature, incremental)", () => signPdf(paraf, walikotaP12, PASS, options("Walikota Yogyakarta")));
      expect(both.subarray(0, paraf.length).equals(paraf)).toBe(true);
      const v = await time("verifyPdfSignatures (2 signatures)", () => verifyPdfSignatures(both, [ca.certPem]));
      expect(v.conclusion).toBe("VALID");
      expect(v.signatures.map((s) => [s.fieldName, s.signerName, s.integrityValid, s.coversWholeDocument, s.changedAfter])).toEqual([
        ["TandaTangan1", "Rina Kusumawati", true, false, "signed_revisions"],
        ["TandaTangan2", "Walikota Yogyakarta", true, true, "none"],
      ]);
      // And an unsigned update after both: each is followed by changes no signature covers.
      const later = await verifyPdfSignatures(appendUnsignedUpdate(both), [ca.certPem]);
      expect(later.signatures.map((s) => s.changedAfter)).toEqual(["unsigned_changes", "unsigned_changes"]);
      expect(later.conclusion).toBe("MODIFIED");
      // pdf.js (another reader) still opens the file through both updates.
      expect((await pdfText(both))[0]).toContain("Perjanjian Kerja Sama antara Pemerintah Kota Yogyakarta");
      const report = await pdfsig(both);
      if (report !== null) {
        expect(report.match(/Signature is Valid/g)).toHaveLength(2);
        expect(report).toContain("Signer Certificate Common Name: Rina Kusumawati");
        expect(report).toContain("Signer Certificate Common Name: Walikota Yogyakarta");
      }
    },
    SLOW,
  );

  it(
    "when the PDF has a classic xref table then the updates are written as tables and both signatures stay valid",
    async () => {
      const classic = await samplePdf(true);
      const once = await signPdf(classic, kabagP12, PASS, options("Rina Kusumawati", "Paraf"));
      const twice = await signPdf(once, walikotaP12, PASS, { reason: "Tanpa tampilan", location: "Yogyakarta", name: "Walikota Yogyakarta" });
      expect(twice.subarray(once.length).toString("latin1")).toMatch(/\nxref\n[\s\S]*trailer\n<< \/Size \d+ /);
      const v = await verifyPdfSignatures(twice, [ca.certPem]);
      expect(v.conclusion).toBe("VALID");
      expect(v.signatures.map((s) => s.changedAfter)).toEqual(["signed_revisions", "none"]);
      expect((await pdfText(twice))[0]).toContain("Perjanjian Kerja Sama");
      const report = await pdfsig(twice);
      if (report !== null) expect(report.match(/Signature is Valid/g)).toHaveLength(2);
    },
    SLOW,
  );

  it("when the passphrase is wrong then WrongPassphraseError and nothing is signed", async () => {
    await expect(signPdf(pdf, kabagP12, "salah", options("Rina Kusumawati"))).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(() => readP12(kabagP12, "salah")).toThrow(WrongPassphraseError);
  });

  it("when an unsigned PDF has no cross-reference table (as readers repair silently) then it is rewritten whole and signed", async () => {
    const signed = await signPdf(SAMPLE_PDF, kabagP12, PASS, options("Rina Kusumawati"));
    const v = await verifyPdfSignatures(signed, [ca.certPem]);
    expect(v.conclusion).toBe("VALID");
    expect((await pdfText(signed)).join(" ")).toContain("Dokumen contoh");
  });

  it("when a page is blanked after a signature and the file is then signed again then the first signature says the file changed, whoever signed after", async () => {
    const first = await signPdf(pdf, kabagP12, PASS, options("Rina Kusumawati"));
    const blanked = await replacePageContent(first, "1 1 1 rg 0 0 600 850 re f");
    const partner = toP12(issueSignerCertificate(ca, { name: "Mitra Tepercaya", organization: "Mitra" }), ca.certPem, "p4ss-mitra", "M");
    const after = await signPdf(blanked, partner, "p4ss-mitra", options("Mitra Tepercaya"));
    const v = await verifyPdfSignatures(after, [ca.certPem]);
    expect(v.signatures[0]?.changedAfter).toBe("unsigned_changes");
    expect(v.conclusion).toBe("MODIFIED");
    // A paraf followed only by a signature stays "signed revisions".
    const two = await signPdf(first, partner, "p4ss-mitra", options("Mitra Tepercaya"));
    expect((await verifyPdfSignatures(two, [ca.certPem])).signatures[0]?.changedAfter).toBe("signed_revisions");
  });

  it("when a P12 is read with its passphrase then its subject and validity come back", () => {
    const r = readP12(kabagP12, PASS);
    expect(r.subjectName).toBe("Rina Kusumawati");
    expect(r.notBefore.getTime()).toBeLessThanOrEqual(Date.now());
    expect(r.notAfter.getTime()).toBeGreaterThan(Date.now() + 365 * 24 * 3600_000);
    expect(r.certPem).toContain("BEGIN CERTIFICATE");
  });

  it("when the file is not a PDF then verification throws; when a PDF has no signature then NO_SIGNATURE", async () => {
    await expect(verifyPdfSignatures(Buffer.from("bukan sebuah PDF"), [ca.certPem])).rejects.toThrow(/bukan PDF/);
    expect(await verifyPdfSignatures(pdf, [ca.certPem])).toEqual({ signatureCount: 0, signatures: [], conclusion: "NO_SIGNATURE" });
  });

  it(
    "when a signature's /Contents is garbage then the problem is reported without throwing and the conclusion is INVALID",
    async () => {
      const signed = await signPdf(pdf, kabagP12, PASS, options("Rina Kusumawati"));
      const at = signed.indexOf("/Contents <3082");
      expect(at).toBeGreaterThan(0);
      const garbage = Buffer.from(signed);
      garbage.write("ffffffff", at + "/Contents <".length, "latin1");
      const v = await verifyPdfSignatures(garbage, [ca.certPem]);
      expect(v.signatures[0]?.problem).toBeTruthy();
      expect(v.signatures[0]?.integrityValid).toBe(false);
      expect(v.conclusion).toBe("INVALID");
      // A byte range pointing outside the file is a problem too, not a crash.
      const odd = Buffer.from(signed);
      const br = odd.indexOf("/ByteRange [0 ");
      odd.write("9", br + "/ByteRange [0 ".length, "latin1");
      const w = await verifyPdfSignatures(odd, [ca.certPem]);
      expect(w.signatures[0]?.problem).toBeTruthy();
      expect(w.conclusion).toBe("INVALID");
    },
    SLOW,
  );

  it("when the PDF cannot be opened or is encrypted then signing says so", async () => {
    await expect(signPdf(Buffer.from("%PDF-1.7\nrusak"), kabagP12, PASS, options("Rina Kusumawati"))).rejects.toThrow(/PDF/);
    const { doc } = await newPdf("Terkunci");
    doc.addPage();
    const plain = Buffer.from(await doc.save({ useObjectStreams: false })).toString("latin1");
    const encrypted = Buffer.from(plain.replace("trailer\n<<", "trailer\n<<\n/Encrypt << /Filter /Standard /V 2 /R 3 >>"), "latin1");
    await expect(signPdf(encrypted, kabagP12, PASS, options("Rina Kusumawati"))).rejects.toThrow(/terenkripsi/);
  });

  it(
    "when a PDF is signed with a visible appearance then every font is embedded and the QR image is there",
    async () => {
      const signed = await signPdf(pdf, kabagP12, PASS, options("Rina Kusumawati Ngọc Ánh"));
      const fonts = await pdfFontList(signed);
      expect(fonts.length).toBeGreaterThan(0);
      expect(fonts.filter((f) => !f.embedded)).toEqual([]);
      const images = await poppler("pdfimages", signed, ["-list"]);
      expect(images.split("\n").filter((l) => /^\s*1\s+\d+\s+image\s/.test(l)).length).toBeGreaterThanOrEqual(1);
    },
    SLOW,
  );

  it(
    "when the certificate had expired at the signing time then it is neither valid at signing nor trusted",
    async () => {
      const threeYearsAgo = new Date(Date.now() - 3 * 365 * 24 * 3600_000);
      const expired = issueSignerCertificate(ca, { name: "Pejabat Lama", organization: "Pemerintah Kota Yogyakarta" }, { now: threeYearsAgo, years: 1 });
      const signed = await signPdf(pdf, toP12(expired, ca.certPem, PASS, "Lama"), PASS, options("Pejabat Lama"));
      const v = await verifyPdfSignatures(signed, [ca.certPem]);
      expect(v.signatures[0]).toMatchObject({ integrityValid: true, certificateValidAtSigning: false, certificateTrusted: false });
      expect(v.signatures[0]?.trustProblem).toMatch(/not valid at the signing time/);
      expect(v.conclusion).toBe("UNTRUSTED");
    },
    SLOW,
  );

  it("when everything ran then the timings are printed (measured, not asserted)", () => {
    console.info(`pdf-signing timings (ms): ${JSON.stringify(timings)}`);
    expect(Object.keys(timings).length).toBeGreaterThan(0);
  });
});
