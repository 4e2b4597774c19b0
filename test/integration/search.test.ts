// Issue 13, part 6: one search over cases, agreement numbers and document text.
import { PDFDocument, StandardFonts } from "pdf-lib";
import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { must } from "../../src/platform/must.js";
import { Prisma } from "../../src/generated/prisma/client.js";
import { addDocuments } from "../../src/features/cases/case-service.js";
import { generateLetter } from "../../src/features/letters/generate-letter.js";
import { casePolicy } from "../../src/core/policies/index.js";
import { EXTRACT_MAX_BYTES, enqueueMissing, extractPending } from "../../src/features/search/extract-job.js";
import { prefixQuery, SEARCH_SQL } from "../../src/features/search/search-service.js";
import { login } from "../helpers/app.js";
import { buildCase, file, useWorkflowApp } from "../helpers/workflow.js";

const { t, a } = useWorkflowApp();

async function pdfWith(text: string) {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  page.drawText(text, { x: 50, y: 700, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save());
}
async function scanPdf() {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  page.drawImage(await doc.embedPng(await QRCode.toBuffer("pindaian", { width: 200 })), { x: 50, y: 500, width: 200, height: 200 });
  return Buffer.from(await doc.save());
}
const search = async (username: string, q: string) => (await (await login(t.app, username)).agent.get(`/cari?q=${encodeURIComponent(q)}`)).text;
const drain = async () => {
  while ((await extractPending(t.prisma, 10)) > 0);
};

describe("document text", () => {
  it("when a word is only inside an uploaded PDF then it is found once the text is extracted after the upload, with the word marked", async () => {
    const c = await buildCase(t.prisma, a, { row: 3, title: "Kasus pencarian isi" });
    await addDocuments(t.prisma, a.penatalaksana, c.id, [
      { kind: "lainnya", file: await file("kajian.pdf", await pdfWith("Hasil kajian zamrudkatulistiwa untuk kawasan Kotagede")) },
    ]);
    // The upload itself only queued the text.
    expect(await t.prisma.blobText.count({ where: { status: "PENDING" } })).toBeGreaterThan(0);
    expect(await search("penatalaksana", "zamrudkatulistiwa")).toContain("Tidak ada dokumen yang cocok");
    await drain();
    const page = await search("penatalaksana", "zamrudkatulistiwa");
    expect(page).toContain("kajian.pdf");
    expect(page).toContain("<mark>zamrudkatulistiwa</mark>");
    // The start of a word is enough, and every word typed must be there.
    expect(await search("penatalaksana", "zamrudkatul kotag")).toContain("kajian.pdf");
    expect(await search("penatalaksana", "zamrudkatul surabaya")).not.toContain("kajian.pdf");
  });

  it("when a generated Word letter holds the partner's name then its text is found too", async () => {
    const c = await buildCase(t.prisma, a, { row: 11, title: "Kasus surat Word", partnerName: "Koperasi Gemahripah Sejahtera" });
    await generateLetter(t.prisma, a.penatalaksana, c.id, "draft_naskah");
    await drain();
    const page = await search("penelaah", "gemahripah");
    expect(page).toMatch(/Draf MoU - Kasus surat Word\.docx/);
    expect(page).toContain("<mark>");
  });

  it("when a scan has no text layer or a file is unreadable then it is marked and the job goes on", async () => {
    const c = await buildCase(t.prisma, a, { row: 3, title: "Kasus pindaian" });
    await addDocuments(t.prisma, a.penatalaksana, c.id, [{ kind: "lainnya", file: await file("pindaian-perjanjian.pdf", await scanPdf()) }]);
    await addDocuments(t.prisma, a.penatalaksana, c.id, [{ kind: "lainnya", file: await file("rusak.pdf", Buffer.from("%PDF-1.4 rusak tanpa isi")) }]);
    await drain();
    const statuses = await t.prisma.blobText.groupBy({ by: ["status"], _count: true });
    expect(statuses.map((s) => s.status)).toEqual(expect.arrayContaining(["NO_TEXT", "FAILED", "DONE"]));
    // A file over the reading limit is not read, and says so.
    const big = await file("besar.pdf", Buffer.concat([await pdfWith("berkas besar sekali"), Buffer.alloc(EXTRACT_MAX_BYTES + 1, 32)]));
    await addDocuments(t.prisma, a.penatalaksana, c.id, [{ kind: "lainnya", file: big }]);
    await drain();
    expect((await t.prisma.blobText.findUniqueOrThrow({ where: { sha256: big.sha256 } })).status).toBe("SKIPPED");
    expect(await search("penatalaksana", "besar")).toContain("Berkas lebih dari 20 MB");
    expect(await search("penatalaksana", "pindaian-perjanjian")).toContain("Pindaian tanpa teks");
    const casePage = await (await login(t.app, "penatalaksana")).agent.get(`/kasus/${c.id}`);
    expect(casePage.text).toContain("pindaian tanpa teks");
  });

  it("when documents have no text row (a database restored from an older backup) then starting the job queues them once", async () => {
    const c = await buildCase(t.prisma, a, { row: 3, title: "Kasus cadangan lama" });
    const doc = must(
      (await addDocuments(t.prisma, a.penatalaksana, c.id, [{ kind: "lainnya", file: await file("lama.pdf", await pdfWith("arsip kuningan lama")) }]))[0],
      "the document",
    );
    await t.prisma.blobText.deleteMany({ where: { sha256: doc.sha256 } });
    expect(await enqueueMissing(t.prisma)).toBe(1);
    expect(await enqueueMissing(t.prisma)).toBe(0);
    await drain();
    expect(await search("penatalaksana", "kuningan")).toContain("lama.pdf");
  });

  it("when a document's text holds markup then the snippet shows it as text", async () => {
    const c = await buildCase(t.prisma, a, { row: 3, title: "Kasus markup" });
    await addDocuments(t.prisma, a.penatalaksana, c.id, [
      { kind: "lainnya", file: await file("markup.pdf", await pdfWith('<script>alert(1)</script> rasio 5 < 7 & "nilai" kalimasadaberbahaya')) },
    ]);
    await drain();
    const page = await search("penatalaksana", "kalimasadaberbahaya");
    // PostgreSQL's parser drops whole tags from the snippet; what remains is escaped.
    expect(page).toContain("5 &lt; 7 &amp; &#34;nilai&#34;");
    expect(page).not.toContain("<script>alert(1)");
    expect(page).not.toContain("5 < 7");
  });
});

describe("Indonesian words", () => {
  it("when searching kerjasama then a case titled 'Kerja sama …' is found, and every other word typed is still required", async () => {
    await buildCase(t.prisma, a, { row: 3, title: "Kerja sama pengelolaan taman lintasbuana" });
    await buildCase(t.prisma, a, { row: 3, title: "Pengelolaan taman lintasbuana tanpa mitra" });
    await buildCase(t.prisma, a, { row: 3, title: "Usulan ini bekerja sama dengan kampus lintasbuana" });
    const page = await search("penatalaksana", "kerjasama lintasbuana");
    expect(page).toContain("Kerja sama pengelolaan taman lintasbuana");
    expect(page).toContain("Usulan ini bekerja sama dengan kampus lintasbuana");
    expect(page).not.toContain("Pengelolaan taman lintasbuana tanpa mitra");
  });

  it("when searching 'kerja sama' then a case titled 'Kerjasama …' is found, and 'bekerjasama' in its scope too", async () => {
    await buildCase(t.prisma, a, { row: 3, title: "Kerjasama pelatihan batikmerapi" });
    await buildCase(t.prisma, a, { row: 3, title: "Pelatihan batikmerapi lanjutan", ruangLingkup: "Dinas bekerjasama dengan paguyuban perajin" });
    for (const q of ["kerja sama batikmerapi", "Kerja-sama batikmerapi", "kerjasama batikmerapi"]) {
      const page = await search("penatalaksana", q);
      expect([q, page.includes("Kerjasama pelatihan batikmerapi"), page.includes("Pelatihan batikmerapi lanjutan")]).toEqual([q, true, true]);
    }
  });

  it("when searching angkut then a case about pengangkutan and a document whose text says pengangkutan are found, the word marked", async () => {
    const c = await buildCase(t.prisma, a, {
      row: 3,
      title: "Pengangkutan sampah kawasan Malioboro",
      ruangLingkup: "Pengangkutan sampah harian dari depo ke TPA",
    });
    await addDocuments(t.prisma, a.penatalaksana, c.id, [
      { kind: "lainnya", file: await file("kajian-limbah.pdf", await pdfWith("Kajian pengangkutan limbah cair rumah tangga")) },
    ]);
    await drain();
    const page = await search("penatalaksana", "angkut");
    expect(page).toContain("Pengangkutan sampah kawasan Malioboro");
    expect(page).toContain("<mark>Pengangkutan</mark> sampah harian");
    expect(page).toContain("kajian-limbah.pdf");
    expect(page).toContain("<mark>pengangkutan</mark> limbah cair");
    // Other affixes of the same root: the word typed with its affixes finds it too.
    expect(await search("penatalaksana", "mengangkut limbah")).toContain("kajian-limbah.pdf");
  });

  it("when a search runs then each of its expressions is the one its GIN index was built on", async () => {
    const tsq = prefixQuery("kerjasama angkut")!;
    const plans: Record<string, string> = {};
    await t.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      const explain = async (sql: Prisma.Sql) => (await tx.$queryRaw<Record<string, string>[]>`EXPLAIN ${sql}`).map((r) => Object.values(r)[0]).join("\n");
      plans.case = await explain(Prisma.sql`SELECT c."id" FROM "Case" c WHERE ${SEARCH_SQL.caseVector} @@ ${SEARCH_SQL.query(tsq)}`);
      plans.text = await explain(Prisma.sql`SELECT bt."sha256" FROM "BlobText" bt WHERE ${SEARCH_SQL.textVector} @@ ${SEARCH_SQL.query(tsq)}`);
      plans.name = await explain(Prisma.sql`SELECT d."id" FROM "Document" d WHERE ${SEARCH_SQL.nameVector} @@ ${SEARCH_SQL.query(tsq)}`);
    });
    expect(plans.case).toContain("Case_fts");
    expect(plans.text).toContain("BlobText_fts");
    expect(plans.name).toContain("Document_name_fts");
    for (const plan of Object.values(plans)) expect(plan).toContain("indonesian");
  });
});

