import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { loginInBrowser, seriousA11yViolations, startBrowserEnv, type BrowserEnv } from "../helpers/browser.js";
import { caseAtRow, demoActors, PDF } from "../helpers/workflow.js";

let env: BrowserEnv;
const pages = new Map<string, Page>();
const shots = process.env.SCREENSHOTS;

beforeAll(async () => {
  env = await startBrowserEnv();
  return () => env.stop();
});

/** One logged-in browser context per demo account. */
async function as(username: string): Promise<Page> {
  let page = pages.get(username);
  if (!page) {
    const ctx = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await ctx.newPage();
    await loginInBrowser(page, env.baseUrl, username);
    await page.waitForURL(/\/(akun\/password)?$/);
    pages.set(username, page);
  }
  return page;
}

/** Click a submit button and wait for the next document to load. */
async function submitAndWait(page: Page, button: ReturnType<Page["locator"]>) {
  await Promise.all([page.waitForEvent("load"), button.click()]);
}

const file = (name: string) => ({ name, mimeType: "application/pdf", buffer: PDF });

/** What a person does, counted: each page opened, click, choice, file and typed field (the issue counts them per signing). */
let actions = 0;
/** Of those, the ones that plan a meeting (one meeting serves every case on its agenda). */
let planning = 0;
const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta" }).format(new Date());

/** Opens the case, expands the action whose title is `label`, fills it and submits. */
async function act(
  username: string,
  caseId: number,
  label: string,
  opts: { choose?: Record<string, string>; files?: Record<string, string>; fields?: Record<string, string>; reason?: string; confirm?: boolean } = {},
) {
  const page = await as(username);
  await page.goto(`${env.baseUrl}/kasus/${caseId}`);
  actions++;
  const details = page.locator("details.action", { has: page.locator("summary", { hasText: label }) }).first();
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await details.locator("summary").click();
    actions++;
  }
  const form = details.locator("form");
  actions += Object.keys({ ...opts.choose, ...opts.files, ...opts.fields }).length + (opts.reason ? 1 : 0) + (opts.confirm ? 1 : 0) + 1;
  for (const [name, value] of Object.entries(opts.choose ?? {})) await form.locator(`input[name="${name}"][value="${value}"]`).check();
  for (const [kind, name] of Object.entries(opts.files ?? {})) await form.locator(`input[name="doc_${kind}"]`).setInputFiles(file(name));
  for (const [name, value] of Object.entries(opts.fields ?? {})) await form.locator(`input[name="${name}"]`).fill(value);
  if (opts.reason) await form.locator('textarea[name="reason"]').fill(opts.reason);
  if (opts.confirm) await form.locator('input[name="confirm"]').check();
  await submitAndWait(page, form.locator('button[type="submit"]'));
  expect(await page.locator(".alert-error").allTextContents(), `${username}: ${label}`).toEqual([]);
  return page;
}

/** Rows 15 and 19: the Penatalaksana records one recipient with its receipt, then finishes the row. */
async function distribute(caseId: number, type: "MITRA" | "SKPD", name: string, sentOn: string) {
  const pen = await as("penatalaksana");
  await pen.goto(`${env.baseUrl}/kasus/${caseId}`);
  await pen.getByLabel("Jenis penerima").selectOption(type);
  await pen.getByLabel("Nama penerima").fill(name);
  await pen.getByLabel("Tanggal kirim").fill(sentOn);
  await pen.getByLabel("Tanda terima").setInputFiles(file(`tanda terima ${name}.pdf`));
  await submitAndWait(pen, pen.getByRole("button", { name: "Catat penerima" }));
  expect(await pen.locator(".alert-success").textContent()).toContain(`Distribusi ke ${name} dicatat`);
  await act("penatalaksana", caseId, "Distribusi selesai");
}

/** Before a signing: the TKKSD records its approval of the final draft, with the letter's scan. */
/** The secretariat plans a TKKSD meeting for today, choosing no case: what comes to wait joins its agenda. */
async function planMeeting(): Promise<string> {
  const sec = await as("kasubbag");
  await sec.goto(`${env.baseUrl}/tkksd`);
  for (const box of await sec.locator('input[name="caseIds"]').all()) await box.uncheck();
  await sec.getByLabel("Tanggal rapat").fill(today);
  await sec.getByLabel("Jam mulai").fill("09.00");
  await sec.getByLabel("Tempat").fill("Ruang Rapat Bima, Balai Kota");
  await submitAndWait(sec, sec.getByRole("button", { name: "Siapkan rapat" }));
  actions += 5;
  planning += 5;
  expect(await sec.locator(".alert-success").textContent()).toContain("Rapat disiapkan");
  return new URL(sec.url()).pathname;
}

