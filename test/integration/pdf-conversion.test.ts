// Letters and drafts as PDF: a case's .docx converted by LibreOffice (platform/office)
// and kept as the next version of the same document kind (features/documents/make-pdf.ts).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { insertDocuments } from "../../src/core/documents/document-rows.js";
import { ALLOWED_TYPES, readBlob } from "../../src/platform/files/blob-store.js";
import { configureOffice, convertDocxToPdf, OFFICE_DEFAULTS, officeOptions } from "../../src/platform/office/convert-to-pdf.js";
import { must } from "../../src/platform/must.js";
import { getBytes, login, postForm } from "../helpers/app.js";
import { zipBombDocx } from "../helpers/hostile.js";
import { buildCase, useWorkflowApp } from "../helpers/workflow.js";

const { t, a } = useWorkflowApp();
const DOCX = must(ALLOWED_TYPES.docx, "docx");

// Each test's conversions in a folder of their own: what is left there, and which process names it, is checked.
let work: string;
let saved: ReturnType<typeof officeOptions>;
beforeAll(() => {
  saved = { ...officeOptions() };
});
const fresh = (over: Parameters<typeof configureOffice>[0] = {}) => {
  work = mkdtempSync(path.join(tmpdir(), "kd-office-test-"));
  configureOffice({ ...OFFICE_DEFAULTS, tmpDir: work, ...over });
};
afterEach(() => {
  configureOffice(saved);
  rmSync(work, { recursive: true, force: true });
});
afterAll(() => configureOffice(saved));

