// Issue 11, parts 1 and 2: the kinds as data (their proposal documents) and the
// approvals recorded before signing, refused with the missing approval named.
import { describe, expect, it } from "vitest";
import { createDraft } from "../../src/features/cases/case-service.js";
import { applyTransition } from "../../src/core/workflow/transition-service.js";
import { recordGate } from "../../src/features/gates/gate-service.js";
import { decideInMeeting } from "../../src/features/seed/tkksd-meeting.js";
import { formatIsoDate } from "../../src/platform/time.js";
import { todayJakarta } from "../../src/core/calendar/calendar.js";
import { DOCUMENT_KINDS } from "../../src/core/documents/kinds.js";
import { GATES, KINDS, naskahText } from "../../src/core/sop/kinds.js";
import { recordedFields } from "../../src/features/case-page/case-view.js";
import { csrfFrom, login } from "../helpers/app.js";
import { buildCase, actorFor, file, fullProposal, PDF, stepForward, useWorkflowApp } from "../helpers/workflow.js";

const { t, a } = useWorkflowApp();

type Agent = Awaited<ReturnType<typeof login>>["agent"];
/** The message a refused call throws (fails the test when the call goes through). */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected the call to be refused");
}
async function recordVia(agent: Agent, caseId: number, fields: Record<string, string>, scan = true) {
  const token = await csrfFrom(agent, `/kasus/${caseId}`);
  let req = agent.post(`/kasus/${caseId}/persetujuan`).field("_csrf", token);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  if (scan) req = req.attach("doc_persetujuan", PDF, "persetujuan.pdf");
  return req;
}
/** The TKKSD's approval: a meeting held today with the case on its agenda, decided and closed. */
const approveInMeeting = (caseId: number) => decideInMeeting(t.prisma, (r) => actorFor(a, r), caseId);
const sign = async (caseId: number) => {
  const c = await t.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
  const fields = { signedMouOn: "2026-11-20", mouEnd: "2031-11-19" };
  return applyTransition(t.prisma, {
    caseId,
    expectedVersion: c.version,
    actionId: "ttd_biasa",
    user: a.kabag,
    uploads: [{ kind: "mou_signed", file: await file("mou.pdf") }],
    fields,
  });
};

describe("the proposal's documents follow its kind", () => {
  it("when a KSDD is sent without its nature or liaison decree then each is named and the draft stays at row 1", async () => {
    const c = await createDraft(t.prisma, a.skpd, fullProposal({ title: "KSDD tanpa sifat", jenis: "KSDD" }), [{ kind: "kak", file: await file("kak.pdf") }]);
    const err = await refusal(applyTransition(t.prisma, { caseId: c.id, expectedVersion: c.version, actionId: "kirim", user: a.skpd }));
    expect(err).toContain('dokumen "SK penunjukan PPKSD (dari kepala SKPD)" untuk KSDD');
    expect(err).toContain("sifat KSDD (wajib atau sukarela)");
    expect(err).not.toContain("Studi kelayakan");
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).currentRow).toBe(1);
  });
});