/** The TKKSD follows its badge to the meeting that has the final draft on its agenda, approves it and closes the meeting. */
async function approveInMeeting(meetingPath: string, title: string) {
  const tk = await as("tkksd");
  await tk.goto(`${env.baseUrl}/`);
  const nav = tk.locator("nav").getByRole("link", { name: /Rapat TKKSD/ });
  expect(Number(await nav.locator(".badge").textContent())).toBeGreaterThan(0);
  await submitAndWait(tk, nav);
  await submitAndWait(tk, tk.locator(`a[href="${meetingPath}"]`));
  await tk
    .getByRole("group", { name: new RegExp(title) })
    .getByLabel("Disetujui untuk ditandatangani")
    .check();
  actions += 4;
  const attendance = tk.getByLabel("Satu nama per baris, dengan jabatannya");
  // The list starts from the last meeting's attendance; the first meeting types it.
  if (!(await attendance.inputValue()).trim()) {
    await attendance.fill("Sekretaris Daerah (Ketua TKKSD)\nKepala Bagian Kerjasama (Sekretaris TKKSD)");
    actions++;
  }
  await submitAndWait(tk, tk.getByRole("button", { name: "Tutup rapat dan terapkan keputusan" }));
  actions++;
  const results = tk.locator("section", { has: tk.getByRole("heading", { name: "Hasil penerapan keputusan" }) });
  expect(await results.textContent()).not.toContain("belum diterapkan");
  if (shots) await tk.screenshot({ path: `${shots}/tkksd-approval.png`, fullPage: true });
}

async function rowOf(caseId: number) {
  return (await env.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).currentRow;
}

