// Issue 27: the city's records rules. Metadata per document kind kept by ADMIN, copied
// onto every document; the access class narrowing who may open a document; the
// retention report and its export; ADMIN's disposal decisions.
import ExcelJS from "exceljs";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { DEFAULT_RECORDS } from "../../src/core/documents/records.js";
import { DOC_KIND_IDS } from "../../src/core/documents/kinds.js";
import { getBytes, login, postForm } from "../helpers/app.js";
import { buildCase, PDF, useWorkflowApp } from "../helpers/workflow.js";
import { yearJakarta } from "../helpers/time.js";
import { csrfFrom } from "../helpers/app.js";

const { t, a } = useWorkflowApp();

async function upload(username: string, caseId: number, kind: string, name: string) {
  const { agent } = await login(t.app, username);
  const token = await csrfFrom(agent, `/kasus/${caseId}`);
  const res = await agent.post(`/kasus/${caseId}/dokumen`).field("_csrf", token).field("kind", kind).attach("file", PDF, name);
  expect(res.status).toBe(302);
  return t.prisma.document.findFirstOrThrow({ where: { caseId, originalName: name }, orderBy: { id: "desc" } });
}

describe("records metadata per document kind", () => {
  it("when the database is migrated then every document kind has the defaults of core/documents/records.ts", async () => {
    const rows = await t.prisma.documentKindRecord.findMany({ orderBy: { kind: "asc" } });
    expect(rows.map((r) => r.kind).sort()).toEqual([...DOC_KIND_IDS].sort());
    for (const r of rows) {
      const { kind, classificationCode, activeYears, inactiveYears, disposition, accessClass } = r;
      expect({ kind, classificationCode, activeYears, inactiveYears, disposition, accessClass }).toEqual({
        kind,
        ...DEFAULT_RECORDS[kind as keyof typeof DEFAULT_RECORDS],
      });
    }
  });

  it("when ADMIN saves bad metadata then each field says what is wrong beside it and nothing is saved or logged", async () => {
    const { agent } = await login(t.app, "admin");
    const before = await t.prisma.documentKindRecord.findUniqueOrThrow({ where: { kind: "undangan" } });
    for (const [body, message] of [
      [
        { classificationCode: "100,3", activeYears: "1", inactiveYears: "2", disposition: "musnah", accessClass: "biasa" },
        "Kode klasifikasi ditulis seperti 100.3.7",
      ],
      [
        { classificationCode: "100.3.7", activeYears: "dua", inactiveYears: "2", disposition: "musnah", accessClass: "biasa" },
        "Retensi aktif ditulis sebagai bilangan bulat",
      ],
      [{ classificationCode: "100.3.7", activeYears: "0", inactiveYears: "0", disposition: "musnah", accessClass: "biasa" }, "tidak boleh sama-sama 0 tahun"],
      [{ classificationCode: "100.3.7", activeYears: "1", inactiveYears: "2", disposition: "bakar", accessClass: "biasa" }, "Pilih keterangan akhir"],
      [
        { classificationCode: "100.3.7", activeYears: "1", inactiveYears: "2", disposition: "musnah", accessClass: "sangat_rahasia" },
        "Pilih klasifikasi akses",
      ],
    ] as const) {
      const res = await postForm(agent, "/admin/arsip/jenis/undangan", body, "/admin/arsip");
      expect(res.status).toBe(422);
      expect(res.text).toContain(message);
      expect(res.text).toContain('class="field-error"');
    }
    expect(await t.prisma.documentKindRecord.findUniqueOrThrow({ where: { kind: "undangan" } })).toEqual(before);
    expect(await t.prisma.adminLog.count({ where: { action: "records.kind.update" } })).toBe(0);
    // A kind that does not exist is not found.
    expect((await postForm(agent, "/admin/arsip/jenis/bukan_jenis", { classificationCode: "100.3.7" }, "/admin/arsip")).status).toBe(404);
  });

  it("when ADMIN changes a kind's metadata then it is logged and a new document of that kind carries it, while older ones keep theirs", async () => {
    const c = await buildCase(t.prisma, a, { row: 6, title: "Kasus metadata arsip" });
    const old = await upload("penatalaksana", c.id, "undangan", "undangan-lama.pdf");
    expect(old).toMatchObject({ classificationCode: "100.3.7", activeYears: 1, inactiveYears: 2, disposition: "musnah", accessClass: "biasa" });

    const { agent } = await login(t.app, "admin");
    const page = await agent.get("/admin/arsip");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Undangan rapat");
    const res = await postForm(
      agent,
      "/admin/arsip/jenis/undangan",
      { classificationCode: "000.1.2", activeYears: "2", inactiveYears: "4", disposition: "dinilai_kembali", accessClass: "terbatas" },
      "/admin/arsip",
    );
    expect(res.status).toBe(302);
    const log = await t.prisma.adminLog.findFirstOrThrow({ where: { action: "records.kind.update", target: "kind:undangan" } });
    expect(log.actorId).toBe(a.admin.id);
    expect(log.detail).toMatchObject({ before: { accessClass: "biasa" }, after: { classificationCode: "000.1.2", accessClass: "terbatas" } });

    const fresh = await upload("penatalaksana", c.id, "undangan", "undangan-baru.pdf");
    expect(fresh).toMatchObject({ classificationCode: "000.1.2", activeYears: 2, inactiveYears: 4, disposition: "dinilai_kembali", accessClass: "terbatas" });
    expect(await t.prisma.document.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ classificationCode: "100.3.7", accessClass: "biasa" });
  });

  it("when the system makes a document (a numbered copy) then it carries its kind's metadata too", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Kasus salinan bernomor arsip" });
    const copies = await t.prisma.document.findMany({ where: { caseId: c.id, kind: { in: ["mou_bernomor", "pks_bernomor", "mou_signed", "pks_signed"] } } });
    expect(copies.length).toBeGreaterThan(0);
    for (const d of copies) expect(d).toMatchObject({ disposition: "permanen", inactiveYears: 8, accessClass: "biasa" });
  });

  it("when someone other than ADMIN opens or posts the metadata page then they are refused", async () => {
    for (const who of ["kabag", "penatalaksana", "skpd.pariwisata"]) {
      const { agent } = await login(t.app, who);
      expect((await agent.get("/admin/arsip")).status).toBe(403);
      const res = await postForm(agent, "/admin/arsip/jenis/surat", {
        classificationCode: "100.3.7",
        activeYears: "1",
        inactiveYears: "1",
        disposition: "musnah",
        accessClass: "biasa",
      });
      expect(res.status).toBe(403);
    }
  });
});

