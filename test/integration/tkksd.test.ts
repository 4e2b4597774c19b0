// Issue 11, part 3: TKKSD meetings. An agenda from the cases waiting for the TKKSD,
// attendance and decisions, and closing: numbered minutes generated and attached,
// each decision applied in its own case's transaction, one failure not blocking
// the others, and nothing applied twice.
import { describe, expect, it } from "vitest";
import { must } from "../../src/platform/must.js";
import { applyTransition } from "../../src/core/workflow/transition-service.js";
import { todayJakarta } from "../../src/core/calendar/calendar.js";
import { csrfFrom, login, postForm } from "../helpers/app.js";
import { pdfFontList, pdfInfo, pdfLines } from "../helpers/pdf.js";
import { buildCase, useWorkflowApp } from "../helpers/workflow.js";
import dayjs from "../../src/platform/time.js";
import { formatIsoDate } from "../../src/platform/time.js";

const { t, a } = useWorkflowApp();

type Agent = Awaited<ReturnType<typeof login>>["agent"];
const pdfOf = (agent: Agent, url: string) =>
  agent
    .get(url)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => cb(null, Buffer.concat(chunks)));
    });

describe("TKKSD meetings", () => {
  it("when a meeting adopts one potential, returns one, rejects one that has moved on meanwhile and approves a final draft then all but the moved one are applied with the numbered minutes, and closing again applies nothing twice", async () => {
    const adopt = await buildCase(t.prisma, a, { row: 4, title: "Potensi ditetapkan rapat" });
    const back = await buildCase(t.prisma, a, { row: 4, title: "Potensi dikembalikan rapat" });
    const moved = await buildCase(t.prisma, a, { row: 4, title: "Potensi ditarik sebelum rapat ditutup" });
    const draft = await buildCase(t.prisma, a, { row: 12, title: "Draf final MoU dibahas rapat" });

    const sec = await login(t.app, "penatalaksana");
    const list = await sec.agent.get("/tkksd");
    for (const title of [adopt.title, moved.title, draft.title]) expect(list.text).toContain(title);
    const bad = await postForm(sec.agent, "/tkksd", { heldOn: "2026-12-03", startsAt: "9 pagi", place: "Ruang Bima" }, "/tkksd");
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Jam mulai ditulis JJ.MM");
    const created = await postForm(
      sec.agent,
      "/tkksd",
      { heldOn: "2026-12-03", startsAt: "09.00", place: "Ruang Rapat Bima, Balai Kota", caseIds: [adopt.id, back.id, moved.id, draft.id].map(String) },
      "/tkksd",
    );
    expect(created.status).toBe(302);
    const meetingId = Number(must(created.headers.location, "the redirect").split("/").pop());
    const items = await t.prisma.tkksdMeetingItem.findMany({ where: { meetingId }, orderBy: { id: "asc" } });
    expect(items.map((i) => [i.caseId, i.subject])).toEqual([
      [adopt.id, "POTENSI"],
      [back.id, "POTENSI"],
      [moved.id, "POTENSI"],
      [draft.id, "TKKSD_MOU"],
    ]);
    // A case on an open meeting's agenda is not offered for another; a stale form is told so and keeps what was typed.
    expect((await sec.agent.get("/tkksd")).text).not.toContain(`value="${adopt.id}"`);
    const stale = await postForm(
      sec.agent,
      "/tkksd",
      { heldOn: "2026-12-04", startsAt: "10.00", place: "Ruang Rapat Kedua", caseIds: String(adopt.id) },
      "/tkksd",
    );
    expect(stale.status).toBe(409);
    expect(stale.text).toContain("sudah masuk agenda rapat lain");
    expect(await t.prisma.tkksdMeeting.count({ where: { place: "Ruang Rapat Kedua" } })).toBe(0);

    const invitation = await pdfOf(sec.agent, `/tkksd/${meetingId}/undangan.pdf`);
    expect(invitation.status).toBe(200);
    expect((invitation.body as Buffer).subarray(0, 5).toString()).toBe("%PDF-");

    const item = (caseId: number) => items.find((i) => i.caseId === caseId)!.id;
    const decisions = {
      [`decision_${item(adopt.id)}`]: "ADOPT",
      [`decision_${item(back.id)}`]: "RETURN",
      [`reason_${item(back.id)}`]: "Lengkapi rincian pembiayaan bersama",
      [`decision_${item(moved.id)}`]: "REJECT",
      [`reason_${item(moved.id)}`]: "Tidak sesuai prioritas RPJMD",
      [`decision_${item(draft.id)}`]: "ADOPT",
    };
    // The secretariat records; only the TKKSD closes.
    const notTkksd = await postForm(sec.agent, `/tkksd/${meetingId}`, { ...decisions, attendance: "", intent: "tutup" }, `/tkksd/${meetingId}`);
    expect(notTkksd.status).toBe(403);
    expect((await t.prisma.tkksdMeetingItem.findUniqueOrThrow({ where: { id: item(adopt.id) } })).decision).toBe("ADOPT");

    const tkksd = await login(t.app, "tkksd");
    const incomplete = await postForm(
      tkksd.agent,
      `/tkksd/${meetingId}`,
      { ...decisions, [`reason_${item(moved.id)}`]: "", attendance: "", intent: "tutup" },
      `/tkksd/${meetingId}`,
    );
    expect(incomplete.status).toBe(422);
    expect(incomplete.text).toContain("daftar hadir (minimal satu nama)");
    expect(incomplete.text).toContain(`alasan keputusan untuk &#34;${moved.title}&#34;`);
    expect((await t.prisma.tkksdMeeting.findUniqueOrThrow({ where: { id: meetingId } })).closedAt).toBeNull();
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: adopt.id } })).currentRow).toBe(4);

    // Meanwhile the SKPD withdraws one of the cases.
    const m = await t.prisma.case.findUniqueOrThrow({ where: { id: moved.id } });
    await applyTransition(t.prisma, {
      caseId: m.id,
      expectedVersion: m.version,
      actionId: "tarik",
      user: a.skpd,
      reason: "Mitra mundur dari rencana kerja sama",
    });

    const closed = await postForm(
      tkksd.agent,
      `/tkksd/${meetingId}`,
      { ...decisions, attendance: "Sekretaris Daerah (Ketua TKKSD)\nKepala Bagian Kerjasama (Sekretaris)", intent: "tutup" },
      `/tkksd/${meetingId}`,
    );
    expect(closed.status).toBe(200);
    expect(closed.text).toContain("Hasil penerapan keputusan");
    expect(closed.text).toContain("Kasus sudah tidak berada di langkah 4");
    const meeting = await t.prisma.tkksdMeeting.findUniqueOrThrow({ where: { id: meetingId } });
    expect(meeting.minutesNumber).toMatch(/^\d+\/BA-TKKSD\/2026$/);

    const adopted = await t.prisma.case.findUniqueOrThrow({ where: { id: adopt.id } });
    expect(adopted.currentRow).toBe(5);
    const notulen = await t.prisma.document.findFirstOrThrow({ where: { caseId: adopt.id, kind: "notulen" } });
    expect(notulen.sha256).toBe(meeting.minutesSha256);
    const gate = await t.prisma.caseGate.findFirstOrThrow({ where: { caseId: draft.id, gate: "TKKSD_MOU" } });
    expect(gate.letterNumber).toBe(meeting.minutesNumber);
    const scan = await t.prisma.document.findUniqueOrThrow({ where: { id: gate.documentId } });
    expect(scan.sha256).toBe(meeting.minutesSha256);
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: moved.id } })).status).toBe("WITHDRAWN");
    const after = await t.prisma.tkksdMeetingItem.findMany({ where: { meetingId }, orderBy: { id: "asc" } });
    expect(after.map((i) => i.applied)).toEqual([true, true, false, true]);
    const returned = await t.prisma.case.findUniqueOrThrow({ where: { id: back.id } });
    expect(returned.currentRow).toBe(1);
    const why = await t.prisma.caseEvent.findFirstOrThrow({ where: { caseId: back.id, action: "kembalikan", fromRow: 4 } });
    expect(why.reason).toBe(`Lengkapi rincian pembiayaan bersama (rapat TKKSD ${meeting.minutesNumber})`);

    const minutes = await pdfOf(tkksd.agent, `/tkksd/${meetingId}/berita-acara.pdf`);
    expect(minutes.status).toBe(200);
    expect((minutes.body as Buffer).subarray(0, 5).toString()).toBe("%PDF-");

    // Applying again: the applied ones are left alone, the withdrawn one still cannot be.
    const events = await t.prisma.caseEvent.count({ where: { caseId: { in: [adopt.id, draft.id] } } });
    const again = await postForm(tkksd.agent, `/tkksd/${meetingId}/terapkan`, {}, `/tkksd/${meetingId}`);
    expect(again.status).toBe(200);
    expect(await t.prisma.caseEvent.count({ where: { caseId: { in: [adopt.id, draft.id] } } })).toBe(events);
    expect(await t.prisma.caseGate.count({ where: { caseId: draft.id } })).toBe(1);

    // A closed meeting's decisions cannot be changed.
    const change = await postForm(sec.agent, `/tkksd/${meetingId}`, { ...decisions, attendance: "x" }, `/tkksd`);
    expect(change.status).toBe(409);
  });

  it("when a final draft is not approved then the Kabag is told and the case stays at its signing row with the minutes attached", async () => {
    const c = await buildCase(t.prisma, a, { row: 12, title: "Draf final belum disetujui" });
    const sec = await login(t.app, "kasubbag");
    const created = await postForm(
      sec.agent,
      "/tkksd",
      { heldOn: "2026-12-02", startsAt: "13.30", place: "Ruang Rapat Bima", caseIds: String(c.id) },
      "/tkksd",
    );
    const meetingId = Number(must(created.headers.location, "the redirect").split("/").pop());
    const it1 = must((await t.prisma.tkksdMeetingItem.findMany({ where: { meetingId } }))[0], "the meeting's item");
    const tkksd = await login(t.app, "tkksd");
    const res = await postForm(
      tkksd.agent,
      `/tkksd/${meetingId}`,
      { [`decision_${it1.id}`]: "RETURN", [`reason_${it1.id}`]: "Pasal sengketa perlu diperjelas", attendance: "Ketua TKKSD", intent: "tutup" },
      `/tkksd/${meetingId}`,
    );
    expect(res.status).toBe(200);
    const after = await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(after.currentRow).toBe(12);
    expect(await t.prisma.caseGate.count({ where: { caseId: c.id } })).toBe(0);
    const event = await t.prisma.caseEvent.findFirstOrThrow({ where: { caseId: c.id, action: "tkksd_belum_setuju" } });
    expect(event.reason).toBe("Pasal sengketa perlu diperjelas");
    expect(await t.prisma.notification.count({ where: { userId: a.kabag.id, link: `/kasus/${c.id}`, title: { contains: "TKKSD belum menyetujui" } } })).toBe(1);
    // Two meetings closed in one year take consecutive numbers.
    const numbers = (await t.prisma.tkksdMeeting.findMany({ where: { minutesYear: 2026 }, orderBy: { minutesSeq: "asc" } })).map((m) => m.minutesSeq);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  });

  it("when two TKKSD members close the same meeting at once then it is numbered once and each decision applied once", async () => {
    const c = await buildCase(t.prisma, a, { row: 4, title: "Ditutup dua kali bersamaan" });
    const m = await t.prisma.tkksdMeeting.create({
      data: {
        heldOn: new Date("2026-12-01T00:00:00Z"),
        startsAt: "10.00",
        place: "Ruang Rapat",
        attendance: "Ketua TKKSD",
        createdById: a.penatalaksana.id,
        items: { create: [{ caseId: c.id, subject: "POTENSI", decision: "ADOPT" }] },
      },
    });
    const one = await login(t.app, "tkksd");
    const two = await login(t.app, "tkksd");
    const [x, y] = await Promise.all([
      one.agent
        .post(`/tkksd/${m.id}/terapkan`)
        .type("form")
        .send({ _csrf: await csrfFrom(one.agent, `/tkksd/${m.id}`) }),
      two.agent
        .post(`/tkksd/${m.id}/terapkan`)
        .type("form")
        .send({ _csrf: await csrfFrom(two.agent, `/tkksd/${m.id}`) }),
    ]);
    expect([x.status, y.status].every((s) => s === 200 || s === 409)).toBe(true);
    expect(await t.prisma.caseEvent.count({ where: { caseId: c.id, action: "lanjut", fromRow: 4 } })).toBe(1);
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).currentRow).toBe(5);
    expect((await t.prisma.tkksdMeeting.findUniqueOrThrow({ where: { id: m.id } })).minutesNumber).not.toBeNull();
  });
});