describe("approvals before signing", () => {
  it("when a cooperation burdens the region then the MoU signing names the TKKSD's and the DPRD's approval, and goes through once both are recorded with their scans", async () => {
    const c = await buildCase(t.prisma, a, { row: 12, title: "Membebani daerah", burdensPublic: true });
    const refused = await refusal(sign(c.id));
    // Each missing approval, with how it is obtained.
    expect(refused).toBe(
      `Belum dapat ditandatangani. Yang belum ada: (1) Persetujuan TKKSD atas draf final MoU (${GATES.TKKSD_MOU.obtained.slice(0, -1)}); (2) Persetujuan DPRD (${GATES.DPRD.obtained.slice(0, -1)}). Lihat "Persetujuan sebelum penandatanganan" di halaman kasus.`,
    );

    const { agent } = await login(t.app, "penatalaksana");
    const page = await agent.get(`/kasus/${c.id}`);
    expect(page.text).toContain("Persetujuan sebelum penandatanganan");
    expect(page.text).toContain("Kerja sama ini membebani masyarakat atau daerah");

    // Bad input and a missing scan change nothing.
    const noScan = await recordVia(agent, c.id, { gate: "DPRD", letterNumber: "170/45/DPRD", letterDate: "2026-11-10" }, false);
    expect(noScan.status).toBe(422);
    expect(noScan.text).toContain("lampirkan pindaian surat persetujuannya");
    const badDate = await recordVia(agent, c.id, { gate: "DPRD", letterNumber: "170/45/DPRD", letterDate: "2026-02-30" });
    expect(badDate.status).toBe(422);
    expect(badDate.text).toContain("Tanggal surat: tanggal tidak valid");
    expect(await t.prisma.caseGate.count({ where: { caseId: c.id } })).toBe(0);

    expect((await recordVia(agent, c.id, { gate: "DPRD", letterNumber: "170/45/DPRD", letterDate: "2026-11-10" })).status).toBe(302);
    const twice = await recordVia(agent, c.id, { gate: "DPRD", letterNumber: "170/46/DPRD", letterDate: "2026-11-11" });
    expect(twice.status).toBe(422);
    expect(twice.text).toContain("Persetujuan DPRD sudah dicatat (nomor 170/45/DPRD)");
    // Over HTTP the refusal is a 422 (what was sent is incomplete), not a 409: nothing conflicted.
    const kabag = await login(t.app, "kabag");
    const now = await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } });
    const viaForm = await kabag.agent
      .post(`/kasus/${c.id}/aksi?v=${now.version}`)
      .field("_csrf", await csrfFrom(kabag.agent, `/kasus/${c.id}`))
      .field("version", String(now.version))
      .field("action", "ttd_biasa")
      .field("signedMouOn", "2026-11-20")
      .field("mouEnd", "2031-11-19")
      .attach("doc_mou_signed", PDF, "mou.pdf");
    expect(viaForm.status).toBe(422);
    expect(viaForm.text).toContain("Belum dapat ditandatangani.");
    const onlyTkksd = await refusal(sign(c.id));
    expect(onlyTkksd).toContain("(1) Persetujuan TKKSD atas draf final MoU (");
    expect(onlyTkksd).not.toContain("Persetujuan DPRD");

    // The TKKSD's approval is not typed on the case: it comes from the minutes of the meeting that gave it.
    const tkksd = await login(t.app, "tkksd");
    const typed = await recordVia(tkksd.agent, c.id, { gate: "TKKSD_MOU", letterNumber: "05/TKKSD/2026", letterDate: "2026-11-12" });
    expect(typed.status).toBe(422);
    expect(typed.text).toContain("tidak dicatat dengan nomor yang diketik");
    const meeting = await approveInMeeting(c.id);
    const done = await sign(c.id);
    expect(done.toRow).toBe(13);
    const scans = await t.prisma.document.count({ where: { caseId: c.id, kind: "persetujuan" } });
    expect(scans).toBe(2);
    const events = await t.prisma.caseEvent.findMany({ where: { caseId: c.id, action: "persetujuan" }, orderBy: { seq: "asc" } });
    expect(events.map((e) => (e.data as { label: string }).label)).toEqual([
      "Persetujuan DPRD dicatat: DPRD Kota Yogyakarta nomor 170/45/DPRD tanggal 10 November 2026",
      `Persetujuan TKKSD atas draf final MoU dicatat: berita acara rapat TKKSD nomor ${meeting.minutesNumber} tanggal ${formatIsoDate(todayJakarta())}, atas draf versi 1`,
    ]);
    // The approval names the draft version it approved and the meeting that gave it.
    const draft = await t.prisma.document.findFirstOrThrow({ where: { caseId: c.id, kind: "mou_final" }, orderBy: { id: "desc" } });
    expect(await t.prisma.caseGate.findFirstOrThrow({ where: { caseId: c.id, gate: "TKKSD_MOU" } })).toMatchObject({
      draftDocumentId: draft.id,
      meetingId: meeting.id,
      letterNumber: meeting.minutesNumber,
    });
  });

  it("when a foreign cooperation's approvals come out of order then Kemendagri waits for the DPRD and Kemenlu for Kemendagri", async () => {
    const c = await buildCase(t.prisma, a, { row: 12, title: "Kota kembar uji", jenis: "KSDPL", partnerKind: "Pemerintah daerah luar negeri" });
    const { agent } = await login(t.app, "penelaah");
    const early = await recordVia(agent, c.id, { gate: "KEMENLU", letterNumber: "KL/1", letterDate: "2026-11-10" });
    expect(early.status).toBe(422);
    expect(early.text).toContain("Persetujuan Menteri Luar Negeri dicatat sesudah Persetujuan Menteri Dalam Negeri");
    const tkksd = await login(t.app, "tkksd");
    const notTheirs = await recordVia(tkksd.agent, c.id, { gate: "DPRD", letterNumber: "DPRD/1", letterDate: "2026-11-10" });
    expect(notTheirs.status).toBe(403);
    await approveInMeeting(c.id);
    for (const [gate, n] of [
      ["DPRD", "D/1"],
      ["KEMENDAGRI", "KD/1"],
    ] as const) {
      expect((await recordVia(agent, c.id, { gate, letterNumber: n, letterDate: "2026-11-10" })).status).toBe(302);
    }
    expect(await refusal(sign(c.id))).toContain("Yang belum ada: (1) Persetujuan Menteri Luar Negeri (");
    expect((await recordVia(agent, c.id, { gate: "KEMENLU", letterNumber: "KL/1", letterDate: "2026-11-11" })).status).toBe(302);
    expect((await sign(c.id)).toRow).toBe(13);
  });

  it("when the MoU goes back for changes after the TKKSD approved it then the new final draft needs a new approval", async () => {
    const c = await buildCase(t.prisma, a, { row: 12, title: "Draf berubah sesudah disetujui" });
    const { agent } = await login(t.app, "penatalaksana");
    await approveInMeeting(c.id);
    const at12 = await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } });
    await applyTransition(t.prisma, { caseId: c.id, expectedVersion: at12.version, actionId: "kembalikan", user: a.kabag, reason: "Pasal pembiayaan diubah" });
    // Row 11 again: a new final draft (uploaded a moment later than the approval).
    await new Promise((r) => setTimeout(r, 5));
    const at11 = await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } });
    await applyTransition(t.prisma, {
      caseId: c.id,
      expectedVersion: at11.version,
      actionId: "lanjut",
      user: a.penelaah,
      uploads: [{ kind: "mou_final", file: await file("mou-final-2.pdf") }],
    });
    const refused = await refusal(sign(c.id));
    expect(refused).toContain(`Persetujuan TKKSD atas draf final MoU yang baru (draf final diubah sesudah persetujuan ${formatIsoDate(todayJakarta())})`);
    const page = await agent.get(`/kasus/${c.id}`);
    expect(page.text).toContain("perlu dicatat ulang");
    await approveInMeeting(c.id);
    expect((await sign(c.id)).toRow).toBe(13);
  });

  it("when the TKKSD's approval of a final PKS is asked for before any PKS draft exists then it is refused and nothing is written", async () => {
    const c = await buildCase(t.prisma, a, { row: 12, title: "Belum ada draf PKS" });
    const minutes = { meetingId: 0, minutesNumber: "99/BA-TKKSD/2026", heldOn: todayJakarta() };
    const err = await refusal(
      recordGate(
        t.prisma,
        a.tkksd,
        c.id,
        { gate: "TKKSD_PKS", letterNumber: minutes.minutesNumber, letterDate: minutes.heldOn },
        await file("ba.pdf"),
        new Date(),
        { meeting: minutes },
      ),
    );
    expect(err).toContain("belum ada Draft final PKS yang diunggah untuk disetujui");
    expect(await t.prisma.caseGate.count({ where: { caseId: c.id, gate: "TKKSD_PKS" } })).toBe(0);
  });

  it("when the case is not yet at the Walikota's approval, or an SKPD tries, then recording is refused and nothing is written", async () => {
    const early = await buildCase(t.prisma, a, { row: 5, title: "Terlalu awal untuk persetujuan" });
    const staff = await login(t.app, "penatalaksana");
    expect((await recordVia(staff.agent, early.id, { gate: "TKKSD_MOU", letterNumber: "T/9", letterDate: "2026-11-10" })).status).toBe(403);
    const c = await buildCase(t.prisma, a, { row: 12, title: "SKPD mencoba mencatat" });
    const skpd = await login(t.app, "skpd.pariwisata");
    expect((await recordVia(skpd.agent, c.id, { gate: "TKKSD_MOU", letterNumber: "T/9", letterDate: "2026-11-10" })).status).toBe(403);
    expect(await t.prisma.caseGate.count({ where: { caseId: { in: [early.id, c.id] } } })).toBe(0);
  });

  it("when a case is driven through both signings then the PKS signing needs the TKKSD's approval of the final PKS too", async () => {
    const c = await buildCase(t.prisma, a, { row: 17, title: "Sampai PKS" });
    const gates = await t.prisma.caseGate.findMany({ where: { caseId: c.id } });
    expect(gates.map((g) => g.gate)).toEqual(["TKKSD_MOU"]);
    const at17 = await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } });
    const err = await refusal(
      applyTransition(t.prisma, {
        caseId: c.id,
        expectedVersion: at17.version,
        actionId: "ttd_biasa",
        user: a.kabag,
        uploads: [{ kind: "pks_signed", file: await file("pks.pdf") }],
        fields: { pksSignedBy: "WALIKOTA", signedPksOn: "2026-11-20", agreementStart: "2026-12-01", agreementEnd: "2028-11-30" },
      }),
    );
    expect(err).toContain("Yang belum ada: (1) Persetujuan TKKSD atas draf final PKS (");
    expect(await stepForward(t.prisma, a, c.id)).toBe(18);
  });

  it("when ADMIN lowers the DPRD's duration threshold then a 24-month cooperation needs the DPRD too; a bad threshold is refused and changes nothing", async () => {
    const { agent } = await login(t.app, "admin");
    const token = await csrfFrom(agent, "/admin/pengaturan");
    const bad = await agent.post("/admin/pengaturan/dprd").type("form").send({ _csrf: token, months: "dua tahun" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Tulis jumlah bulan, bilangan bulat 1–360");
    expect(await t.prisma.setting.findUnique({ where: { key: "gates.dprdMonths" } })).toBeNull();
    const ok = await agent.post("/admin/pengaturan/dprd").type("form").send({ _csrf: token, months: "12" });
    expect(ok.status).toBe(302);
    try {
      const c = await buildCase(t.prisma, a, { row: 12, title: "Dua tahun, batas setahun" });
      const err = await refusal(sign(c.id));
      expect(err).toContain("Persetujuan DPRD");
      const page = await (await login(t.app, "kabag")).agent.get(`/kasus/${c.id}`);
      expect(page.text).toContain("Kerja sama ini jangka waktunya lebih dari 12 bulan");
    } finally {
      await t.prisma.setting.delete({ where: { key: "gates.dprdMonths" } });
    }
  });

  it("when a Sinergi case reaches its signing then the page, the approval and the timeline speak of the Nota Kesepakatan", async () => {
    const c = await buildCase(t.prisma, a, { row: 12, title: "Sinergi bersama universitas negeri", jenis: "SINERGI", partnerKind: "Perguruan tinggi negeri" });
    const { agent } = await login(t.app, "kabag");
    const page = await agent.get(`/kasus/${c.id}`);
    expect(page.text).toContain("Langkah 12: Penandatanganan Nota Kesepakatan");
    expect(page.text).toContain("Nota Kesepakatan ditandatangani (biasa)");
    expect(page.text).toContain("Persetujuan TKKSD atas draf final Nota Kesepakatan");
    expect(page.text).not.toContain("Penandatanganan MoU");
    expect(await refusal(sign(c.id))).toContain("Yang belum ada: (1) Persetujuan TKKSD atas draf final Nota Kesepakatan (");
    const event = await t.prisma.caseEvent.findFirstOrThrow({ where: { caseId: c.id, fromRow: 11, toRow: 12 } });
    expect((event.data as { label: string }).label).toBe("Draft final Nota Kesepakatan disepakati");
  });
});