describe("access classes", () => {
  it("when a document is terbatas or rahasia then the case page lists it without a link for those who may not open it, and search leaves it out", async () => {
    const c = await buildCase(t.prisma, a, { row: 6, title: "Kasus kelas akses" });
    const terbatas = await upload("penelaah", c.id, "telaah", "telaah-anggaranjembatan.pdf");
    expect(terbatas.accessClass).toBe("terbatas");
    const rahasia = await upload("penelaah", c.id, "surat", "surat-negosiasiharga.pdf");
    const kabag = await login(t.app, "kabag");
    expect(
      (await postForm(kabag.agent, `/dokumen/${rahasia.id}/kelas-akses`, { accessClass: "rahasia", reason: "Memuat posisi tawar kota" }, `/kasus/${c.id}`))
        .status,
    ).toBe(302);
    expect((await t.prisma.document.findUniqueOrThrow({ where: { id: rahasia.id } })).accessClass).toBe("rahasia");

    // ADMIN sees both names, neither link, and the words "Akses terbatas".
    const admin = await login(t.app, "admin");
    const page = (await admin.agent.get(`/kasus/${c.id}`)).text;
    expect(page).toContain("telaah-anggaranjembatan.pdf");
    expect(page).not.toContain(`href="/dokumen/${terbatas.id}"`);
    expect(page).not.toContain(`href="/dokumen/${rahasia.id}"`);
    expect(page).toContain("Akses terbatas");
    expect(page).toMatch(/tag-access-rahasia">Rahasia/);
    expect((await admin.agent.get(`/dokumen/${terbatas.id}`)).status).toBe(403);
    expect((await admin.agent.get(`/dokumen/${rahasia.id}`)).text).toContain("Akses terbatas");

    // The Kasubbag opens the terbatas one, not the rahasia one; the uploader opens both; the Kabag both.
    const kasubbag = await login(t.app, "kasubbag");
    const kasubbagPage = (await kasubbag.agent.get(`/kasus/${c.id}`)).text;
    expect(kasubbagPage).toContain(`href="/dokumen/${terbatas.id}"`);
    expect(kasubbagPage).not.toContain(`href="/dokumen/${rahasia.id}"`);
    expect((await getBytes(kasubbag.agent, `/dokumen/${terbatas.id}`)).status).toBe(200);
    expect((await kasubbag.agent.get(`/dokumen/${rahasia.id}`)).status).toBe(403);
    const penelaah = await login(t.app, "penelaah");
    expect((await getBytes(penelaah.agent, `/dokumen/${rahasia.id}`)).status).toBe(200);
    expect((await getBytes(kabag.agent, `/dokumen/${rahasia.id}`)).status).toBe(200);

    // Search by the file's name: only those who may open it find it.
    const found = async (agent: typeof admin.agent, q: string, id: number) =>
      (await agent.get(`/cari?q=${encodeURIComponent(q)}`)).text.includes(`href="/dokumen/${id}"`);
    expect(await found(kasubbag.agent, "negosiasiharga", rahasia.id)).toBe(false);
    expect(await found(kabag.agent, "negosiasiharga", rahasia.id)).toBe(true);
    expect(await found(admin.agent, "anggaranjembatan", terbatas.id)).toBe(false);
    expect(await found(kasubbag.agent, "anggaranjembatan", terbatas.id)).toBe(true);
  });

  it("when the Kabag changes a document's access class then it is logged with the reason; a penelaah is refused and a missing reason changes nothing", async () => {
    const c = await buildCase(t.prisma, a, { row: 6, title: "Kasus ubah kelas akses" });
    const d = await upload("penatalaksana", c.id, "kak", "kak-kelas.pdf");
    const penelaah = await login(t.app, "penelaah");
    expect((await postForm(penelaah.agent, `/dokumen/${d.id}/kelas-akses`, { accessClass: "biasa", reason: "coba saja" }, `/kasus/${c.id}`)).status).toBe(403);
    const other = await login(t.app, "skpd.kesehatan");
    expect((await postForm(other.agent, `/dokumen/${d.id}/kelas-akses`, { accessClass: "biasa", reason: "coba saja" })).status).toBe(404);

    const kabag = await login(t.app, "kabag");
    const bad = await postForm(kabag.agent, `/dokumen/${d.id}/kelas-akses`, { accessClass: "terbatas", reason: "" }, `/kasus/${c.id}`);
    expect(bad.status).toBe(302);
    expect((await kabag.agent.get(`/kasus/${c.id}`)).text).toContain("Kelas akses belum diubah: Alasan perubahan minimal 3 karakter");
    const wrong = await postForm(kabag.agent, `/dokumen/${d.id}/kelas-akses`, { accessClass: "sangat", reason: "Salah pilih" }, `/kasus/${c.id}`);
    expect(wrong.status).toBe(302);
    expect((await t.prisma.document.findUniqueOrThrow({ where: { id: d.id } })).accessClass).toBe("biasa");

    expect(
      (await postForm(kabag.agent, `/dokumen/${d.id}/kelas-akses`, { accessClass: "terbatas", reason: "Memuat data pribadi" }, `/kasus/${c.id}`)).status,
    ).toBe(302);
    expect((await t.prisma.document.findUniqueOrThrow({ where: { id: d.id } })).accessClass).toBe("terbatas");
    const log = await t.prisma.adminLog.findFirstOrThrow({ where: { action: "records.document.accessClass", target: `document:${d.id}` } });
    expect(log.actorId).toBe(a.kabag.id);
    expect(log.detail).toMatchObject({ before: "biasa", after: "terbatas", reason: "Memuat data pribadi" });
  });
});

describe("access classes on the public register", () => {
  it("when a public agreement's numbered copy is made terbatas then the public page no longer offers or serves it, and the agreement page links only what the reader may open", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Kasus salinan publik terbatas" });
    const agreement = await t.prisma.agreement.findFirstOrThrow({ where: { caseId: c.id }, orderBy: { id: "desc" } });
    await t.prisma.agreement.update({ where: { id: agreement.id }, data: { publicDocument: true, publicMode: "ALWAYS" } });
    const anon = request.agent(t.app);
    expect((await getBytes(anon, `/publik/dokumen/${agreement.id}`)).status).toBe(200);
    const signed = await t.prisma.document.findFirstOrThrow({ where: { caseId: c.id, kind: "pks_signed" } });
    await t.prisma.document.update({ where: { id: signed.id }, data: { accessClass: "rahasia" } });
    // The agreement's page lists the rahasia document without a link for a reader who may not open it.
    const penelaah = await login(t.app, "penelaah");
    const page = (await penelaah.agent.get(`/perjanjian/${agreement.id}`)).text;
    expect(page).toContain(signed.originalName);
    expect(page).not.toContain(`href="/dokumen/${signed.id}"`);
    const kabag = await login(t.app, "kabag");
    expect((await kabag.agent.get(`/perjanjian/${agreement.id}`)).text).toContain(`href="/dokumen/${signed.id}"`);
    const n = await t.prisma.registerNumber.findFirstOrThrow({
      where: { caseId: c.id, kind: agreement.kind, voidedAt: null, copyId: { not: null } },
      orderBy: { id: "desc" },
    });
    const res = await postForm(
      kabag.agent,
      `/dokumen/${n.copyId}/kelas-akses`,
      { accessClass: "terbatas", reason: "Memuat lampiran data pribadi" },
      `/kasus/${c.id}`,
    );
    expect(res.status).toBe(302);
    expect((await anon.get(`/publik/dokumen/${agreement.id}`)).status).toBe(404);
  });
});

