// Issue 12, parts 4 and 5: obligations under a signed PKS with their realisation,
// overdue notices, and the two evaluation forms built from one item bank whose
// scores read the obligations.
import { describe, expect, it } from "vitest";
import { runDailyJob } from "../../src/features/jobs/daily-job.js";
import { completeEvaluation, scheduleEvaluations } from "../../src/features/monitoring/monitoring-service.js";
import { recordObligation } from "../../src/features/obligations/obligation-service.js";
import { addDays } from "../../src/platform/http/dates.js";
import { todayJakarta } from "../../src/core/calendar/calendar.js";
import { csrfFrom, getBytes, login, postForm } from "../helpers/app.js";
import { answersForm, fullAnswers } from "../helpers/evaluation.js";
import { buildCase, PDF, useWorkflowApp } from "../helpers/workflow.js";
import { pdfFontList, pdfInfo, pdfLines } from "../helpers/pdf.js";
import { yearJakarta } from "../helpers/time.js";

const { t, a } = useWorkflowApp();

const obligation = (over: Record<string, string> = {}) => ({
  party: "MITRA",
  description: "Menyediakan armada angkutan wisata",
  indicator: "Armada beroperasi",
  target: "10",
  unit: "unit",
  dueOn: "2027-03-31",
  contribution: "1,5 miliar",
  ...over,
});

/** Posts a progress report as the SKPD, with realisations and optional evidence. */
async function report(agent: Awaited<ReturnType<typeof login>>["agent"], caseId: number, fields: Record<string, string>, evidence: boolean) {
  const token = await csrfFrom(agent, `/kasus/${caseId}`);
  let req = agent.post(`/kasus/${caseId}/laporan-kemajuan`).field("_csrf", token);
  for (const [k, v] of Object.entries({ period: "Triwulan I 2027", progress: "40", indicator: "Armada", achievement: "Sebagian armada beroperasi", ...fields }))
    req = req.field(k, v);
  if (evidence) req = req.attach("doc_bukti_kemajuan", PDF, "bukti.pdf");
  return req;
}

