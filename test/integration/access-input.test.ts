// Issue 7: each finding from probing the app as an attacker and as a careless
// user, as a test that failed before the fix.
import { Writable } from "node:stream";
import ExcelJS from "exceljs";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { must } from "../../src/platform/must.js";
import { createApp } from "../../src/app.js";
import { createLogger } from "../../src/platform/logger.js";
import { completeEvaluation, scheduleEvaluations } from "../../src/features/monitoring/monitoring-service.js";
import { applyTransition } from "../../src/core/workflow/transition-service.js";
import { LEGACY_COLUMNS } from "../../src/features/agreements/schema.js";
import { csrfFrom, login, postForm } from "../helpers/app.js";
import { buildCase, PDF, uploadsFor, useWorkflowApp } from "../helpers/workflow.js";
import { fullAnswers } from "../helpers/evaluation.js";
import { yearJakarta } from "../helpers/time.js";

const { t, a } = useWorkflowApp();

describe("CSRF whatever the content type", () => {
  it("when an admin's browser is made to send a multipart POST without a token to a route with no upload then it is refused and nothing changes", async () => {
    const victim = await t.prisma.user.findUniqueOrThrow({ where: { username: "penelaah" } });
    const { agent } = await login(t.app, "admin");
    for (const url of [`/admin/pengguna/${victim.id}/nonaktifkan`, `/admin/pengguna/${victim.id}/reset-sandi`, "/logout", "/notifikasi/baca-semua"]) {
      const res = await agent.post(url).field("x", "1");
      expect(res.status, url).toBe(403);
    }
    const after = await t.prisma.user.findUniqueOrThrow({ where: { id: victim.id } });
    expect(after.active).toBe(true);
    expect(after.passwordHash).toBe(victim.passwordHash);
    expect((await agent.get("/")).status).toBe(200); // still logged in: logout was refused too
  });

  it("when a multipart POST with a valid token reaches a route with no upload then it is still refused", async () => {
    const { agent } = await login(t.app, "admin");
    const token = await csrfFrom(agent, "/");
    const res = await agent.post("/notifikasi/baca-semua").field("_csrf", token);
    expect(res.status).toBe(403);
  });

  it("when an upload route gets a multipart body without a token then it is refused after parsing and no file is kept", async () => {
    const c = await buildCase(t.prisma, a, { row: 6, title: "Kasus CSRF unggah" });
    const { agent } = await login(t.app, "kabag");
    const docs = await t.prisma.document.count();
    const res = await agent.post(`/kasus/${c.id}/aksi`).field("version", String(c.version)).field("action", "setuju").attach("doc_disposisi", PDF, "d.pdf");
    expect(res.status).toBe(403);
    expect(await t.prisma.document.count()).toBe(docs);
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).currentRow).toBe(6);
  });
});

describe("bulk actions see only what the user may read", () => {
  it("when an SKPD user picks another unit's cases (even an unsent draft) then the result names neither title nor row", async () => {
    const other = await buildCase(t.prisma, a, { row: 2, title: "Rahasia Dinas Pariwisata" });
    const draft = await t.prisma.case.create({
      data: {
        title: "Draf rahasia Dinas Pariwisata",
        definitionVersion: "x",
        status: "DRAFT",
        currentRow: 1,
        version: 1,
        rowEnteredAt: new Date(),
        skpdId: a.skpd.skpdId!,
        createdById: a.skpd.id,
      },
    });
    const { agent } = await login(t.app, "skpd.kesehatan");
    for (const c of [other, draft]) {
      const res = await postForm(agent, "/inbox/massal", { row: "2", action: "terima", pick: `${c.id}:${c.version}` }, "/inbox");
      expect(res.text).not.toContain("Rahasia");
      expect(res.text).not.toContain("rahasia");
    }
  });

  it("when a P3ADK user picks an SKPD's unsent draft then its title is not shown", async () => {
    const draft = await t.prisma.case.create({
      data: {
        title: "Draf tersembunyi untuk pimpinan",
        definitionVersion: "x",
        status: "DRAFT",
        currentRow: 1,
        version: 1,
        rowEnteredAt: new Date(),
        skpdId: a.skpd.skpdId!,
        createdById: a.skpd.id,
      },
    });
    const { agent } = await login(t.app, "kabag");
    const res = await postForm(agent, "/inbox/massal", { row: "2", action: "terima", pick: `${draft.id}:1` }, "/inbox");
    expect(res.status).toBe(422); // no case could take it: nothing stored, each one named
    expect(res.text).not.toContain("Draf tersembunyi");
    expect(res.text).toContain("tidak ditemukan");
  });
});

