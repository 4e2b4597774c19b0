// Issue 13, part 2: numbered copies that anyone can verify.
import { createHash } from "node:crypto";
import QRCode from "qrcode";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { addDocuments } from "../../src/features/cases/case-service.js";
import { recordDistribution } from "../../src/features/copies/record-distribution.js";
import { replacementNumber } from "../../src/features/copies/replacement-number.js";
import { voidCaseNumber } from "../../src/features/numbering/void-case-number.js";
import { must } from "../../src/platform/must.js";
import { applyTransition } from "../../src/core/workflow/transition-service.js";
import { AppError } from "../../src/platform/errors.js";
import { csrfFrom, getBytes, login, postForm } from "../helpers/app.js";
import { pdfFontList, pdfInfo, pdfQrCodes, pdfText } from "../helpers/pdf.js";
import { caseAtRow, file, stepForward, useWorkflowApp } from "../helpers/workflow.js";

const { t, a } = useWorkflowApp();

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const download = async (agent: request.Agent, id: number) => (await getBytes(agent, `/dokumen/${id}`)).body;
const pathOf = (url: string) => new URL(url).pathname;

describe("numbering stamps the signed document", () => {
  it("when the Penatalaksana numbers a signed MoU in the browser form then a numbered copy carries the number, its date and a QR code to a page that matches its hash", async () => {
    const c = await caseAtRow(t.prisma, a, 13, { title: "Kasus salinan bernomor", partnerName: "PT Mitra Terverifikasi" });
    const { agent } = await login(t.app, "penatalaksana");
    const token = await csrfFrom(agent, `/kasus/${c.id}`);
    const res = await agent
      .post(`/kasus/${c.id}/aksi`)
      .field("_csrf", token)
      .field("version", String(c.version))
      .field("action", "beri_nomor")
      .field("partnerNumber", "MITRA/7/2026");
    expect(res.status).toBe(302);
    const n = await t.prisma.registerNumber.findFirstOrThrow({ where: { caseId: c.id, kind: "MOU" }, include: { copy: true } });
    expect(n.copy?.kind).toBe("mou_bernomor");
    expect(n.copy?.mime).toBe("application/pdf");
    expect(n.verifyToken).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const bytes = await download(agent, n.copy!.id);
    expect(sha(bytes)).toBe(n.copy!.sha256);
    const [first] = await pdfText(bytes);
    expect(first).toContain(n.number);
    expect(first).toContain("Dokumen contoh"); // the signed content is still there
    // The stamp's own fonts travel with the file (the scan's own fonts are the signer's business).
    const fonts = await pdfFontList(bytes);
    expect(fonts.filter((f) => f.name.includes("NotoSans")).length).toBeGreaterThanOrEqual(2);
    expect(fonts.filter((f) => f.name.includes("NotoSans")).every((f) => f.embedded)).toBe(true);
    expect(await pdfInfo(bytes)).toMatchObject({ title: `Salinan bernomor MoU ${n.number}`, author: "Pemerintah Kota Yogyakarta", lang: "id-ID" });
    const [qr] = await pdfQrCodes(bytes);
    expect(qr).toBe(`${t.config.appUrl}/verifikasi/${n.verifyToken}`);

    // Anyone, without logging in, follows the QR code.
    const page = await request(t.app).get(pathOf(must(qr, "the QR code")));
    expect(page.status).toBe(200);
    expect(page.text).toContain(n.number);
    expect(page.text).toContain("MITRA/7/2026");
    expect(page.text).toContain("PT Mitra Terverifikasi");
    expect(page.text).toContain(sha(bytes));
    expect(page.text).toContain("tercatat dan berlaku");
    // The case page links the copy and its verification page; the timeline lists the copy.
    const casePage = await agent.get(`/kasus/${c.id}`);
    expect(casePage.text).toContain(`/verifikasi/${n.verifyToken}`);
    expect(casePage.text).toContain(n.copy!.originalName);
  });

  it("when the verification page is shown then it reveals nothing of the case beyond number, parties, dates and hash", async () => {
    const c = await caseAtRow(t.prisma, a, 15, { title: "Judul rahasia internal", estimatedCost: 987_654_321, partnerContact: "Kontak Rahasia 0812" });
    const n = await t.prisma.registerNumber.findFirstOrThrow({ where: { caseId: c.id } });
    const page = await request(t.app).get(`/verifikasi/${n.verifyToken}`);
    expect(page.status).toBe(200);
    for (const secret of ["Judul rahasia internal", "987.654.321", "Kontak Rahasia", `/kasus/${c.id}`, "Dinas"]) expect(page.text).not.toContain(secret);
    expect(page.text).not.toContain('name="_csrf"');
    expect(page.headers["set-cookie"]).toBeUndefined();
  });

  it("when an unknown or malformed code is looked up then the page says it is not on record, with 404", async () => {
    for (const token of ["AAAAAAAAAAAAAAAAAAAAAA", "bukan-kode", "%27%20OR%201=1"]) {
      const page = await request(t.app).get(`/verifikasi/${token}`);
      expect(page.status).toBe(404);
      expect(page.text).toContain("tidak tercatat");
    }
  });

  it("when the signed scan is a PNG image then the numbered copy is a PDF page with the image and the stamp", async () => {
    const c = await caseAtRow(t.prisma, a, 13, { title: "Pindaian gambar" });
    const png = await QRCode.toBuffer("gambar pindaian", { width: 300 });
    await addDocuments(t.prisma, a.penatalaksana, c.id, [{ kind: "mou_signed", file: await file("pindaian.png", png) }]);
    await stepForward(t.prisma, a, c.id);
    const n = await t.prisma.registerNumber.findFirstOrThrow({ where: { caseId: c.id }, include: { copy: true } });
    const { agent } = await login(t.app, "penatalaksana");
    const bytes = await download(agent, n.copy!.id);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect((await pdfText(bytes))[0]).toContain(n.number);
    // Two codes on the page: the scan's own and the stamp's.
    expect(await pdfQrCodes(bytes)).toEqual(expect.arrayContaining(["gambar pindaian", `${t.config.appUrl}/verifikasi/${n.verifyToken}`]));
  });

  it("when the signed file cannot be opened then numbering is refused naming the file, and no number is used", async () => {
    const c = await caseAtRow(t.prisma, a, 13, { title: "Pindaian rusak" });
    await addDocuments(t.prisma, a.penatalaksana, c.id, [{ kind: "mou_signed", file: await file("rusak.pdf", Buffer.from("%PDF-1.4 terpotong di tengah")) }]);
    const before = await t.prisma.numberCounter.findMany();
    const fresh = await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } });
    const err = await applyTransition(t.prisma, { caseId: c.id, expectedVersion: fresh.version, actionId: "beri_nomor", user: a.penatalaksana }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(422);
    expect((err as AppError).userMessage).toContain("rusak.pdf");
    expect(await t.prisma.numberCounter.findMany()).toEqual(before);
    expect(await t.prisma.registerNumber.count({ where: { caseId: c.id } })).toBe(0);
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).currentRow).toBe(13);
  });

  it("when someone uploads a file as a numbered copy by hand then it is refused and nothing is stored", async () => {
    const c = await caseAtRow(t.prisma, a, 15, { title: "Salinan palsu" });
    const docs = await t.prisma.document.count({ where: { caseId: c.id } });
    const { agent } = await login(t.app, "penatalaksana");
    const token = await csrfFrom(agent, `/kasus/${c.id}`);
    const res = await agent
      .post(`/kasus/${c.id}/dokumen`)
      .field("_csrf", token)
      .field("kind", "mou_bernomor")
      .attach("file", Buffer.from("%PDF-1.4\n%%EOF\n"), "palsu.pdf");
    expect(res.status).toBe(302);
    expect((await agent.get(`/kasus/${c.id}`)).text).toContain("tidak dapat diunggah");
    expect(await t.prisma.document.count({ where: { caseId: c.id } })).toBe(docs);
  });
});