describe("recording obligations", () => {
  it("when the PKS is not signed yet then P3ADK is told to wait, and nothing is recorded", async () => {
    const c = await buildCase(t.prisma, a, { row: 6, title: "Belum ada PKS" });
    const { agent } = await login(t.app, "penatalaksana");
    const res = await postForm(agent, `/kasus/${c.id}/kewajiban`, obligation(), `/kasus/${c.id}`);
    expect(res.status).toBe(422);
    expect(res.text).toContain("Kewajiban dicatat setelah PKS ditandatangani.");
    expect(await t.prisma.obligation.count({ where: { caseId: c.id } })).toBe(0);
  });

  it("when P3ADK records an obligation then it shows on the case with its target and contribution, and the timeline says so; the SKPD may not record one", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Kerja sama armada wisata" });
    const { agent } = await login(t.app, "penatalaksana");
    const res = await postForm(agent, `/kasus/${c.id}/kewajiban`, obligation(), `/kasus/${c.id}`);
    expect(res.status).toBe(302);
    const o = await t.prisma.obligation.findFirstOrThrow({ where: { caseId: c.id } });
    expect(o).toMatchObject({ party: "MITRA", target: 10, unit: "unit", contribution: 1_500_000_000n, realised: 0 });
    const page = await agent.get(`/kasus/${c.id}`);
    expect(page.text).toContain("Kewajiban para pihak");
    expect(page.text).toContain("Menyediakan armada angkutan wisata");
    expect(page.text).toContain("Rp 1.500.000.000");
    const event = await t.prisma.caseEvent.findFirstOrThrow({ where: { caseId: c.id, action: "kewajiban_dicatat" } });
    expect((event.data as { label: string }).label).toContain("target 10 unit, tenggat 31 Maret 2027");

    const skpd = await login(t.app, "skpd.pariwisata");
    const refused = await postForm(skpd.agent, `/kasus/${c.id}/kewajiban`, obligation(), `/kasus/${c.id}`);
    expect(refused.status).toBe(403);
    expect(await t.prisma.obligation.count({ where: { caseId: c.id } })).toBe(1);
  });

  it("when the contribution is written 'Rp 25.000.000,00' then it is Rp 25.000.000; '25,000' (thousands or decimals?) is refused, never guessed", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Kontribusi ditulis cara Indonesia" });
    const { agent } = await login(t.app, "penatalaksana");
    const ok = await postForm(agent, `/kasus/${c.id}/kewajiban`, obligation({ contribution: "Rp 25.000.000,00" }), `/kasus/${c.id}`);
    expect(ok.status).toBe(302);
    expect((await t.prisma.obligation.findFirstOrThrow({ where: { caseId: c.id } })).contribution).toBe(25_000_000n);
    const bad = await postForm(agent, `/kasus/${c.id}/kewajiban`, obligation({ contribution: "25,000" }), `/kasus/${c.id}`);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Kontribusi: Tulis jumlah rupiah");
    expect(await t.prisma.obligation.count({ where: { caseId: c.id } })).toBe(1);
  });

  it("when the target, date or contribution cannot be read then each reason is named in Indonesian and nothing is recorded", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Isian kewajiban salah" });
    const { agent } = await login(t.app, "penelaah");
    const res = await postForm(
      agent,
      `/kasus/${c.id}/kewajiban`,
      obligation({ target: "sepuluh", dueOn: "2027-02-30", contribution: "banyak", party: "" }),
      `/kasus/${c.id}`,
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain("Target: tulis angka");
    expect(res.text).toContain("Tenggat: tanggal tidak valid");
    expect(res.text).toContain("Kontribusi: Tulis jumlah rupiah");
    expect(res.text).toContain("Pilih pihak yang berkewajiban");
    // What was typed comes back.
    expect(res.text).toContain('value="sepuluh"');
    expect(await t.prisma.obligation.count({ where: { caseId: c.id } })).toBe(0);
  });

  it("when an obligation is withdrawn then it stays on the record struck out with its reason, once", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Kewajiban ditarik" });
    const o = await recordObligation(t.prisma, a.penatalaksana, c.id, {
      party: "PEMKOT",
      description: "Menyediakan lahan parkir",
      indicator: "Lahan",
      target: 1,
      unit: "lokasi",
      dueOn: "2027-01-31",
      contribution: null,
    });
    const { agent } = await login(t.app, "penatalaksana");
    const short = await postForm(agent, `/kewajiban/${o.id}/tarik`, { reason: "x" }, `/kasus/${c.id}`);
    expect(short.status).toBe(302);
    expect((await t.prisma.obligation.findUniqueOrThrow({ where: { id: o.id } })).cancelledAt).toBeNull();
    const ok = await postForm(agent, `/kewajiban/${o.id}/tarik`, { reason: "Diubah dengan adendum nomor 2" }, `/kasus/${c.id}`);
    expect(ok.status).toBe(302);
    const again = await postForm(agent, `/kewajiban/${o.id}/tarik`, { reason: "Diubah dengan adendum nomor 2" }, `/kasus/${c.id}`);
    expect(again.status).toBe(409);
    expect(await t.prisma.caseEvent.count({ where: { caseId: c.id, action: "kewajiban_ditarik" } })).toBe(1);
    const page = await agent.get(`/kasus/${c.id}`);
    expect(page.text).toContain("Ditarik: Diubah dengan adendum nomor 2");
  });
});

