// Issue 8: what a new user hit going from row 1 to row 21.
import { formatIsoDate } from "../../src/platform/time.js";
import { describe, expect, it } from "vitest";
import { must } from "../../src/platform/must.js";
import { notify, taskNoticeKey } from "../../src/features/notifications/notification-service.js";
import { applyTransition } from "../../src/core/workflow/transition-service.js";
import { login, postForm } from "../helpers/app.js";
import { buildCase, stepForward, uploadsFor, useWorkflowApp } from "../helpers/workflow.js";
import { jakartaDaysFromToday } from "../helpers/time.js";

const { t, a } = useWorkflowApp();

const notesOf = async (username: string, caseId: number) => {
  const u = await t.prisma.user.findUniqueOrThrow({ where: { username } });
  return t.prisma.notification.findMany({ where: { userId: u.id, link: `/kasus/${caseId}` }, orderBy: { id: "asc" } });
};

describe("the SKPD is told about decisions and milestones", () => {
  it("when the Walikota refuses at row 6 then the SKPD is told who decided and why", async () => {
    const c = await buildCase(t.prisma, a, { row: 6, title: "Usulan yang ditolak Walikota" });
    await applyTransition(t.prisma, {
      caseId: c.id,
      expectedVersion: c.version,
      actionId: "tolak",
      user: a.kabag,
      reason: "Belum sesuai prioritas tahun ini",
      uploads: await uploadsFor(["disposisi"]),
    });
    const n = must(
      (await notesOf("skpd.pariwisata", c.id)).find((x) => x.kind === "DECISION"),
      "the decision's notification",
    );
    expect(n.title).toContain("Walikota tidak menyetujui usulan");
    expect(n.title).toContain("Belum sesuai prioritas tahun ini");
    expect(n.title).toContain("Kepala Bagian Kerjasama");
  });

  it("when the TKKSD does not adopt a proposal then the SKPD is told with the reason", async () => {
    const c = await buildCase(t.prisma, a, { row: 4, title: "Usulan tidak ditetapkan TKKSD" });
    await applyTransition(t.prisma, {
      caseId: c.id,
      expectedVersion: c.version,
      actionId: "tolak",
      user: a.tkksd,
      reason: "Sudah ada kerja sama serupa",
      uploads: await uploadsFor(["notulen"]),
    });
    const n = (await notesOf("skpd.pariwisata", c.id)).find((x) => x.kind === "DECISION");
    expect(n?.title).toContain("Sudah ada kerja sama serupa");
  });

  it("when a proposal is returned then the notification names the row, who returned it and the reason", async () => {
    const c = await buildCase(t.prisma, a, { row: 3, title: "Usulan dikembalikan penelaah" });
    await applyTransition(t.prisma, {
      caseId: c.id,
      expectedVersion: c.version,
      actionId: "kembalikan",
      user: a.penelaah,
      reason: "Lengkapi KAK dan nama PPKSD",
    });
    const n = must(
      (await notesOf("skpd.pariwisata", c.id)).find((x) => x.kind === "RETURNED"),
      "the return's notification",
    );
    expect(n.title).toContain("Lengkapi KAK dan nama PPKSD");
    expect(n.title).toContain("Penelaah Kerjasama");
    expect(n.title).toContain("langkah 1");
  });

  it("when the MoU and the PKS are signed and numbered and the cooperation is closed then the SKPD hears of each", async () => {
    const c = await buildCase(t.prisma, a, { row: 21, title: "Kerja sama sampai selesai" });
    let at: number | null = 21;
    while (at !== null) at = await stepForward(t.prisma, a, c.id);
    const titles = (await notesOf("skpd.pariwisata", c.id)).map((x) => x.title);
    for (const s of [
      "MoU telah ditandatangani",
      "MoU telah diberi nomor (100.3.7.1/",
      "PKS telah ditandatangani",
      "PKS telah diberi nomor (100.3.7.1/",
      "Kerja sama ditutup",
    ]) {
      expect(
        titles.some((x) => x.includes(s)),
        s,
      ).toBe(true);
    }
  });
});