describe("the PKS signatory and the power of attorney", () => {
  it("when the PKS is signed under a surat kuasa then its number, date and scan are required together and kept on the case", async () => {
    const d = await buildCase(t.prisma, a, { row: 17, title: "PKS ditandatangani Sekda atas kuasa" });
    await approveInMeeting(d.id);
    const at17 = await t.prisma.case.findUniqueOrThrow({ where: { id: d.id } });
    const base = {
      signedPksOn: "2026-11-20",
      agreementStart: "2026-12-01",
      agreementEnd: "2046-11-30",
      pksSignedBy: "KUASA",
      pksSignatory: "Sekretaris Daerah",
    };
    const sign17 = async (fields: Record<string, string>, withScan: boolean) =>
      applyTransition(t.prisma, {
        caseId: d.id,
        expectedVersion: at17.version,
        actionId: "ttd_biasa",
        user: a.kabag,
        fields: { ...base, ...fields },
        uploads: [{ kind: "pks_signed", file: await file("pks.pdf") }, ...(withScan ? [{ kind: "surat_kuasa" as const, file: await file("kuasa.pdf") }] : [])],
      });
    // What the Kabag did in the second wave: another official, and no surat kuasa at all.
    const none = await refusal(sign17({}, false));
    expect(none).toContain("nomor surat kuasa walikota");
    expect(none).toContain("tanggal surat kuasa");
    expect(await refusal(sign17({ suratKuasaNumber: "180/12/2026" }, true))).toContain("tanggal surat kuasa");
    expect(await refusal(sign17({ suratKuasaNumber: "180/12/2026", suratKuasaDate: "2026-11-18" }, false))).toContain(
      'dokumen "Surat kuasa Walikota (pindaian)"',
    );
    const ok = await sign17({ suratKuasaNumber: "180/12/2026", suratKuasaDate: "2026-11-18" }, true);
    expect(ok.toRow).toBe(18);
    const after = await t.prisma.case.findUniqueOrThrow({ where: { id: d.id } });
    expect(after).toMatchObject({ pksSignatory: "Sekretaris Daerah", suratKuasaNumber: "180/12/2026" });
    expect(after.suratKuasaDate?.toISOString().slice(0, 10)).toBe("2026-11-18");
    // A twenty-year term is accepted.
    expect(after.agreementEnd?.toISOString().slice(0, 10)).toBe("2046-11-30");
    // The history says who signed and under which surat kuasa.
    const event = await t.prisma.caseEvent.findFirstOrThrow({ where: { caseId: d.id, action: "ttd_biasa", fromRow: 17 } });
    expect(recordedFields(at17.jenis, event)).toEqual(
      expect.arrayContaining([
        "Penandatangan pihak Pemkot: Pejabat lain atas surat kuasa Walikota",
        "Nama dan jabatan pejabat yang menandatangani: Sekretaris Daerah",
        "Nomor surat kuasa Walikota: 180/12/2026",
        "Tanggal surat kuasa: 18 November 2026",
      ]),
    );
  });

  it("when the Walikota signs the PKS then no surat kuasa is asked, the Walikota is recorded, and a surat kuasa sent along is refused", async () => {
    const d = await buildCase(t.prisma, a, { row: 17, title: "PKS ditandatangani Walikota" });
    await approveInMeeting(d.id);
    const at17 = await t.prisma.case.findUniqueOrThrow({ where: { id: d.id } });
    const sign = async (fields: Record<string, string>) =>
      applyTransition(t.prisma, {
        caseId: d.id,
        expectedVersion: at17.version,
        actionId: "ttd_biasa",
        user: a.kabag,
        fields: { signedPksOn: "2026-11-20", agreementStart: "2026-12-01", agreementEnd: "2028-11-30", ...fields },
        uploads: [{ kind: "pks_signed", file: await file("pks.pdf") }],
      });
    expect(await refusal(sign({}))).toContain("penandatangan pihak pemkot");
    expect(await refusal(sign({ pksSignedBy: "SEKDA" }))).toContain("pilih dari daftar");
    expect(await refusal(sign({ pksSignedBy: "WALIKOTA", suratKuasaNumber: "180/1/2026" }))).toContain("Nomor surat kuasa Walikota diisi");
    expect((await sign({ pksSignedBy: "WALIKOTA" })).toRow).toBe(18);
    const after = await t.prisma.case.findUniqueOrThrow({ where: { id: d.id } });
    expect(after).toMatchObject({ pksSignatory: "Walikota Yogyakarta", suratKuasaNumber: null, suratKuasaDate: null });
  });
});

