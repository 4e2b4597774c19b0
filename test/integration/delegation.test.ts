// Issue 12: an absent official's work is done by an acting one (Plh/Plt), recorded with both names.
import { describe, expect, it } from "vitest";
import type request from "supertest";
import { loadRequestUser } from "../../src/features/auth/request-user.js";
import { delegationProblems } from "../../src/features/delegations/delegation-service.js";
import { checkUpload, writeBlob } from "../../src/platform/files/blob-store.js";
import { addDays } from "../../src/platform/http/dates.js";
import { usersHolding } from "../../src/features/notifications/holders.js";
import { todayJakarta, toDbDate } from "../../src/core/calendar/calendar.js";
import { applyTransition } from "../../src/core/workflow/transition-service.js";
import { csrfFrom, login, makeUser, postForm } from "../helpers/app.js";
import { buildCase, PDF, uploadsFor, useWorkflowApp } from "../helpers/workflow.js";
import { runDailyJob } from "../../src/features/jobs/daily-job.js";

const { t, a } = useWorkflowApp();

/** The Penelaah acts for the Kabag from `from` to `until` (written directly, past the form and its rule). */
async function plh(from: string, until: string, actingId = a.penelaah.id, absentId = a.kabag.id, createdById = a.admin.id) {
  const decree = await checkUpload(PDF, "sprint.pdf");
  await t.prisma.$transaction((tx) => writeBlob(tx, decree));
  return t.prisma.delegation.create({
    data: {
      kind: "PLH",
      actingId,
      absentId,
      fromDay: toDbDate(from),
      untilDay: toDbDate(until),
      decreeNumber: "800/12/2026",
      decreeSha256: decree.sha256,
      decreeName: "sprint.pdf",
      createdById,
    },
  });
}

/** Posts the /plh form as `agent` for today and the next five days. */
async function postPlh(agent: request.Agent, actingId: number, absentId: number, decreeNumber: string) {
  const today = todayJakarta();
  const token = await csrfFrom(agent, "/plh");
  return agent
    .post("/plh")
    .field("_csrf", token)
    .field("kind", "PLH")
    .field("actingId", String(actingId))
    .field("absentId", String(absentId))
    .field("fromDay", today)
    .field("untilDay", addDays(today, 5))
    .field("decreeNumber", decreeNumber)
    .attach("scan", PDF, "sprint.pdf");
}
const endAll = (decreeNumber: string) =>
  t.prisma.delegation.updateMany({ where: { decreeNumber, endedAt: null }, data: { endedAt: new Date(), endReason: "uji selesai" } });
const userAt = async (id: number, now: Date) => (await loadRequestUser(t.db.sql, id, now)).user!;