describe("notifications name the activity and go quiet once acted on", () => {
  it("when a holder acts on a task then that task's notifications are marked read for every holder", async () => {
    const c = await buildCase(t.prisma, a, { row: 2, title: "Notifikasi dibaca saat bertindak" });
    const before = (await notesOf("penatalaksana", c.id)).filter((x) => x.kind === "TASK");
    expect(before).toHaveLength(1);
    const first = must(before[0], "the task's notification");
    expect(first.title).toContain("langkah 2 (");
    expect(first.readAt).toBeNull();
    // A reminder the daily job wrote about the same task goes quiet too.
    const task = await t.prisma.task.findFirstOrThrow({ where: { caseId: c.id, status: "OPEN" } });
    await notify(t.prisma, [first.userId], {
      kind: "OVERDUE",
      title: "Terlambat",
      link: `/kasus/${c.id}`,
      dedupe: taskNoticeKey("overdue", task.id, "2026-11-26"),
    });
    await stepForward(t.prisma, a, c.id);
    const after = await t.prisma.notification.findUniqueOrThrow({ where: { id: first.id } });
    expect(after.readAt).not.toBeNull();
    expect(await t.prisma.notification.count({ where: { kind: "OVERDUE", link: `/kasus/${c.id}`, readAt: null } })).toBe(0);
  });

  it("when the SKPD user opens the notifications page then a decision is listed under its kind", async () => {
    const { agent } = await login(t.app, "skpd.pariwisata");
    const res = await agent.get("/notifikasi");
    expect(res.text).toContain("Keputusan");
    expect(res.text).toContain("Walikota tidak menyetujui usulan");
  });
});

describe("drafts", () => {
  it("when only the title is filled in and 'Simpan draf' is pressed then a draft is saved", async () => {
    const { agent } = await login(t.app, "skpd.kesehatan");
    const empty = {
      jenis: "",
      bidang: "",
      objek: "",
      ruangLingkup: "",
      partnerName: "",
      partnerKind: "",
      partnerAddress: "",
      partnerContact: "",
      manfaat: "",
      pembiayaan: "",
      estimatedCost: "",
      durationMonths: "",
      rpjmdLink: "",
      liaisonName: "",
      liaisonPhone: "",
    };
    const res = await postForm(agent, "/usulan", { ...empty, title: "Draf dengan judul saja", intent: "simpan" }, "/usulan/baru");
    expect(res.status).toBe(302);
    const c = await t.prisma.case.findFirstOrThrow({ where: { title: "Draf dengan judul saja" } });
    expect(c.status).toBe("DRAFT");
    expect(c.partnerName).toBeNull();
    // Sending it is what checks the rest.
    const send = await postForm(
      agent,
      `/kasus/${c.id}/ubah`,
      { ...empty, title: "Draf dengan judul saja", intent: "kirim", version: String(c.version) },
      `/kasus/${c.id}/ubah`,
    );
    expect(send.status).toBe(422);
    expect(send.text).toContain("wajib diisi");
  });
});

