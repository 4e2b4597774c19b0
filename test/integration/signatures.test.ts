// Issue 25: electronic signatures in the workflow. The local signer signs a telaah and
// an MoU (the Kabag's paraf, then the Walikota's signature), an independent verifier
// (pdfsig, poppler-utils) confirms them, tampering and an untrusted CA are caught, the
// public pages verify, and the BSrE client signs through a fake BSrE service started
// here, with an unknown outcome never resent and no passphrase in the database or the log.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { promisify } from "node:util";
import { PDFDocument, StandardFonts } from "pdf-lib";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertDocuments } from "../../src/core/documents/document-rows.js";
import type { DocKind } from "../../src/core/documents/kinds.js";
import { checkUpload } from "../../src/platform/files/blob-store.js";
import { createLogger } from "../../src/platform/logger.js";
import { must } from "../../src/platform/must.js";
import { createLocalCa, issueSignerCertificate, signPdf, toP12 } from "../../src/platform/pdf-signing/index.js";
import { checkPendingPdfs } from "../../src/features/signatures/check-pdfs.js";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { buildTestApp, csrfFrom, getBytes, login, type TestApp } from "../helpers/app.js";
import { startFakeBsre, type FakeBsre } from "../helpers/fake-bsre.js";
import { pdfQrCodes } from "../helpers/pdf.js";
import { buildCase, demoActors, type Actors } from "../helpers/workflow.js";

const run = promisify(execFile);
const PDFSIG = "/usr/bin/pdfsig";
const PASS = "Rahasia-Kabag-2026";
const PASS_W = "Rahasia-Walikota-2026";