describe("realisation reported by the SKPD", () => {
  it("when a realisation changes without evidence then the report is refused and nothing changes; with evidence the obligation, its history and the timeline move", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Realisasi armada" });
    const o = await recordObligation(t.prisma, a.penatalaksana, c.id, {
      party: "MITRA",
      description: "Armada",
      indicator: "Armada beroperasi",
      target: 10,
      unit: "unit",
      dueOn: "2027-03-31",
      contribution: null,
    });
    const { agent } = await login(t.app, "skpd.pariwisata");

    const page = await agent.get(`/kasus/${c.id}`);
    expect(page.text).toContain(`name="realisasi_${o.id}"`);

    const noEvidence = await report(agent, c.id, { [`realisasi_${o.id}`]: "4" }, false);
    expect(noEvidence.status).toBe(422);
    expect(noEvidence.text).toContain("Lampirkan bukti untuk realisasi kewajiban");
    expect(await t.prisma.progressReport.count({ where: { caseId: c.id } })).toBe(0);
    expect((await t.prisma.obligation.findUniqueOrThrow({ where: { id: o.id } })).realised).toBe(0);

    const bad = await report(agent, c.id, { [`realisasi_${o.id}`]: "empat" }, true);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("tulis angka");

    const ok = await report(agent, c.id, { [`realisasi_${o.id}`]: "7,5" }, true);
    expect(ok.status).toBe(302);
    expect((await t.prisma.obligation.findUniqueOrThrow({ where: { id: o.id } })).realised).toBe(7.5);
    expect(await t.prisma.obligationRealisation.count({ where: { obligationId: o.id } })).toBe(1);
    const event = await t.prisma.caseEvent.findFirstOrThrow({ where: { caseId: c.id, action: "laporan_kemajuan" } });
    expect((event.data as { label: string }).label).toContain("Armada beroperasi: 7,5 dari 10 unit");

    // A report that leaves realisations empty changes none and needs no evidence.
    const plain = await report(agent, c.id, { [`realisasi_${o.id}`]: "" }, false);
    expect(plain.status).toBe(302);
    expect(await t.prisma.obligationRealisation.count({ where: { obligationId: o.id } })).toBe(1);
  });

  it("when a report names another agreement's obligation then it is refused and nothing changes", async () => {
    const mine = await buildCase(t.prisma, a, { row: 20, title: "Kasus sendiri" });
    const other = await buildCase(t.prisma, a, { row: 20, title: "Kasus lain" });
    const foreign = await recordObligation(t.prisma, a.penatalaksana, other.id, {
      party: "MITRA",
      description: "Lain",
      indicator: "Lain",
      target: 5,
      unit: "kali",
      dueOn: "2027-03-31",
      contribution: null,
    });
    const { agent } = await login(t.app, "skpd.pariwisata");
    const res = await report(agent, mine.id, { [`realisasi_${foreign.id}`]: "5" }, true);
    expect(res.status).toBe(422);
    expect(res.text).toContain("bukan milik kerja sama ini");
    expect((await t.prisma.obligation.findUniqueOrThrow({ where: { id: foreign.id } })).realised).toBe(0);
    expect(await t.prisma.progressReport.count({ where: { caseId: mine.id } })).toBe(0);
  });
});

describe("overdue obligations", () => {
  it("when an obligation passes its due date short of target then the SKPD is told once, the case and the dashboard show it; a met one is not", async () => {
    // Due two days ago, so that the pages (which use the real date) see it late too.
    const due = addDays(todayJakarta(), -2);
    const c = await buildCase(t.prisma, a, { row: 20, title: "Kewajiban terlambat" });
    const late = await recordObligation(t.prisma, a.penatalaksana, c.id, {
      party: "MITRA",
      description: "Pelatihan pemandu",
      indicator: "Pemandu terlatih",
      target: 40,
      unit: "orang",
      dueOn: due,
      contribution: null,
    });
    const met = await recordObligation(t.prisma, a.penatalaksana, c.id, {
      party: "PEMKOT",
      description: "Sosialisasi",
      indicator: "Sosialisasi",
      target: 2,
      unit: "kali",
      dueOn: due,
      contribution: null,
    });
    await t.prisma.obligation.update({ where: { id: met.id }, data: { realised: 2 } });
    const notices = () => t.prisma.notification.findMany({ where: { kind: "OBLIGATION", link: `/kasus/${c.id}#kewajiban` } });

    // On the due date itself it is not late yet.
    const run = (day: string) => runDailyJob(t.prisma, { expiringDays: 90 }, { now: new Date(`${day}T01:00:00Z`), instance: `uji:obl:${day}` });
    await run(due);
    expect(await notices()).toHaveLength(0);
    await run(addDays(due, 1));
    const told = await notices();
    expect(told.map((n) => n.userId).sort()).toEqual([a.skpd.id, a.penatalaksana.id].sort());
    expect(told[0]?.title).toContain("Pelatihan pemandu");
    expect(told.some((n) => n.title.includes("Sosialisasi"))).toBe(false);
    expect((await t.prisma.obligation.findUniqueOrThrow({ where: { id: late.id } })).overdueNotifiedOn).not.toBeNull();
    await run(addDays(due, 2));
    expect(await notices()).toHaveLength(told.length);

    const { agent } = await login(t.app, "kabag");
    const page = await agent.get(`/kasus/${c.id}`);
    expect(page.text).toContain("lewat tenggat");
    const dash = await agent.get("/dashboard");
    expect(dash.text).toContain("Kewajiban lewat tenggat");
    expect(dash.text).toContain("Pelatihan pemandu");
    expect(dash.text).not.toContain("Sosialisasi</td>");
    // Another unit's dashboard does not see it.
    const other = await login(t.app, "skpd.kesehatan");
    expect((await other.agent.get("/dashboard")).text).not.toContain("Pelatihan pemandu");
  });
});