describe("closing a running cooperation", () => {
  const closeInput = async (caseId: number, extra: Record<string, unknown> = {}) => {
    const c = await t.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    return applyTransition(t.prisma, {
      caseId,
      expectedVersion: c.version,
      actionId: "selesai",
      user: a.penelaah,
      uploads: await uploadsFor(["laporan_evaluasi"]),
      ...extra,
    });
  };

  it("when the PKS still runs then closing needs a reason and a confirmation, and the register says it ended early", async () => {
    const c = await buildCase(t.prisma, a, { row: 21, title: "Ditutup sebelum waktunya" });
    const err = await closeInput(c.id).catch((e: unknown) => e);
    expect((err as { status?: number }).status).toBe(422);
    // It names the PKS's end, the date the page's deadline uses, not the MoU's (which runs longer).
    const pks = await t.prisma.agreement.findFirstOrThrow({ where: { caseId: c.id, kind: "PKS" } });
    expect((err as { userMessage?: string }).userMessage).toContain(
      `konfirmasi bahwa PKS (berlaku sampai ${formatIsoDate(pks.endDate.toISOString().slice(0, 10))}) diakhiri lebih awal`,
    );
    const { agent: reader } = await login(t.app, "penelaah");
    expect((await reader.get(`/kasus/${c.id}`)).text).toContain(
      `PKS masih berlaku sampai <strong>${formatIsoDate(pks.endDate.toISOString().slice(0, 10))}</strong>`,
    );
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("IN_PROGRESS");
    await closeInput(c.id, { reason: "Mitra bubar, kegiatan tidak dapat dilanjutkan", confirmEarlyEnd: true });
    const agreements = await t.prisma.agreement.findMany({ where: { caseId: c.id } });
    expect(agreements.every((x) => x.endedEarlyAt !== null && x.endedEarlyReason === "Mitra bubar, kegiatan tidak dapat dilanjutkan")).toBe(true);
    const { agent } = await login(t.app, "penelaah");
    const page = await agent.get(`/perjanjian/${must(agreements[0], "the agreement").id}`);
    expect(page.text).toContain("Diakhiri lebih awal");
  });

  it("when the agreement has ended but an evaluation that was due is empty then closing asks for it or a reason", async () => {
    const c = await buildCase(t.prisma, a, { row: 21, title: "Evaluasi terlewat" });
    await t.prisma.agreement.updateMany({
      where: { caseId: c.id },
      data: { endDate: new Date("2026-01-31T00:00:00Z"), startDate: new Date("2025-01-01T00:00:00Z") },
    });
    const task = await t.prisma.task.create({
      data: {
        caseId: c.id,
        kind: "EVALUATION",
        rowNo: 21,
        part: "2025-YE",
        roles: ["PENELAAH", "PENATALAKSANA"],
        startedOn: new Date("2025-12-01T00:00:00Z"),
        dueOn: new Date("2025-12-31T00:00:00Z"),
      },
    });
    await t.prisma.evaluation.create({ data: { caseId: c.id, period: "2025-YE", taskId: task.id, dueOn: new Date("2025-12-31T00:00:00Z") } });
    const err = await closeInput(c.id).catch((e: unknown) => e);
    expect((err as { userMessage?: string }).userMessage).toContain("evaluasi Akhir tahun 2025 belum diisi");
    await closeInput(c.id, { reason: "Evaluasi 2025 dilakukan di luar sistem (rapat 5 Januari)" });
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("DONE");
  });
});

describe("evaluations can be reached when needed", () => {
  it("when the agreement runs then the case page says when the next evaluation opens, and P3ADK can start an ad-hoc one that opens its form", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Jadwal evaluasi terlihat" });
    const { agent } = await login(t.app, "penelaah");
    const page = await agent.get(`/kasus/${c.id}`);
    expect(page.text).toMatch(/Evaluasi berikutnya: (Semester I|Akhir tahun) \d{4}, dibuka/);
    const res = await postForm(agent, `/kasus/${c.id}/evaluasi-insidentil`, {}, `/kasus/${c.id}`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toMatch(/^\/evaluasi\/\d+$/);
    const form = await agent.get(must(res.headers.location, "the redirect"));
    expect(form.text).toContain('name="rekomendasi"');
    expect(form.text).toContain("insidentil");
    // The inbox names it and links straight to the form.
    const inbox = await agent.get("/inbox");
    expect(inbox.text).toContain(`href="${res.headers.location}"`);
    expect(inbox.text).toContain("Evaluasi insidentil");
    // An SKPD user cannot start one.
    const skpd = await login(t.app, "skpd.pariwisata");
    expect((await postForm(skpd.agent, `/kasus/${c.id}/evaluasi-insidentil`, {}, `/kasus/${c.id}`)).status).toBe(403);
  });

  it("when a task is in the inbox then its row is named with the activity and what the user must do", async () => {
    const c = await buildCase(t.prisma, a, { row: 3, title: "Langkah bernama di kotak tugas" });
    const { agent } = await login(t.app, "penelaah");
    const inbox = await agent.get("/inbox?q=Langkah+bernama");
    expect(inbox.text).toContain("3. Menelaah data-data potensi kerjasama dari SKPD");
    expect(inbox.text).toContain("Tugas Anda:");
    expect(c.currentRow).toBe(3);
  });
});

