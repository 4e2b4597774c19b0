import ExcelJS from "exceljs";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { must } from "../../src/platform/must.js";
import { listAgreements, startRenewal } from "../../src/features/agreements/agreement-service.js";
import { LEGACY_COLUMNS } from "../../src/features/agreements/schema.js";
import { runDailyJob } from "../../src/features/jobs/daily-job.js";
import { completeEvaluation, scheduleEvaluations } from "../../src/features/monitoring/monitoring-service.js";
import { todayJakarta } from "../../src/core/calendar/calendar.js";
import { csrfFrom, login } from "../helpers/app.js";
import { buildCase, caseAtRow, stepForward, useWorkflowApp } from "../helpers/workflow.js";
import { answersForm, fullAnswers } from "../helpers/evaluation.js";

const { t, a } = useWorkflowApp();

const iso = (daysFromToday: number) => new Date(Date.parse(todayJakarta()) + daysFromToday * 86400_000).toISOString().slice(0, 10);

async function xlsx(rows: (string | number | undefined)[][], headers = LEGACY_COLUMNS.map((c) => c.header)) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Perjanjian");
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const legacyRow = (n: number, over: Partial<Record<string, string | number>> = {}) => {
  const base: Record<string, string | number> = {
    kind: "PKS",
    title: `Perjanjian lama nomor ${n}`,
    jenis: "KSDPK",
    skpdCode: "DLH",
    partnerName: `PT Mitra ${n}`,
    cityNumber: `100.3.7.1/${900 + n}/P3ADK/I/2025`,
    partnerNumber: `M/${n}`,
    signedOn: "2025-01-10",
    startDate: "2025-02-01",
    endDate: iso(200),
    value: 1000000,
    ...over,
  };
  return LEGACY_COLUMNS.map((c) => base[c.key]);
};

async function upload(agent: request.Agent, buf: Buffer, name = "impor.xlsx") {
  const token = await csrfFrom(agent, "/perjanjian/impor");
  return agent.post("/perjanjian/impor").field("_csrf", token).attach("file", buf, name);
}

describe("import", () => {
  it("when the file is clean then nothing is imported until the user confirms; then every row is at row 20", async () => {
    const { agent } = await login(t.app, "penatalaksana");
    const res = await upload(agent, await xlsx([legacyRow(1), legacyRow(2, { kind: "MoU", skpdCode: "dinkes" })]));
    expect(res.status).toBe(200);
    expect(res.text).toContain("Semua 2 baris benar");
    expect(await t.prisma.agreement.count({ where: { legacy: true } })).toBe(0);
    const token = must(/name="token" value="([^"]+)"/.exec(res.text)?.[1], "the match");
    const ok = await agent
      .post("/perjanjian/impor/konfirmasi")
      .type("form")
      .send({ _csrf: await csrfFrom(agent, "/perjanjian/impor"), token });
    expect(ok.status).toBe(302);
    const imported = await t.prisma.agreement.findMany({ where: { legacy: true }, include: { case: true } });
    expect(imported).toHaveLength(2);
    expect(imported.every((x) => x.case.currentRow === 20 && x.case.status === "IN_PROGRESS")).toBe(true);
    expect(await t.prisma.task.count({ where: { caseId: { in: imported.map((x) => x.caseId) }, rowNo: 20, status: "OPEN" } })).toBe(2);
  });

  it("when rows have errors then each is listed with its line and nothing is imported", async () => {
    const { agent } = await login(t.app, "penatalaksana");
    const before = await t.prisma.agreement.count();
    const res = await upload(
      agent,
      await xlsx([legacyRow(10), legacyRow(11, { skpdCode: "TIDAKADA", endDate: "2020-01-01" }), legacyRow(12, { cityNumber: "100.3.7.1/910/P3ADK/I/2025" })]),
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain("2 dari 3 baris masih salah");
    expect(res.text).toContain("Kode SKPD");
    expect(res.text).toContain("Tanggal berakhir harus sesudah mulai berlaku");
    expect(res.text).toContain("Nomor Pemkot sama dengan baris 2");
    expect(res.text).not.toContain('id="confirm-import"');
    expect(await t.prisma.agreement.count()).toBe(before);
  });

  it("when the file is not an xlsx then the message says so", async () => {
    const { agent } = await login(t.app, "penatalaksana");
    const res = await upload(agent, Buffer.from("%PDF-1.4 not excel"), "laporan.pdf");
    expect(res.status).toBe(422);
    expect(res.text).toContain("bukan file Excel (.xlsx)");
  });

  it("when the headers are not the template's then the message says so", async () => {
    const { agent } = await login(t.app, "penatalaksana");
    const res = await upload(agent, await xlsx([["x"]], ["Judul", "Nomor"]));
    expect(res.status).toBe(422);
    expect(res.text).toContain("kolomnya tidak sesuai templat");
  });

  it("when the template is downloaded then it is a real xlsx with the expected headers", async () => {
    const { agent } = await login(t.app, "penatalaksana");
    const res = await agent
      .get("/perjanjian/templat-impor.xlsx")
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on("data", (c: Buffer) => chunks.push(c));
        r.on("end", () => cb(null, Buffer.concat(chunks)));
      });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    expect((must(wb.worksheets[0], "the sheet").getRow(1).values as string[]).slice(1)).toEqual(LEGACY_COLUMNS.map((c) => c.header));
  });
});