describe("logs", () => {
  it("when a logged-in request is logged then no cookie, session id or password reaches the log", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const app = createApp({ config: t.config, db: t.db, logger: createLogger("info", sink) });
    const agent = request.agent(app);
    const token = await csrfFrom(agent);
    const res = await agent.post("/login").type("form").send({ _csrf: token, username: "admin", password: "kerjasama-demo" });
    const sid = must(/kd\.sid=([^;]+)/.exec(String(res.get("Set-Cookie")))?.[1], "the session cookie");
    await agent.get("/admin/pengguna");
    const log = lines.join("\n");
    expect(log).toContain("/admin/pengguna");
    expect(log).not.toContain(sid);
    expect(log).not.toContain(decodeURIComponent(sid));
    expect(log).not.toContain("kerjasama-demo");
    expect(log).toContain("[disembunyikan]");
  });
});

describe("odd input is a 400 or 422, never a 500", () => {
  it("when a field is sent twice then the action is refused with a message and the case does not move", async () => {
    const c = await buildCase(t.prisma, a, { row: 2, title: "Kasus isian ganda" });
    const { agent } = await login(t.app, "penatalaksana");
    const token = await csrfFrom(agent, `/kasus/${c.id}`);
    const res = await agent
      .post(`/kasus/${c.id}/aksi`)
      .type("form")
      .send(`_csrf=${encodeURIComponent(token)}&version=${c.version}&action=kembalikan&reason=satu+alasan&reason=dua+alasan`);
    expect(res.status).toBe(400);
    expect(res.text).toContain("Permintaan tidak valid");
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).version).toBe(c.version);
  });

  it("when a filter or a kind is a prototype name then it is a 400, and no document kind 'toString' is ever stored", async () => {
    const { agent } = await login(t.app, "kabag");
    for (const url of ["/kasus?status=toString", "/kasus?status=__proto__", "/perjanjian?status=constructor", "/inbox?jenis=toString", "/kasus?__proto__=1"]) {
      expect((await agent.get(url)).status, url).toBe(400);
    }
    const c = await buildCase(t.prisma, a, { row: 2, title: "Kasus jenis dokumen aneh" });
    const token = await csrfFrom(agent, `/kasus/${c.id}`);
    const res = await agent.post(`/kasus/${c.id}/dokumen`).field("_csrf", token).field("kind", "toString").attach("file", PDF, "a.pdf");
    expect(res.status).toBe(302);
    expect(await t.prisma.document.count({ where: { kind: "toString" } })).toBe(0);
  });

  it("when an upload's file name holds a NUL or a path then nothing breaks: a clear 400, or a clean name", async () => {
    const c = await buildCase(t.prisma, a, { row: 2, title: "Kasus nama berkas NUL" });
    const { agent } = await login(t.app, "penatalaksana");
    const token = await csrfFrom(agent, `/kasus/${c.id}`);
    // A NUL inside the part header makes the multipart body malformed.
    const nul = await agent.post(`/kasus/${c.id}/dokumen`).field("_csrf", token).field("kind", "lainnya").attach("file", PDF, "surat\u0000jahat.pdf");
    expect(nul.status).toBe(400);
    expect(nul.text).toContain("Unggahan terputus atau rusak");
    expect(await t.prisma.document.count({ where: { caseId: c.id, kind: "lainnya" } })).toBe(0);
    const odd = await agent.post(`/kasus/${c.id}/dokumen`).field("_csrf", token).field("kind", "lainnya").attach("file", PDF, "../../etc/pass<wd>.pdf");
    expect(odd.status).toBe(302);
    const doc = await t.prisma.document.findFirstOrThrow({ where: { caseId: c.id, kind: "lainnya" } });
    expect(doc.originalName).toBe("passwd.pdf");
  });

  it("when a NUL byte is typed into a form then it is a 400 with a message, not a 500", async () => {
    const c = await buildCase(t.prisma, a, { row: 2, title: "Kasus NUL" });
    const { agent } = await login(t.app, "penatalaksana");
    const res = await postForm(agent, `/kasus/${c.id}/komentar`, { body: "halo\u0000dunia" }, `/kasus/${c.id}`);
    expect(res.status).toBe(400);
    expect(res.text).toContain("NUL");
  });

  it("when a multipart body is cut off then the answer is a 400 that asks to send again", async () => {
    const c = await buildCase(t.prisma, a, { row: 6, title: "Kasus unggah terputus" });
    const { agent } = await login(t.app, "kabag");
    const token = await csrfFrom(agent, `/kasus/${c.id}`);
    const boundary = "----kdBoundary";
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--${boundary}\r\nContent-Disposition: form-data; name="doc_disposisi"; filename="d.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 truncated`;
    const res = await agent.post(`/kasus/${c.id}/aksi`).set("Content-Type", `multipart/form-data; boundary=${boundary}`).send(body);
    expect(res.status).toBe(400);
    expect(res.text).toContain("terputus");
  });

  it("when unknown fields are posted then the form is refused with their names", async () => {
    const { agent } = await login(t.app, "admin");
    const res = await postForm(agent, "/admin/libur", { date: "2027-03-03", name: "Libur", kind: "CUTI_BERSAMA", isAdmin: "1" }, "/admin/libur");
    expect(res.status).toBe(400);
    expect(res.text).toContain("isAdmin");
    expect(await t.prisma.holiday.count({ where: { name: "Libur", date: new Date("2027-03-03T00:00:00Z") } })).toBe(0);
  });
});

