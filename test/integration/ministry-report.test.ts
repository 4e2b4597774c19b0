// Issue 13, part 3: the report to Kemendagri and the Governor, with its completeness check.
import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { must } from "../../src/platform/must.js";
import { currentPeriodKey, ministryReport, parsePeriod } from "../../src/features/reports/ministry-report.js";
import { todayJakarta } from "../../src/core/calendar/calendar.js";
import { buildTestApp, getBytes, login, postForm, type TestApp } from "../helpers/app.js";
import { pdfFontList, pdfInfo, pdfItems, pdfText } from "../helpers/pdf.js";
import { buildCase, demoActors, type Actors } from "../helpers/workflow.js";

let t: TestApp;
let a: Actors;
let complete: number;
let gappy: number;
beforeAll(async () => {
  t = await buildTestApp();
  a = await demoActors(t.prisma);
  // A: complete once its obligation is recorded.
  const ca = await buildCase(t.prisma, a, { row: 20, title: "Laporan kasus lengkap", partnerName: "PT Lengkap" });
  await t.prisma.obligation.create({
    data: {
      caseId: ca.id,
      party: "MITRA",
      description: "Menyediakan alat",
      indicator: "Alat",
      target: 2,
      unit: "unit",
      dueOn: new Date("2027-06-30T00:00:00Z"),
      createdById: a.penatalaksana.id,
    },
  });
  complete = ca.id;
  // B: known gaps (no urusan, no value, no signed PKS scan, no obligations).
  const cb = await buildCase(t.prisma, a, { row: 20, title: "Laporan kasus berlubang", partnerName: "CV Berlubang" });
  await t.prisma.case.update({ where: { id: cb.id }, data: { urusanId: null } });
  await t.prisma.agreement.updateMany({ where: { caseId: cb.id, kind: "PKS" }, data: { value: null } });
  await t.prisma.document.deleteMany({ where: { caseId: cb.id, kind: "pks_signed" } });
  gappy = cb.id;
});
afterAll(() => t.close());

const period = () => parsePeriod(currentPeriodKey())!;
describe("completeness", () => {
  it("when the period's agreements have known gaps then each is listed with exactly what is missing", async () => {
    const r = await ministryReport(t.prisma, period());
    const of = (caseId: number, kind: string) => r.rows.find((x) => x.caseId === caseId && x.naskah === kind)!;
    expect(of(complete, "PKS").missing).toEqual([]);
    expect(of(complete, "MoU").missing).toEqual([]);
    expect(of(gappy, "PKS").missing).toEqual(["urusan pemerintahan", "nilai perjanjian", "pindaian PKS yang ditandatangani", "kewajiban para pihak"]);
    expect(of(gappy, "MoU").missing).toEqual(["urusan pemerintahan"]);
    expect(of(complete, "PKS").obligations).toBe("0 dari 1 tercapai; rata-rata 0% dari target");
  });

  it("when a semester of the period has ended without its evaluation then it is missing, and an evaluation completes it", async () => {
    const year = Number(todayJakarta().slice(0, 4));
    const later = `${year + 1}-01-15`;
    const whole = parsePeriod(String(year))!;
    const before = await ministryReport(t.prisma, whole, later);
    expect(before.rows.find((x) => x.caseId === complete && x.naskah === "PKS")!.missing).toContain(`evaluasi Akhir tahun ${year}`);
    await t.prisma.evaluation.create({
      data: {
        caseId: complete,
        period: `${year}-YE`,
        dueOn: new Date(`${year}-12-31T00:00:00Z`),
        score: 4.2,
        recommendation: "LANJUT",
        completedAt: new Date(),
        completedById: a.penelaah.id,
      },
    });
    const after = await ministryReport(t.prisma, whole, later);
    const row = after.rows.find((x) => x.caseId === complete && x.naskah === "PKS")!;
    expect(row.missing).toEqual([]);
    expect(row.evaluations).toBe(`Akhir tahun ${year}: 4,20 (Dilanjutkan)`);
  });

  it("when an agreement ended before the period then it is not in the report", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Laporan kasus lama" });
    await t.prisma.agreement.updateMany({
      where: { caseId: c.id },
      data: { startDate: new Date("2019-01-01T00:00:00Z"), endDate: new Date("2020-12-31T00:00:00Z") },
    });
    const r = await ministryReport(t.prisma, period());
    expect(r.rows.some((x) => x.caseId === c.id)).toBe(false);
    expect((await ministryReport(t.prisma, parsePeriod("2020")!)).rows.filter((x) => x.caseId === c.id)).toHaveLength(2);
  });
});