describe("documents of different purposes stay apart", () => {
  it("when the SKPD reports progress with evidence then the row-20 report of results is still missing", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Bukti kemajuan bukan laporan pelaksanaan" });
    const { agent } = await login(t.app, "skpd.pariwisata");
    const token = must(/name="_csrf" value="([^"]+)"/.exec((await agent.get(`/kasus/${c.id}`)).text)?.[1], "the form's token");
    const res = await agent
      .post(`/kasus/${c.id}/laporan-kemajuan`)
      .field("_csrf", token)
      .field("period", "Triwulan IV")
      .field("progress", "40")
      .field("indicator", "Wisatawan")
      .field("achievement", "1.200 orang")
      .attach("doc_bukti_kemajuan", Buffer.from("%PDF-1.4\n%%EOF\n"), "bukti.pdf");
    expect(res.status).toBe(302);
    expect(await t.prisma.document.count({ where: { caseId: c.id, kind: "bukti_kemajuan" } })).toBe(1);
    const cur = await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } });
    const err = await applyTransition(t.prisma, { caseId: c.id, expectedVersion: cur.version, actionId: "lanjut", user: a.skpd }).catch((e: unknown) => e);
    expect((err as { userMessage?: string }).userMessage).toContain("Laporan pelaksanaan");
  });
});

describe("forms say what they need", () => {
  it("when a signing date in the future is entered then it is refused with today's date named", async () => {
    const c = await buildCase(t.prisma, a, { row: 12, title: "Tanggal tanda tangan di masa depan" });
    const tomorrow = jakartaDaysFromToday(1);
    const err = await applyTransition(t.prisma, {
      caseId: c.id,
      expectedVersion: c.version,
      actionId: "ttd_biasa",
      user: a.kabag,
      fields: { signedMouOn: tomorrow, mouEnd: "2031-01-01" },
      uploads: await uploadsFor(["mou_signed"]),
    }).catch((e: unknown) => e);
    expect((err as { status?: number }).status).toBe(422);
    expect((err as { userMessage?: string }).userMessage).toContain("tidak boleh sesudah hari ini");
  });

  it("when the proposal form opens then the fields needed to send are marked with their minimum", async () => {
    const { agent } = await login(t.app, "skpd.pariwisata");
    const page = await agent.get("/usulan/baru");
    expect(page.text.match(/\(wajib dikirim/g)?.length).toBeGreaterThanOrEqual(15);
    expect(page.text).toContain("min. 10 karakter");
  });

  it("when an action comes back with an error then the form says which files must be chosen again", async () => {
    const c = await buildCase(t.prisma, a, { row: 6, title: "Berkas dipilih lagi" });
    const { agent } = await login(t.app, "kabag");
    const res = await postForm(agent, `/kasus/${c.id}/aksi`, { version: String(c.version), action: "tolak", reason: "" }, `/kasus/${c.id}`);
    expect(res.status).toBe(422);
    expect(res.text).toContain("Berkas yang tadi dipilih belum tersimpan. Pilih lagi: Disposisi Walikota (pindaian)");
  });

  it("when the register is exported as CSV then Excel in Indonesian settings gets ';' columns and a BOM", async () => {
    const { agent } = await login(t.app, "kabag");
    const csv = await agent.get("/perjanjian/ekspor.csv");
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    // The import template's own headers (what the app exports, it imports).
    expect(csv.text.split("\r\n")[0]).toMatch(/^\uFEFF?Jenis dokumen;Judul;Jenis kerja sama \(KSDD\/KSDPK\/SINERGI\/KSDPL\/KSDLL\);Kode SKPD;/);
  });
});

describe("a return goes back to where it came from", () => {
  it("when the Penelaah returns a proposal at row 3 and the SKPD resends it then it goes straight back to row 3, and the case page says who returned it and why", async () => {
    const c = await buildCase(t.prisma, a, { row: 3, title: "Kembali ke penelaah" });
    const r = await applyTransition(t.prisma, {
      caseId: c.id,
      expectedVersion: c.version,
      actionId: "kembalikan",
      user: a.penelaah,
      reason: "Ruang lingkup terlalu umum",
    });
    expect(r.toRow).toBe(1);
    const { agent } = await login(t.app, "skpd.pariwisata");
    const page = await agent.get(`/kasus/${c.id}`);
    expect(page.text).toContain("Dikembalikan</strong> oleh");
    expect(page.text).toContain("Ruang lingkup terlalu umum");
    expect(page.text).toContain("kembali ke langkah 3");
    const again = await applyTransition(t.prisma, { caseId: c.id, expectedVersion: r.version, actionId: "kirim", user: a.skpd });
    expect(again.toRow).toBe(3);
    const task = await t.prisma.task.findFirstOrThrow({ where: { caseId: c.id, status: "OPEN" } });
    expect(task.rowNo).toBe(3);
    // The next normal step is ordinary again.
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).resumeRow).toBeNull();
  });
});

