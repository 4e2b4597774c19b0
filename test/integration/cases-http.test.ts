import request from "supertest";
import { describe, expect, it } from "vitest";
import { must } from "../../src/platform/must.js";
import { csrfFrom, login } from "../helpers/app.js";
import { buildCase, fullProposal, PDF, PNG, useWorkflowApp } from "../helpers/workflow.js";

const { t, a } = useWorkflowApp({ env: { UPLOAD_MAX_MB: "0.05" } });

/** Stored document contents (the bytes live in the database). */
const storedBlobs = () => t.prisma.blob.count();

/** POST a multipart form with the CSRF token taken from `from`. */
async function multipart(
  agent: request.Agent,
  url: string,
  fields: Record<string, string | string[]>,
  files: Record<string, [Buffer, string]> = {},
  from = "/",
) {
  const token = await csrfFrom(agent, from);
  let req = agent.post(url).field("_csrf", token);
  for (const [k, v] of Object.entries(fields)) for (const one of ([] as string[]).concat(v)) req = req.field(k, one);
  for (const [k, [buf, name]] of Object.entries(files)) req = req.attach(k, buf, name);
  return req;
}

describe("proposal form", () => {
  it("when a kind is chosen then the form shows that kind's attachments, questions and partner types only, and a partner type of another kind is refused", async () => {
    const { agent } = await login(t.app, "skpd.pariwisata");
    const draft = await multipart(agent, "/usulan", { intent: "simpan", title: "Kota kembar dengan Kyoto", jenis: "KSDPL" }, {}, "/usulan/baru");
    expect(draft.status).toBe(302);
    const id = Number(must(/\/kasus\/(\d+)/.exec(must(draft.headers.location, "the redirect"))?.[1], "the case's id"));
    const page = (await agent.get(`/kasus/${id}/ubah`)).text;
    const shown = (re: RegExp) => {
      const m = re.exec(page);
      return m !== null && !/\shidden/.test(m[0]);
    };
    // The feasibility study is KSDPK's, the nature KSDD's: hidden for KSDPL.
    expect(shown(/<div class="field" data-kinds="[^"]*"[^>]*>\s*<label for="doc_studi_kelayakan"/)).toBe(false);
    expect(shown(/<fieldset class="field" data-kinds="KSDD"[^>]*>/)).toBe(false);
    expect(shown(/<div class="field" data-kinds="[^"]*"[^>]*>\s*<label for="doc_kak"/)).toBe(true);
    // Partner types: only those a foreign regional government can be.
    const options = [...page.matchAll(/<option data-kinds="[^"]*"([^>]*)>([^<]+)<\/option>/g)]
      .filter((m) => !/hidden/.test(must(m[1], "the option's attributes")))
      .map((m) => m[2]);
    expect(options).toEqual(["Pemerintah daerah luar negeri"]);
    // Sent with a partner type of another kind: refused beside its field, nothing sent.
    const c = await t.prisma.case.findUniqueOrThrow({ where: { id } });
    const wrong = await multipart(
      agent,
      `/kasus/${id}/ubah`,
      { intent: "simpan", version: String(c.version), title: "Kota kembar dengan Kyoto", jenis: "KSDPL", partnerKind: "Pemerintah daerah" },
      {},
      `/kasus/${id}/ubah`,
    );
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain("Untuk KSDPL pilih salah satu: Pemerintah daerah luar negeri");
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id } })).partnerKind).toBeNull();
  });

  it("when a regional government's area code is given then it must be Kemendagri's: a malformed or unknown code is refused beside its field and nothing is saved; a code from the list is saved and named on the case; another partner type keeps none", async () => {
    const { agent } = await login(t.app, "skpd.pariwisata");
    const form = (await agent.get("/usulan/baru")).text;
    // The list to pick from: every province and city, by code, with its name.
    expect(form).toContain('<option value="33.74">Kota Semarang, Jawa Tengah</option>');
    expect(form).toMatch(/<div class="field" data-kinds="KSDD"[^>]*>\s*<label for="partnerRegionCode"/);
    const draft = await multipart(agent, "/usulan", { intent: "simpan", title: "Kerja sama dengan Kota Semarang", jenis: "KSDD" }, {}, "/usulan/baru");
    const id = Number(must(/\/kasus\/(\d+)/.exec(must(draft.headers.location, "the redirect"))?.[1], "the case's id"));
    const save = async (fields: Record<string, string>) => {
      const c = await t.prisma.case.findUniqueOrThrow({ where: { id } });
      return multipart(
        agent,
        `/kasus/${id}/ubah`,
        { intent: "simpan", version: String(c.version), title: "Kerja sama dengan Kota Semarang", jenis: "KSDD", ...fields },
        {},
        `/kasus/${id}/ubah`,
      );
    };
    const stored = async () => (await t.prisma.case.findUniqueOrThrow({ where: { id } })).partnerRegionCode;
    for (const [code, message] of [
      ["Semarang", "Tulis kode wilayah Kemendagri seperti 33.74"],
      ["33.7", "Tulis kode wilayah Kemendagri seperti 33.74"],
      ["99.99", "Kode wilayah 99.99 tidak ada dalam daftar wilayah Kemendagri"],
    ] as const) {
      const res = await save({ partnerKind: "Pemerintah daerah", partnerRegionCode: code });
      expect([code, res.status]).toEqual([code, 422]);
      expect(res.text).toContain(message);
      expect(res.text).toContain(`value="${code}"`); // what was typed stays
      expect(await stored()).toBeNull();
    }
    // Picked from the list in a browser that sends the option's text with its code.
    expect((await save({ partnerKind: "Pemerintah daerah", partnerRegionCode: "33.74 Kota Semarang" })).status).toBe(302);
    expect(await stored()).toBe("33.74");
    expect((await agent.get(`/kasus/${id}`)).text).toContain("Wilayah (kode Kemendagri): Kota Semarang (33.74), Jawa Tengah");
    // A province is a region too.
    expect((await save({ partnerKind: "Pemerintah daerah", partnerRegionCode: "34" })).status).toBe(302);
    expect(await stored()).toBe("34");
    // The kind changed to one whose partner is not a regional government: the code is dropped, not refused.
    const c = await t.prisma.case.findUniqueOrThrow({ where: { id } });
    const other = await multipart(
      agent,
      `/kasus/${id}/ubah`,
      {
        intent: "simpan",
        version: String(c.version),
        title: "Kerja sama dengan Kota Semarang",
        jenis: "KSDPK",
        partnerKind: "Badan usaha",
        partnerRegionCode: "33.74",
      },
      {},
      `/kasus/${id}/ubah`,
    );
    expect(other.status).toBe(302);
    expect(await stored()).toBeNull();
  });

  it("when the SKPD submits an incomplete form then each error is beside its field and what was typed stays", async () => {
    const { agent } = await login(t.app, "skpd.pariwisata");
    const res = await multipart(
      agent,
      "/usulan",
      { intent: "kirim", title: "Judul usulan yang cukup", partnerName: "PT Mitra", durationMonths: "400" },
      {},
      "/usulan/baru",
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain("Jangka waktu paling lama 360 bulan");
    expect(res.text).toContain("Pilih jenis kerja sama");
    expect(res.text).toContain('value="Judul usulan yang cukup"');
    expect(res.text).toContain('value="PT Mitra"');
    expect(await t.prisma.case.count({ where: { title: "Judul usulan yang cukup" } })).toBe(0);
  });

  it("when the SKPD submits a complete KSDPK form without its feasibility study then the draft is kept and the missing documents are named", async () => {
    const { agent } = await login(t.app, "skpd.pariwisata");
    const p = fullProposal({
      title: "Usulan tanpa studi kelayakan",
      urusanId: (await t.prisma.urusan.findUniqueOrThrow({ where: { name: "Pariwisata" } })).id,
    });
    const fields = Object.fromEntries(Object.entries({ ...p, intent: "kirim" }).map(([k, v]) => [k, String(v)]));
    const res = await multipart(agent, "/usulan", fields, { doc_kak: [PDF, "KAK wisata.pdf"] }, "/usulan/baru");
    expect(res.status).toBe(302);
    const c = await t.prisma.case.findFirstOrThrow({ where: { title: "Usulan tanpa studi kelayakan" } });
    expect(c.currentRow).toBe(1);
    const page = await agent.get(`/kasus/${c.id}`);
    expect(page.text).toContain("Draf disimpan, tetapi belum dapat dikirim");
    expect(page.text).toContain("dokumen &#34;Studi kelayakan&#34; untuk KSDPK");
    expect(page.text).toContain("dokumen &#34;SK penunjukan PPKSD (dari kepala SKPD)&#34; untuk KSDPK");
  });

  it("when the SKPD submits a complete form with a KAK, feasibility study and liaison decree then the case is at row 2 and the KAK is stored with its hash", async () => {
    const { agent } = await login(t.app, "skpd.pariwisata");
    const p = fullProposal({
      title: "Usulan lengkap lewat formulir",
      urusanId: (await t.prisma.urusan.findUniqueOrThrow({ where: { name: "Pariwisata" } })).id,
    });
    const fields = Object.fromEntries(Object.entries({ ...p, intent: "kirim" }).map(([k, v]) => [k, String(v)]));
    const res = await multipart(
      agent,
      "/usulan",
      fields,
      { doc_kak: [PDF, "KAK wisata.pdf"], doc_studi_kelayakan: [PDF, "studi.pdf"], doc_sk_ppksd: [PDF, "sk.pdf"] },
      "/usulan/baru",
    );
    expect(res.status).toBe(302);
    const c = await t.prisma.case.findFirstOrThrow({ where: { title: "Usulan lengkap lewat formulir" } });
    expect(c.currentRow).toBe(2);
    expect(c.status).toBe("IN_PROGRESS");
    const doc = await t.prisma.document.findFirstOrThrow({ where: { caseId: c.id, kind: "kak" } });
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.originalName).toBe("KAK wisata.pdf");
    const page = await agent.get(`/kasus/${c.id}`);
    expect(page.text).toContain("Langkah 2: Kompilasi data-data potensi kerjasama dari SKPD");
    expect(page.text).toContain("(tidak ada di dokumen sumber)");
  });

  it("when a submitted proposal is opened for editing by its SKPD then it is refused until returned", async () => {
    const c = await buildCase(t.prisma, a, { row: 2 });
    const { agent } = await login(t.app, "skpd.pariwisata");
    const res = await agent.get(`/kasus/${c.id}/ubah`);
    expect(res.status).toBe(409);
  });
});

