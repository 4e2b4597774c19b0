// Issue 13, part 1: letters and drafts generated from a case's data, from templates
// that ship in the repo and that ADMIN may replace with a checked .docx.
import mammoth from "mammoth";
import PizZip from "pizzip";
import { describe, expect, it } from "vitest";
import { must } from "../../src/platform/must.js";
import { letterData, PLACEHOLDERS } from "../../src/features/letters/placeholders.js";
import { LETTER_KEYS, LETTERS } from "../../src/features/letters/letters.js";
import { checkTemplate, placeholderNames } from "../../src/features/letters/fill.js";
import { renderLetter, templateProblems } from "../../src/features/letters/render.js";
import { defaultTemplate } from "../../src/features/letters/template-store.js";
import { KIND_IDS } from "../../src/core/sop/kinds.js";
import { csrfFrom, getBytes, login, postForm } from "../helpers/app.js";
import { buildCase, useWorkflowApp } from "../helpers/workflow.js";

const { t, a } = useWorkflowApp();

/** The visible text of a .docx (paragraphs joined by newlines). */
const docxText = (bytes: Buffer) =>
  new PizZip(bytes)
    .file("word/document.xml")!
    .asText()
    .replace(/<\/w:p>/g, "\n")
    .replace(/<w:tab\/>/g, "\t")
    .replace(/<[^>]+>/g, "")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");

const download = async (agent: Awaited<ReturnType<typeof login>>["agent"], id: number) => (await getBytes(agent, `/dokumen/${id}`)).body;