describe("retention report and disposal decisions", () => {
  it("when an agreement ends then its documents are listed in the year their active and inactive periods end, and the export has the same rows", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Kasus retensi berjalan" });
    const agreement = await t.prisma.agreement.findFirstOrThrow({ where: { caseId: c.id }, orderBy: { endDate: "desc" } });
    const end = agreement.endDate.getUTCFullYear();
    const signed = await t.prisma.document.findFirstOrThrow({ where: { caseId: c.id, kind: "pks_signed" } });
    const admin = await login(t.app, "admin");

    // pks_signed: 2 active years, 8 inactive years, permanen.
    const transfer = await admin.agent.get(`/admin/arsip/retensi?tahun=${end + 2}`);
    expect(transfer.status).toBe(200);
    const transferPart = transfer.text.slice(transfer.text.indexOf('id="pindah"'), transfer.text.indexOf('id="akhir"'));
    expect(transferPart).toContain(`id="dokumen-${signed.id}"`);
    expect(transferPart).toContain(`31-12-${end + 2}`);
    const final = await admin.agent.get(`/admin/arsip/retensi?tahun=${end + 10}`);
    expect(final.text.slice(final.text.indexOf('id="akhir"'))).toContain(`id="dokumen-${signed.id}"`);
    expect((await admin.agent.get(`/admin/arsip/retensi?tahun=${end + 3}`)).text).not.toContain(`id="dokumen-${signed.id}"`);
    // Not yet due: no decision form for it, and a decision posted anyway is refused with the year it becomes due.
    expect(final.text).not.toContain(`/admin/arsip/retensi/dokumen/${signed.id}/keputusan`);
    const early = await postForm(
      admin.agent,
      `/admin/arsip/retensi/dokumen/${signed.id}/keputusan`,
      {
        tahun: String(end + 10),
        decision: "permanen_serahkan",
        decreeNumber: "BA/1/2026",
        decreeDate: "2026-12-01",
        reason: "Diserahkan ke Dinas Perpustakaan dan Arsip",
      },
      "/admin/arsip/retensi",
    );
    expect(early.status).toBe(409);
    expect(early.text).toContain(`baru berakhir 31 Desember ${end + 10}`);
    expect(await t.prisma.disposalDecision.count({ where: { documentId: signed.id } })).toBe(0);

    // The export: the same documents, with real dates.
    const xlsx = await getBytes(admin.agent, `/admin/arsip/retensi/ekspor.xlsx?tahun=${end + 2}`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers["content-type"]).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.name).toBe(`Pindah ke inaktif ${end + 2}`);
    const ids: number[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) ids.push(Number(row.getCell(1).value));
    });
    expect(ids).toContain(signed.id);
    const row = sheet.getRows(2, ids.length)!.find((r) => Number(r.getCell(1).value) === signed.id)!;
    expect(row.getCell(6).value).toBe("100.3.7");
    expect((row.getCell(12).value as Date).toISOString().slice(0, 10)).toBe(`${end + 2}-12-31`);

    // A bad year is told so on the page.
    const bad = await admin.agent.get("/admin/arsip/retensi?tahun=20x6");
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Tahun ditulis dengan empat angka");
  });

  it("when ADMIN records a disposal decision for a due document then it is stored, logged and shown; bad input saves nothing; others are refused", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Kasus retensi lama" });
    // An agreement that ended long ago: its documents' retention has run out.
    await t.prisma.agreement.updateMany({
      where: { caseId: c.id },
      data: { startDate: new Date("2009-01-01T00:00:00Z"), endDate: new Date("2010-06-30T00:00:00Z") },
    });
    const doc = await t.prisma.document.findFirstOrThrow({ where: { caseId: c.id, kind: "pks_signed" } });
    const year = 2010 + doc.activeYears + doc.inactiveYears;
    expect(year).toBeLessThanOrEqual(yearJakarta());
    const url = `/admin/arsip/retensi/dokumen/${doc.id}/keputusan`;
    const admin = await login(t.app, "admin");
    const page = await admin.agent.get(`/admin/arsip/retensi?tahun=${year}`);
    expect(page.text).toContain(`action="${url}"`);

    const bad = await postForm(
      admin.agent,
      url,
      { tahun: String(year), decision: "musnah", decreeNumber: "", decreeDate: "2026-02-30", reason: "x" },
      "/admin/arsip/retensi",
    );
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Nomor berita acara atau keputusan minimal 3 karakter");
    expect(bad.text).toContain("tanggal tidak valid");
    expect(bad.text).toContain("Alasan minimal 5 karakter");
    expect(await t.prisma.disposalDecision.count({ where: { documentId: doc.id } })).toBe(0);

    // Others: the Kabag sees the report but does not decide; a penelaah sees neither.
    const kabag = await login(t.app, "kabag");
    expect((await kabag.agent.get(`/admin/arsip/retensi?tahun=${year}`)).status).toBe(200);
    expect((await kabag.agent.get(`/admin/arsip/retensi?tahun=${year}`)).text).not.toContain(`action="${url}"`);
    const body = {
      tahun: String(year),
      decision: "permanen_serahkan",
      decreeNumber: "BA.045/12/2026",
      decreeDate: "2026-12-01",
      reason: "Arsip vital perjanjian, diserahkan ke DPK",
    };
    expect((await postForm(kabag.agent, url, body, "/admin/arsip/retensi")).status).toBe(403);
    const penelaah = await login(t.app, "penelaah");
    expect((await penelaah.agent.get("/admin/arsip/retensi")).status).toBe(403);
    expect((await penelaah.agent.get("/admin/arsip/retensi/ekspor.xlsx")).status).toBe(403);
    expect(await t.prisma.disposalDecision.count({ where: { documentId: doc.id } })).toBe(0);

    const ok = await postForm(admin.agent, url, body, "/admin/arsip/retensi");
    expect(ok.status).toBe(302);
    const d = await t.prisma.disposalDecision.findFirstOrThrow({ where: { documentId: doc.id } });
    expect(d).toMatchObject({ decision: "permanen_serahkan", decreeNumber: "BA.045/12/2026", decidedById: a.admin.id });
    expect(d.decreeDate.toISOString().slice(0, 10)).toBe("2026-12-01");
    const log = await t.prisma.adminLog.findFirstOrThrow({ where: { action: "records.disposal", target: `document:${doc.id}` } });
    expect(log.detail).toMatchObject({ decision: "permanen_serahkan", decreeNumber: "BA.045/12/2026", sha256: doc.sha256 });
    // The report shows it; the document and its bytes are still there.
    const after = (await admin.agent.get(`/admin/arsip/retensi?tahun=${year}`)).text;
    expect(after).toContain("BA.045/12/2026");
    expect(await t.prisma.document.findUnique({ where: { id: doc.id } })).not.toBeNull();
    expect(await t.prisma.blob.findUnique({ where: { sha256: doc.sha256 } })).not.toBeNull();
  });
});