describe("uploads", () => {
  it("when a file claims to be a PDF but is not then it is refused and nothing is written", async () => {
    const c = await buildCase(t.prisma, a, { row: 2 });
    const { agent } = await login(t.app, "penatalaksana");
    const before = await storedBlobs();
    const res = await multipart(agent, `/kasus/${c.id}/dokumen`, { kind: "surat" }, { file: [Buffer.from("MZ\x90\x00 this is an exe"), "surat.pdf"] });
    expect(res.status).toBe(302);
    expect((await agent.get(`/kasus/${c.id}`)).text).toContain("bukan PDF, DOCX, XLSX, JPG atau PNG");
    expect(await storedBlobs()).toBe(before);
    expect(await t.prisma.document.count({ where: { caseId: c.id, kind: "surat" } })).toBe(0);
  });

  it("when a proposal's attachment is not a real PDF then the form comes back with everything typed", async () => {
    const { agent } = await login(t.app, "skpd.pariwisata");
    const fields = Object.fromEntries(
      Object.entries({
        ...fullProposal({ title: "Usulan dengan lampiran palsu", urusanId: (await t.prisma.urusan.findUniqueOrThrow({ where: { name: "Pariwisata" } })).id }),
        intent: "kirim",
      }).map(([k, v]) => [k, String(v)]),
    );
    const res = await multipart(agent, "/usulan", fields, { doc_kak: [Buffer.from("bukan pdf sama sekali"), "KAK.pdf"] }, "/usulan/baru");
    expect(res.status).toBe(422);
    expect(res.text).toContain("bukan PDF, DOCX, XLSX, JPG atau PNG");
    expect(res.text).toContain('value="Usulan dengan lampiran palsu"');
    expect(res.text).toContain("PT Wisata Nusantara");
    expect(await t.prisma.case.count({ where: { title: "Usulan dengan lampiran palsu" } })).toBe(0);
  });

  it("when an action's document is not a real PDF then the case page says so and keeps the reason typed", async () => {
    const c = await buildCase(t.prisma, a, { row: 6 });
    const { agent } = await login(t.app, "kabag");
    const res = await multipart(
      agent,
      `/kasus/${c.id}/aksi`,
      { version: String(c.version), action: "tolak", reason: "Anggaran tahun ini belum ada" },
      { doc_disposisi: [Buffer.from("teks biasa"), "disposisi.pdf"] },
      `/kasus/${c.id}`,
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain("bukan PDF, DOCX, XLSX, JPG atau PNG");
    expect(res.text).toContain("Anggaran tahun ini belum ada");
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).currentRow).toBe(6);
  });

  it("when a file is larger than the limit then it is refused with the limit in the message", async () => {
    const c = await buildCase(t.prisma, a, { row: 2 });
    const { agent } = await login(t.app, "penatalaksana");
    const big = Buffer.concat([PDF, Buffer.alloc(80 * 1024, 32)]);
    const res = await multipart(agent, `/kasus/${c.id}/dokumen`, { kind: "surat" }, { file: [big, "besar.pdf"] });
    expect(res.status).toBe(413);
    expect(res.text).toContain("Berkas terlalu besar");
  });

  it("when the file name is hostile then it is never used as a path and is shown cleaned", async () => {
    const c = await buildCase(t.prisma, a, { row: 2 });
    const { agent } = await login(t.app, "penatalaksana");
    const res = await multipart(agent, `/kasus/${c.id}/dokumen`, { kind: "surat" }, { file: [PNG, "../../etc/<script>passwd.png"] });
    expect(res.status).toBe(302);
    const doc = await t.prisma.document.findFirstOrThrow({ where: { caseId: c.id, kind: "surat" } });
    expect(doc.originalName).toBe("scriptpasswd.png");
    // Nothing is named after the upload: the bytes are in the database under their SHA-256.
    expect(doc.storedName).toBeNull();
    expect(await t.prisma.blob.count({ where: { sha256: doc.sha256 } })).toBe(1);
  });

  it("when a second upload of the same kind arrives then it is version 2 and version 1 stays", async () => {
    const c = await buildCase(t.prisma, a, { row: 2 });
    const { agent } = await login(t.app, "penatalaksana");
    await multipart(agent, `/kasus/${c.id}/dokumen`, { kind: "surat" }, { file: [PDF, "surat-a.pdf"] });
    await multipart(agent, `/kasus/${c.id}/dokumen`, { kind: "surat" }, { file: [PDF, "surat-b.pdf"] });
    const docs = await t.prisma.document.findMany({ where: { caseId: c.id, kind: "surat" }, orderBy: { version: "asc" } });
    expect(docs.map((d) => [d.version, d.originalName])).toEqual([
      [1, "surat-a.pdf"],
      [2, "surat-b.pdf"],
    ]);
  });

  it("when a file's name is written in UTF-8, with a dash, other scripts or a right-to-left override then it is shown as written, without the invisible characters", async () => {
    const c = await buildCase(t.prisma, a, { row: 2 });
    const { agent } = await login(t.app, "penatalaksana");
    for (const [sent, shown] of [
      ["Surat – Undangan.pdf", "Surat – Undangan.pdf"],
      ["京都市 Thành phố Đà Nẵng.pdf", "京都市 Thành phố Đà Nẵng.pdf"],
      ["laporan\u202Efdp.exe.pdf", "laporanfdp.exe.pdf"],
    ] as const) {
      const res = await multipart(
        agent,
        `/kasus/${c.id}/dokumen`,
        { kind: "lainnya" },
        { file: [Buffer.concat([PDF, Buffer.from(sent)]), sent] },
        `/kasus/${c.id}`,
      );
      expect(res.status).toBe(302);
      const doc = await t.prisma.document.findFirstOrThrow({ where: { caseId: c.id, kind: "lainnya" }, orderBy: { id: "desc" } });
      expect(doc.originalName).toBe(shown);
      const page = (await agent.get(`/kasus/${c.id}`)).text;
      expect(page).toContain(shown);
      const download = await agent.get(`/dokumen/${doc.id}`).buffer(true);
      const cd = String(download.get("Content-Disposition"));
      expect(/^[\x20-\x7e]*$/.test(shown) ? cd.includes(`filename=${shown}`) : cd.includes(`filename*=UTF-8''${encodeURIComponent(shown)}`)).toBe(true);
    }
  });

  it("when ten uploads to one case arrive at once then each answer says what happened: stored (302) or refused as a conflict (409), never a success for a refused one", async () => {
    const c = await buildCase(t.prisma, a, { row: 2 });
    const { agent } = await login(t.app, "penatalaksana");
    const token = await csrfFrom(agent, `/kasus/${c.id}`);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        agent
          .post(`/kasus/${c.id}/dokumen`)
          .field("_csrf", token)
          .field("kind", "lainnya")
          .attach("file", Buffer.concat([PDF, Buffer.from(`serentak ${i}`)]), `serentak-${i}.pdf`),
      ),
    );
    for (const [i, r] of answers.entries()) {
      const stored = await t.prisma.document.count({ where: { caseId: c.id, originalName: `serentak-${i}.pdf` } });
      expect([i, r.status, stored]).toEqual(r.status === 302 ? [i, 302, 1] : [i, 409, 0]);
    }
  });

  it("when a document is downloaded then it is an attachment with nosniff; another SKPD gets 404", async () => {
    const c = await buildCase(t.prisma, a, { row: 2 });
    const { agent } = await login(t.app, "penatalaksana");
    await multipart(agent, `/kasus/${c.id}/dokumen`, { kind: "surat" }, { file: [PDF, "surat.pdf"] });
    const doc = await t.prisma.document.findFirstOrThrow({ where: { caseId: c.id, kind: "surat" } });
    const res = await agent.get(`/dokumen/${doc.id}`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="?surat\.pdf"?/);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["content-type"]).toContain("application/pdf");
    const other = await login(t.app, "skpd.kesehatan");
    expect((await other.agent.get(`/dokumen/${doc.id}`)).status).toBe(404);
    const own = await login(t.app, "skpd.pariwisata");
    expect((await own.agent.get(`/dokumen/${doc.id}`)).status).toBe(200);
  });
});

