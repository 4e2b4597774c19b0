// Issue 27, SRIKANDI's numbers: a naskah numbered and signed in SRIKANDI keeps that
// number; the register's counter gives it none, and a letter never gets a second one.
import { createHash } from "node:crypto";
import PizZip from "pizzip";
import type request from "supertest";
import { describe, expect, it } from "vitest";
import { getSettings } from "../../src/core/settings/settings-service.js";
import { formatNumber } from "../../src/features/numbering/numbering-service.js";
import { todayJakarta } from "../../src/core/calendar/calendar.js";
import { addDays } from "../../src/platform/http/dates.js";
import { csrfFrom, getBytes, login, postForm } from "../helpers/app.js";
import { buildCase, PDF, PNG, useWorkflowApp } from "../helpers/workflow.js";
import { yearJakarta } from "../helpers/time.js";

const { t, a } = useWorkflowApp();

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
/** A signed PDF "from SRIKANDI": distinct bytes per test, so that its copy can be recognised. */
const srikandiPdf = (tag: string) => Buffer.concat([PDF, Buffer.from(`\n% SRIKANDI ${tag}\n`)]);

type Agent = request.Agent;

async function postNumbering(agent: Agent, caseId: number, fields: Record<string, string>, file?: { bytes: Buffer; name: string }, csrf?: string) {
  // Two tabs share the session's token: read once before sending both.
  const token = csrf ?? (await csrfFrom(agent, `/kasus/${caseId}`));
  let req = agent.post(`/kasus/${caseId}/srikandi/penomoran`).field("_csrf", token);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  if (file) req = req.attach("file", file.bytes, file.name);
  return req;
}

async function counterLast() {
  const row = await t.prisma.numberCounter.findUnique({ where: { series_year: { series: "domestic", year: yearJakarta() } } });
  return row?.last ?? 0;
}

/** Everything a refused form must leave as it was. */
async function snapshot(caseId: number) {
  const c = await t.prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { currentRow: true, version: true } });
  return {
    c,
    numbers: await t.prisma.registerNumber.count({ where: { caseId } }),
    agreements: await t.prisma.agreement.count({ where: { caseId } }),
    documents: await t.prisma.document.count({ where: { caseId } }),
    letters: await t.prisma.srikandiLetterNumber.count({ where: { caseId } }),
    events: await t.prisma.caseEvent.count({ where: { caseId } }),
    counter: await counterLast(),
  };
}