describe("every holder sees what is expected of them", () => {
  it("when the SKPD opens a case at row 11 then it is told to draft the MoU and can upload it right there", async () => {
    const c = await buildCase(t.prisma, a, { row: 11, title: "SKPD menyusun draf MoU" });
    const { agent } = await login(t.app, "skpd.pariwisata");
    const page = await agent.get(`/kasus/${c.id}`);
    expect(page.text).toContain("Tugas Anda di langkah ini");
    expect(page.text).toContain("Susun draf MoU bersama calon mitra");
    // The inbox says the same, short.
    expect((await agent.get("/inbox")).text).toContain("Tugas Anda: Susun draf MoU bersama calon mitra dan unggah setiap versinya di sini");
    expect(page.text).toContain('name="kind" value="draft_mou"');
    const token = must(/name="_csrf" value="([^"]+)"/.exec(page.text)?.[1], "the form's token");
    const res = await agent
      .post(`/kasus/${c.id}/dokumen`)
      .field("_csrf", token)
      .field("kind", "draft_mou")
      .attach("file", Buffer.from("%PDF-1.4\n%%EOF\n"), "draf-mou.pdf");
    expect(res.status).toBe(302);
    expect(await t.prisma.document.count({ where: { caseId: c.id, kind: "draft_mou" } })).toBeGreaterThanOrEqual(1);
    // The Penelaah, who acts here, gets the action form instead.
    const pen = await login(t.app, "penelaah");
    expect((await pen.agent.get(`/kasus/${c.id}`)).text).not.toContain("Tugas Anda di langkah ini");
  });
});