describe("case page actions", () => {
  it("when the holder acts with a stale version then the page says someone else acted first (409)", async () => {
    const c = await buildCase(t.prisma, a, { row: 2 });
    const { agent } = await login(t.app, "penatalaksana");
    const ok = await multipart(agent, `/kasus/${c.id}/aksi`, { version: String(c.version), action: "lanjut" }, {}, `/kasus/${c.id}`);
    expect(ok.status).toBe(302);
    // As the form sends it: the version in its action URL too.
    const stale = await multipart(agent, `/kasus/${c.id}/aksi?v=${c.version}`, { version: String(c.version), action: "lanjut" }, {}, `/kasus/${c.id}`);
    expect(stale.status).toBe(409);
    expect(stale.text).toContain("baru saja diproses oleh pengguna lain");
  });

  it("when the TKKSD sets a case without the minutes then the missing document is named and the reason typed is kept", async () => {
    const c = await buildCase(t.prisma, a, { row: 4 });
    const { agent } = await login(t.app, "tkksd");
    const res = await multipart(
      agent,
      `/kasus/${c.id}/aksi`,
      { version: String(c.version), action: "tolak", reason: "Tidak sesuai prioritas daerah" },
      {},
      `/kasus/${c.id}`,
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain("Notulen / berita acara rapat TKKSD");
    expect(res.text).toContain("Tidak sesuai prioritas daerah");
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).currentRow).toBe(4);
  });

  it("when a multipart action has no CSRF token then it is refused", async () => {
    const c = await buildCase(t.prisma, a, { row: 2 });
    const { agent } = await login(t.app, "penatalaksana");
    const res = await agent.post(`/kasus/${c.id}/aksi`).field("version", String(c.version)).field("action", "lanjut");
    expect(res.status).toBe(403);
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).currentRow).toBe(2);
  });

  it("when another SKPD opens a case then it is 404", async () => {
    const c = await buildCase(t.prisma, a, { row: 3 });
    const { agent } = await login(t.app, "skpd.lingkungan");
    expect((await agent.get(`/kasus/${c.id}`)).status).toBe(404);
  });
});

