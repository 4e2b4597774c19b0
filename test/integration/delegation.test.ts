// Issue 12: an absent official's work is done by an acting one (Plh/Plt), recorded with both names.
import { describe, expect, it } from "vitest";
import { loadRequestUser } from "../../src/auth/request-user.js";
import { checkUpload, writeBlob } from "../../src/documents/storage.js";
import { addDays } from "../../src/http/dates.js";
import { usersHolding } from "../../src/notifications/notification-service.js";
import { todayJakarta, toDbDate } from "../../src/workflow/calendar.js";
import { applyTransition } from "../../src/workflow/transition-service.js";
import { csrfFrom, login, postForm } from "../helpers/app.js";
import { caseAtRow, PDF, uploadsFor, useWorkflowApp } from "../helpers/workflow.js";

const { t, a } = useWorkflowApp();

/** The Penelaah acts for the Kabag from `from` to `until` (written directly, as the form would). */
async function plh(from: string, until: string, actingId = a.penelaah.id, absentId = a.kabag.id) {
  const decree = await checkUpload(PDF, "sprint.pdf");
  await t.prisma.$transaction((tx) => writeBlob(tx, decree));
  return t.prisma.delegation.create({
    data: { kind: "PLH", actingId, absentId, fromDay: toDbDate(from), untilDay: toDbDate(until), decreeNumber: "800/12/2026", decreeSha256: decree.sha256, decreeName: "sprint.pdf", createdById: a.admin.id },
  });
}
const userAt = async (id: number, now: Date) => (await loadRequestUser(t.db.sql, id, now)).user!;