/** A one-page A4 letter, as LibreOffice would give it. */
async function letterPdf(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText(text, { x: 72, y: 760, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** Adds a PDF to a case as the next version of `kind`, as an upload would. */
async function addPdf(prisma: PrismaClient, caseId: number, row: number, userId: number, kind: DocKind, bytes: Buffer, name = `${kind}.pdf`) {
  const file = await checkUpload(bytes, name);
  return must((await prisma.$transaction((tx) => insertDocuments(tx, caseId, row, userId, [{ kind, file }], new Date())))[0], "the added document");
}

/** pdfsig's verdict on a file: the lines it prints for each signature. */
async function pdfsig(bytes: Buffer): Promise<string> {
  if (!existsSync(PDFSIG)) {
    if (process.env.CI) throw new Error("pdfsig (poppler-utils) is missing: .ci/run installs it");
    return "";
  }
  const dir = mkdtempSync(path.join(tmpdir(), "kd-pdfsig-"));
  const file = path.join(dir, "signed.pdf");
  writeFileSync(file, bytes);
  const out = await run(PDFSIG, [file]).catch((e: unknown) => ({ stdout: (e as { stdout?: string }).stdout ?? "" }));
  return out.stdout;
}

const tokenOf = (html: string) => must(/name="_csrf" value="([^"]+)"/.exec(html)?.[1], "a CSRF token on the page");

type Agent = Awaited<ReturnType<typeof login>>["agent"];

async function enrol(agent: Agent, passphrase: string) {
  const page = await agent.get("/akun/tanda-tangan");
  expect(page.status).toBe(200);
  const res = await agent
    .post("/akun/tanda-tangan")
    .type("form")
    .send({ _csrf: tokenOf(page.text), passphrase, confirm: passphrase });
  expect(res.status).toBe(302);
}

async function sign(agent: Agent, documentId: number, secret: string, secretKind = "passphrase") {
  const page = await agent.get(`/dokumen/${documentId}/tandatangan`);
  return agent
    .post(`/dokumen/${documentId}/tandatangan`)
    .type("form")
    .send({ _csrf: tokenOf(page.text), secretKind, secret });
}

/** Every row of every table of the app's schema, as text (PostgreSQL's query_to_xml), to search for what must not be kept. */
const everyRow = (prisma: PrismaClient) =>
  prisma.$queryRaw<{ table_name: string; rows: string }[]>`
    SELECT table_name, query_to_xml(format('SELECT * FROM public.%I', table_name), true, false, '')::text AS rows
    FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;

const latest = (prisma: PrismaClient, caseId: number, kind: string) =>
  prisma.document.findFirstOrThrow({ where: { caseId, kind }, orderBy: { version: "desc" } });

describe("signing with the local signer", () => {
  let t: TestApp;
  let a: Actors;
  const logged: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        logged.push(chunk.toString());
        cb();
      },
    });
    t = await buildTestApp({ logger: createLogger("debug", sink) });
    a = await demoActors(t.prisma);
  }, 120_000);
  afterAll(() => t.close());

  it("when the Kabag has no certificate then the signing page sends them to make one, and the menu offers it", async () => {
    const c = await buildCase(t.prisma, a, { row: 5, title: "Telaah tanpa sertifikat" });
    const doc = await addPdf(t.prisma, c.id, 5, a.kabag.id, "telaah", await letterPdf("Telaah staf"));
    const { agent } = await login(t.app, "kabag");
    const page = await agent.get(`/dokumen/${doc.id}/tandatangan`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("belum memiliki sertifikat tanda tangan");
    expect(page.text).not.toContain('name="secret"');
    expect((await agent.get("/")).text).toContain("/akun/tanda-tangan");
  }, 60_000);

  it("when the Kabag signs a telaah with the right passphrase then it is the next version, intact, trusted, confirmed by pdfsig, and its QR code opens its verification page", async () => {
    const c = await buildCase(t.prisma, a, { row: 5, title: "Telaah bertanda tangan" });
    const doc = await addPdf(t.prisma, c.id, 5, a.kabag.id, "telaah", await letterPdf("Telaah staf: potensi kerja sama"));
    const { agent } = await login(t.app, "kabag");
    await enrol(agent, PASS);
    const res = await sign(agent, doc.id, PASS);
    expect(res.status).toBe(302);
    const signed = await latest(t.prisma, c.id, "telaah");
    expect(signed.version).toBe(doc.version + 1);
    expect(signed.mime).toBe("application/pdf");
    const check = await t.prisma.pdfSignatureCheck.findUniqueOrThrow({ where: { sha256: signed.sha256 } });
    expect(check.conclusion).toBe("VALID");
    const bytes = (await getBytes(agent, `/dokumen/${signed.id}`)).body;
    const verdict = await pdfsig(bytes);
    if (verdict) {
      expect(verdict).toMatch(/Signature Validation: Signature is Valid/);
      expect(verdict).toContain(a.kabag.fullName);
    }
    const req = await t.prisma.signatureRequest.findFirstOrThrow({ where: { documentId: doc.id } });
    expect(req).toMatchObject({ status: "SIGNED", resultDocumentId: signed.id, purpose: "ttd", provider: "local", openFor: null });
    const qr = await pdfQrCodes(bytes);
    expect(qr.some((u) => u.endsWith(`/verifikasi/ttd/${req.verifyToken}`))).toBe(true);
    const pub = await request(t.app).get(`/verifikasi/ttd/${req.verifyToken}`);
    expect(pub.status).toBe(200);
    expect(pub.text).toContain(a.kabag.fullName);
    expect(pub.text).toContain("Tanda tangan ini tercatat");
    const events = await t.prisma.caseEvent.findMany({ where: { caseId: c.id, action: "tanda_tangan" } });
    expect(events).toHaveLength(1);
    // The document's row on the case page: the badge, and no second signature offered.
    const casePage = await agent.get(`/kasus/${c.id}`);
    expect(casePage.text).toContain("Bertanda tangan elektronik (sah)");
    const again = await agent.get(`/dokumen/${signed.id}/tandatangan`);
    expect(again.text).toContain("sudah lengkap ditandatangani");
  }, 120_000);

  it("when the passphrase is wrong then the page says so, nothing is added, and the document can be signed after", async () => {
    const c = await buildCase(t.prisma, a, { row: 8, title: "Telaah passphrase salah" });
    const doc = await addPdf(t.prisma, c.id, 8, a.kabag.id, "telaah", await letterPdf("Telaah staf: penawaran"));
    const { agent } = await login(t.app, "kabag");
    if (!(await t.prisma.signerCertificate.count({ where: { userId: a.kabag.id, revokedAt: null } }))) await enrol(agent, PASS);
    const before = await t.prisma.document.count({ where: { caseId: c.id, kind: "telaah" } });
    const res = await sign(agent, doc.id, "bukan-passphrase-nya");
    expect(res.status).toBe(422);
    expect(res.text).toContain("Passphrase salah");
    expect(await t.prisma.document.count({ where: { caseId: c.id, kind: "telaah" } })).toBe(before);
    expect((await t.prisma.signatureRequest.findFirstOrThrow({ where: { documentId: doc.id } })).status).toBe("FAILED");
    expect((await sign(agent, doc.id, PASS)).status).toBe(302);
    expect(await t.prisma.document.count({ where: { caseId: c.id, kind: "telaah" } })).toBe(before + 1);
  }, 120_000);

  it("when the Walikota would sign the MoU before the Kabag's paraf then it is refused; after the paraf the Walikota is told and signs, and both signatures stay valid", async () => {
    const c = await buildCase(t.prisma, a, { row: 12, title: "MoU paraf lalu tanda tangan" });
    const draft = await addPdf(t.prisma, c.id, 12, a.penelaah.id, "mou_final", await letterPdf("Nota Kesepahaman"));
    const w = await login(t.app, "pimpinan");
    await enrol(w.agent, PASS_W);
    const early = await w.agent.get(`/dokumen/${draft.id}/tandatangan`);
    expect(early.text).toContain("paraf Kepala Bagian Kerjasama");
    const refused = await w.agent
      .post(`/dokumen/${draft.id}/tandatangan`)
      .type("form")
      .send({ _csrf: tokenOf(early.text), secretKind: "passphrase", secret: PASS_W });
    expect(refused.status).toBe(403);

    const k = await login(t.app, "kabag");
    if (!(await t.prisma.signerCertificate.count({ where: { userId: a.kabag.id, revokedAt: null } }))) await enrol(k.agent, PASS);
    expect((await sign(k.agent, draft.id, PASS)).status).toBe(302);
    const paraf = await latest(t.prisma, c.id, "mou_final");
    expect(paraf.version).toBe(draft.version + 1);
    const told = await t.prisma.notification.findFirst({ where: { userId: a.pimpinan.id, kind: "SIGNATURE", link: `/dokumen/${paraf.id}/tandatangan` } });
    expect(told).not.toBeNull();

    expect((await sign(w.agent, paraf.id, PASS_W)).status).toBe(302);
    const signed = await latest(t.prisma, c.id, "mou_signed");
    const check = await t.prisma.pdfSignatureCheck.findUniqueOrThrow({ where: { sha256: signed.sha256 } });
    expect(check.conclusion).toBe("VALID");
    expect(check.signatures).toHaveLength(2);
    const verdict = await pdfsig((await getBytes(w.agent, `/dokumen/${signed.id}`)).body);
    if (verdict) expect(verdict.match(/Signature is Valid/g)).toHaveLength(2);
    // The paraf'd draft was signed onward: sending it again (a second tab, the back button) signs nothing.
    const again = await sign(w.agent, paraf.id, PASS_W);
    expect(again.status).toBe(409);
    expect(await t.prisma.document.count({ where: { caseId: c.id, kind: "mou_signed" } })).toBe(signed.version);
  }, 180_000);

  it("when a byte of a signed MoU is changed and it is uploaded again then the check says so and the case page flags it; /verifikasi says the same of the file", async () => {
    const c = await buildCase(t.prisma, a, { row: 12, title: "MoU diubah sesudah ditandatangani" });
    const src = await addPdf(t.prisma, c.id, 12, a.penelaah.id, "telaah", await letterPdf("Telaah"));
    const k = await login(t.app, "kabag");
    if (!(await t.prisma.signerCertificate.count({ where: { userId: a.kabag.id, revokedAt: null } }))) await enrol(k.agent, PASS);
    // A telaah is not signed at row 12: the page says when it is.
    expect((await k.agent.get(`/dokumen/${src.id}/tandatangan`)).text).toContain("ditandatangani pada langkah 5 atau 8");
    // A signed file made at row 12 from the MoU draft, then altered by one byte inside the signed range.
    const draft = await addPdf(t.prisma, c.id, 12, a.penelaah.id, "mou_final", await letterPdf("Nota Kesepahaman bernilai Rp 100.000.000"));
    expect((await sign(k.agent, draft.id, PASS)).status).toBe(302);
    const paraf = await latest(t.prisma, c.id, "mou_final");
    const good = (await getBytes(k.agent, `/dokumen/${paraf.id}`)).body;
    const bad = Buffer.from(good);
    // The document's date in its information dictionary, in the first revision: inside the signed range.
    const at = bad.indexOf("/ModDate (D:") + "/ModDate (D:".length;
    expect(at).toBeGreaterThan(20);
    bad[at] = bad[at] === "1".charCodeAt(0) ? "2".charCodeAt(0) : "1".charCodeAt(0);
    const altered = await addPdf(t.prisma, c.id, 12, a.kabag.id, "mou_signed", bad, "mou-diubah.pdf");
    while ((await checkPendingPdfs(t.prisma, 50)) > 0);
    const check = await t.prisma.pdfSignatureCheck.findUniqueOrThrow({ where: { sha256: altered.sha256 } });
    expect(check.conclusion).toBe("INVALID");
    const casePage = await k.agent.get(`/kasus/${c.id}`);
    expect(casePage.text).toContain('id="signature-broken"');

    const anon = request.agent(t.app);
    const token = await csrfFrom(anon, "/verifikasi");
    const onBad = await anon.post("/verifikasi").field("_csrf", token).attach("file", bad, { filename: "mou.pdf", contentType: "application/pdf" });
    expect(onBad.status).toBe(200);
    expect(onBad.text).toContain("Tanda tangan rusak");
    const token2 = await csrfFrom(anon, "/verifikasi");
    const onGood = await anon.post("/verifikasi").field("_csrf", token2).attach("file", good, { filename: "mou.pdf", contentType: "application/pdf" });
    expect(onGood.text).toContain("sah dan dokumen tidak berubah");
    expect(onGood.text).toContain("sama persis dengan dokumen yang tercatat");
  }, 180_000);

  it("when a PDF is signed by a CA the city has not installed then it is untrusted; once ADMIN installs that root it is trusted", async () => {
    const ca = createLocalCa({ commonName: "CA Uji Provinsi", organization: "Pemda DIY" });
    const cert = issueSignerCertificate(ca, { name: "Pejabat Provinsi", organization: "Pemda DIY" });
    const signed = await signPdf(await letterPdf("Surat dari provinsi"), toP12(cert, ca.certPem, "p4ss-provinsi", "Pejabat"), "p4ss-provinsi", {
      reason: "Uji",
      location: "Yogyakarta",
      name: "Pejabat Provinsi",
    });
    const c = await buildCase(t.prisma, a, { row: 5, title: "Surat provinsi" });
    const doc = await addPdf(t.prisma, c.id, 5, a.penatalaksana.id, "surat", signed, "surat-provinsi.pdf");
    while ((await checkPendingPdfs(t.prisma, 50)) > 0);
    expect((await t.prisma.pdfSignatureCheck.findUniqueOrThrow({ where: { sha256: doc.sha256 } })).conclusion).toBe("UNTRUSTED");

    const { agent } = await login(t.app, "admin");
    const page = await agent.get("/admin/tanda-tangan");
    expect(page.status).toBe(200);
    const bad = await agent
      .post("/admin/tanda-tangan/akar")
      .type("form")
      .send({ _csrf: tokenOf(page.text), name: "Bukan sertifikat", pem: "halo" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("format PEM");
    const ok = await agent
      .post("/admin/tanda-tangan/akar")
      .type("form")
      .send({ _csrf: tokenOf(page.text), name: "Root CA Provinsi", pem: ca.certPem });
    expect(ok.status).toBe(302);
    while ((await checkPendingPdfs(t.prisma, 50)) > 0);
    expect((await t.prisma.pdfSignatureCheck.findUniqueOrThrow({ where: { sha256: doc.sha256 } })).conclusion).toBe("VALID");
    expect(await t.prisma.adminLog.count({ where: { action: "signature.anchor-add" } })).toBe(1);
  }, 120_000);

  it("when two tabs sign the same document at once then one signs and the other is refused", async () => {
    const c = await buildCase(t.prisma, a, { row: 5, title: "Dua tab" });
    const doc = await addPdf(t.prisma, c.id, 5, a.kabag.id, "telaah", await letterPdf("Telaah dua tab"));
    const { agent } = await login(t.app, "kabag");
    if (!(await t.prisma.signerCertificate.count({ where: { userId: a.kabag.id, revokedAt: null } }))) await enrol(agent, PASS);
    const page = await agent.get(`/dokumen/${doc.id}/tandatangan`);
    const post = () =>
      agent
        .post(`/dokumen/${doc.id}/tandatangan`)
        .type("form")
        .send({ _csrf: tokenOf(page.text), secretKind: "passphrase", secret: PASS });
    const before = await t.prisma.document.count({ where: { caseId: c.id, kind: "telaah" } });
    const [x, y] = await Promise.all([post(), post()]);
    expect([x.status, y.status].sort()).toEqual([302, 409]);
    expect(await t.prisma.document.count({ where: { caseId: c.id, kind: "telaah" } })).toBe(before + 1);
  }, 120_000);

  it("when signing has happened then no passphrase is in the database or the log", async () => {
    for (const { table_name, rows } of await everyRow(t.prisma)) {
      expect([table_name, rows.includes(PASS) || rows.includes(PASS_W)]).toEqual([table_name, false]);
    }
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join("").includes(PASS)).toBe(false);
    expect(logged.join("").includes(PASS_W)).toBe(false);
  });
});

describe("signing through BSrE (a fake BSrE service with its API's shape)", () => {
  let t: TestApp;
  let a: Actors;
  let bsre: FakeBsre;
  const logged: string[] = [];
  const OTP = "482913";
  beforeAll(async () => {
    // The fake signs for real, with a CA of its own that the city installs as BSrE's root.
    const ca = createLocalCa({ commonName: "Root CA BSrE Uji", organization: "BSSN (uji)" });
    const p12s = new Map<string, Buffer>();
    bsre = await startFakeBsre({
      users: [
        { email: "kabag@jogjakota.go.id", status: "ISSUE", passphrase: PASS, totp: OTP },
        { email: "pimpinan@jogjakota.go.id", status: "NO_CERTIFICATE" },
      ],
      signer: async (pdf, who) => {
        const key = who.email ?? who.nik ?? "?";
        let p12 = p12s.get(key);
        if (!p12) {
          p12 = toP12(issueSignerCertificate(ca, { name: key, organization: "Pemerintah Kota Yogyakarta" }), ca.certPem, "fake", key);
          p12s.set(key, p12);
        }
        return signPdf(pdf, p12, "fake", { reason: "Ditandatangani", location: "Yogyakarta", name: key });
      },
    });
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        logged.push(chunk.toString());
        cb();
      },
    });
    t = await buildTestApp({
      logger: createLogger("debug", sink),
      env: { BSRE_URL: bsre.url, BSRE_USERNAME: "esign", BSRE_PASSWORD: "rahasia-klien", BSRE_IDENTIFY_BY: "email", SIGN_TIMEOUT_SECONDS: "5" },
    });
    a = await demoActors(t.prisma);
    await t.prisma.user.update({ where: { id: a.kabag.id }, data: { email: "kabag@jogjakota.go.id" } });
    await t.prisma.user.update({ where: { id: a.pimpinan.id }, data: { email: "pimpinan@jogjakota.go.id" } });
    await t.prisma.trustAnchor.create({ data: { name: "Root CA BSrE Uji", certPem: ca.certPem, fingerprint: "uji-bsre", addedById: a.admin.id } });
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await bsre.close();
  });

  it("when the signer has no certificate at BSrE then the page says so and offers no form", async () => {
    const c = await buildCase(t.prisma, a, { row: 12, title: "BSrE tanpa sertifikat" });
    const draft = await addPdf(t.prisma, c.id, 12, a.penelaah.id, "mou_final", await letterPdf("MoU"));
    const withParaf = await addPdf(t.prisma, c.id, 12, a.kabag.id, "mou_final", await letterPdf("MoU berparaf"));
    // The Kabag's paraf, as signing would record it: the next version carries it.
    await t.prisma.signatureRequest.create({
      data: {
        caseId: c.id,
        documentId: draft.id,
        resultDocumentId: withParaf.id,
        userId: a.kabag.id,
        purpose: "paraf",
        signerAs: "Kepala Bagian Kerjasama",
        provider: "bsre",
        status: "SIGNED",
        verifyToken: "uji-paraf-tanpa-sertifik",
      },
    });
    const { agent } = await login(t.app, "pimpinan");
    const page = await agent.get(`/dokumen/${withParaf.id}/tandatangan`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("sertifikat elektronik aktif");
    expect(page.text).not.toContain('name="secret"');
  }, 60_000);

  it("when the Kabag signs with an OTP then BSrE is asked for the status first, then once to sign, and the signed file is stored and trusted", async () => {
    const c = await buildCase(t.prisma, a, { row: 5, title: "Telaah lewat BSrE" });
    const doc = await addPdf(t.prisma, c.id, 5, a.kabag.id, "telaah", await letterPdf("Telaah BSrE"));
    const { agent } = await login(t.app, "kabag");
    const page = await agent.get(`/dokumen/${doc.id}/tandatangan`);
    expect(page.text).toContain("BSrE (BSSN)");
    const before = bsre.calls.length;
    const res = await agent
      .post(`/dokumen/${doc.id}/tandatangan`)
      .type("form")
      .send({ _csrf: tokenOf(page.text), secretKind: "totp", secret: OTP });
    expect(res.status).toBe(302);
    const paths = bsre.calls.slice(before).map((x) => x.path);
    expect(paths).toEqual(["/api/v2/user/check/status", "/api/v2/sign/pdf"]);
    const body = bsre.calls.at(-1)?.body as { email: string; totp: string; signatureProperties: { tampilan: string }[] };
    expect(body.email).toBe("kabag@jogjakota.go.id");
    expect(body.totp).toBe(OTP);
    expect(body.signatureProperties[0]?.tampilan).toBe("VISIBLE");
    const signed = await latest(t.prisma, c.id, "telaah");
    expect(signed.version).toBe(doc.version + 1);
    expect((await t.prisma.pdfSignatureCheck.findUniqueOrThrow({ where: { sha256: signed.sha256 } })).conclusion).toBe("VALID");
    expect(await t.prisma.signatureRequest.findFirstOrThrow({ where: { documentId: doc.id } })).toMatchObject({ status: "SIGNED", provider: "bsre" });
  }, 120_000);

  it("when BSrE does not answer in time then the outcome is unknown, the call is never sent again, the document stays closed until a person settles it", async () => {
    const c = await buildCase(t.prisma, a, { row: 8, title: "Telaah BSrE lambat" });
    const doc = await addPdf(t.prisma, c.id, 8, a.kabag.id, "telaah", await letterPdf("Telaah lambat"));
    const { agent } = await login(t.app, "kabag");
    bsre.set({ signDelayMs: 8_000 });
    const signsBefore = bsre.calls.filter((x) => x.path === "/api/v2/sign/pdf").length;
    const res = await sign(agent, doc.id, PASS);
    expect(res.status).toBe(302);
    const req = await t.prisma.signatureRequest.findFirstOrThrow({ where: { documentId: doc.id } });
    expect(req.status).toBe("UNKNOWN");
    await new Promise((r) => setTimeout(r, 4_000));
    expect(bsre.calls.filter((x) => x.path === "/api/v2/sign/pdf").length - signsBefore).toBe(1);
    bsre.set({ signDelayMs: 0 });
    const page = await agent.get(`/dokumen/${doc.id}/tandatangan`);
    expect(page.text).toContain("Hasil penandatanganan belum diketahui");
    expect(page.text).not.toContain('name="secret"');
    const again = await agent
      .post(`/dokumen/${doc.id}/tandatangan`)
      .type("form")
      .send({ _csrf: tokenOf(page.text), secretKind: "passphrase", secret: PASS });
    expect(again.status).toBe(409);
    expect(bsre.calls.filter((x) => x.path === "/api/v2/sign/pdf").length - signsBefore).toBe(1);
    // Settled after checking with BSrE: not signed, so the document may be signed again.
    const settle = await agent
      .post(`/tandatangan/${req.id}/selesaikan`)
      .type("form")
      .send({ _csrf: tokenOf(page.text), outcome: "not_signed", note: "Riwayat di aplikasi TTE tidak memuat dokumen ini" });
    expect(settle.status).toBe(302);
    expect((await t.prisma.signatureRequest.findUniqueOrThrow({ where: { id: req.id } })).status).toBe("FAILED");
    expect((await sign(agent, doc.id, PASS)).status).toBe(302);
    expect(await t.prisma.caseEvent.count({ where: { caseId: c.id, action: "tanda_tangan_diselesaikan" } })).toBe(1);
  }, 120_000);

  it("when BSrE refuses the passphrase then the page says so in Indonesian and nothing is stored", async () => {
    const c = await buildCase(t.prisma, a, { row: 5, title: "Telaah BSrE passphrase salah" });
    const doc = await addPdf(t.prisma, c.id, 5, a.kabag.id, "telaah", await letterPdf("Telaah salah"));
    const { agent } = await login(t.app, "kabag");
    const before = await t.prisma.document.count({ where: { caseId: c.id, kind: "telaah" } });
    const res = await sign(agent, doc.id, "salah-sekali");
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/Passphrase atau OTP salah/);
    expect(await t.prisma.document.count({ where: { caseId: c.id, kind: "telaah" } })).toBe(before);
  }, 60_000);

  it("when BSrE was used then neither the passphrase nor the OTP is in the database or the log", async () => {
    // The OTP as a value of its own: not a run of digits inside a hash, a number or a time's
    // fraction of a second (a migration finished at "…:50.482913" once matched it).
    const otpIn = new RegExp(`(?<![0-9a-f.:])${OTP}(?![0-9a-f])`);
    for (const { table_name, rows } of await everyRow(t.prisma)) {
      expect([table_name, rows.includes(PASS) || otpIn.test(rows)]).toEqual([table_name, false]);
    }
    const all = logged.join("");
    expect(all.includes(PASS)).toBe(false);
    expect(otpIn.test(all)).toBe(false);
  });
});