describe("two evaluation forms from one item bank", () => {
  it("when evaluations are scheduled then the SKPD gets its self-report task, fills it in, and another unit cannot", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Laporan mandiri armada" });
    const created = await scheduleEvaluations(t.prisma, `${yearJakarta()}-12-20`);
    const mine = created.find((e) => e.caseId === c.id)!;
    const ev = await t.prisma.evaluation.findUniqueOrThrow({ where: { id: mine.evaluationId } });
    const selfTask = await t.prisma.task.findUniqueOrThrow({ where: { id: ev.selfTaskId! } });
    expect(selfTask).toMatchObject({ roles: ["SKPD"], skpdId: c.skpdId, status: "OPEN" });

    const skpd = await login(t.app, "skpd.pariwisata");
    const inbox = await skpd.agent.get("/inbox");
    expect(inbox.text).toContain(`href="/evaluasi/${ev.id}"`);
    expect(inbox.text).toContain("Isi laporan mandiri");
    const form = await skpd.agent.get(`/evaluasi/${ev.id}`);
    expect(form.text).toContain("Laporan mandiri SKPD");
    expect(form.text).toContain(`action="/evaluasi/${ev.id}/mandiri"`);
    // The self-report does not ask what only P3ADK judges.
    expect(form.text).not.toContain('name="kelengkapan_dokumen"');

    const other = await login(t.app, "skpd.kesehatan");
    expect((await postForm(other.agent, `/evaluasi/${ev.id}/mandiri`, answersForm("SKPD"))).status).toBe(404);
    const staff = await login(t.app, "penelaah");
    expect((await postForm(staff.agent, `/evaluasi/${ev.id}/mandiri`, answersForm("SKPD"))).status).toBe(403);

    const incomplete = await postForm(skpd.agent, `/evaluasi/${ev.id}/mandiri`, { kesesuaian_tujuan: "4" }, `/evaluasi/${ev.id}`);
    expect(incomplete.status).toBe(422);
    expect(incomplete.text).toContain("Koordinasi: pilih nilai 1–5");
    expect((await t.prisma.evaluation.findUniqueOrThrow({ where: { id: ev.id } })).selfCompletedAt).toBeNull();

    const done = await postForm(skpd.agent, `/evaluasi/${ev.id}/mandiri`, answersForm("SKPD", { rekomendasi: "PERLUAS" }, 3), `/evaluasi/${ev.id}`);
    expect(done.status).toBe(302);
    const after = await t.prisma.evaluation.findUniqueOrThrow({ where: { id: ev.id } });
    expect(after).toMatchObject({ selfScore: 3, selfRecommendation: "PERLUAS", selfCompletedById: a.skpd.id });
    expect((await t.prisma.task.findUniqueOrThrow({ where: { id: ev.selfTaskId! } })).status).toBe("DONE");
    // The P3ADK assessment is still open, and its form shows the self-report.
    expect(after.completedAt).toBeNull();
    expect((await staff.agent.get(`/evaluasi/${ev.id}`)).text).toContain("Laporan mandiri SKPD (diisi");
    const twice = await postForm(skpd.agent, `/evaluasi/${ev.id}/mandiri`, answersForm("SKPD"), `/`);
    expect(twice.status).toBe(409);
  });

  it("when obligations are due by the period's end then the outcome and partner scores read their realisation, the form does not ask them, and the report shows both forms", async () => {
    const year = yearJakarta();
    const c = await buildCase(t.prisma, a, { row: 20, title: "Nilai dari kewajiban" });
    const half = await recordObligation(t.prisma, a.penatalaksana, c.id, {
      party: "MITRA",
      description: "Armada",
      indicator: "Armada",
      target: 10,
      unit: "unit",
      dueOn: `${year}-11-30`,
      contribution: null,
    });
    const full = await recordObligation(t.prisma, a.penatalaksana, c.id, {
      party: "PEMKOT",
      description: "Halte",
      indicator: "Halte",
      target: 4,
      unit: "halte",
      dueOn: `${year}-10-31`,
      contribution: null,
    });
    // Due after the period: not read by this evaluation.
    await recordObligation(t.prisma, a.penatalaksana, c.id, {
      party: "MITRA",
      description: "Aplikasi",
      indicator: "Aplikasi",
      target: 1,
      unit: "aplikasi",
      dueOn: `${year + 1}-06-30`,
      contribution: null,
    });
    await t.prisma.obligation.update({ where: { id: half.id }, data: { realised: 5 } });
    await t.prisma.obligation.update({ where: { id: full.id }, data: { realised: 4 } });
    const created = await scheduleEvaluations(t.prisma, `${year}-12-20`);
    const evId = created.find((e) => e.caseId === c.id)!.evaluationId;

    const staff = await login(t.app, "penelaah");
    const form = await staff.agent.get(`/evaluasi/${evId}`);
    // Two obligations due: 50% and 100% give 75% (level 4); the partner's alone 50% (level 3).
    expect(form.text).toContain("Dihitung dari realisasi 2 kewajiban: rata-rata 75% dari target, nilai <strong>4</strong>");
    expect(form.text).toContain("Dihitung dari realisasi 1 kewajiban mitra: rata-rata 50% dari target, nilai <strong>3</strong>");
    expect(form.text).not.toContain('name="capaian_indikator"');
    expect(form.text).not.toContain("Aplikasi</td>");

    // A value posted for a computed item is ignored: the obligations decide it.
    const ok = await postForm(
      staff.agent,
      `/evaluasi/${evId}`,
      { ...answersForm("P3ADK", {}, 5), capaian_indikator: "1", kontribusi_mitra: "1" },
      `/evaluasi/${evId}`,
    );
    expect(ok.status).toBe(302);
    const ev = await t.prisma.evaluation.findUniqueOrThrow({ where: { id: evId } });
    const answers = ev.answers as Record<string, unknown>;
    expect(answers.capaian_indikator).toBe(4);
    expect(answers.kontribusi_mitra).toBe(3);
    // Six items at 5, one at 4, one at 3: (30 + 7) / 8.
    expect(ev.score).toBe(4.63);
    expect((ev.obligations as { id: number; share: number }[]).map((o) => [o.id, o.share])).toEqual([
      [full.id, 1],
      [half.id, 0.5],
    ]);

    // Later realisation does not rewrite what the evaluation saw.
    await t.prisma.obligation.update({ where: { id: half.id }, data: { realised: 10 } });
    const printed = await staff.agent.get(`/evaluasi/${evId}?laporan=1`);
    expect(printed.text).toContain("Bagian Kerjasama (1–5)");
    expect(printed.text).toContain("SKPD (1–5)");
    expect(printed.text).toContain("Seperti saat evaluasi diisi.");
    expect(printed.text).toMatch(/Armada<br><small>Armada, tenggat [^<]+<\/small><\/td><td>10 unit<\/td><td>5 unit<\/td><td>50%/);
  });

  it("when the evaluation report is downloaded as a PDF then it reads like its page: the agreement, both forms' scores, the findings, the obligations as evaluated and the signer", async () => {
    const year = yearJakarta();
    const c = await buildCase(t.prisma, a, { row: 20, title: "Evaluasi dalam PDF", partnerName: "京都市 / Thành phố Đà Nẵng" });
    await recordObligation(t.prisma, a.penatalaksana, c.id, {
      party: "MITRA",
      description: "Armada bus listrik",
      indicator: "Armada",
      target: 10,
      unit: "unit",
      dueOn: `${year}-11-30`,
      contribution: null,
    });
    const created = await scheduleEvaluations(t.prisma, `${year}-12-20`);
    const evId = created.find((e) => e.caseId === c.id)!.evaluationId;
    await t.prisma.setting.upsert({
      where: { key: "signer.kabag.name" },
      create: { key: "signer.kabag.name", value: "Sri Rahayu Ningsih" },
      update: { value: "Sri Rahayu Ningsih" },
    });
    const staff = await login(t.app, "penelaah");
    expect(
      (await postForm(staff.agent, `/evaluasi/${evId}`, answersForm("P3ADK", { kendala: "Jadwal armada bergeser dua bulan." }, 5), `/evaluasi/${evId}`)).status,
    ).toBe(302);
    const page = await staff.agent.get(`/evaluasi/${evId}?laporan=1`);
    expect(page.text).toContain(`href="/evaluasi/${evId}/laporan.pdf"`);
    const pdf = await getBytes(staff.agent, `/evaluasi/${evId}/laporan.pdf`);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    const text = (await pdfLines(pdf.body)).join("\n");
    expect(text).toContain("LAPORAN EVALUASI PELAKSANAAN KERJA SAMA");
    expect(text).toMatch(/^Kerja sama : Evaluasi dalam PDF$/m);
    expect(text).toMatch(/^Mitra : 京都市 \/ Thành phố Đà Nẵng$/m);
    expect(text).toContain("Kesesuaian dengan tujuan: Bagian Kerjasama 5; SKPD —");
    expect(text).toContain("Jadwal armada bergeser dua bulan.");
    expect(text.replace(/\n/g, " ")).toMatch(/Mitra: Armada bus listrik \(Armada, tenggat .+\); target 10 unit, realisasi 0 unit, capaian 0%/);
    expect(text).toContain("Sri Rahayu Ningsih");
    expect((await pdfFontList(pdf.body)).every((f) => f.embedded)).toBe(true);
    expect(await pdfInfo(pdf.body)).toMatchObject({ author: "Pemerintah Kota Yogyakarta", lang: "id-ID" });
    // Another SKPD's user does not see it.
    expect((await (await login(t.app, "skpd.kesehatan")).agent.get(`/evaluasi/${evId}/laporan.pdf`)).status).toBe(404);
  });

  it("when an obligation is withdrawn between opening and saving the form then the save is refused with what to fill in, and nothing is saved", async () => {
    const year = yearJakarta();
    const c = await buildCase(t.prisma, a, { row: 20, title: "Kewajiban ditarik saat mengisi" });
    const evId = (await scheduleEvaluations(t.prisma, `${year}-12-20`)).find((e) => e.caseId === c.id)!.evaluationId;
    await recordObligation(t.prisma, a.penatalaksana, c.id, {
      party: "PEMKOT",
      description: "Halte",
      indicator: "Halte",
      target: 4,
      unit: "halte",
      dueOn: `${year}-10-31`,
      contribution: null,
    });
    const { agent } = await login(t.app, "penelaah");
    // The form is opened while the obligation stands: it does not ask the outcome score.
    const form = await agent.get(`/evaluasi/${evId}`);
    expect(form.text).not.toContain('name="capaian_indikator"');
    await t.prisma.obligation.updateMany({ where: { caseId: c.id }, data: { cancelledAt: new Date() } });
    const fields = answersForm("P3ADK");
    delete fields.capaian_indikator;
    const res = await postForm(agent, `/evaluasi/${evId}`, fields, `/inbox`);
    expect(res.status).toBe(422);
    expect(res.text).toContain("Capaian indikator output/outcome: pilih nilai 1–5");
    expect((await t.prisma.evaluation.findUniqueOrThrow({ where: { id: evId } })).completedAt).toBeNull();
    // The service checks again inside its transaction.
    const given = fullAnswers("P3ADK");
    delete given.capaian_indikator;
    await expect(completeEvaluation(t.prisma, a.penelaah, evId, "P3ADK", given)).rejects.toThrow(
      /muat ulang formulir dan isi capaian indikator output\/outcome/,
    );
    expect((await t.prisma.evaluation.findUniqueOrThrow({ where: { id: evId } })).completedAt).toBeNull();
  });
});