describe("what waits for the TKKSD, where the people who act on it look", () => {
  const inDays = (n: number) => dayjs.utc(todayJakarta()).add(n, "day").format("YYYY-MM-DD");

  it("when a meeting is planned and a final draft reaches its signing row then it is on that meeting's agenda, the TKKSD and the secretariat are told, the menu shows a badge, and both case pages point to the meeting", async () => {
    const potential = await buildCase(t.prisma, a, { row: 4, title: "Potensi menunggu rapat terjadwal" });
    const sec = await login(t.app, "kasubbag");
    const created = await postForm(
      sec.agent,
      "/tkksd",
      { heldOn: inDays(3), startsAt: "09.00", place: "Ruang Rapat Bima", caseIds: String(potential.id) },
      "/tkksd",
    );
    const meetingId = Number(must(created.headers.location, "the redirect").split("/").pop());
    try {
      const draft = await buildCase(t.prisma, a, { row: 12, title: "Draf final menunggu TKKSD" });
      const items = await t.prisma.tkksdMeetingItem.findMany({ where: { meetingId }, orderBy: { id: "asc" } });
      expect(items.map((i) => [i.caseId, i.subject])).toEqual([
        [potential.id, "POTENSI"],
        [draft.id, "TKKSD_MOU"],
      ]);
      for (const who of [a.tkksd, a.kasubbag, a.penatalaksana]) {
        const n = await t.prisma.notification.findFirst({ where: { userId: who.id, kind: "DECISION", title: { contains: draft.title } } });
        expect(n?.title).toContain(`masuk agenda rapat ${formatIsoDate(inDays(3))}`);
        expect(n?.link).toBe(`/tkksd/${meetingId}`);
      }
      const tkksd = await login(t.app, "tkksd");
      expect((await tkksd.agent.get("/")).text).toMatch(/Rapat TKKSD <span class="badge">\d+<\/span>/);
      // The row-4 page of the TKKSD, and the Kabag's page at the signing row.
      const row4 = await tkksd.agent.get(`/kasus/${potential.id}`);
      expect(row4.text).toContain(`href="/tkksd/${meetingId}">rapat TKKSD ${formatIsoDate(inDays(3))}`);
      const kabag = await login(t.app, "kabag");
      const signing = await kabag.agent.get(`/kasus/${draft.id}`);
      expect(signing.text).toContain("Belum dapat ditandatangani.");
      expect(signing.text).toContain("Persetujuan TKKSD atas draf final MoU</strong>: Diputuskan dalam rapat TKKSD");
      expect(signing.text).toContain(`href="/tkksd/${meetingId}">rapat TKKSD ${formatIsoDate(inDays(3))}`);
      // Not a meeting's business once it is on one: the waiting list offers it to no other meeting.
      expect((await sec.agent.get("/tkksd")).text).not.toContain(`value="${draft.id}"`);
    } finally {
      await t.prisma.tkksdMeeting.delete({ where: { id: meetingId } });
    }
  });

  it("when no meeting is planned and a final draft reaches its signing row then the TKKSD and the secretariat are told that one must be scheduled", async () => {
    const draft = await buildCase(t.prisma, a, { row: 12, title: "Draf final tanpa rapat terjadwal" });
    const n = await t.prisma.notification.findFirstOrThrow({ where: { userId: a.penatalaksana.id, kind: "DECISION", title: { contains: draft.title } } });
    expect(n.title).toContain("belum ada rapat terjadwal: sekretariat TKKSD menjadwalkannya");
    expect(n.link).toBe("/tkksd");
    const page = await (await login(t.app, "kabag")).agent.get(`/kasus/${draft.id}`);
    expect(page.text).toContain("belum masuk agenda rapat");
  });

  it("when a meeting dated tomorrow is closed today then it is refused, nothing is numbered and no decision is applied", async () => {
    const c = await buildCase(t.prisma, a, { row: 4, title: "Rapat besok ditutup hari ini" });
    const sec = await login(t.app, "kasubbag");
    const created = await postForm(sec.agent, "/tkksd", { heldOn: inDays(1), startsAt: "09.00", place: "Ruang Rapat Bima", caseIds: String(c.id) }, "/tkksd");
    const meetingId = Number(must(created.headers.location, "the redirect").split("/").pop());
    const item = must((await t.prisma.tkksdMeetingItem.findMany({ where: { meetingId } }))[0], "the meeting's item");
    const tkksd = await login(t.app, "tkksd");
    const res = await postForm(
      tkksd.agent,
      `/tkksd/${meetingId}`,
      { [`decision_${item.id}`]: "ADOPT", attendance: "Ketua TKKSD", intent: "tutup" },
      `/tkksd/${meetingId}`,
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain(`rapat dijadwalkan ${formatIsoDate(inDays(1))}, berita acaranya baru dapat dibuat pada hari itu atau sesudahnya`);
    expect(await t.prisma.tkksdMeeting.findUniqueOrThrow({ where: { id: meetingId } })).toMatchObject({ closedAt: null, minutesNumber: null });
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).currentRow).toBe(4);
    await t.prisma.tkksdMeeting.delete({ where: { id: meetingId } });
  });
});