describe("register", () => {
  it("when agreements end at different dates then the filters give active, expiring, expired and ended early", async () => {
    const { agent } = await login(t.app, "penatalaksana");
    const mk = async (n: number, end: string) => {
      await agent
        .post("/perjanjian/baru")
        .type("form")
        .send({
          _csrf: await csrfFrom(agent, "/perjanjian/baru"),
          ...Object.fromEntries(
            LEGACY_COLUMNS.map((c, i) => [c.key, String(legacyRow(n, { endDate: end, startDate: "2024-01-01", signedOn: "2023-12-20" })[i])]),
          ),
        });
      return t.prisma.agreement.findFirstOrThrow({ where: { cityNumber: `100.3.7.1/${900 + n}/P3ADK/I/2025` } });
    };
    const active = await mk(30, iso(400));
    const expiring = await mk(31, iso(45));
    const expired = await mk(32, iso(-3));
    const early = await mk(33, iso(500));
    await agent
      .post(`/perjanjian/${early.id}/akhiri`)
      .type("form")
      .send({ _csrf: await csrfFrom(agent, `/perjanjian/${early.id}`), on: iso(-1), reason: "Mitra bubar" });
    const ids = async (status: string) => (await listAgreements(t.prisma, a.penatalaksana, { status: status as never }, 90)).rows.map((r) => r.id);
    expect(await ids("ACTIVE")).toContain(active.id);
    expect(await ids("ACTIVE")).not.toContain(expiring.id);
    expect(await ids("EXPIRING")).toContain(expiring.id);
    expect(await ids("EXPIRED")).toContain(expired.id);
    expect(await ids("ENDED_EARLY")).toEqual([early.id]);
    const page = await agent.get("/perjanjian?status=EXPIRING");
    expect(page.text).toContain("Perjanjian lama nomor 31");
    expect(page.text).not.toContain("Perjanjian lama nomor 30");
  });

  it("when a legacy agreement is entered then its case asks for no approvals before signing (it is signed already)", async () => {
    const { agent } = await login(t.app, "penatalaksana");
    await agent
      .post("/perjanjian/baru")
      .type("form")
      .send({
        _csrf: await csrfFrom(agent, "/perjanjian/baru"),
        ...Object.fromEntries(
          LEGACY_COLUMNS.map((c, i) => [c.key, String(legacyRow(40, { endDate: iso(400), startDate: "2024-01-01", signedOn: "2023-12-20" })[i])]),
        ),
      });
    const a = await t.prisma.agreement.findFirstOrThrow({ where: { cityNumber: "100.3.7.1/940/P3ADK/I/2025" }, include: { case: true } });
    expect(a.case.approvalsRequired).toBe(false);
    expect((await agent.get(`/kasus/${a.caseId}`)).text).not.toContain("Persetujuan sebelum penandatanganan");
  });

  it("when the register is exported then the xlsx and the csv carry the same rows", async () => {
    const { agent } = await login(t.app, "kabag");
    const bin = (r: request.Test) =>
      r.buffer(true).parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => cb(null, Buffer.concat(chunks)));
      });
    const x = await bin(agent.get("/perjanjian/ekspor.xlsx"));
    expect(x.headers["content-disposition"]).toContain(".xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as never);
    const rows = must(wb.worksheets[0], "the sheet").rowCount - 1;
    const csv = await agent.get("/perjanjian/ekspor.csv");
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.text.trim().split("\r\n").length - 1).toBe(rows);
    // Excel in Indonesian settings splits on ";" and needs the BOM for UTF-8.
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text.split("\r\n")[0]?.split(";")).toHaveLength(13);
    expect(csv.text.split("\r\n")[0]).toContain("Jenis dokumen;Judul;");
    expect(rows).toBe(await t.prisma.agreement.count());
  });

  it("when an SKPD user opens the register then only their unit's agreements are listed", async () => {
    const { agent } = await login(t.app, "skpd.kesehatan");
    const res = await agent.get("/perjanjian");
    expect(res.text).toContain("Perjanjian lama nomor 2");
    expect(res.text).not.toContain("Perjanjian lama nomor 1<");
  });

  it("when an expiring agreement is renewed then a linked draft starts at row 1 and the old one becomes extended once the new one is registered", async () => {
    const agr = await t.prisma.agreement.findFirstOrThrow({ where: { cityNumber: "100.3.7.1/931/P3ADK/I/2025" } });
    const renewal = await startRenewal(t.prisma, a.penatalaksana, agr.id, 90);
    expect(renewal.currentRow).toBe(1);
    expect(renewal.renewalOfId).toBe(agr.caseId);
    // The Penatalaksana who started it can open the draft; the SKPD holds row 1.
    const pen = await login(t.app, "penatalaksana");
    expect((await pen.agent.get(`/kasus/${renewal.id}`)).status).toBe(200);
    const other = await login(t.app, "penelaah");
    expect((await other.agent.get(`/kasus/${renewal.id}`)).status).toBe(404);
    await expect(startRenewal(t.prisma, a.penatalaksana, agr.id, 90)).rejects.toThrow(/sudah berjalan/);
    await t.prisma.agreement.create({ data: { caseId: renewal.id, kind: "PKS", startDate: new Date(), endDate: new Date(Date.now() + 400 * 86400_000) } });
    const row = (await listAgreements(t.prisma, a.penatalaksana, {}, 90)).rows.find((r) => r.id === agr.id)!;
    expect(row.status).toBe("EXTENDED");
  });
});

