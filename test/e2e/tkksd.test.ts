// Issue 11 in the browser: the secretariat prepares a TKKSD meeting from the cases
// waiting for it, the TKKSD records the decisions and closes it, and each case
// moves on with the numbered minutes attached.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { pageAs, seriousA11yViolations, startBrowserEnv, type BrowserEnv } from "../helpers/browser.js";
import { buildCase, demoActors } from "../helpers/workflow.js";

let env: BrowserEnv;
const shots = process.env.SCREENSHOTS;
beforeAll(async () => {
  env = await startBrowserEnv();
  return () => env.stop();
}, 120_000);

const as = (username: string): Promise<Page> => pageAs(env, username);

describe("a TKKSD meeting, in chromium", () => {
  it("when the secretariat prepares a meeting and the TKKSD closes it then the potential is adopted and the final draft approved, with the minutes on both cases", async () => {
    const a = await demoActors(env.prisma);
    const potential = await buildCase(env.prisma, a, { row: 4, title: "Bus sekolah bersama Kabupaten Bantul", jenis: "KSDD" });
    const draft = await buildCase(env.prisma, a, { row: 12, title: "Layanan perpustakaan digital bersama universitas", jenis: "SINERGI" });

    const sec = await as("kasubbag");
    await sec.getByRole("link", { name: "Rapat TKKSD" }).first().click();
    await sec.waitForURL(`${env.baseUrl}/tkksd`);
    expect(await seriousA11yViolations(sec)).toEqual([]);
    // Only these two: the demo's own waiting cases are left out of this meeting.
    for (const box of await sec.locator('input[name="caseIds"]').all()) {
      const v = await box.getAttribute("value");
      if (v !== String(potential.id) && v !== String(draft.id)) await box.uncheck();
    }
    await sec.getByLabel("Tanggal rapat").fill("2026-12-03");
    await sec.getByLabel("Jam mulai").fill("09.00");
    await sec.getByLabel("Tempat").fill("Ruang Rapat Bima, Balai Kota");
    await Promise.all([sec.waitForEvent("load"), sec.getByRole("button", { name: "Siapkan rapat" }).click()]);
    expect(await sec.locator(".alert-success").textContent()).toContain("Rapat disiapkan");
    const meetingUrl = sec.url();
    const download = await Promise.all([sec.waitForEvent("download"), sec.getByRole("link", { name: "Unduh undangan (PDF)" }).click()]).then(([d]) => d);
    expect(download.suggestedFilename()).toMatch(/^undangan-rapat-tkksd-\d+\.pdf$/);
    // The secretariat cannot close it.
    expect(await sec.getByRole("button", { name: "Tutup rapat dan terapkan keputusan" }).count()).toBe(0);

    const tk = await as("tkksd");
    await tk.goto(meetingUrl);
    const groupOf = (title: string) => tk.getByRole("group", { name: new RegExp(title) });
    await groupOf(potential.title).getByLabel("Ditetapkan sebagai potensi kerja sama Pemkot").check();
    await groupOf(draft.title).getByLabel("Disetujui untuk ditandatangani").check();
    await tk
      .getByLabel("Satu nama per baris, dengan jabatannya")
      .fill("Sekretaris Daerah (Ketua TKKSD)\nKepala Bagian Kerjasama (Sekretaris TKKSD)\nKepala Bappeda (Anggota)");
    if (shots) await tk.screenshot({ path: `${shots}/tkksd-meeting.png`, fullPage: true });
    expect(await seriousA11yViolations(tk)).toEqual([]);
    await Promise.all([tk.waitForEvent("load"), tk.getByRole("button", { name: "Tutup rapat dan terapkan keputusan" }).click()]);
    const results = tk.locator("section", { has: tk.getByRole("heading", { name: "Hasil penerapan keputusan" }) });
    expect(await results.textContent()).not.toContain("belum diterapkan");
    expect(await tk.locator("p").filter({ hasText: "berita acara nomor" }).first().textContent()).toMatch(/berita acara nomor \d+\/BA-TKKSD\/2026/);
    if (shots) await tk.screenshot({ path: `${shots}/tkksd-closed.png`, fullPage: true });

    expect((await env.prisma.case.findUniqueOrThrow({ where: { id: potential.id } })).currentRow).toBe(5);
    await tk.goto(`${env.baseUrl}/kasus/${draft.id}`);
    expect(await tk.locator("#persetujuan").textContent()).toContain("BA-TKKSD");
  });
});