describe("files and sending", () => {
  it("when the report is downloaded then the workbook and the PDF hold every agreement and the gaps", async () => {
    const { agent } = await login(t.app, "kasubbag");
    const page = await agent.get(`/laporan/kemendagri?periode=${period().key}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Laporan kasus berlubang");
    expect(page.text).toContain("kewajiban para pihak");
    const r = await ministryReport(t.prisma, period());
    const xlsx = await getBytes(agent, `/laporan/kemendagri/laporan.xlsx?periode=${period().key}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    // Three lines of title, a blank line (not counted), the header, then one row per agreement.
    expect(wb.getWorksheet("Laporan")!.actualRowCount).toBe(4 + r.rows.length);
    expect(wb.getWorksheet("Kelengkapan")!.actualRowCount).toBe(1 + r.incomplete);
    const pdf = await getBytes(agent, `/laporan/kemendagri/laporan.pdf?periode=${period().key}`);
    expect((await pdfText(pdf.body)).join(" ")).toContain("Laporan kasus lengkap");
  });

  it("when the report workbook is read then its signing, start and end dates are date cells in an Indonesian format", async () => {
    const { agent } = await login(t.app, "kasubbag");
    const r = await ministryReport(t.prisma, period());
    const xlsx = await getBytes(agent, `/laporan/kemendagri/laporan.xlsx?periode=${period().key}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const ws = wb.getWorksheet("Laporan")!;
    const headers = (ws.getRow(5).values as string[]).slice(1);
    const row = ws.getRow(6);
    const first = must(r.rows[0], "the report's first row");
    for (const [header, iso] of [
      ["Ditandatangani", first.signedOn],
      ["Mulai", first.start],
      ["Berakhir", first.end],
    ] as const) {
      const cell = row.getCell(headers.indexOf(header) + 1);
      expect(cell.value, header).toEqual(new Date(`${iso}T00:00:00Z`));
      expect(cell.numFmt, header).toBe("dd/mm/yyyy");
    }
  });

  it("when an incomplete report is sent without confirming then it is refused; confirmed, the files are kept as sent and can be downloaded again", async () => {
    const { agent } = await login(t.app, "penatalaksana");
    const from = `/laporan/kemendagri?periode=${period().key}`;
    const refused = await postForm(agent, "/laporan/kemendagri/kirim", { periode: period().key, recipient: "Kemendagri", sentOn: todayJakarta() }, from);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain("belum lengkap");
    expect(await t.prisma.reportSubmission.count()).toBe(0);
    const future = await postForm(
      agent,
      "/laporan/kemendagri/kirim",
      { periode: period().key, recipient: "Kemendagri", sentOn: "2999-01-01", confirm: "ya" },
      from,
    );
    expect(future.status).toBe(422);
    const ok = await postForm(
      agent,
      "/laporan/kemendagri/kirim",
      { periode: period().key, recipient: "Kemendagri dan Gubernur DIY", sentOn: todayJakarta(), confirm: "ya" },
      from,
    );
    expect(ok.status).toBe(302);
    const sent = await t.prisma.reportSubmission.findFirstOrThrow();
    expect(sent.incomplete).toBeGreaterThan(0);
    const again = await getBytes(agent, `/laporan/kemendagri/arsip/${sent.id}/xlsx`);
    expect(createHash("sha256").update(again.body).digest("hex")).toBe(sent.xlsxSha256);
    expect((await agent.get(from)).text).toContain("Kemendagri dan Gubernur DIY");
  });

  it("when the leadership reads and an SKPD user tries then the one reads but may not send, the other sees nothing; a bad period is a 400", async () => {
    const boss = (await login(t.app, "pimpinan")).agent;
    expect((await boss.get("/laporan/kemendagri")).status).toBe(200);
    expect(
      (
        await postForm(
          boss,
          "/laporan/kemendagri/kirim",
          { periode: period().key, recipient: "X Y Z", sentOn: todayJakarta(), confirm: "ya" },
          "/laporan/kemendagri",
        )
      ).status,
    ).toBe(403);
    expect((await (await login(t.app, "skpd.pariwisata")).agent.get("/laporan/kemendagri")).status).toBe(403);
    const bad = await boss.get("/laporan/kemendagri?periode=2026-S3");
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("Periode laporan tidak dikenal");
  });
});

describe("any script", () => {
  it("when a partner is named in Japanese and Vietnamese, with a line break in another name, then the PDF gives the exact names back, every font embedded, with title, author and language", async () => {
    const partner = "京都市 / Thành phố Đà Nẵng";
    await buildCase(t.prisma, a, { row: 20, title: "Kerja sama kota kembar Kyoto", partnerName: partner });
    await buildCase(t.prisma, a, { row: 20, title: "Kerja sama baris\r\nbaru", partnerName: "PT Dua\nBaris" });
    const { agent } = await login(t.app, "kasubbag");
    const pdf = (await getBytes(agent, `/laporan/kemendagri/laporan.pdf?periode=${period().key}`)).body;
    const items = await pdfItems(pdf);
    // The partner column (90 pt wide): the pieces drawn between its edges, line by line, in reading order.
    const header = items.find((i) => i.str === "Mitra")!;
    const inColumn = (i: { x: number }) => i.x >= header.x - 1 && i.x < header.x + 86;
    const column = (from: string) => {
      const top = items.find((i) => i.str.startsWith(from) && inColumn(i))!;
      return items
        .filter((i) => i.page === top.page && inColumn(i) && i.y <= top.y && top.y - i.y < 30)
        .sort((p, q) => q.y - p.y || p.x - q.x)
        .map((i, n, all) => (n && all[n - 1]?.y !== i.y ? " " : "") + i.str)
        .join("")
        .replace(/\s+/g, " ");
    };
    expect(column("京都市")).toContain(partner);
    expect(column("PT Dua")).toContain("PT Dua Baris");
    const all = (await pdfText(pdf)).join(" ");
    expect(all).not.toContain("?");
    expect(all).toContain("Kerja sama baris baru");
    const fonts = await pdfFontList(pdf);
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    expect(fonts.every((f) => f.embedded)).toBe(true);
    const info = await pdfInfo(pdf);
    expect(info.title).toContain("Laporan Kerja Sama Daerah");
    expect(info.author).toBe("Pemerintah Kota Yogyakarta");
    expect(info.lang).toBe("id-ID");
  });
});