describe("acting officials", () => {
  it("when a window runs from 1 to 3 December then it starts and ends at midnight in Jakarta", async () => {
    const d = await plh("2026-12-01", "2026-12-03");
    try {
      expect((await userAt(a.penelaah.id, new Date("2026-11-30T16:59:00Z"))).roles).not.toContain("KABAG"); // 23.59 WIB on 30 Nov
      const first = await userAt(a.penelaah.id, new Date("2026-11-30T17:00:00Z")); // 00.00 WIB on 1 Dec
      expect(first.roles).toEqual(expect.arrayContaining(["PENELAAH", "KABAG"]));
      expect(first.ownRoles).toEqual(["PENELAAH"]);
      expect(first.acting?.[0]?.absentName).toBe(a.kabag.fullName);
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

  it("when the daily job runs for a day inside a Plh window that is not today then the Plh is told of the Kabag's overdue task", async () => {
    const c = await buildCase(t.prisma, a, { row: 6, title: "Terlambat saat Plh" });
    const task = await t.prisma.task.findFirstOrThrow({ where: { caseId: c.id, status: "OPEN" } });
    expect(task.roles).toContain("KABAG");
    // Sixty days on, the task is overdue, and the Penelaah acts for the Kabag that week only.
    const day = addDays(todayJakarta(), 60);
    const d = await plh(addDays(day, -1), addDays(day, 1));
    try {
      const r = await runDailyJob(t.prisma, t.config, { now: new Date(`${day}T02:00:00Z`), instance: "uji-plh" });
      expect(r.ran).toBe(true);
      const told = (userId: number) => t.prisma.notification.count({ where: { userId, kind: "OVERDUE", link: `/kasus/${c.id}` } });
      expect(await told(a.kabag.id)).toBe(1);
      expect(await told(a.penelaah.id)).toBe(1);
    } finally {
      await t.prisma.delegation.delete({ where: { id: d.id } });
    }
  });

  it("when the Plh takes the Kabag's action at row 6 then the case moves and the event names both", async () => {
    const today = todayJakarta();
    const d = await plh(today, addDays(today, 2));
    try {
      const c = await buildCase(t.prisma, a, { row: 6, title: "Kerja sama diputus Plh" });
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
      await buildCase(t.prisma, a, { row: 6, title: "Menunggu disposisi Plh" });
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
      const c = await buildCase(t.prisma, a, { row: 6, title: "Usulan sendiri" });
      await t.prisma.case.update({ where: { id: c.id }, data: { createdById: a.penelaah.id } });
      const fresh = await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } });
      const acting = await userAt(a.penelaah.id, new Date());
      await expect(
        applyTransition(t.prisma, { caseId: c.id, expectedVersion: fresh.version, actionId: "setuju", user: acting, uploads: await uploadsFor(["disposisi"]) }),
      ).rejects.toMatchObject({ status: 403 });
      expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).currentRow).toBe(6);
    } finally {
      await t.prisma.delegation.update({ where: { id: d.id }, data: { endedAt: new Date(), endReason: "uji selesai" } });
    }
  });

  it("when ADMIN records a Plh with a decree then it takes effect, a bad form says what is wrong, and ending it early is audited", async () => {
    const { agent } = await login(t.app, "admin");
    const today = todayJakarta();
    const token = await csrfFrom(agent, "/plh");
    const bad = await agent
      .post("/plh")
      .field("_csrf", token)
      .field("kind", "PLH")
      .field("actingId", String(a.kasubbag.id))
      .field("absentId", String(a.kasubbag.id))
      .field("fromDay", addDays(today, 3))
      .field("untilDay", today)
      .field("decreeNumber", "8")
      .attach("scan", PDF, "sprint.pdf");
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Tanggal selesai sebelum tanggal mulai");
    expect(bad.text).toContain("tidak boleh pejabat yang berhalangan sendiri");
    expect(bad.text).toContain("minimal 3 karakter");
    const before = await t.prisma.delegation.count();

    const token2 = await csrfFrom(agent, "/plh");
    const ok = await agent
      .post("/plh")
      .field("_csrf", token2)
      .field("kind", "PLT")
      .field("actingId", String(a.kasubbag.id))
      .field("absentId", String(a.kabag.id))
      .field("fromDay", today)
      .field("untilDay", addDays(today, 10))
      .field("decreeNumber", "800.1.3/45/2026")
      .attach("scan", PDF, "sprint-plt.pdf");
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

describe("who may act for whom (issue 20, finding 7)", () => {
  it("when the Kabag records himself as acting official for the TKKSD then it is refused with every reason and nothing is saved", async () => {
    const { agent } = await login(t.app, "kabag");
    const before = await t.prisma.delegation.count();
    const res = await postPlh(agent, a.kabag.id, a.tkksd.id, "800/20/2026");
    expect(res.status).toBe(422);
    expect(res.text).toContain("Pejabat pengganti tidak boleh mencatat penunjukan dirinya sendiri");
    expect(res.text).toContain("hanya dapat digantikan oleh anggota TKKSD lain yang tidak memegang jabatan di Bagian Kerjasama");
    expect(res.text).toContain('aria-describedby="actingId-error"');
    expect(await t.prisma.delegation.count()).toBe(before);
  });

  it("when the Kabag records any appointment of himself then it is refused, and ADMIN may record the same one", async () => {
    const { agent } = await login(t.app, "kabag");
    // Even a Plh the chain allows (the Ka.Subbag for the Kabag) is not recorded by the Kabag himself.
    const own = await postPlh(agent, a.kasubbag.id, a.kabag.id, "800/21/2026");
    expect(own.status).toBe(422);
    expect(own.text).toContain("Pejabat yang berhalangan tidak boleh mencatat penggantinya sendiri");
    expect(await t.prisma.delegation.count({ where: { decreeNumber: "800/21/2026" } })).toBe(0);
    const admin = await login(t.app, "admin");
    try {
      expect((await postPlh(admin.agent, a.kasubbag.id, a.kabag.id, "800/21/2026")).status).toBe(302);
      expect((await userAt(a.kasubbag.id, new Date())).roles).toContain("KABAG");
    } finally {
      await endAll("800/21/2026");
    }
  });

  it("when ADMIN appoints the Penelaah for the Kabag by the chain then it is accepted and the Penelaah holds the Kabag's work", async () => {
    const admin = await login(t.app, "admin");
    try {
      const res = await postPlh(admin.agent, a.penelaah.id, a.kabag.id, "800/22/2026");
      expect(res.status).toBe(302);
      const acting = await userAt(a.penelaah.id, new Date());
      expect(acting.roles).toEqual(expect.arrayContaining(["PENELAAH", "KABAG"]));
      // The form shows who may act for whom, from the same data.
      const form = (await admin.agent.get("/plh")).text;
      expect(form).toContain("Siapa dapat menggantikan siapa");
      expect(form).toContain("sesama Kepala Bagian, atau Ka.Subbag atau Penelaah (langsung di bawahnya)");
    } finally {
      await endAll("800/22/2026");
    }
  });

  it("when a member of the Bagian Kerjasama is appointed for the TKKSD then it is refused, and a TKKSD member outside the Bagian is accepted", async () => {
    const admin = await login(t.app, "admin");
    const refused = await postPlh(admin.agent, a.kasubbag.id, a.tkksd.id, "800/23/2026");
    expect(refused.status).toBe(422);
    expect(refused.text).toContain("hanya dapat digantikan oleh anggota TKKSD lain");
    // A TKKSD member who also works in the Bagian is refused too: the Bagian's drafts go to the TKKSD.
    const both = await makeUser(t.prisma, { roles: ["TKKSD", "PENELAAH"], username: "tkksd.dan.penelaah" });
    const mixed = await postPlh(admin.agent, both.id, a.tkksd.id, "800/23/2026");
    expect(mixed.status).toBe(422);
    expect(mixed.text).toContain("ia memegang jabatan Penelaah Kerjasama");
    expect(await t.prisma.delegation.count({ where: { decreeNumber: "800/23/2026" } })).toBe(0);
    const member = await makeUser(t.prisma, { roles: ["TKKSD"], username: "tkksd.anggota" });
    try {
      expect((await postPlh(admin.agent, member.id, a.tkksd.id, "800/23/2026")).status).toBe(302);
      expect((await userAt(member.id, new Date())).roles).toContain("TKKSD");
    } finally {
      await endAll("800/23/2026");
    }
  });

  it("when the form is checked against each pair then it follows the chain: peers and one level below, never upwards or across", async () => {
    const today = todayJakarta();
    const problems = (actingId: number, absentId: number) =>
      delegationProblems(t.prisma, { actingId, absentId, fromDay: today, untilDay: addDays(today, 3), recorderId: a.admin.id });
    expect(await problems(a.penatalaksana.id, a.penelaah.id)).toEqual({});
    expect(await problems(a.penelaah.id, a.kasubbag.id)).toEqual({});
    expect(await problems(a.kasubbag.id, a.kabag.id)).toEqual({});
    // The Kabag acting for the Penelaah would hold row 3 on top of rows 5 and 6.
    expect((await problems(a.kabag.id, a.penelaah.id)).actingId).toContain("Jabatan Penelaah Kerjasama hanya dapat digantikan oleh");
    expect((await problems(a.penatalaksana.id, a.kabag.id)).actingId).toContain("Jabatan Kepala Bagian Kerjasama hanya dapat digantikan oleh");
    expect((await problems(a.kabag.id, a.pimpinan.id)).actingId).toContain("hanya dapat digantikan oleh sesama Pimpinan");
    expect((await problems(a.tkksd.id, a.kabag.id)).actingId).toBeDefined();
  });

  it("when a delegation that breaks the rule is already stored then it grants no role at request time, no notices, and ADMIN sees it with the reason and ends it", async () => {
    const today = todayJakarta();
    // Written straight into the database, past the form: the Kabag for the TKKSD, recorded by himself.
    const bad = await plh(today, addDays(today, 5), a.kabag.id, a.tkksd.id, a.kabag.id);
    // The Penelaah for the Kabag is allowed by the chain, but the Penelaah recorded it himself.
    const self = await plh(today, addDays(today, 5), a.penelaah.id, a.kabag.id, a.penelaah.id);
    try {
      const kabag = await userAt(a.kabag.id, new Date());
      expect(kabag.roles).toEqual(["KABAG"]);
      expect(kabag.acting).toBeUndefined();
      expect((await userAt(a.penelaah.id, new Date())).roles).toEqual(["PENELAAH"]);
      expect(await usersHolding(t.prisma, ["TKKSD"], null, today)).not.toContain(a.kabag.id);
      expect(await usersHolding(t.prisma, ["KABAG"], null, today)).not.toContain(a.penelaah.id);
      // The Kabag's session may not close a TKKSD meeting (which approves his own drafts).
      const asKabag = await login(t.app, "kabag");
      expect((await asKabag.agent.get("/")).text).not.toContain("Hari ini juga");
      const meeting = await t.prisma.tkksdMeeting.create({
        data: { heldOn: toDbDate(today), startsAt: "09.00", place: "Ruang rapat", createdById: a.admin.id },
      });
      expect((await postForm(asKabag.agent, `/tkksd/${meeting.id}/terapkan`, {})).status).toBe(403);

      const { agent } = await login(t.app, "admin");
      const page = await agent.get("/plh");
      expect(page.text).toContain("Penunjukan yang melanggar aturan");
      expect(page.text).toContain("Pejabat pengganti tidak boleh mencatat penunjukan dirinya sendiri");
      expect(page.text).toContain("hanya dapat digantikan oleh anggota TKKSD lain");
      expect(page.text).toContain("Tidak berlaku: melanggar aturan");
      // The Kabag sees the same list on the same page.
      expect((await asKabag.agent.get("/plh")).text).toContain("Penunjukan yang melanggar aturan");

      expect((await postForm(agent, `/plh/${bad.id}/akhiri`, { reason: "Melanggar aturan pejabat pengganti" }, "/plh")).status).toBe(302);
      expect((await postForm(agent, `/plh/${self.id}/akhiri`, { reason: "Melanggar aturan pejabat pengganti" }, "/plh")).status).toBe(302);
      expect((await agent.get("/plh")).text).not.toContain("Penunjukan yang melanggar aturan");
      expect(await t.prisma.adminLog.count({ where: { action: "delegation.end", target: { in: [`delegation:${bad.id}`, `delegation:${self.id}`] } } })).toBe(2);
    } finally {
      await t.prisma.delegation.updateMany({
        where: { id: { in: [bad.id, self.id] }, endedAt: null },
        data: { endedAt: new Date(), endReason: "uji selesai" },
      });
    }
  });
});