describe("access classes of documents made from another", () => {
  it("when a rahasia signed MoU is numbered then its numbered copy is rahasia too, and a reader who may not open the signed one may not open the copy", async () => {
    const c = await buildCase(t.prisma, a, { row: 13, title: "Kasus salinan rahasia" });
    const signed = await t.prisma.document.findFirstOrThrow({ where: { caseId: c.id, kind: "mou_signed" }, orderBy: { version: "desc" } });
    const kabag = await login(t.app, "kabag");
    expect(
      (await postForm(kabag.agent, `/dokumen/${signed.id}/kelas-akses`, { accessClass: "rahasia", reason: "Memuat posisi tawar kota" }, `/kasus/${c.id}`))
        .status,
    ).toBe(302);
    const { agent } = await login(t.app, "penatalaksana");
    const token = await csrfFrom(agent, `/kasus/${c.id}`);
    const fresh = await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } });
    const res = await agent
      .post(`/kasus/${c.id}/aksi`)
      .field("_csrf", token)
      .field("version", String(fresh.version))
      .field("action", "beri_nomor")
      .field("partnerNumber", "MITRA/9/2026");
    expect(res.status).toBe(302);
    const n = await t.prisma.registerNumber.findFirstOrThrow({ where: { caseId: c.id, kind: "MOU" }, include: { copy: true } });
    expect(n.copy?.accessClass).toBe("rahasia");
    for (const who of ["penelaah", "skpd.pariwisata"]) {
      const reader = await login(t.app, who);
      expect((await reader.agent.get(`/dokumen/${signed.id}`)).status).toBe(403);
      expect((await reader.agent.get(`/dokumen/${n.copyId}`)).status).toBe(403);
    }
  });
});