/** Processes whose command line names `dir` (a LibreOffice of this test's conversions). */
const processesUnder = (dir: string): string[] => {
  try {
    return execFileSync("pgrep", ["-af", dir], { encoding: "utf8" })
      .split("\n")
      .filter((l) => l.trim() && !l.includes("pgrep"));
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
};

/** The MoU draft generated at row 11 (a .docx from the app's template), as the Penatalaksana. */
async function draftAtRow11(title: string) {
  const c = await buildCase(t.prisma, a, { row: 11, title, partnerName: "PT Bersih Lestari", partnerAddress: "Jl. Magelang 10, Sleman" });
  const { agent } = await login(t.app, "penatalaksana");
  expect((await postForm(agent, `/kasus/${c.id}/templat/draft_naskah`, {}, `/kasus/${c.id}`)).status).toBe(302);
  const doc = await t.prisma.document.findFirstOrThrow({ where: { caseId: c.id, kind: "draft_mou" }, orderBy: { version: "desc" } });
  expect(doc.mime).toBe(DOCX);
  return { c, agent, doc };
}

/** A .docx row on the case written directly (bytes the upload would refuse, like a zip bomb). */
async function docxRow(caseId: number, row: number, bytes: Buffer, name: string) {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const file = { source: bytes, sha256, size: bytes.length, mime: DOCX, originalName: name };
  return must((await t.prisma.$transaction((tx) => insertDocuments(tx, caseId, row, a.penatalaksana.id, [{ kind: "draft_mou", file }], new Date())))[0], "row");
}

const flashOf = async (agent: Awaited<ReturnType<typeof login>>["agent"], caseId: number) => (await agent.get(`/kasus/${caseId}`)).text;
const countOf = (caseId: number) => t.prisma.document.count({ where: { caseId } });

describe("a Word document converted to PDF", () => {
  it("when a generated MoU draft is converted then the case has its next version as a PDF that opens, shows the case's title, embeds every font, and the timeline notes it", async () => {
    fresh();
    const { c, agent, doc } = await draftAtRow11("Pengelolaan sampah terpadu berbasis masyarakat");
    const started = Date.now();
    const res = await postForm(agent, `/dokumen/${doc.id}/pdf`, {}, `/kasus/${c.id}`);
    const took = Date.now() - started;
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/kasus/${c.id}#dokumen`);
    const pdf = await t.prisma.document.findFirstOrThrow({ where: { caseId: c.id, kind: "draft_mou" }, orderBy: { version: "desc" } });
    expect(pdf.version).toBe(doc.version + 1);
    expect(pdf.mime).toBe("application/pdf");
    expect(pdf.originalName).toBe(doc.originalName.replace(/\.docx$/, ".pdf"));
    expect(await flashOf(agent, c.id)).toContain(`Versi PDF dibuat: ${pdf.originalName}`);

    const bytes = (await getBytes(agent, `/dokumen/${pdf.id}`)).body;
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const file = path.join(work, "out.pdf");
    writeFileSync(file, bytes);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text.toLowerCase()).toContain("pengelolaan sampah terpadu berbasis masyarakat");
    expect(text).toContain("PT Bersih Lestari");
    // pdffonts: name, type, encoding, emb, sub, uni, object ID; the "emb" column is yes for every font.
    const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" }).trim().split("\n").slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect([line, line.trim().split(/\s+/).at(-5)]).toEqual([line, "yes"]);

    const event = await t.prisma.caseEvent.findFirstOrThrow({ where: { caseId: c.id, action: "buat_dokumen" }, orderBy: { seq: "desc" } });
    expect(event.data).toMatchObject({
      label: `Versi PDF dibuat dari ${doc.originalName} (versi ${doc.version})`,
      documents: [{ id: pdf.id, kind: "draft_mou", version: pdf.version }],
    });
    // Nothing of the conversion is left: no temporary folder, no LibreOffice.
    expect(readdirSync(work).filter((f) => f !== "out.pdf")).toEqual([]);
    expect(processesUnder(work)).toEqual([]);

    // Sent again (a double click after the first finished): the same PDF, no third version.
    const again = await postForm(agent, `/dokumen/${doc.id}/pdf`, {}, `/kasus/${c.id}`);
    expect(again.status).toBe(302);
    expect(await t.prisma.document.count({ where: { caseId: c.id, kind: "draft_mou" } })).toBe(pdf.version);
    expect(await flashOf(agent, c.id)).toContain(`Versi PDF sudah ada: ${pdf.originalName}`);

    // Measured, not asserted: a cold conversion (first LibreOffice start), then a warm one.
    const docx = await readBlob(t.prisma, doc.sha256);
    const s2 = Date.now();
    await convertDocxToPdf(docx);
    console.log(`[pdf-conversion] route (cold) ${took} ms, converter alone (warm) ${Date.now() - s2} ms, docx ${docx.length} B, pdf ${bytes.length} B`);
  }, 180_000);

  it("when the button is clicked twice at once then LibreOffice converts once and the case gets one PDF version", async () => {
    fresh();
    const { c, agent, doc } = await draftAtRow11("Kerja sama yang diklik dua kali");
    const [one, two] = await Promise.all([0, 1].map(() => postForm(agent, `/dokumen/${doc.id}/pdf`, {}, `/kasus/${c.id}`)));
    expect([one?.status, two?.status]).toEqual([302, 302]);
    const versions = await t.prisma.document.findMany({ where: { caseId: c.id, kind: "draft_mou" }, orderBy: { version: "asc" } });
    expect(versions.map((d) => [d.version, d.mime])).toEqual([...versions.slice(0, -1).map((d) => [d.version, DOCX]), [doc.version + 1, "application/pdf"]]);
  }, 120_000);

  it("when the case is finished then the PDF is refused with the reason on the case page, and nothing is added", async () => {
    fresh({ sofficePath: "/tidak/ada/soffice" });
    const { c, agent, doc } = await draftAtRow11("Kerja sama yang sudah selesai");
    await t.prisma.case.update({ where: { id: c.id }, data: { status: "DONE", currentRow: null } });
    const before = await countOf(c.id);
    const res = await postForm(agent, `/dokumen/${doc.id}/pdf`, {}, `/kasus/${c.id}`);
    expect(res.status).toBe(302);
    expect(await flashOf(agent, c.id)).toContain("Kasus ini sudah selesai");
    expect(await countOf(c.id)).toBe(before);
  });

  it("when LibreOffice is missing then the case page says so in Indonesian with what to do instead, and no document is added", async () => {
    fresh({ sofficePath: "/tidak/ada/soffice" });
    const { c, agent, doc } = await draftAtRow11("Kerja sama tanpa LibreOffice");
    const before = await countOf(c.id);
    const res = await postForm(agent, `/dokumen/${doc.id}/pdf`, {}, `/kasus/${c.id}`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/kasus/${c.id}#dokumen`);
    expect(await countOf(c.id)).toBe(before);
    expect(await flashOf(agent, c.id)).toContain(
      "Konversi ke PDF belum tersedia di server ini (LibreOffice belum dipasang). Unduh berkas Word-nya, simpan sebagai PDF di komputer Anda, lalu unggah.",
    );
  });

  it("when the conversion outlasts its time limit then it is refused, nothing is added and no LibreOffice is left running", async () => {
    fresh({ timeoutMs: 50 });
    const { c, agent, doc } = await draftAtRow11("Kerja sama yang lambat dikonversi");
    const before = await countOf(c.id);
    const res = await postForm(agent, `/dokumen/${doc.id}/pdf`, {}, `/kasus/${c.id}`);
    expect(res.status).toBe(302);
    expect(await countOf(c.id)).toBe(before);
    const page = await flashOf(agent, c.id);
    expect(page).toContain("tidak selesai diubah menjadi PDF");
    expect(page).toContain("coba lagi");
    // Killed as a group: neither soffice nor soffice.bin names this test's folder any more.
    await new Promise((r) => setTimeout(r, 300));
    expect(processesUnder(work)).toEqual([]);
    expect(readdirSync(work)).toEqual([]);
  });

  it("when the .docx is a zip bomb then it is refused by its zip budget before LibreOffice runs, and nothing is added", async () => {
    // A stand-in LibreOffice that leaves a mark when it is run.
    const mark = path.join(tmpdir(), `kd-office-ran-${process.pid}-${Date.now()}`);
    const fake = path.join(mkdtempSync(path.join(tmpdir(), "kd-fake-soffice-")), "soffice");
    writeFileSync(fake, `#!/bin/sh\ntouch ${mark}\nexit 1\n`);
    chmodSync(fake, 0o755);
    fresh({ sofficePath: fake });
    const c = await buildCase(t.prisma, a, { row: 11, title: "Kerja sama dengan berkas bom" });
    const bomb = await docxRow(c.id, 11, await zipBombDocx(400), "bom.docx");
    const before = await countOf(c.id);
    const { agent } = await login(t.app, "penatalaksana");
    const res = await postForm(agent, `/dokumen/${bomb.id}/pdf`, {}, `/kasus/${c.id}`);
    expect(res.status).toBe(302);
    expect(await countOf(c.id)).toBe(before);
    expect(await flashOf(agent, c.id)).toMatch(/bom\.docx.{0,10} bagian .{0,10}word\/document\.xml.{0,10} berukuran [\d.]+ MB bila dibuka/);
    expect(existsSync(mark)).toBe(false);
    rmSync(path.dirname(fake), { recursive: true, force: true });
  });
});

describe("who may convert what", () => {
  it("when a user who may read the case but not add documents to it posts then it is refused with 403 and nothing is added", async () => {
    fresh({ sofficePath: "/tidak/ada/soffice" });
    const { c, doc } = await draftAtRow11("Kerja sama yang hanya dibaca Pimpinan");
    const before = await countOf(c.id);
    // The Pimpinan reads every case and holds no task at row 11 (the SKPD does: it drafts with Bagian Kerjasama).
    const { agent } = await login(t.app, "pimpinan");
    const res = await postForm(agent, `/dokumen/${doc.id}/pdf`, {}, `/kasus/${c.id}`);
    expect(res.status).toBe(403);
    expect(await countOf(c.id)).toBe(before);
  });

  it("when a user of another SKPD posts then the document is not found for them, and nothing is added", async () => {
    fresh({ sofficePath: "/tidak/ada/soffice" });
    const { c, doc } = await draftAtRow11("Kerja sama SKPD lain");
    const before = await countOf(c.id);
    const { agent } = await login(t.app, "skpd.kesehatan");
    expect((await postForm(agent, `/dokumen/${doc.id}/pdf`, {}, "/")).status).toBe(404);
    expect(await countOf(c.id)).toBe(before);
  });

  it("when the document is a PDF already, or does not exist, then the refusal says so and nothing is added", async () => {
    fresh({ sofficePath: "/tidak/ada/soffice" });
    const c = await buildCase(t.prisma, a, { row: 11, title: "Kerja sama dengan PDF" });
    const pdf = must(
      await t.prisma.document.findFirst({ where: { caseId: c.id, mime: "application/pdf" }, orderBy: { id: "desc" } }),
      "a PDF the driver uploaded",
    );
    const before = await countOf(c.id);
    const { agent } = await login(t.app, "penatalaksana");
    const res = await postForm(agent, `/dokumen/${pdf.id}/pdf`, {}, `/kasus/${c.id}`);
    expect(res.status).toBe(302);
    expect(await flashOf(agent, c.id)).toContain("sudah berupa PDF");
    expect(await countOf(c.id)).toBe(before);
    const missing = await postForm(agent, `/dokumen/987654321/pdf`, {}, `/kasus/${c.id}`);
    expect(missing.status).toBe(404);
    expect(missing.text).toContain("Dokumen tidak ditemukan.");
  });
});