describe("one cooperation through the whole SOP in chromium", () => {
  let caseId = 0;

  it("when the SKPD fills in the proposal form then it reaches the compilation row", async () => {
    const page = await as("skpd.pariwisata");
    await page.goto(`${env.baseUrl}/usulan/baru`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel("Judul").fill("Festival budaya bersama Kota Mitra");
    // Each kind shows its own attachments, questions and partner types.
    const kind = page.getByLabel("Jenis kerja sama");
    const study = page.locator('input[name="doc_studi_kelayakan"]');
    const partnerTypes = () =>
      page.locator("#partnerKind option:not([disabled])").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    await kind.selectOption("KSDPL");
    expect(await study.isHidden()).toBe(true);
    expect(await page.getByLabel("Sukarela").isHidden()).toBe(true);
    expect(await partnerTypes()).toEqual(["Pemerintah daerah luar negeri"]);
    await kind.selectOption("KSDPK");
    expect(await study.isVisible()).toBe(true);
    expect(await partnerTypes()).not.toContain("Pemerintah daerah");
    await kind.selectOption("KSDD");
    expect(await study.isHidden()).toBe(true);
    expect(await partnerTypes()).toEqual(["Pemerintah daerah"]);
    await page.getByLabel("Sukarela").check();
    await page.getByLabel("Urusan pemerintahan").selectOption({ label: "Kebudayaan" });
    await page.getByLabel("Bidang / sub-urusan").fill("Kesenian");
    await page.getByLabel("Objek kerja sama").fill("Festival budaya tahunan");
    await page.getByLabel("Ruang lingkup").fill("Pertukaran seniman dan penyelenggaraan festival bersama.");
    await page.getByLabel("Manfaat").fill("Promosi budaya dan kunjungan wisata kedua kota.");
    await page.getByLabel("Keterkaitan dengan prioritas RPJMD").fill("Misi 2: budaya");
    await page.getByLabel("Nama calon mitra").fill("Pemerintah Kota Mitra");
    await page.getByLabel("Jenis calon mitra").selectOption("Pemerintah daerah");
    await page.getByLabel("Alamat").fill("Jl. Balai Kota 1, Kota Mitra");
    await page.getByLabel("Kontak (nama, telepon atau email)").fill("Bagian Kerja Sama, 021 555 000");
    await page.getByLabel("Sumber pembiayaan").selectOption("APBD dan mitra (bersama)");
    await page.getByLabel("Perkiraan biaya (Rp)").fill("250.000.000");
    await page.getByLabel("Rencana jangka waktu (bulan)").fill("36");
    await page
      .getByRole("group", { name: /membebani masyarakat/ })
      .getByLabel("Tidak")
      .check();
    await page
      .getByRole("group", { name: /belum dianggarkan/ })
      .getByLabel("Tidak")
      .check();
    await page.getByLabel("Nama PPKSD").fill("Dewi Lestari");
    await page.getByLabel("Telepon PPKSD").fill("0812 2345 6789");
    await page.locator('input[name="doc_kak"]').setInputFiles(file("KAK festival.pdf"));
    await page.locator('input[name="doc_sk_ppksd"]').setInputFiles(file("SK PPKSD.pdf"));
    await submitAndWait(page, page.getByRole("button", { name: "Simpan dan kirim ke Bagian Kerjasama" }));
    expect(page.url()).toMatch(/\/kasus\/\d+$/);
    caseId = Number(page.url().split("/").pop());
    expect(await page.locator(".alert-success").textContent()).toContain("Usulan dikirim");
    expect(await rowOf(caseId)).toBe(2);
  });

  it("when the compiler returns it for revision then the SKPD edits and sends it again", async () => {
    await act("penatalaksana", caseId, "Kembalikan ke SKPD untuk dilengkapi", { reason: "Mohon lengkapi ruang lingkup dengan jadwal." });
    expect(await rowOf(caseId)).toBe(1);
    const page = await as("skpd.pariwisata");
    await page.goto(`${env.baseUrl}/kasus/${caseId}`);
    expect(await page.locator(".timeline").textContent()).toContain("Mohon lengkapi ruang lingkup dengan jadwal.");
    // The reason is in a banner at the top, not only in the timeline.
    expect(await page.locator(".alert-warn").first().textContent()).toContain("Mohon lengkapi ruang lingkup dengan jadwal.");
    await page.getByRole("link", { name: "Ubah data usulan" }).click();
    await page.getByLabel("Ruang lingkup").fill("Pertukaran seniman dan festival bersama, setiap bulan Juli selama tiga tahun.");
    await submitAndWait(page, page.getByRole("button", { name: "Simpan dan kirim ke Bagian Kerjasama" }));
    expect(page.url()).toMatch(/\/kasus\/\d+$/);
    expect(await rowOf(caseId)).toBe(2);
  });

  it("when each holder acts in turn then the case goes through rows 2 to 21 and ends done", async () => {
    await act("penatalaksana", caseId, "Masukkan ke kompilasi dan teruskan untuk ditelaah");
    await act("penelaah", caseId, "Terverifikasi: ajukan ke TKKSD");
    await act("tkksd", caseId, "Tetapkan sebagai potensi kerja sama Pemkot", { files: { notulen: "notulen TKKSD.pdf" } });
    await act("kasubbag", caseId, "Telaah disampaikan kepada Walikota", { files: { telaah: "telaah.pdf" } });
    await act("kabag", caseId, "Walikota menyetujui", { files: { disposisi: "disposisi.pdf" } });
    expect(await rowOf(caseId)).toBe(7);
    await act("skpd.pariwisata", caseId, "Rencana kerja sama selesai", { files: { rencana_ks: "rencana.pdf" } });
    expect(await rowOf(caseId)).toBe(7);
    await act("penatalaksana", caseId, "Draft surat penawaran selesai", { files: { draft_surat_penawaran: "draft penawaran.pdf" } });
    expect(await rowOf(caseId)).toBe(8);
    await act("kabag", caseId, "Telaah dan draft surat penawaran disampaikan", { files: { telaah: "telaah 2.pdf" } });
    await act("kabag", caseId, "Walikota menyetujui penawaran", { files: { disposisi: "disposisi 2.pdf" } });
    await act("penatalaksana", caseId, "Calon mitra menerima", {
      files: { surat_penawaran: "penawaran.pdf", tanda_kirim: "tanda kirim.pdf", surat_jawaban: "jawaban mitra.pdf" },
    });
    // From the agreed final draft to the signed MoU, every action counted (the second wave counted 25).
    actions = 0;
    planning = 0;
    const mouMeeting = await planMeeting();
    await act("penelaah", caseId, "Draft final MoU disepakati", { files: { mou_final: "mou final.pdf" } });
    // The signing waits for the TKKSD's approval of the final draft; the Kabag's page says so, and where it is.
    const early = await as("kabag");
    await early.goto(`${env.baseUrl}/kasus/${caseId}`);
    expect(await early.locator("#persetujuan").textContent()).toContain("belum ada");
    expect(await early.locator("#perlu-persetujuan").textContent()).toContain("Persetujuan TKKSD atas draf final MoU: Diputuskan dalam rapat TKKSD");
    expect(await early.locator("#agenda-tkksd a").getAttribute("href")).toBe(mouMeeting);
    if (shots) await early.screenshot({ path: `${shots}/kabag-approvals-panel.png`, fullPage: true });
    await approveInMeeting(mouMeeting, "Festival budaya bersama Kota Mitra");
    await act("kabag", caseId, "MoU ditandatangani (seremonial", {
      files: { mou_signed: "mou ttd.pdf" },
      fields: { signedMouOn: "2026-11-20", mouEnd: "2031-11-19" },
    });
    const mouActions = actions;
    console.log(`Tindakan dari draf final MoU sampai MoU ditandatangani: ${mouActions} (${planning} di antaranya menyiapkan rapat)`);
    expect(mouActions).toBeLessThan(25);
    const numbered = await act("penatalaksana", caseId, "Beri nomor MoU", { fields: { partnerNumber: "KM/12/2026" } });
    expect(await numbered.locator(".alert-success").textContent()).toMatch(/Nomor 100\.3\.7\.1\/\d+\/P3ADK\/[IVX]+\/\d{4} diberikan/);
    expect(await rowOf(caseId)).toBe(15);

    await distribute(caseId, "MITRA", "Pemerintah Kota Mitra", "2026-11-24");
    expect(await rowOf(caseId)).toBe(16);

    actions = 0;
    planning = 0;
    const pksMeeting = await planMeeting();
    await act("penelaah", caseId, "Draft final PKS disepakati", { files: { pks_final: "pks final.pdf" } });
    await approveInMeeting(pksMeeting, "Festival budaya bersama Kota Mitra");
    // The surat kuasa is asked for only when an official other than the Walikota signs.
    const signer = await as("kabag");
    await signer.goto(`${env.baseUrl}/kasus/${caseId}`);
    const signForm = signer.locator("details.action", { has: signer.locator("summary", { hasText: "PKS ditandatangani (biasa)" }) }).first();
    if (!(await signForm.evaluate((d) => (d as HTMLDetailsElement).open))) await signForm.locator("summary").click();
    expect(await signForm.locator('input[name="suratKuasaNumber"]').isHidden()).toBe(true);
    await signForm.locator('input[name="pksSignedBy"][value="KUASA"]').check();
    expect(await signForm.locator('input[name="suratKuasaNumber"]').isVisible()).toBe(true);
    expect(await signForm.locator('input[name="doc_surat_kuasa"]').isVisible()).toBe(true);
    await signForm.locator('input[name="pksSignedBy"][value="WALIKOTA"]').check();
    expect(await signForm.locator('input[name="doc_surat_kuasa"]').isHidden()).toBe(true);
    const signed = await act("kabag", caseId, "PKS ditandatangani (biasa)", {
      choose: { pksSignedBy: "KUASA" },
      files: { pks_signed: "pks ttd.pdf", surat_kuasa: "surat kuasa.pdf" },
      fields: {
        pksSignatory: "Wakil Walikota Yogyakarta",
        suratKuasaNumber: "180/12/2026",
        suratKuasaDate: "2026-11-20",
        signedPksOn: "2026-11-25",
        agreementStart: "2026-12-01",
        agreementEnd: "2029-11-30",
      },
    });
    expect(await signed.locator(".timeline").textContent()).toContain("Nomor surat kuasa Walikota: 180/12/2026");
    // The PKS with a surat kuasa (its name, number, date and scan on top of the Walikota's own signing); the second wave counted 19.
    console.log(`Tindakan dari draf final PKS sampai PKS ditandatangani: ${actions} (${planning} di antaranya menyiapkan rapat)`);
    expect(actions - planning).toBeLessThanOrEqual(19);
    await act("penatalaksana", caseId, "Beri nomor PKS");
    await distribute(caseId, "SKPD", "Dinas Pariwisata", "2026-11-25");
    expect(await rowOf(caseId)).toBe(20);
    await act("skpd.pariwisata", caseId, "Laporkan hasil pelaksanaan untuk dievaluasi", { files: { laporan: "laporan.pdf" } });
    // The PKS runs until 2029: closing now is an early end, which the form says and asks to confirm.
    const pen = await as("penelaah");
    await pen.goto(`${env.baseUrl}/kasus/${caseId}`);
    expect(await pen.locator("form[data-action='selesai'] .alert-warn").textContent()).toContain("mengakhiri kerja sama lebih awal");
    const done = await act("penelaah", caseId, "Evaluasi akhir selesai", {
      files: { laporan_evaluasi: "evaluasi.pdf" },
      reason: "Mitra menghentikan kegiatan; disepakati diakhiri",
      confirm: true,
    });
    expect(await done.locator(".status").textContent()).toContain("Selesai");
    if (shots) await done.screenshot({ path: `${shots}/case-done.png`, fullPage: true });
    expect(await seriousA11yViolations(done)).toEqual([]);

    const c = await env.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(c.status).toBe("DONE");
    const roles = new Set((await env.prisma.caseEvent.findMany({ where: { caseId } })).map((e) => e.role));
    expect([...roles].sort()).toEqual(["KABAG", "KASUBBAG", "PENATALAKSANA", "PENELAAH", "SKPD", "TKKSD"]);
  });

  it("when the screen is narrow then the finished case page and its agreement dossier fit without horizontal scrolling", async () => {
    const ctx = await env.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    await loginInBrowser(page, env.baseUrl, "penatalaksana");
    await page.waitForURL(`${env.baseUrl}/`);
    const agreement = await env.prisma.agreement.findFirstOrThrow({ where: { caseId, kind: "PKS" } });
    for (const url of [`/kasus/${caseId}`, `/perjanjian/${agreement.id}`, "/perjanjian", "/inbox"]) {
      await page.goto(`${env.baseUrl}${url}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), url).toBeLessThanOrEqual(0);
    }
    await ctx.close();
  });

  it("when the Walikota refuses at row 6 then the case ends refused and leaves the inbox", async () => {
    const a = await demoActors(env.prisma);
    const c = await caseAtRow(env.prisma, a, 6, { title: "Usulan yang akan ditolak Walikota" });
    const kabag = await as("kabag");
    await kabag.goto(`${env.baseUrl}/inbox?row=6`);
    expect(await kabag.locator("table.inbox").textContent()).toContain("Usulan yang akan ditolak Walikota");
    if (shots) await kabag.screenshot({ path: `${shots}/inbox-row6.png`, fullPage: true });
    expect(await seriousA11yViolations(kabag)).toEqual([]);
    const page = await act("kabag", c.id, "Walikota tidak menyetujui", {
      files: { disposisi: "disposisi tolak.pdf" },
      reason: "Anggaran belum tersedia tahun ini.",
    });
    expect(await page.locator(".status").textContent()).toContain("Tidak disetujui Walikota");
    await kabag.goto(`${env.baseUrl}/inbox?row=6`);
    expect(await kabag.locator("table.inbox").textContent()).not.toContain("Usulan yang akan ditolak Walikota");
  });

  it("when a user without the row's role opens the case then no action form is offered", async () => {
    const a = await demoActors(env.prisma);
    const c = await caseAtRow(env.prisma, a, 3, { title: "Kasus di baris telaah" });
    const page = await as("tkksd");
    await page.goto(`${env.baseUrl}/kasus/${c.id}`);
    expect(await page.locator("details.action").count()).toBe(0);
    const pimpinan = await as("pimpinan");
    await pimpinan.goto(`${env.baseUrl}/kasus/${c.id}`);
    expect(await pimpinan.locator("details.action").count()).toBe(0);
    expect(await pimpinan.locator("#komentar form").count()).toBe(0);
  });
});