describe("access classes of a meeting's minutes", () => {
  it("when ADMIN may not open a case's notulen then the TKKSD meeting's minutes (the same file) are refused to ADMIN too", async () => {
    const c = await buildCase(t.prisma, a, { row: 6, title: "Kasus notulen rapat" });
    const notulen = await upload("penelaah", c.id, "notulen", "notulen-rapat-tkksd.pdf");
    expect(notulen.accessClass).toBe("terbatas");
    const m = await t.prisma.tkksdMeeting.create({
      data: {
        heldOn: new Date("2026-12-01T00:00:00Z"),
        startsAt: "09.00",
        place: "Ruang Bima",
        createdById: a.penatalaksana.id,
        closedAt: new Date(),
        closedById: a.tkksd.id,
        minutesYear: 2026,
        minutesSeq: 901,
        minutesNumber: "901/BA-TKKSD/2026",
        minutesSha256: notulen.sha256,
        items: { create: [{ caseId: c.id, subject: "POTENSI", decision: "ADOPT", applied: true }] },
      },
    });
    const admin = await login(t.app, "admin");
    expect((await admin.agent.get(`/dokumen/${notulen.id}`)).status).toBe(403);
    expect((await admin.agent.get(`/tkksd/${m.id}/berita-acara.pdf`)).status).toBe(403);
    const tkksd = await login(t.app, "tkksd");
    expect((await getBytes(tkksd.agent, `/tkksd/${m.id}/berita-acara.pdf`)).status).toBe(200);
  });
});