describe("inbox", () => {
  it("when an SKPD user opens the inbox then only their unit's tasks are there", async () => {
    await buildCase(t.prisma, a, { row: 1, title: "Draf milik Pariwisata" });
    const mine = await login(t.app, "skpd.pariwisata");
    expect((await mine.agent.get("/inbox")).text).toContain("Draf milik Pariwisata");
    const other = await login(t.app, "skpd.kesehatan");
    expect((await other.agent.get("/inbox")).text).not.toContain("Draf milik Pariwisata");
  });

  it("when filtered by row and searched by partner then only matching tasks are listed", async () => {
    await buildCase(t.prisma, a, { row: 3, title: "Kerja sama bank sampah", partnerName: "Koperasi Hijau Lestari" });
    const { agent } = await login(t.app, "penelaah");
    const res = await agent.get("/inbox?row=3&q=hijau");
    expect(res.text).toContain("Kerja sama bank sampah");
    const none = await agent.get("/inbox?row=3&q=tidak-ada-yang-cocok");
    expect(none.text).not.toContain("Kerja sama bank sampah");
  });

  it("when a holder applies one action to several cases at row 5 then each commits on its own and the result names failures", async () => {
    const c1 = await buildCase(t.prisma, a, { row: 5, title: "Massal satu" });
    const c2 = await buildCase(t.prisma, a, { row: 5, title: "Massal dua" });
    const { agent } = await login(t.app, "kasubbag");
    const res = await multipart(
      agent,
      "/inbox/massal",
      { row: "5", action: "lanjut", pick: [`${c1.id}:${c1.version}`, `${c2.id}:${c2.version - 1}`] },
      { doc_telaah: [PDF, "telaah-bersama.pdf"] },
      "/inbox?row=5",
    );
    expect(res.status).toBe(200);
    expect(res.text).toContain("1 dari 2 kasus berhasil");
    expect(res.text).toContain("baru saja diproses oleh pengguna lain");
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c1.id } })).currentRow).toBe(6);
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c2.id } })).currentRow).toBe(5);
    const telaah = await t.prisma.document.findFirstOrThrow({ where: { caseId: c1.id, kind: "telaah" } });
    expect(telaah.originalName).toBe("telaah-bersama.pdf");
  });

  it("when a bulk action is tried at row 4 then it is refused: the TKKSD decides in its meetings", async () => {
    const c = await buildCase(t.prisma, a, { row: 4, title: "Tidak massal di langkah 4" });
    const { agent } = await login(t.app, "tkksd");
    const res = await multipart(
      agent,
      "/inbox/massal",
      { row: "4", action: "lanjut", pick: [`${c.id}:${c.version}`] },
      { doc_notulen: [PDF, "notulen.pdf"] },
      "/inbox?row=4",
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain("langkah 4 diputuskan dalam rapat TKKSD");
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).currentRow).toBe(4);
  });

  it("when the nav is shown then it carries the inbox count", async () => {
    // KABAG holds row 6: with a case there the badge must show, and count one more with another.
    await buildCase(t.prisma, a, { row: 6, title: "Lencana menu satu" });
    const { agent } = await login(t.app, "kabag");
    const badge = async () => {
      const m = /Kotak tugas <span class="badge">(\d+)<\/span><\/a>/.exec((await agent.get("/")).text);
      expect(m, "the menu's inbox badge").not.toBeNull();
      return Number(m![1]);
    };
    const before = await badge();
    expect(before).toBeGreaterThanOrEqual(1);
    await buildCase(t.prisma, a, { row: 6, title: "Lencana menu dua" });
    expect(await badge()).toBe(before + 1);
  });
});

describe("/sop", () => {
  it("when opened then it renders the 20 rows from the definition and notes row 14 and the configured executors", async () => {
    const { agent } = await login(t.app, "pimpinan");
    const res = await agent.get("/sop");
    expect(res.status).toBe(200);
    expect(res.text).toContain("Tidak ada di dokumen sumber");
    expect(res.text).toContain("pemetaan yang dikonfigurasi");
    expect(res.text).toContain("Penomoran naskah perjanjian kerjasama");
    expect(res.text.match(/<tr>\s*<td>\d+<\/td>/g)?.length).toBe(20);
  });
});
