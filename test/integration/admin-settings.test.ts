import { describe, expect, it } from "vitest";
import { replacementNumber } from "../../src/features/copies/replacement-number.js";
import { voidCaseNumber } from "../../src/features/numbering/void-case-number.js";
import { loadCalendar } from "../../src/core/calendar/holiday-service.js";
import { todayJakarta } from "../../src/core/calendar/calendar.js";
import { csrfFrom, login, postForm } from "../helpers/app.js";
import { buildCase, useWorkflowApp } from "../helpers/workflow.js";

const { t, a } = useWorkflowApp();

describe("holiday table", () => {
  it("when the app starts then this year's and next year's national holidays are seeded once", async () => {
    const y = Number(todayJakarta().slice(0, 4));
    expect(await t.prisma.holiday.count({ where: { date: new Date(`${y}-08-17T00:00:00Z`) } })).toBe(1);
    expect(await t.prisma.holiday.count({ where: { date: new Date(`${y + 1}-12-25T00:00:00Z`) } })).toBe(1);
  });

  it("when an admin adds cuti bersama then working days skip it; a bad date is refused with a message", async () => {
    const { agent } = await login(t.app, "admin");
    const bad = await postForm(agent, "/admin/libur", { date: "2027-02-30x", name: "Salah", kind: "CUTI_BERSAMA" }, "/admin/libur");
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("tanggal tidak valid");
    // A date that is not on the calendar is refused, not shifted to 2 March.
    const impossible = await postForm(agent, "/admin/libur", { date: "2027-02-30", name: "Tidak ada", kind: "CUTI_BERSAMA" }, "/admin/libur");
    expect(impossible.status).toBe(422);
    expect(impossible.text).toContain("tanggal tidak valid");
    expect(
      await t.prisma.holiday.count({ where: { date: { in: [new Date("2027-03-02T00:00:00Z"), new Date("2027-02-28T00:00:00Z")] }, name: "Tidak ada" } }),
    ).toBe(0);
    const before = (await loadCalendar(t.prisma)).addWorkingDays("2027-09-06", 1);
    expect(before).toBe("2027-09-07");
    const ok = await postForm(agent, "/admin/libur", { date: "2027-09-07", name: "Cuti bersama uji", kind: "CUTI_BERSAMA" }, "/admin/libur");
    expect(ok.status).toBe(302);
    expect((await loadCalendar(t.prisma)).addWorkingDays("2027-09-06", 1)).toBe("2027-09-08");
    const del = await postForm(agent, "/admin/libur/hapus", { date: "2027-09-07" }, "/admin/libur?tahun=2027");
    expect(del.status).toBe(302);
    expect((await loadCalendar(t.prisma)).addWorkingDays("2027-09-06", 1)).toBe("2027-09-07");
  });

  it("when a non-admin opens the holiday table then it is 403", async () => {
    const { agent } = await login(t.app, "kabag");
    expect((await agent.get("/admin/libur")).status).toBe(403);
  });
});

describe("numbering format and voiding", () => {
  it("when the admin saves a format without {seq} then it is refused; a valid one is used for the next number", async () => {
    const { agent } = await login(t.app, "admin");
    const bad = await postForm(
      agent,
      "/admin/pengaturan",
      { domestic: "100.3.7.1/{year}", foreign: "100.3.7.2/{seq}/{year}", unit: "P3ADK" },
      "/admin/pengaturan",
    );
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Format wajib memuat {seq}");
    const ok = await postForm(
      agent,
      "/admin/pengaturan",
      { domestic: "KS/{seq}/{unit}/{month}/{year}", foreign: "100.3.7.2/{seq}/{unit}/{roman month}/{year}", unit: "KERJASAMA" },
      "/admin/pengaturan",
    );
    expect(ok.status).toBe(302);
    const c = await buildCase(t.prisma, a, { row: 15, title: "Format nomor baru" });
    const n = await t.prisma.registerNumber.findFirstOrThrow({ where: { caseId: c.id } });
    expect(n.number).toMatch(/^KS\/\d+\/KERJASAMA\/\d{2}\/\d{4}$/);
    expect(n.partnerNumber).toMatch(/^MITRA\/001\/\d{4}$/);
  });

  it("when a number is voided then it keeps its reason, is never reused, and a replacement takes the next sequence", async () => {
    const c = await buildCase(t.prisma, a, { row: 15, title: "Nomor yang dibatalkan" });
    const n = await t.prisma.registerNumber.findFirstOrThrow({ where: { caseId: c.id } });
    await expect(voidCaseNumber(t.prisma, a.penatalaksana, n.id, "x")).rejects.toThrow(/alasan/);
    await expect(voidCaseNumber(t.prisma, a.kabag, n.id, "Salah ketik tahun")).rejects.toThrow(/Penatalaksana/);
    await voidCaseNumber(t.prisma, a.penatalaksana, n.id, "Salah ketik tahun");
    const voided = await t.prisma.registerNumber.findUniqueOrThrow({ where: { id: n.id } });
    expect(voided.voidReason).toBe("Salah ketik tahun");
    const r = await replacementNumber(t.prisma, a.penatalaksana, c.id, "MOU");
    expect(r.seq).toBeGreaterThan(n.seq ?? Infinity);
    const all = await t.prisma.registerNumber.findMany({ where: { series: n.series, year: n.year }, orderBy: { seq: "asc" } });
    expect(all.map((x) => x.seq)).toEqual(all.map((_, i) => i + 1));
    expect((await t.prisma.agreement.findFirstOrThrow({ where: { caseId: c.id, kind: "MOU" } })).cityNumber).toBe(r.number);
    const ev = await t.prisma.caseEvent.findFirstOrThrow({ where: { caseId: c.id, action: "batal_nomor" } });
    expect(ev.reason).toBe("Salah ketik tahun");
    await expect(replacementNumber(t.prisma, a.penatalaksana, c.id, "MOU")).rejects.toThrow(/Masih ada nomor yang berlaku/);
  });

  it("when an SKPD user tries to void a number over HTTP then it is 403", async () => {
    const n = await t.prisma.registerNumber.findFirstOrThrow();
    const { agent } = await login(t.app, "skpd.pariwisata");
    const res = await agent
      .post(`/nomor/${n.id}/batal`)
      .type("form")
      .send({ _csrf: await csrfFrom(agent, "/"), reason: "Coba-coba saja" });
    expect(res.status).toBe(403);
  });
});