describe("the meeting's documents", () => {
  const signers = {
    walikota: "Hasto Wardoyo",
    sekda: "Aman Yuriadijaya",
    sekdaNip: "19670519 199603 1 002",
    kabag: "Sri Rahayu Ningsih",
    kabagNip: "197501012000032003",
  };

  it("when a signer's NIP is not 18 digits then the settings are refused with a message and nothing changes", async () => {
    const admin = await login(t.app, "admin");
    const bad = await postForm(admin.agent, "/admin/pengaturan/penandatangan", { ...signers, sekdaNip: "12345" }, "/admin/pengaturan");
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("NIP terdiri atas 18 angka");
    expect(await t.prisma.setting.count({ where: { key: { startsWith: "signer." } } })).toBe(0);
    const ok = await postForm(admin.agent, "/admin/pengaturan/penandatangan", signers, "/admin/pengaturan");
    expect(ok.status).toBe(302);
    expect((await t.prisma.setting.findUniqueOrThrow({ where: { key: "signer.sekda.nip" } })).value).toBe("196705191996031002");
  });

  it("when the invitation and the minutes are downloaded then they carry Nomor, Sifat, Lampiran, Hal, Yth., the Ketua and the Sekretaris by name, a reason's own full stop once, and any script", async () => {
    const admin = await login(t.app, "admin");
    expect((await postForm(admin.agent, "/admin/pengaturan/penandatangan", signers, "/admin/pengaturan")).status).toBe(302);
    const c = await buildCase(t.prisma, a, { row: 4, title: "Kerja sama kota kembar 京都市 / Thành phố Đà Nẵng" });
    const sec = await login(t.app, "kasubbag");
    const created = await postForm(
      sec.agent,
      "/tkksd",
      { heldOn: todayJakarta(), startsAt: "09.00", place: "Ruang Rapat Bima", caseIds: String(c.id) },
      "/tkksd",
    );
    const meetingId = Number(must(created.headers.location, "the redirect").split("/").pop());
    const invitation = (await pdfOf(sec.agent, `/tkksd/${meetingId}/undangan.pdf`)).body as Buffer;
    const inv = (await pdfLines(invitation)).join("\n");
    for (const line of [
      /^Nomor : …/m,
      /^Sifat : Segera$/m,
      /^Lampiran : -$/m,
      /^Hal : Undangan Rapat Tim Koordinasi Kerja Sama Daerah$/m,
      /^Yth\. Anggota Tim Koordinasi Kerja Sama Daerah/m,
    ])
      expect(inv).toMatch(line);
    expect(inv.replace(/\n/g, " ")).toContain("Kerja sama kota kembar 京都市 / Thành phố Đà Nẵng");
    expect(inv).toContain("Aman Yuriadijaya");
    expect(inv).toContain("NIP 196705191996031002");
    expect((await pdfFontList(invitation)).every((f) => f.embedded)).toBe(true);
    expect(await pdfInfo(invitation)).toMatchObject({ author: "Pemerintah Kota Yogyakarta", lang: "id-ID" });

    const item = must((await t.prisma.tkksdMeetingItem.findMany({ where: { meetingId } }))[0], "the meeting's item");
    const tkksd = await login(t.app, "tkksd");
    const closed = await postForm(
      tkksd.agent,
      `/tkksd/${meetingId}`,
      {
        [`decision_${item.id}`]: "RETURN",
        [`reason_${item.id}`]: "Rincian pembiayaan perlu dilengkapi.",
        attendance: "Ketua TKKSD\nSekretaris TKKSD",
        intent: "tutup",
      },
      `/tkksd/${meetingId}`,
    );
    expect(closed.status).toBe(200);
    const meeting = await t.prisma.tkksdMeeting.findUniqueOrThrow({ where: { id: meetingId } });
    const minutes = (await pdfOf(tkksd.agent, `/tkksd/${meetingId}/berita-acara.pdf`)).body as Buffer;
    const text = (await pdfLines(minutes)).join("\n");
    expect(text).toMatch(new RegExp(`^Nomor : ${meeting.minutesNumber}$`, "m"));
    expect(text).toMatch(/^Sifat : Biasa$/m);
    expect(text).toMatch(/^Hal : Berita Acara Rapat TKKSD/m);
    expect(text).toMatch(/^Yth\. Walikota Yogyakarta$/m);
    expect(text.replace(/\n/g, " ")).toContain("Alasan: Rincian pembiayaan perlu dilengkapi.");
    expect(text).not.toContain("..");
    expect(text).toContain("Sri Rahayu Ningsih");
    expect(text).toContain("NIP 197501012000032003");
    expect(text).toContain("Aman Yuriadijaya");
    expect(text.replace(/\n/g, " ")).toContain("京都市 / Thành phố Đà Nẵng");
    expect((await pdfFontList(minutes)).every((f) => f.embedded)).toBe(true);
  });
});