describe("every kind along its own chain", () => {
  for (const kind of Object.values(KINDS)) {
    it(`when a ${kind.short} proposal is sent without its documents and then signed without its approvals then each is named, and with them it goes through`, async () => {
      const c = await createDraft(
        t.prisma,
        a.skpd,
        fullProposal({ title: `Uji jenis ${kind.short}`, jenis: kind.id, ksddNature: kind.asksNature ? "WAJIB" : undefined, urusanId: 1 }),
      );
      const refused = await refusal(applyTransition(t.prisma, { caseId: c.id, expectedVersion: c.version, actionId: "kirim", user: a.skpd }));
      for (const d of Object.keys(DOCUMENT_KINDS).filter((k) => ["kak", "studi_kelayakan", "sk_ppksd"].includes(k))) {
        const label = `dokumen "${DOCUMENT_KINDS[d as keyof typeof DOCUMENT_KINDS]}" untuk ${kind.short}`;
        if (kind.proposalDocs.includes(d as never)) expect(refused).toContain(label);
        else expect(refused).not.toContain(label);
      }
      // The step driver uploads the kind's documents and records approvals only when it signs: stop before.
      let row: number | null = 1;
      while (row !== 12) row = await stepForward(t.prisma, a, c.id);
      const missing = await refusal(sign(c.id));
      const always = kind.gates
        .filter((g) => g.when === "always")
        .map((g) => naskahText(kind.id, GATES[g.gate].label))
        .filter((l) => !l.includes("PKS") && !l.includes("Rencana Kerja"));
      for (const label of always) expect(missing).toContain(label);
      expect(missing.includes("Persetujuan DPRD")).toBe(kind.foreign);
      expect(await stepForward(t.prisma, a, c.id)).toBe(13);
      expect((await t.prisma.caseGate.findMany({ where: { caseId: c.id }, orderBy: { id: "asc" } })).map((g) => g.gate)).toEqual(
        kind.gates.filter((g) => g.when === "always" && GATES[g.gate].before.includes(12)).map((g) => g.gate),
      );
    });
  }

  it("when a Sinergi case goes from row 1 to 21 then its timeline and the register speak of the Nota Kesepakatan and the Rencana Kerja", async () => {
    const c = await buildCase(t.prisma, a, { row: 21, title: "Sinergi dari awal sampai evaluasi", jenis: "SINERGI", partnerKind: "Perguruan tinggi negeri" });
    const labels = (await t.prisma.caseEvent.findMany({ where: { caseId: c.id }, orderBy: { seq: "asc" } })).map((e) => (e.data as { label: string }).label);
    for (const l of [
      "Draft final Nota Kesepakatan disepakati",
      "Nota Kesepakatan ditandatangani (biasa)",
      "Beri nomor Nota Kesepakatan",
      "Draft final Rencana Kerja disepakati",
      "Rencana Kerja ditandatangani (biasa)",
      "Beri nomor Rencana Kerja",
    ]) {
      expect(labels).toContain(l);
    }
    expect(labels.join(" ")).not.toMatch(/\bMoU\b|\bPKS\b/);
    const { agent } = await login(t.app, "penatalaksana");
    const register = await agent.get("/perjanjian?q=Sinergi%20dari%20awal");
    expect(register.text).toContain("Nota Kesepakatan");
    expect(register.text).toContain("Rencana Kerja");
  });
});