describe("polish", () => {
  it("when PIMPINAN opens the home page then it shows no inbox counters, and the case page links back to the case list", async () => {
    const { agent } = await login(t.app, "pimpinan");
    const home = await agent.get("/");
    expect(home.text).not.toContain("tugas di kotak tugas");
    const c = await buildCase(t.prisma, a, { row: 3, title: "Tautan kembali" });
    const page = await agent.get(`/kasus/${c.id}`);
    expect(page.text).toContain("&larr; Semua kasus");
    const fromRegister = await agent.get(`/kasus/${c.id}`).set("Referer", "http://localhost/perjanjian?status=ACTIVE");
    expect(fromRegister.text).toContain("&larr; Register perjanjian");
  });

  it("when a browser asks for the favicon then it gets the app's icon", async () => {
    const { agent } = await login(t.app, "kabag");
    const res = await agent.get("/favicon.ico");
    expect(res.status).toBe(301);
    expect((await agent.get(must(res.headers.location, "the redirect"))).status).toBe(200);
  });

  it("when holidays were seeded with the library's wrong name for 27 Rajab then the next start corrects it, and an admin's own name stays", async () => {
    const { correctSeededNames } = await import("../../src/core/calendar/holiday-service.js");
    await t.prisma.holiday.upsert({
      where: { date: new Date("2026-01-16T00:00:00Z") },
      create: { date: new Date("2026-01-16T00:00:00Z"), name: "Maulid Nabi Muhammad", kind: "LIBUR_NASIONAL", source: "date-holidays" },
      update: { name: "Maulid Nabi Muhammad", source: "date-holidays" },
    });
    await t.prisma.holiday.upsert({
      where: { date: new Date("2026-08-25T00:00:00Z") },
      create: { date: new Date("2026-08-25T00:00:00Z"), name: "Maulid (ubahan admin)", kind: "LIBUR_NASIONAL", source: "admin" },
      update: { name: "Maulid (ubahan admin)", source: "admin" },
    });
    await correctSeededNames(t.prisma, [2026]);
    expect((await t.prisma.holiday.findUniqueOrThrow({ where: { date: new Date("2026-01-16T00:00:00Z") } })).name).toBe("Isra Mi'raj Nabi Muhammad SAW");
    expect((await t.prisma.holiday.findUniqueOrThrow({ where: { date: new Date("2026-08-25T00:00:00Z") } })).name).toBe("Maulid (ubahan admin)");
  });
});

describe("the SKPD's part of row 21", () => {
  it("when an agreement runs then the SKPD holds row 21 with P3ADK, sees its schedule, is reminded once when a report is due, and P3ADK can change the schedule", async () => {
    const { remindProgressReports } = await import("../../src/features/jobs/daily-job.js");
    const c = await buildCase(t.prisma, a, { row: 21, title: "Laporan kemajuan terjadwal" });
    const task = await t.prisma.task.findFirstOrThrow({ where: { caseId: c.id, status: "OPEN", rowNo: 21, kind: "ROW" } });
    expect(task.roles).toContain("SKPD");
    const skpd = await login(t.app, "skpd.pariwisata");
    const page = await skpd.agent.get(`/kasus/${c.id}`);
    expect(page.text).toContain("Jadwal: setiap 3 bulan (triwulan)");
    expect(page.text).toContain("Tugas Anda di langkah ini");
    expect(page.text).not.toContain("Evaluasi akhir selesai"); // closing stays with P3ADK
    // Three months after the agreement started, the report is due: one reminder, not two.
    const start = (await t.prisma.agreement.findFirstOrThrow({ where: { caseId: c.id, kind: "PKS" } })).startDate.toISOString().slice(0, 10);
    const due = new Date(`${start}T00:00:00Z`);
    due.setUTCMonth(due.getUTCMonth() + 3);
    const day = due.toISOString().slice(0, 10);
    expect(await remindProgressReports(t.prisma, day)).toBeGreaterThan(0);
    expect(await remindProgressReports(t.prisma, day)).toBe(0);
    const notes = await t.prisma.notification.findMany({ where: { kind: "PROGRESS", link: `/kasus/${c.id}#monitoring` } });
    expect(notes.length).toBeGreaterThan(0);
    // P3ADK changes the schedule; the SKPD may not.
    const pen = await login(t.app, "penatalaksana");
    expect((await postForm(pen.agent, `/kasus/${c.id}/jadwal-laporan`, { everyMonths: "6" }, `/kasus/${c.id}`)).status).toBe(302);
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).progressEveryMonths).toBe(6);
    expect((await postForm(skpd.agent, `/kasus/${c.id}/jadwal-laporan`, { everyMonths: "1" }, `/kasus/${c.id}`)).status).toBe(403);
    expect((await postForm(pen.agent, `/kasus/${c.id}/jadwal-laporan`, { everyMonths: "5" }, `/kasus/${c.id}`)).status).toBe(400);
  });
});