describe("concurrent actions with uploads", () => {
  it("when five holders act at once on one case with files then exactly one wins, the others get 409, and only the winner's document is stored", async () => {
    const c = await buildCase(t.prisma, a, { row: 6, title: "Kasus serentak dengan berkas" });
    const before = await t.prisma.document.count({ where: { caseId: c.id } });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, async () =>
        applyTransition(t.prisma, { caseId: c.id, expectedVersion: c.version, actionId: "setuju", user: a.kabag, uploads: await uploadsFor(["disposisi"]) }),
      ),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const codes = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => (r.reason as { status?: number }).status);
    expect(ok).toHaveLength(1);
    expect(codes).toEqual([409, 409, 409, 409]);
    expect(await t.prisma.document.count({ where: { caseId: c.id } })).toBe(before + 1);
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).currentRow).toBe(7);
  });
});

describe("dates", () => {
  it("when a signing date does not exist on the calendar then the action is refused and nothing moves", async () => {
    const c = await buildCase(t.prisma, a, { row: 12, title: "Kasus tanggal mustahil" });
    const row = await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } });
    const err = await applyTransition(t.prisma, {
      caseId: c.id,
      expectedVersion: row.version,
      actionId: "ttd_biasa",
      user: a.kabag,
      fields: { signedMouOn: "2027-02-30", mouEnd: "2029-02-28" },
      uploads: await uploadsFor(["mou_signed"]),
    }).catch((e: unknown) => e);
    expect((err as { status?: number }).status).toBe(422);
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).version).toBe(row.version);
  });
});