describe("a numbering step with the number from SRIKANDI", () => {
  it("when the Penatalaksana records SRIKANDI's number and PDF for a signed MoU then the counter does not move, the register shows the SRIKANDI number and its source, and the PDF is the copy as it is", async () => {
    const c = await buildCase(t.prisma, a, { row: 13, title: "MoU bernomor SRIKANDI" });
    const before = await counterLast();
    const pdf = srikandiPdf("mou-1");
    const { agent } = await login(t.app, "penatalaksana");
    const page = await agent.get(`/kasus/${c.id}`);
    expect(page.text).toContain("Nomor dari SRIKANDI");
    const res = await postNumbering(
      agent,
      c.id,
      { version: String(c.version), number: "100.3.7.1/12/2026", date: "2026-12-03", partnerNumber: "MITRA/1" },
      { bytes: pdf, name: "mou-srikandi.pdf" },
    );
    expect(res.status).toBe(302);

    expect(await counterLast()).toBe(before);
    const n = await t.prisma.registerNumber.findFirstOrThrow({ where: { caseId: c.id, kind: "MOU" }, include: { copy: true } });
    expect(n).toMatchObject({ number: "100.3.7.1/12/2026", source: "SRIKANDI", seq: null, partnerNumber: "MITRA/1", copyDue: false });
    expect(n.sourceDate?.toISOString().slice(0, 10)).toBe("2026-12-03");
    // Not stamped: the copy is SRIKANDI's file, byte for byte.
    expect(n.copy?.kind).toBe("mou_bernomor");
    expect(n.copy?.sha256).toBe(sha(pdf));
    expect(sha((await getBytes(agent, `/dokumen/${n.copy!.id}`)).body)).toBe(sha(pdf));
    const agreement = await t.prisma.agreement.findUniqueOrThrow({ where: { caseId_kind: { caseId: c.id, kind: "MOU" } } });
    expect(agreement.cityNumber).toBe("100.3.7.1/12/2026");
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).currentRow).toBe(15);
    const event = await t.prisma.caseEvent.findFirstOrThrow({ where: { caseId: c.id, action: "beri_nomor" } });
    expect(event.data).toMatchObject({ number: "100.3.7.1/12/2026", numberSource: "SRIKANDI", numberDate: "2026-12-03" });

    const shown = await agent.get(`/kasus/${c.id}`);
    expect(shown.text).toContain("Nomor resmi (SRIKANDI, 3 Desember 2026)");
    expect((await agent.get(`/perjanjian?q=${encodeURIComponent("100.3.7.1/12/2026")}`)).text).toContain("100.3.7.1/12/2026");
    const show = await agent.get(`/perjanjian/${agreement.id}`);
    expect(show.text).toContain("Nomor resmi (SRIKANDI, 3 Desember 2026)");
  });

  it("when the signed MoU is rahasia and its number comes from SRIKANDI then SRIKANDI's PDF, the numbered copy, is rahasia too", async () => {
    const c = await buildCase(t.prisma, a, { row: 13, title: "MoU rahasia bernomor SRIKANDI" });
    await t.prisma.document.updateMany({ where: { caseId: c.id, kind: "mou_signed" }, data: { accessClass: "rahasia" } });
    const { agent } = await login(t.app, "penatalaksana");
    const res = await postNumbering(
      agent,
      c.id,
      { version: String(c.version), number: "100.3.7.1/77/2026", date: "2026-12-03", partnerNumber: "" },
      { bytes: srikandiPdf("mou-rahasia"), name: "mou-rahasia.pdf" },
    );
    expect(res.status).toBe(302);
    const n = await t.prisma.registerNumber.findFirstOrThrow({ where: { caseId: c.id, kind: "MOU" }, include: { copy: true } });
    expect(n.copy?.accessClass).toBe("rahasia");
    // The Penelaah reads the case but not a rahasia document (the uploader and the Kabag do).
    const penelaah = await login(t.app, "penelaah");
    expect((await penelaah.agent.get(`/dokumen/${n.copy!.id}`)).status).toBe(403);
  });

  it("when the next case is numbered from the register then it gets the counter's next number, as if SRIKANDI's had not been recorded", async () => {
    const before = await counterLast();
    const c = await buildCase(t.prisma, a, { row: 13, title: "MoU berikutnya dari register" });
    const { agent } = await login(t.app, "penatalaksana");
    await postNumbering(
      agent,
      c.id,
      { version: String(c.version), number: "100.3.7.1/13/2026", date: "2026-12-04" },
      { bytes: srikandiPdf("mou-2"), name: "a.pdf" },
    );
    const other = await buildCase(t.prisma, a, { row: 15, title: "MoU dari register" });
    const n = await t.prisma.registerNumber.findFirstOrThrow({ where: { caseId: other.id, kind: "MOU" } });
    expect(n).toMatchObject({ source: "APLIKASI", seq: before + 1 });
    const page = await agent.get(`/kasus/${other.id}`);
    expect(page.text).toContain("Nomor resmi (register aplikasi)");
  });

  it("when a PKS is numbered from SRIKANDI at its step then it enters the register with that number", async () => {
    const c = await buildCase(t.prisma, a, { row: 18, title: "PKS bernomor SRIKANDI" });
    const before = await counterLast();
    const { agent } = await login(t.app, "penatalaksana");
    const res = await postNumbering(
      agent,
      c.id,
      { version: String(c.version), number: "B/77/100.3.7.1/2026", date: "2026-12-01" },
      { bytes: srikandiPdf("pks"), name: "pks.pdf" },
    );
    expect(res.status).toBe(302);
    expect(await counterLast()).toBe(before);
    const pks = await t.prisma.agreement.findUniqueOrThrow({ where: { caseId_kind: { caseId: c.id, kind: "PKS" } } });
    expect(pks.cityNumber).toBe("B/77/100.3.7.1/2026");
  });

  it("when the same SRIKANDI number is recorded for another case then it is refused in Indonesian and nothing changes", async () => {
    const first = await buildCase(t.prisma, a, { row: 13, title: "Nomor SRIKANDI pertama" });
    const { agent } = await login(t.app, "penatalaksana");
    await postNumbering(
      agent,
      first.id,
      { version: String(first.version), number: "100.3.7.1/20/2026", date: "2026-12-02" },
      { bytes: srikandiPdf("dup-1"), name: "a.pdf" },
    );
    const c = await buildCase(t.prisma, a, { row: 13, title: "Nomor SRIKANDI kembar" });
    const before = await snapshot(c.id);
    const res = await postNumbering(
      agent,
      c.id,
      { version: String(c.version), number: "100.3.7.1/20/2026", date: "2026-12-02" },
      { bytes: srikandiPdf("dup-2"), name: "b.pdf" },
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain("sudah tercatat; satu nomor hanya dipakai untuk satu naskah");
    expect(await snapshot(c.id)).toEqual(before);
  });

  it("when the input is bad (empty, future date, too long, odd characters, no PDF, not a PDF, a number the counter could give) then each is refused with its reason and nothing changes", async () => {
    const c = await buildCase(t.prisma, a, { row: 13, title: "Isian SRIKANDI salah" });
    const { agent } = await login(t.app, "penatalaksana");
    const before = await snapshot(c.id);
    const v = String(c.version);
    const pdf = { bytes: srikandiPdf("bad"), name: "a.pdf" };
    const s = await getSettings(t.prisma);
    const counterLike = formatNumber(s["numbering.format.domestic"], { seq: 9000, unit: s["numbering.unit"], month: 12, year: yearJakarta() });
    const cases: [Record<string, string>, { bytes: Buffer; name: string } | undefined, string][] = [
      [{ version: v, number: "  ", date: "2026-12-01" }, pdf, "Nomor SRIKANDI wajib diisi"],
      [{ version: v, number: "100.3.7.1/1/2026", date: addDays(todayJakarta(), 1) }, pdf, "tidak boleh sesudah hari ini"],
      [{ version: v, number: "100.3.7.1/1/2026", date: "2026-02-30" }, pdf, "Tanggal nomor SRIKANDI tidak valid"],
      [{ version: v, number: "100.3.7.1/1/2026", date: "" }, pdf, "Tanggal nomor SRIKANDI wajib diisi"],
      [{ version: v, number: `100.3.7.1/${"9".repeat(100)}`, date: "2026-12-01" }, pdf, "paling banyak 100 karakter"],
      [{ version: v, number: "100<script>/1", date: "2026-12-01" }, pdf, "hanya boleh berisi huruf"],
      [{ version: v, number: "100.3.7.1/2/2026", date: "2026-12-01" }, undefined, "Unggah PDF bertanda tangan elektronik dari SRIKANDI"],
      [{ version: v, number: "100.3.7.1/2/2026", date: "2026-12-01" }, { bytes: PNG, name: "pindaian.png" }, "bukan PDF"],
      [{ version: v, number: counterLike, date: "2026-12-01" }, pdf, "berbentuk nomor register aplikasi"],
    ];
    for (const [fields, file, message] of cases) {
      const res = await postNumbering(agent, c.id, fields, file);
      expect(res.status, message).toBe(422);
      expect(res.text).toContain(message);
      expect(await snapshot(c.id)).toEqual(before);
    }
  });

  it("when two tabs record at once then one wins and the other gets the conflict message, and sending the form again changes nothing", async () => {
    const c = await buildCase(t.prisma, a, { row: 13, title: "Dua tab SRIKANDI" });
    const { agent } = await login(t.app, "penatalaksana");
    const token = await csrfFrom(agent, `/kasus/${c.id}`);
    const [x, y] = await Promise.all([
      postNumbering(
        agent,
        c.id,
        { version: String(c.version), number: "100.3.7.1/31/2026", date: "2026-12-01" },
        { bytes: srikandiPdf("tab-1"), name: "a.pdf" },
        token,
      ),
      postNumbering(
        agent,
        c.id,
        { version: String(c.version), number: "100.3.7.1/32/2026", date: "2026-12-01" },
        { bytes: srikandiPdf("tab-2"), name: "b.pdf" },
        token,
      ),
    ]);
    expect([x.status, y.status].sort()).toEqual([302, 409]);
    expect((x.status === 409 ? x : y).text).toContain("baru saja");
    const numbers = await t.prisma.registerNumber.findMany({ where: { caseId: c.id } });
    expect(numbers).toHaveLength(1);
    const after = await snapshot(c.id);
    const again = await postNumbering(
      agent,
      c.id,
      { version: String(c.version), number: numbers[0]!.number, date: "2026-12-01" },
      { bytes: srikandiPdf("tab-1"), name: "a.pdf" },
    );
    expect(again.status).toBe(409);
    expect(await snapshot(c.id)).toEqual(after);
  });

  it("when someone who does not hold the numbering step tries then it is refused and nothing is stored", async () => {
    const c = await buildCase(t.prisma, a, { row: 13, title: "Bukan pemegang langkah" });
    const before = await snapshot(c.id);
    for (const who of ["kasubbag", "skpd.pariwisata"]) {
      const { agent } = await login(t.app, who);
      const token = await csrfFrom(agent, `/kasus/${c.id}`);
      const res = await agent
        .post(`/kasus/${c.id}/srikandi/penomoran`)
        .field("_csrf", token)
        .field("version", String(c.version))
        .field("number", "100.3.7.1/40/2026")
        .field("date", "2026-12-01")
        .attach("file", srikandiPdf("x"), "a.pdf");
      expect(res.status).toBe(403);
    }
    // Not at a numbering step: the holder of the case's other rows cannot use it either.
    const early = await buildCase(t.prisma, a, { row: 7, title: "Belum langkah penomoran" });
    const { agent } = await login(t.app, "penatalaksana");
    const res = await postNumbering(
      agent,
      early.id,
      { version: String(early.version), number: "100.3.7.1/41/2026", date: "2026-12-01" },
      { bytes: srikandiPdf("y"), name: "a.pdf" },
    );
    expect(res.status).toBe(403);
    expect(await snapshot(c.id)).toEqual(before);
  });
});