describe("evaluations and the daily job", () => {
  it("when semester I opens then each running agreement gets one evaluation task, and running again adds none", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Kasus berjalan untuk evaluasi" });
    await t.prisma.agreement.updateMany({
      where: { caseId: c.id },
      data: { startDate: new Date("2026-01-01T00:00:00Z"), endDate: new Date("2028-12-31T00:00:00Z") },
    });
    const first = await scheduleEvaluations(t.prisma, "2026-06-02");
    expect(first.filter((e) => e.caseId === c.id).map((e) => e.period)).toEqual(["2026-S1"]);
    expect(await scheduleEvaluations(t.prisma, "2026-06-03")).toEqual([]);
    const ye = await scheduleEvaluations(t.prisma, "2026-12-01");
    expect(ye.filter((e) => e.caseId === c.id).map((e) => e.period)).toEqual(["2026-YE"]);
    const task = await t.prisma.task.findFirstOrThrow({ where: { caseId: c.id, kind: "EVALUATION", part: "2026-S1" } });
    expect(task.dueOn!.toISOString().slice(0, 10)).toBe("2026-06-30");
    const inbox = await login(t.app, "penelaah");
    expect((await inbox.agent.get("/inbox?row=21")).text).toContain("Kasus berjalan untuk evaluasi");
  });

  it("when a case with an open evaluation task is closed then that task is cancelled", async () => {
    const c = await buildCase(t.prisma, a, { row: 21, title: "Ditutup dengan evaluasi terbuka" });
    await t.prisma.agreement.updateMany({
      where: { caseId: c.id },
      data: { startDate: new Date("2026-01-01T00:00:00Z"), endDate: new Date("2028-12-31T00:00:00Z") },
    });
    await scheduleEvaluations(t.prisma, "2026-06-02");
    expect(await t.prisma.task.count({ where: { caseId: c.id, kind: "EVALUATION", status: "OPEN" } })).toBe(2); // the P3ADK assessment and the SKPD self-report
    await stepForward(t.prisma, a, c.id);
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("DONE");
    expect(await t.prisma.task.count({ where: { caseId: c.id, status: "OPEN" } })).toBe(0);
  });

  it("when an agreement ended before the period then no evaluation is created for it", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Sudah berakhir sebelum 2027" });
    await t.prisma.agreement.updateMany({
      where: { caseId: c.id },
      data: { startDate: new Date("2025-01-01T00:00:00Z"), endDate: new Date("2026-12-31T00:00:00Z") },
    });
    const created = await scheduleEvaluations(t.prisma, "2027-06-01");
    expect(created.some((e) => e.caseId === c.id)).toBe(false);
  });

  it("when the evaluation form is incomplete then the scores are asked for; complete, the task is done", async () => {
    const ev = await t.prisma.evaluation.findFirstOrThrow({ where: { completedAt: null }, include: { case: true } });
    const { agent } = await login(t.app, "penelaah");
    const token = await csrfFrom(agent, `/evaluasi/${ev.id}`);
    const bad = await agent.post(`/evaluasi/${ev.id}`).type("form").send({ _csrf: token, kesesuaian_tujuan: "4", kendala: "pendek" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Ketepatan waktu: pilih nilai 1–5");
    expect(bad.text).toContain("Pilih rekomendasi");
    const good = await agent
      .post(`/evaluasi/${ev.id}`)
      .type("form")
      .send({
        _csrf: token,
        ...answersForm("P3ADK", { ketepatan_waktu: 3, kendala: "Pelaksanaan sesuai rencana; laporan mitra terlambat satu bulan." }),
      });
    expect(good.status).toBe(302);
    const task = await t.prisma.task.findUniqueOrThrow({ where: { id: ev.taskId! } });
    expect(task.status).toBe("DONE");
    const report = await agent.get(`/evaluasi/${ev.id}`);
    expect(report.text).toContain("Laporan evaluasi");
    expect(report.text).toContain("Dilanjutkan");
    await expect(completeEvaluation(t.prisma, a.penelaah, ev.id, "P3ADK", fullAnswers("P3ADK", { rekomendasi: "HENTIKAN" }, 1))).rejects.toThrow(/sudah diisi/);
  });

  it("when two instances run the daily job at once then it runs exactly once that day", async () => {
    const now = new Date("2026-06-15T01:00:00Z");
    const [x, y] = await Promise.all([
      runDailyJob(t.prisma, { expiringDays: 90 }, { now, instance: "satu" }),
      runDailyJob(t.prisma, { expiringDays: 90 }, { now, instance: "dua" }),
    ]);
    expect([x.ran, y.ran].filter(Boolean)).toHaveLength(1);
    const runs = await t.prisma.jobRun.findMany({ where: { name: "daily" } });
    expect(runs).toHaveLength(1);
    expect(must(runs[0], "the run").finishedAt).not.toBeNull();
    const again = await runDailyJob(t.prisma, { expiringDays: 90 }, { now, instance: "tiga" });
    expect(again.ran).toBe(false);
  });

  it("when an SKPD reports progress on a running agreement then it is on the case; too high a percentage is refused", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Laporan kemajuan SKPD" });
    const { agent } = await login(t.app, "skpd.pariwisata");
    const token = await csrfFrom(agent, `/kasus/${c.id}`);
    const bad = await agent
      .post(`/kasus/${c.id}/laporan-kemajuan`)
      .field("_csrf", token)
      .field("period", "Triwulan IV 2026")
      .field("progress", "140")
      .field("indicator", "Jumlah wisatawan")
      .field("achievement", "1.200 orang");
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Progres 0–100");
    expect(bad.text).toContain('value="Jumlah wisatawan"');
    expect(await t.prisma.progressReport.count({ where: { caseId: c.id } })).toBe(0);
    const token2 = await csrfFrom(agent, `/kasus/${c.id}`);
    const ok = await agent
      .post(`/kasus/${c.id}/laporan-kemajuan`)
      .field("_csrf", token2)
      .field("period", "Triwulan IV 2026")
      .field("progress", "40")
      .field("indicator", "Jumlah wisatawan")
      .field("achievement", "1.200 orang");
    expect(ok.status).toBe(302);
    expect(await t.prisma.progressReport.count({ where: { caseId: c.id } })).toBe(1);
  });
});