describe("voided numbers and distribution", () => {
  it("when a number is voided then its page says so, and the replacement number gets its own copy and page", async () => {
    const c = await caseAtRow(t.prisma, a, 15, { title: "Nomor dibatalkan" });
    const old = await t.prisma.registerNumber.findFirstOrThrow({ where: { caseId: c.id } });
    await voidCaseNumber(t.prisma, a.penatalaksana, old.id, "Salah tanggal pada naskah");
    const page = await request(t.app).get(`/verifikasi/${old.verifyToken}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("telah dibatalkan");
    expect(page.text).not.toContain("Salah tanggal"); // the internal reason stays inside

    // Nothing to send while no number is valid.
    await expect(
      recordDistribution(t.prisma, a.penatalaksana, c.id, {
        recipientType: "MITRA",
        recipientName: "Mitra",
        sentOn: "2026-01-05",
        receipt: await file("tt.pdf"),
      }),
    ).rejects.toMatchObject({ status: 409 });

    const fresh = await replacementNumber(t.prisma, a.penatalaksana, c.id, "MOU", t.config.appUrl);
    const n = await t.prisma.registerNumber.findUniqueOrThrow({ where: { id: fresh.id }, include: { copy: true } });
    expect(n.verifyToken).not.toBe(old.verifyToken);
    expect(n.copy?.version).toBe(2);
    expect((await request(t.app).get(`/verifikasi/${n.verifyToken}`)).text).toContain("tercatat dan berlaku");

    // Distribution records the copy of the valid number.
    const d = await recordDistribution(t.prisma, a.penatalaksana, c.id, {
      recipientType: "MITRA",
      recipientName: "Mitra",
      sentOn: "2026-01-05",
      receipt: await file("tt.pdf"),
    });
    expect(d.copyId).toBe(n.copyId);
  });

  it("when a number has no copy (given before copies existed) then the Penatalaksana makes one once, and others may not", async () => {
    const c = await caseAtRow(t.prisma, a, 15, { title: "Nomor lama tanpa salinan" });
    const n = await t.prisma.registerNumber.findFirstOrThrow({ where: { caseId: c.id } });
    await t.prisma.registerNumber.update({ where: { id: n.id }, data: { copyId: null, verifyToken: null } });
    const copiesBefore = await t.prisma.caseEvent.count({ where: { caseId: c.id, action: "salinan_bernomor" } });

    const stranger = (await login(t.app, "skpd.kesehatan")).agent;
    expect((await postForm(stranger, `/nomor/${n.id}/salinan`, {}, "/")).status).toBe(404);
    const own = (await login(t.app, "skpd.pariwisata")).agent;
    expect((await postForm(own, `/nomor/${n.id}/salinan`, {}, "/")).status).toBe(403);
    const kabag = (await login(t.app, "kabag")).agent;
    expect((await postForm(kabag, `/nomor/${n.id}/salinan`, {}, "/")).status).toBe(403);

    const { agent } = await login(t.app, "penatalaksana");
    expect((await agent.get(`/kasus/${c.id}`)).text).toContain("Buat salinan bernomor");
    expect((await postForm(agent, `/nomor/${n.id}/salinan`, {}, `/kasus/${c.id}`)).status).toBe(302);
    const after = await t.prisma.registerNumber.findUniqueOrThrow({ where: { id: n.id } });
    expect(after.copyId).not.toBeNull();
    expect(after.verifyToken).toBeTruthy();
    expect((await postForm(agent, `/nomor/${n.id}/salinan`, {}, `/kasus/${c.id}`)).status).toBe(409);
    expect(await t.prisma.caseEvent.count({ where: { caseId: c.id, action: "salinan_bernomor" } })).toBe(copiesBefore + 1);
  });
});

describe("the public page is rate-limited", () => {
  it("when one address asks too often then it gets 429 with Retry-After", async () => {
    let last = 0;
    let retry: string | undefined;
    for (let i = 0; i < 130 && last !== 429; i++) {
      const res = await request(t.app).get("/verifikasi/AAAAAAAAAAAAAAAAAAAAAB");
      last = res.status;
      retry = res.headers["retry-after"];
      if (last === 429) expect(res.text).toContain("Terlalu banyak permintaan");
    }
    expect(last).toBe(429);
    expect(Number(retry)).toBeGreaterThan(0);
  });
});