describe("access", () => {
  it("when an SKPD user searches then another unit's case and documents never come back, while the other unit and P3ADK find them", async () => {
    const c = await buildCase(t.prisma, a, { row: 3, title: "Rahasia unit lain cendrawasihbiru" });
    await t.prisma.case.update({ where: { id: c.id }, data: { skpdId: a.otherSkpd.skpdId! } });
    await addDocuments(t.prisma, a.penatalaksana, c.id, [
      { kind: "lainnya", file: await file("lain.pdf", await pdfWith("dokumen cendrawasihbiru unit lain")) },
    ]);
    await drain();
    const mine = await search("skpd.pariwisata", "cendrawasihbiru");
    expect(mine).not.toContain("Rahasia unit lain");
    expect(mine).not.toContain("lain.pdf");
    const theirs = await search("skpd.kesehatan", "cendrawasihbiru");
    expect(theirs).toContain("Rahasia unit lain");
    expect(theirs).toContain("lain.pdf");
    expect(await search("kabag", "cendrawasihbiru")).toContain("lain.pdf");
  });

  it("when the access rule is written as SQL for search then it selects the same cases as the policy's scope, for every identity", async () => {
    await buildCase(t.prisma, a, { row: 1, title: "Draf yang belum dikirim" });
    for (const u of Object.values(a)) {
      const viaPrisma = (await t.prisma.case.findMany({ where: casePolicy.scope(u), select: { id: true }, orderBy: { id: "asc" } })).map((c) => c.id);
      const viaSql = (await t.prisma.$queryRaw<{ id: number }[]>`SELECT c."id" FROM "Case" c WHERE ${casePolicy.scopeSql(u, "c")} ORDER BY c."id"`).map(
        (r) => r.id,
      );
      expect([u.username, viaSql]).toEqual([u.username, viaPrisma]);
    }
  });

  it("when a register number is typed then its agreement is found", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Kasus nomor dicari" });
    const n = await t.prisma.registerNumber.findFirstOrThrow({ where: { caseId: c.id, kind: "PKS" } });
    const page = await search("penelaah", n.number);
    expect(page).toContain(`/perjanjian/`);
    expect(page).toContain(n.number);
  });

  it("when the query is too short or odd then the page explains and nothing fails", async () => {
    for (const q of ["a", '"', "-", "&|!", "' OR 1=1 --"]) {
      const { agent } = await login(t.app, "penatalaksana");
      const res = await agent.get(`/cari?q=${encodeURIComponent(q)}`);
      expect([q, res.status]).toEqual([q, 200]);
    }
  });
});