describe("outgoing letters numbered in SRIKANDI", () => {
  const docxText = (bytes: Buffer) =>
    new PizZip(bytes)
      .file("word/document.xml")!
      .asText()
      .replace(/<[^>]+>/g, "");

  async function postLetter(agent: Agent, caseId: number, fields: Record<string, string>, file?: Buffer, csrf?: string) {
    const token = csrf ?? (await csrfFrom(agent, `/kasus/${caseId}`));
    let req = agent.post(`/kasus/${caseId}/srikandi/surat`).field("_csrf", token);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    if (file) req = req.attach("file", file, "surat.pdf");
    return req;
  }

  it("when the offer letter's SRIKANDI number is recorded with its PDF then it is logged, kept as a new version, and the generated letter carries that number", async () => {
    const c = await buildCase(t.prisma, a, { row: 7, title: "Surat penawaran SRIKANDI" });
    const { agent } = await login(t.app, "penatalaksana");
    const pdf = srikandiPdf("penawaran");
    const res = await postLetter(
      agent,
      c.id,
      { version: String(c.version), letter: "surat_penawaran", number: "000.1.2/45/Bag.Kerja Sama/2026", date: "2026-12-02" },
      pdf,
    );
    expect(res.status).toBe(302);
    const saved = await t.prisma.srikandiLetterNumber.findUniqueOrThrow({ where: { caseId_letter: { caseId: c.id, letter: "surat_penawaran" } } });
    expect(saved.number).toBe("000.1.2/45/Bag.Kerja Sama/2026");
    const doc = await t.prisma.document.findUniqueOrThrow({ where: { id: saved.documentId! } });
    expect(doc).toMatchObject({ kind: "surat_penawaran", sha256: sha(pdf) });
    const event = await t.prisma.caseEvent.findFirstOrThrow({ where: { caseId: c.id, action: "nomor_srikandi" } });
    expect(event.data).toMatchObject({ letter: "surat_penawaran", number: "000.1.2/45/Bag.Kerja Sama/2026", numberedOn: "2026-12-02" });
    const page = await agent.get(`/kasus/${c.id}`);
    expect(page.text).toContain("000.1.2/45/Bag.Kerja Sama/2026");
    expect(page.text).toContain("(SRIKANDI, 2 Desember 2026)");

    expect((await postForm(agent, `/kasus/${c.id}/templat/surat_penawaran`, {}, `/kasus/${c.id}`)).status).toBe(302);
    const letter = await t.prisma.document.findFirstOrThrow({ where: { caseId: c.id, kind: "draft_surat_penawaran" }, orderBy: { version: "desc" } });
    expect(docxText((await getBytes(agent, `/dokumen/${letter.id}`)).body)).toContain("000.1.2/45/Bag.Kerja Sama/2026");
  });

  it("when a letter that carries a SRIKANDI number is given another then it is refused and it keeps its number", async () => {
    const c = await buildCase(t.prisma, a, { row: 7, title: "Surat bernomor sekali" });
    const { agent } = await login(t.app, "penatalaksana");
    expect(
      (await postLetter(agent, c.id, { version: String(c.version), letter: "surat_penawaran", number: "000.1.2/50/2026", date: "2026-12-02" })).status,
    ).toBe(302);
    const now = await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } });
    const before = await snapshot(c.id);
    const res = await postLetter(agent, c.id, { version: String(now.version), letter: "surat_penawaran", number: "000.1.2/51/2026", date: "2026-12-02" });
    expect(res.status).toBe(409);
    expect(res.text).toContain("sudah bernomor SRIKANDI 000.1.2/50/2026");
    expect(await snapshot(c.id)).toEqual(before);
    const page = await agent.get(`/kasus/${c.id}`);
    const select = /<select id="srikandi-letter"[\s\S]*?<\/select>/.exec(page.text)?.[0] ?? "";
    expect(select).toContain('value="telaah_staf"');
    expect(select).not.toContain('value="surat_penawaran"');
  });

  it("when two tabs record a letter's number at once then one wins and the other gets the conflict message", async () => {
    const c = await buildCase(t.prisma, a, { row: 7, title: "Dua tab surat" });
    const { agent } = await login(t.app, "penatalaksana");
    const v = String(c.version);
    const token = await csrfFrom(agent, `/kasus/${c.id}`);
    const [x, y] = await Promise.all([
      postLetter(agent, c.id, { version: v, letter: "surat_penawaran", number: "000.1.2/80/2026", date: "2026-12-02" }, undefined, token),
      postLetter(agent, c.id, { version: v, letter: "surat_penawaran", number: "000.1.2/81/2026", date: "2026-12-02" }, undefined, token),
    ]);
    expect([x.status, y.status].sort()).toEqual([302, 409]);
    expect(await t.prisma.srikandiLetterNumber.count({ where: { caseId: c.id } })).toBe(1);
    expect(await t.prisma.caseEvent.count({ where: { caseId: c.id, action: "nomor_srikandi" } })).toBe(1);
  });

  it("when a letter is given a number already taken (another letter's, a MoU's) or bad input then it is refused and nothing changes", async () => {
    const c = await buildCase(t.prisma, a, { row: 10, title: "Surat bernomor kembar" });
    const numbered = await buildCase(t.prisma, a, { row: 15, title: "MoU bernomor" });
    const mou = await t.prisma.registerNumber.findFirstOrThrow({ where: { caseId: numbered.id } });
    const { agent } = await login(t.app, "penatalaksana");
    const lettered = await buildCase(t.prisma, a, { row: 7, title: "Surat lain bernomor" });
    expect(
      (await postLetter(agent, lettered.id, { version: String(lettered.version), letter: "telaah_staf", number: "000.1.2/70/2026", date: "2026-12-02" }))
        .status,
    ).toBe(302);
    const before = await snapshot(c.id);
    const v = String(c.version);
    for (const [fields, file, status, message] of [
      [{ version: v, letter: "surat_penawaran", number: "000.1.2/70/2026", date: "2026-12-02" }, undefined, 422, "sudah tercatat"],
      [{ version: v, letter: "surat_penawaran", number: mou.number, date: "2026-12-02" }, undefined, 422, "sudah tercatat"],
      [{ version: v, letter: "surat_penawaran", number: "", date: "2026-12-02" }, undefined, 422, "Nomor SRIKANDI wajib diisi"],
      [{ version: v, letter: "surat_penawaran", number: "000.1.2/60/2026", date: addDays(todayJakarta(), 3) }, undefined, 422, "tidak boleh sesudah hari ini"],
      [{ version: v, letter: "surat_penawaran", number: "000.1.2/60/2026", date: "2026-12-02" }, PNG, 422, "bukan PDF"],
      [{ version: v, letter: "undangan_tkksd", number: "000.1.2/61/2026", date: "2026-12-02" }, undefined, 422, "Pilih surat dari daftar"],
    ] as const) {
      const res = await postLetter(agent, c.id, { ...fields }, file);
      expect(res.status, message).toBe(status);
      expect(res.text).toContain(message);
      expect(await snapshot(c.id)).toEqual(before);
    }
    // An SKPD user may not record one.
    const skpd = await login(t.app, "skpd.pariwisata");
    const token = await csrfFrom(skpd.agent, `/kasus/${c.id}`);
    const refused = await skpd.agent
      .post(`/kasus/${c.id}/srikandi/surat`)
      .field("_csrf", token)
      .field("version", v)
      .field("letter", "telaah_staf")
      .field("number", "000.1.2/62/2026")
      .field("date", "2026-12-02");
    expect([403, 404]).toContain(refused.status);
    expect(await snapshot(c.id)).toEqual(before);
  });
});