describe("dashboard and notifications", () => {
  it("when the Kabag opens the dashboard then each figure is there as a table and the charts load from /public", async () => {
    const { agent } = await login(t.app, "kabag");
    const res = await agent.get("/dashboard");
    expect(res.status).toBe(200);
    expect(res.text).toContain("/public/vendor/chart.umd.min.js");
    for (const h of ["Kasus berjalan per langkah", "Tugas terlambat", "Usulan per tahun dan jenis", "Penyelesaian evaluasi", "Kepatuhan SOP"])
      expect(res.text).toContain(h);
    expect((await request(t.app).get("/public/vendor/chart.umd.min.js")).status).toBe(200);
  });

  it("when a TKKSD member opens the dashboard then it is 403", async () => {
    const { agent } = await login(t.app, "tkksd");
    expect((await agent.get("/dashboard")).status).toBe(403);
  });

  it("when a case moves to the next row then its holders get a notification and can open it", async () => {
    const c = await caseAtRow(t.prisma, a, 3, { title: "Notifikasi untuk penelaah" });
    const penelaah = await t.prisma.user.findUniqueOrThrow({ where: { username: "penelaah" } });
    const n = await t.prisma.notification.findFirstOrThrow({ where: { userId: penelaah.id, link: `/kasus/${c.id}` } });
    expect(n.title).toContain("Tugas baru, langkah 3 (Menelaah data-data potensi kerjasama dari SKPD)");
    const { agent } = await login(t.app, "penelaah");
    expect((await agent.get("/notifikasi")).text).toContain("Notifikasi untuk penelaah");
    const open = await agent
      .post(`/notifikasi/${n.id}/buka`)
      .type("form")
      .send({ _csrf: await csrfFrom(agent, "/notifikasi") });
    expect(open.headers.location).toBe(`/kasus/${c.id}`);
    expect((await t.prisma.notification.findUniqueOrThrow({ where: { id: n.id } })).readAt).not.toBeNull();
  });
});