describe("Excel import", () => {
  async function workbook(rows: number) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Perjanjian");
    ws.addRow(LEGACY_COLUMNS.map((c) => c.header));
    for (let i = 0; i < rows; i++) ws.addRow(LEGACY_COLUMNS.map((c) => (c.key === "cityNumber" ? `NO/${i}` : c.example)));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it("when a file has more rows than the limit then it is refused with a message and nothing is kept", async () => {
    const { agent } = await login(t.app, "penatalaksana");
    const token = await csrfFrom(agent, "/perjanjian/impor");
    const res = await agent
      .post("/perjanjian/impor")
      .field("_csrf", token)
      .attach("file", await workbook(2_001), "besar.xlsx");
    expect(res.status).toBe(422);
    expect(res.text).toContain("lebih dari 2.000 baris");
  }, 60_000);

  it("when a zip declares a huge unzipped size then it is refused before anything is unzipped", async () => {
    const { checkImport } = await import("../../src/features/agreements/import-service.js");
    const buf = await workbook(3);
    expect((await checkImport(t.prisma, buf)).fileError).toBeUndefined();
    // Rewrite one central-directory entry's uncompressed size to 1 GiB.
    const forged = Buffer.from(buf);
    const at = forged.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    forged.writeUInt32LE(1024 * 1024 * 1024, at + 24);
    expect((await checkImport(t.prisma, forged)).fileError).toMatch(/berukuran 1\.024 MB bila dibuka/);
    expect((await checkImport(t.prisma, Buffer.from("bukan zip sama sekali"))).fileError).toContain("bukan file Excel (.xlsx)");
  });
});

describe("sessions, passwords and caching", () => {
  it("when a user changes their password then their other sessions end and this one stays", async () => {
    const u = await t.prisma.user.findUniqueOrThrow({ where: { username: "tkksd" } });
    const other = await login(t.app, "tkksd");
    const here = await login(t.app, "tkksd");
    const res = await postForm(
      here.agent,
      "/akun/password",
      { current: "kerjasama-demo", next: "jembatan-Merah-91-pagi", confirm: "jembatan-Merah-91-pagi" },
      "/akun/password",
    );
    expect(res.status).toBe(302);
    expect((await here.agent.get("/")).status).toBe(200);
    const gone = await other.agent.get("/");
    expect(gone.headers.location).toBe("/login");
    expect(await t.prisma.session.count({ where: { userId: u.id } })).toBe(1);
  });

  it.each(["aaaaaaaaaaaa", "1234567890", "          ", "kerjasama-demo", "kabag-kerjasama-1"])(
    "when the new password is %j then it is refused with a reason",
    async (pw) => {
      const { agent } = await login(t.app, "kabag");
      const res = await postForm(agent, "/akun/password", { current: "kerjasama-demo", next: pw, confirm: pw }, "/akun/password");
      expect(res.status).toBe(422);
      expect(res.text).toMatch(/minimal 12 karakter|mudah ditebak|nama pengguna/);
    },
  );

  it("when a logged-in user opens a page or downloads a file then the answer may not be cached", async () => {
    const { agent } = await login(t.app, "penatalaksana");
    for (const url of ["/", "/kasus", "/perjanjian/ekspor.csv", "/perjanjian/ekspor.xlsx"]) {
      expect((await agent.get(url)).headers["cache-control"], url).toContain("no-store");
    }
  });
});

describe("cancelled tasks", () => {
  it("when the case was closed and its evaluation task cancelled then the evaluation cannot be completed", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Kasus evaluasi dibatalkan" });
    const year = yearJakarta();
    const ev = must((await scheduleEvaluations(t.prisma, `${year}-12-20`))[0], "the scheduled evaluation");
    expect(ev.caseId).toBe(c.id);
    await t.prisma.task.update({ where: { id: ev.taskId }, data: { status: "CANCELLED" } });
    const evaluation = await t.prisma.evaluation.findFirstOrThrow({ where: { caseId: c.id } });
    const err = await completeEvaluation(t.prisma, a.penelaah, evaluation.id, "P3ADK", fullAnswers("P3ADK")).catch((e: unknown) => e);
    expect((err as { status?: number }).status).toBe(409);
    const { agent } = await login(t.app, "penelaah");
    const page = await agent.get(`/evaluasi/${evaluation.id}`);
    expect(page.text).toContain("Dibatalkan");
    expect(page.text).not.toContain('name="rekomendasi"');
  });
});