describe("acting officials", () => {
  it("when a window runs from 1 to 3 December then it starts and ends at midnight in Jakarta", async () => {
    const d = await plh("2026-12-01", "2026-12-03");
    try {
      expect((await userAt(a.penelaah.id, new Date("2026-11-30T16:59:00Z"))).roles).not.toContain("KABAG"); // 23.59 WIB on 30 Nov
      const first = await userAt(a.penelaah.id, new Date("2026-11-30T17:00:00Z")); // 00.00 WIB on 1 Dec
      expect(first.roles).toEqual(expect.arrayContaining(["PENELAAH", "KABAG"]));
      expect(first.ownRoles).toEqual(["PENELAAH"]);
      expect(first.acting![0].absentName).toBe(a.kabag.fullName);
      expect((await userAt(a.penelaah.id, new Date("2026-12-03T16:59:00Z"))).roles).toContain("KABAG"); // 23.59 WIB on 3 Dec
      expect((await userAt(a.penelaah.id, new Date("2026-12-03T17:00:00Z"))).roles).not.toContain("KABAG"); // 4 Dec
      // The Kabag keeps their own position: both hold it.
      expect((await userAt(a.kabag.id, new Date("2026-12-02T03:00:00Z"))).roles).toContain("KABAG");
      // Notices for the Kabag's tasks reach the Plh during the window only.
      expect(await usersHolding(t.prisma, ["KABAG"], null, "2026-12-02")).toContain(a.penelaah.id);
      expect(await usersHolding(t.prisma, ["KABAG"], null, "2026-12-04")).not.toContain(a.penelaah.id);
    } finally {
      await t.prisma.delegation.delete({ where: { id: d.id } });
    }
  });

  it("when the Plh takes the Kabag's action at row 6 then the case moves and the event names both", async () => {
    const today = todayJakarta();
    const d = await plh(today, addDays(today, 2));
    try {
      const c = await caseAtRow(t.prisma, a, 6, { title: "Kerja sama diputus Plh" });
      const acting = await userAt(a.penelaah.id, new Date());
      await applyTransition(t.prisma, { caseId: c.id, expectedVersion: c.version, actionId: "setuju", user: acting, uploads: await uploadsFor(["disposisi"]) });
      const ev = await t.prisma.caseEvent.findFirstOrThrow({ where: { caseId: c.id, action: "setuju" } });
      expect(ev.actorId).toBe(a.penelaah.id);
      expect(ev.role).toBe("KABAG");
      expect((ev.data as { actingAs: string }).actingAs).toBe(`Plh Kepala Bagian Kerjasama (${a.kabag.fullName})`);
      const { agent } = await login(t.app, "kabag");
      expect((await agent.get(`/kasus/${c.id}`)).text).toContain(`${a.penelaah.fullName} sebagai Plh Kepala Bagian Kerjasama (${a.kabag.fullName})`);
    } finally {
      await t.prisma.delegation.update({ where: { id: d.id }, data: { endedAt: new Date(), endReason: "uji selesai" } });
    }
  });

  it("when the Plh's inbox opens then the absent Kabag's tasks are there, marked 'sebagai Plh'", async () => {
    const today = todayJakarta();
    const d = await plh(today, addDays(today, 2));
    try {
      await caseAtRow(t.prisma, a, 6, { title: "Menunggu disposisi Plh" });
      const { agent } = await login(t.app, "penelaah");
      const inbox = await agent.get("/inbox?q=Menunggu+disposisi+Plh");
      expect(inbox.text).toContain("Menunggu disposisi Plh");
      expect(inbox.text).toContain("sebagai Plh Kepala Bagian Kerjasama");
      // Acting as Kabag does not make one a manager of acting officials.
      expect((await agent.get("/plh")).status).toBe(403);
      expect((await agent.get("/")).text).toContain("Hari ini juga");
    } finally {
      await t.prisma.delegation.update({ where: { id: d.id }, data: { endedAt: new Date(), endReason: "uji selesai" } });
    }
  });

  it("when the Plh proposed the case themself then they may not decide it as Plh", async () => {
    const today = todayJakarta();
    const d = await plh(today, addDays(today, 2));
    try {
      const c = await caseAtRow(t.prisma, a, 6, { title: "Usulan sendiri" });
      await t.prisma.case.update({ where: { id: c.id }, data: { createdById: a.penelaah.id } });
      const fresh = await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } });
      const acting = await userAt(a.penelaah.id, new Date());
      await expect(applyTransition(t.prisma, { caseId: c.id, expectedVersion: fresh.version, actionId: "setuju", user: acting, uploads: await uploadsFor(["disposisi"]) })).rejects.toMatchObject({ status: 403 });
      expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).currentRow).toBe(6);
    } finally {
      await t.prisma.delegation.update({ where: { id: d.id }, data: { endedAt: new Date(), endReason: "uji selesai" } });
    }
  });

  it("when ADMIN records a Plh with a decree then it takes effect, a bad form says what is wrong, and ending it early is audited", async () => {
    const { agent } = await login(t.app, "admin");
    const today = todayJakarta();
    const token = await csrfFrom(agent, "/plh");
    const bad = await agent.post("/plh").field("_csrf", token).field("kind", "PLH").field("actingId", String(a.kasubbag.id)).field("absentId", String(a.kasubbag.id))
      .field("fromDay", addDays(today, 3)).field("untilDay", today).field("decreeNumber", "8").attach("scan", PDF, "sprint.pdf");
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Tanggal selesai sebelum tanggal mulai");
    expect(bad.text).toContain("tidak boleh pejabat yang berhalangan sendiri");
    expect(bad.text).toContain("minimal 3 karakter");
    const before = await t.prisma.delegation.count();

    const token2 = await csrfFrom(agent, "/plh");
    const ok = await agent.post("/plh").field("_csrf", token2).field("kind", "PLT").field("actingId", String(a.kasubbag.id)).field("absentId", String(a.kabag.id))
      .field("fromDay", today).field("untilDay", addDays(today, 10)).field("decreeNumber", "800.1.3/45/2026").attach("scan", PDF, "sprint-plt.pdf");
    expect(ok.status).toBe(302);
    expect(await t.prisma.delegation.count()).toBe(before + 1);
    const d = await t.prisma.delegation.findFirstOrThrow({ where: { decreeNumber: "800.1.3/45/2026" } });
    expect((await userAt(a.kasubbag.id, new Date())).roles).toContain("KABAG");
    const list = await agent.get("/plh");
    expect(list.text).toContain("800.1.3/45/2026");
    expect(list.text).toContain("Berlaku");
    expect((await agent.get(`/plh/${d.id}/surat`)).status).toBe(200);

    expect((await postForm(agent, `/plh/${d.id}/akhiri`, { reason: "x" }, "/plh")).status).toBe(422);
    expect((await postForm(agent, `/plh/${d.id}/akhiri`, { reason: "Pejabat sudah kembali bertugas" }, "/plh")).status).toBe(302);
    expect((await postForm(agent, `/plh/${d.id}/akhiri`, { reason: "Pejabat sudah kembali bertugas" }, "/plh")).status).toBe(409);
    expect((await userAt(a.kasubbag.id, new Date())).roles).not.toContain("KABAG");
    const log = await t.prisma.adminLog.findMany({ where: { target: `delegation:${d.id}` }, orderBy: { id: "asc" } });
    expect(log.map((l) => l.action)).toEqual(["delegation.create", "delegation.end"]);
  });
});