describe("the shipped templates", () => {
  it("when each template is checked then it uses only known placeholders", async () => {
    for (const key of LETTER_KEYS) expect([key, templateProblems(await defaultTemplate(key), placeholderNames(LETTERS[key].scope))]).toEqual([key, []]);
  });

  it("when each template is filled for a running case of each kind then every placeholder has a value and nothing is left unfilled", async () => {
    for (const jenis of KIND_IDS) {
      const c = await buildCase(t.prisma, a, { row: 20, title: `Kerja sama templat ${jenis}`, jenis, partnerName: `Mitra ${jenis}` });
      await t.prisma.obligation.create({
        data: {
          caseId: c.id,
          party: "MITRA",
          description: "Menyediakan pelatih",
          indicator: "Pelatih",
          target: 4,
          unit: "orang",
          dueOn: new Date("2027-06-30T00:00:00Z"),
          createdById: a.penatalaksana.id,
        },
      });
      for (const key of LETTER_KEYS.filter((k) => LETTERS[k].scope === "case")) {
        for (const row of LETTERS[key].rows) {
          const data = await t.prisma.$transaction((tx) => letterData(tx, c.id, row, "Penguji"));
          for (const p of Object.keys(PLACEHOLDERS)) expect([jenis, key, p, typeof data[p as keyof typeof PLACEHOLDERS]]).toEqual([jenis, key, p, "string"]);
          const text = docxText(renderLetter(await defaultTemplate(key), data));
          expect(text).not.toMatch(/undefined|null|\{|\}|\[object/);
          // The title itself, in capitals, or as the phrase "kerja sama …" that subjects and sentences use.
          expect([key, row, [data.judul, data.judul_kapital, data.kerja_sama_judul].some((x) => text.includes(x))]).toEqual([key, row, true]);
        }
      }
      // A running case has its numbers and term: the draft of the second naskah names them.
      const d = await t.prisma.$transaction((tx) => letterData(tx, c.id, 16, "Penguji"));
      expect(d.nomor_naskah).toMatch(/\d/);
      expect(d.mulai).toMatch(/\d{4}$/);
      // Copies to the Sekda and the SKPD (and the ministries for a foreign partner), never to the Walikota who signs.
      expect(d.tembusan.length).toBeGreaterThanOrEqual(2);
      expect(d.tembusan.some((x) => x.nama.includes("Walikota"))).toBe(false);
      expect(d.kewajiban).toHaveLength(1);
    }
  }, 120_000);
});

/** The text of a .docx as Word users read it (mammoth, an independent reader). */
const readBack = async (bytes: Buffer) => (await mammoth.extractRawText({ buffer: bytes })).value;
const SIGNERS = {
  "signer.walikota.name": "Hasto Wardoyo",
  "signer.sekda.name": "Aman Yuriadijaya",
  "signer.sekda.nip": "196705191996031002",
  "signer.kabag.name": "Sri Rahayu Ningsih",
  "signer.kabag.nip": "197501012000032003",
};

describe("letters read as official letters", () => {
  it("when every case letter is made at each of its rows then none doubles the kind, the subject or a full stop, each has its heading and named signer, the offer letter is not copied to the Walikota who signs it, and the row-8 telaah is not the row-5 one", async () => {
    for (const [key, value] of Object.entries(SIGNERS)) await t.prisma.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
    // Typed fields end with their own full stop, and the title already says "Kerja sama".
    const c = await buildCase(t.prisma, a, {
      row: 20,
      title: "Kerja sama pengelolaan sampah terpadu",
      jenis: "KSDD",
      partnerName: "Pemerintah Kabupaten Sleman",
      partnerKind: "Pemerintah daerah",
      objek: "Pengolahan sampah bersama.",
      manfaat: "Mengurangi sampah ke TPA Piyungan.",
    });
    const texts = new Map<string, string>();
    for (const key of LETTER_KEYS.filter((k) => LETTERS[k].scope === "case")) {
      for (const row of LETTERS[key].rows) {
        const data = await t.prisma.$transaction((tx) => letterData(tx, c.id, row, "Penguji"));
        const text = await readBack(renderLetter(await defaultTemplate(key), data));
        texts.set(`${key}@${row}`, text);
        expect([key, row, text]).not.toContainEqual(expect.stringContaining("KSDD: KSDD"));
        expect([key, row, /penawaran kerja sama kerja sama|kerja sama kerja sama/i.test(text)]).toEqual([key, row, false]);
        expect([key, row, text.match(/.{0,30}\.\..{0,10}/)?.[0] ?? null]).toEqual([key, row, null]);
      }
    }
    for (const row of [7, 10]) {
      const offer = texts.get(`surat_penawaran@${row}`)!;
      for (const heading of [/^Nomor\t?:/m, /^Sifat\t?:/m, /^Lampiran\t?:/m, /^Hal\t?: Penawaran kerja sama pengelolaan sampah terpadu$/m, /^Yth\. /m])
        expect(offer).toMatch(heading);
      expect(offer).toContain("PEMERINTAH KOTA YOGYAKARTA");
      expect(offer).toContain("WALIKOTA YOGYAKARTA");
      expect(offer).toContain("Hasto Wardoyo");
      const tembusan = offer.slice(offer.indexOf("Tembusan"));
      expect(tembusan).toContain("Sekretaris Daerah Kota Yogyakarta");
      expect(tembusan).not.toContain("Walikota");
    }
    const five = texts.get("telaah_staf@5")!;
    const eight = texts.get("telaah_staf@8")!;
    expect(eight).not.toBe(five);
    expect(five).toContain("data potensi kerja sama");
    expect(eight).toContain("rencana kerja sama");
    expect(eight).toContain("surat penawaran");
    for (const telaah of [five, eight]) {
      expect(telaah).toMatch(/^Kepada\t?: Yth\. Walikota Yogyakarta$/m);
      expect(telaah).toContain("Sri Rahayu Ningsih");
      expect(telaah).toContain("NIP 197501012000032003");
    }
    expect(texts.get("laporan_evaluasi@20")).toContain("Sri Rahayu Ningsih");
    expect(texts.get("laporan_evaluasi@20")).toContain("KSDD: Kerja sama dengan daerah lain");
  }, 120_000);
});

describe("generating on a case", () => {
  it("when the Penatalaksana makes the MoU draft at row 11 then it is the next draft version with the parties and terms, and the timeline says so", async () => {
    const c = await buildCase(t.prisma, a, {
      row: 11,
      title: "Pengelolaan sampah terpadu",
      partnerName: "PT Bersih Lestari",
      partnerAddress: "Jl. Magelang 10, Sleman",
    });
    const before = await t.prisma.document.count({ where: { caseId: c.id, kind: "draft_mou" } });
    const { agent } = await login(t.app, "penatalaksana");
    const page = await agent.get(`/kasus/${c.id}`);
    expect(page.text).toContain("Buat dokumen dari data kasus");
    expect(page.text).toContain("Draf naskah dengan identitas para pihak");
    expect((await postForm(agent, `/kasus/${c.id}/templat/draft_naskah`, {}, `/kasus/${c.id}`)).status).toBe(302);
    const doc = await t.prisma.document.findFirstOrThrow({ where: { caseId: c.id, kind: "draft_mou" }, orderBy: { version: "desc" } });
    expect(doc.version).toBe(before + 1);
    expect(doc.mime).toContain("wordprocessingml");
    const text = docxText(await download(agent, doc.id));
    expect(text).toContain("NOTA KESEPAHAMAN");
    expect(text).toContain("PT BERSIH LESTARI");
    expect(text).toContain("Jl. Magelang 10, Sleman");
    expect(await t.prisma.caseEvent.count({ where: { caseId: c.id, action: "buat_dokumen" } })).toBe(1);
  });

  it("when a letter is asked for at another row, by a read-only user or by another unit then it is refused and nothing is stored", async () => {
    const c = await buildCase(t.prisma, a, { row: 11, title: "Kasus templat ditolak" });
    const docs = await t.prisma.document.count({ where: { caseId: c.id } });
    const staff = (await login(t.app, "penatalaksana")).agent;
    // A stale page: back to the case with the reason.
    expect((await postForm(staff, `/kasus/${c.id}/templat/tanda_terima`, {}, `/kasus/${c.id}`)).status).toBe(302);
    expect((await staff.get(`/kasus/${c.id}`)).text).toContain("dibuat pada langkah 15 atau 19");
    expect((await postForm((await login(t.app, "pimpinan")).agent, `/kasus/${c.id}/templat/draft_naskah`, {}, "/")).status).toBe(403);
    expect((await postForm((await login(t.app, "skpd.kesehatan")).agent, `/kasus/${c.id}/templat/draft_naskah`, {}, "/")).status).toBe(404);
    expect((await postForm(staff, `/kasus/${c.id}/templat/bukan_templat`, {}, `/kasus/${c.id}`)).status).toBe(404);
    expect(await t.prisma.document.count({ where: { caseId: c.id } })).toBe(docs);
  });
});

describe("a TKKSD meeting's letters", () => {
  it("when the secretariat downloads the invitation and the draft minutes in Word then they carry the meeting and its agenda, nothing left unfilled", async () => {
    const c = await buildCase(t.prisma, a, { row: 4, title: "Potensi untuk undangan Word" });
    const { agent } = await login(t.app, "penatalaksana");
    const created = await postForm(agent, "/tkksd", { heldOn: "2026-12-10", startsAt: "13.30", place: "Ruang Rapat Arjuna", caseIds: String(c.id) }, "/tkksd");
    const id = Number(must(created.headers.location, "the redirect").split("/").pop());
    expect((await agent.get(`/tkksd/${id}`)).text).toContain(`/tkksd/${id}/undangan.docx`);
    for (const file of ["undangan.docx", "berita-acara.docx"]) {
      const text = docxText((await getBytes(agent, `/tkksd/${id}/${file}`)).body);
      expect(text).toContain("Ruang Rapat Arjuna");
      expect(text).toContain("Potensi untuk undangan Word");
      expect(text).toContain("13.30");
      expect(text).not.toMatch(/undefined|\{|\}/);
    }
  });

  it("when a meeting template names a case placeholder then it is refused: each kind of letter has its own placeholders", async () => {
    const zip = new PizZip(await defaultTemplate("undangan_tkksd"));
    zip.file("word/document.xml", zip.file("word/document.xml")!.asText().replace("Mengingat pentingnya", "Mengingat {mitra} pentingnya"));
    expect(await checkTemplate(zip.generate({ type: "nodebuffer" }), "meeting")).toEqual(["penanda tidak dikenal: {mitra}"]);
  });
});

describe("ADMIN replaces a template", () => {
  const upload = async (agent: Awaited<ReturnType<typeof login>>["agent"], key: string, bytes: Buffer, name = "templat.docx") => {
    const token = await csrfFrom(agent, "/admin/templat");
    return agent.post(`/admin/templat/${key}`).field("_csrf", token).attach("file", bytes, name);
  };
  const withBody = async (xmlEdit: (xml: string) => string) => {
    const zip = new PizZip(await defaultTemplate("tanda_terima"));
    zip.file("word/document.xml", xmlEdit(zip.file("word/document.xml")!.asText()));
    return zip.generate({ type: "nodebuffer" });
  };

  it("when the template names unknown placeholders or is broken then it is refused naming them, and nothing changes", async () => {
    const { agent } = await login(t.app, "admin");
    const unknown = await withBody((x) => x.replace("TANDA TERIMA", "TANDA TERIMA {rahasia} {#tembusan}{alamat}{/tembusan}"));
    const res = await upload(agent, "tanda_terima", unknown);
    expect(res.status).toBe(422);
    expect(res.text).toContain("{rahasia}");
    expect(res.text).toContain("{alamat} di dalam {#tembusan}");
    const broken = await upload(agent, "tanda_terima", await withBody((x) => x.replace("TANDA TERIMA", "TANDA {judul TERIMA")));
    expect(broken.status).toBe(422);
    expect(broken.text).toContain("penanda rusak");
    const pdf = await upload(agent, "tanda_terima", Buffer.from("%PDF-1.4\n%%EOF\n"), "templat.pdf");
    expect(pdf.status).toBe(422);
    expect(pdf.text).toContain("harus berupa dokumen Word");
    expect(await t.prisma.letterTemplate.count()).toBe(0);
  });

  it("when a template's placeholders are names every object has (__proto__, constructor, toString, hasOwnProperty) or raw XML then it is refused, nothing shared is changed, and the app goes on", async () => {
    const { agent } = await login(t.app, "admin");
    const prototypeKeys = () => Reflect.ownKeys(Object.prototype).map(String).sort();
    const before = prototypeKeys();
    for (const [tag, named] of [
      ["{#__proto__}{x}{/__proto__}", "{#__proto__}"],
      ["{__proto__}", "{__proto__}"],
      ["{constructor}", "{constructor}"],
      ["{toString}", "{toString}"],
      ["{hasOwnProperty}", "{hasOwnProperty}"],
      ["{#tembusan}{constructor}{/tembusan}", "{constructor} di dalam {#tembusan}"],
      ["{@judul}", "judul"],
    ] as const) {
      const res = await upload(agent, "tanda_terima", await withBody((x) => x.replace("TANDA TERIMA", `TANDA TERIMA ${tag}`)));
      expect([tag, res.status]).toEqual([tag, 422]);
      expect(res.text).toContain(named.replace(/&/g, "&amp;"));
      expect(prototypeKeys()).toEqual(before);
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    }
    expect(await t.prisma.letterTemplate.count()).toBe(0);
    // Everything that reaches the database still works.
    expect((await (await login(t.app, "kabag")).agent.get("/inbox")).status).toBe(200);
  });

  it("when a good template is uploaded then letters use it, and restoring the default brings the shipped one back", async () => {
    const { agent } = await login(t.app, "admin");
    const mine = await withBody((x) => x.replace("TANDA TERIMA", "TANDA TERIMA VERSI KOTA {tahun}"));
    expect((await upload(agent, "tanda_terima", mine)).status).toBe(302);
    expect(await t.prisma.adminLog.count({ where: { action: "templat.ganti", target: "tanda_terima" } })).toBe(1);
    const c = await buildCase(t.prisma, a, { row: 15, title: "Kasus templat kota" });
    const staff = (await login(t.app, "penatalaksana")).agent;
    await postForm(staff, `/kasus/${c.id}/templat/tanda_terima`, {}, `/kasus/${c.id}`);
    const doc = await t.prisma.document.findFirstOrThrow({ where: { caseId: c.id, kind: "tanda_kirim" }, orderBy: { version: "desc" } });
    expect(docxText(await download(staff, doc.id))).toMatch(/TANDA TERIMA VERSI KOTA \d{4}/);
    expect((await postForm(agent, "/admin/templat/tanda_terima/bawaan", {}, "/admin/templat")).status).toBe(302);
    expect(await t.prisma.letterTemplate.count()).toBe(0);
    await postForm(staff, `/kasus/${c.id}/templat/tanda_terima`, {}, `/kasus/${c.id}`);
    const again = await t.prisma.document.findFirstOrThrow({ where: { caseId: c.id, kind: "tanda_kirim" }, orderBy: { version: "desc" } });
    expect(docxText(await download(staff, again.id))).not.toContain("VERSI KOTA");
  });
});

describe("the emblem on the letterhead", () => {
  const emblemPng = async (w = 120) => {
    // A real PNG w pixels wide (and as high: a QR code), drawn by pdf-lib's reader's counterpart: qrcode writes PNGs.
    const QRCode = (await import("qrcode")).default;
    const png = await QRCode.toBuffer("Lambang Kota Yogyakarta", { width: w, margin: 0 });
    return { png, w: png.readUInt32BE(16), h: png.readUInt32BE(20) };
  };
  const send = async (agent: Awaited<ReturnType<typeof login>>["agent"], bytes: Buffer, name: string) => {
    const token = await csrfFrom(agent, "/admin/pengaturan");
    return agent.post("/admin/pengaturan/lambang").field("_csrf", token).attach("file", bytes, name);
  };
  const letterZip = async (caseId: number) => {
    const { agent } = await login(t.app, "penatalaksana");
    expect((await postForm(agent, `/kasus/${caseId}/templat/surat_penawaran`, {}, `/kasus/${caseId}`)).status).toBe(302);
    const doc = await t.prisma.document.findFirstOrThrow({ where: { caseId, kind: "draft_surat_penawaran" }, orderBy: { version: "desc" } });
    return new PizZip(await download(agent, doc.id));
  };

  it("when no emblem is set then the letterhead has none; when ADMIN uploads a PNG then letters carry it at its proportions; removed, it is gone again", async () => {
    await t.prisma.setting.deleteMany({ where: { key: "letters.emblem" } });
    const c = await buildCase(t.prisma, a, { row: 7, title: "Kasus lambang kop surat" });
    const plain = await letterZip(c.id);
    expect(plain.file("word/document.xml")!.asText()).not.toContain('name="Lambang"');
    expect(await readBack(plain.generate({ type: "nodebuffer" }))).toContain("PEMERINTAH KOTA YOGYAKARTA");

    const admin = (await login(t.app, "admin")).agent;
    const { png, w, h } = await emblemPng();
    const ok = await send(admin, png, "lambang.png");
    expect(ok.status).toBe(302);
    expect((await admin.get("/admin/pengaturan/lambang")).headers["content-type"]).toBe("image/png");
    const withEmblem = await letterZip(c.id);
    expect(Buffer.from(withEmblem.file("word/media/lambang.png")!.asUint8Array()).equals(png)).toBe(true);
    const xml = withEmblem.file("word/document.xml")!.asText();
    expect(xml).toContain('name="Lambang"');
    expect(xml).toContain(`<wp:extent cx="${Math.round((720000 * w) / h)}" cy="720000"/>`);

    expect((await postForm(admin, "/admin/pengaturan/lambang/hapus", {}, "/admin/pengaturan")).status).toBe(302);
    expect((await letterZip(c.id)).file("word/document.xml")!.asText()).not.toContain('name="Lambang"');
  }, 120_000);

  it("when the emblem is not a PNG or JPEG, is broken, too large in pixels or in bytes then it is refused with a message and nothing changes", async () => {
    const admin = (await login(t.app, "admin")).agent;
    await t.prisma.setting.upsert({ where: { key: "letters.emblem" }, create: { key: "letters.emblem", value: "" }, update: { value: "" } });
    const { png } = await emblemPng();
    const huge = Buffer.from(png);
    huge.writeUInt32BE(5000, 16);
    huge.writeUInt32BE(5000, 20);
    const broken = Buffer.concat([png.subarray(0, 40), Buffer.alloc(200, 7)]);
    const heavy = Buffer.concat([png.subarray(0, 33), Buffer.alloc(1_100_000, 1)]);
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    for (const [bytes, name, message] of [
      [pdf, "lambang.png", "bukan"],
      [huge, "lambang.png", "5000 × 5000 piksel"],
      [broken, "lambang.png", "rusak"],
      [heavy, "lambang.png", "paling besar 1 MB"],
    ] as const) {
      const res = await send(admin, bytes, name);
      expect([name, message, res.status]).toEqual([name, message, 422]);
      expect(res.text).toContain(message);
      expect((await t.prisma.setting.findUniqueOrThrow({ where: { key: "letters.emblem" } })).value).toBe("");
    }
  }, 120_000);
});
