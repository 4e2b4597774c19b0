// Issue 8 in the browser: a draft with a title only, the rupiah preview and the
// required markers, files to choose again, the SKPD's own task at row 11, and the
// evaluation schedule with an ad-hoc evaluation.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { loginInBrowser, seriousA11yViolations, startBrowserEnv, type BrowserEnv } from "../helpers/browser.js";
import { buildCase, demoActors, PDF, type Actors } from "../helpers/workflow.js";

let env: BrowserEnv;
let a: Actors;
beforeAll(async () => {
  env = await startBrowserEnv();
  return () => env.stop();
});
beforeAll(async () => {
  a = await demoActors(env.prisma);
});

async function as(username: string): Promise<Page> {
  const ctx = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await loginInBrowser(page, env.baseUrl, username);
  await page.waitForURL(/\/(akun\/password)?$/);
  return page;
}

const click = (page: Page, name: string) => Promise.all([page.waitForEvent("load"), page.getByRole("button", { name }).click()]);

describe("a new user's journey", () => {
  it("when the SKPD saves a draft with only a title then it is saved; the form marks what sending needs and previews the amount", async () => {
    const page = await as("skpd.kesehatan");
    await page.goto(`${env.baseUrl}/usulan/baru`);
    expect(await page.locator(".req").count()).toBeGreaterThanOrEqual(15);
    await page.getByLabel("Perkiraan biaya (Rp)").fill("25 juta");
    expect(await page.locator("#estimatedCost-preview").textContent()).toBe("= Rp 25.000.000");
    await page.getByLabel("Perkiraan biaya (Rp)").fill("dua puluh juta");
    expect(await page.locator("#estimatedCost-preview").textContent()).toContain("Belum terbaca");
    await page.getByLabel("Perkiraan biaya (Rp)").fill("");
    await page.getByLabel("Judul").fill("Draf dari peramban dengan judul saja");
    await click(page, "Simpan draf");
    expect(page.url()).toMatch(/\/kasus\/\d+$/);
    expect(await page.locator(".alert-success").textContent()).toContain("Draf usulan disimpan");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("when an action is refused then the form says which files to choose again", async () => {
    const c = await buildCase(env.prisma, a, { row: 6, title: "Berkas dipilih lagi di peramban" });
    const page = await as("kabag");
    await page.goto(`${env.baseUrl}/kasus/${c.id}`);
    const details = page.locator("details.action", { has: page.locator("summary", { hasText: "Walikota tidak menyetujui" }) });
    await details.locator("summary").click();
    const form = details.locator("form");
    await form.locator('input[name="doc_disposisi"]').setInputFiles({ name: "d.pdf", mimeType: "application/pdf", buffer: PDF });
    // The reason is too short for the server (the browser's minlength is bypassed to show the server's answer).
    await form.locator("textarea[name=reason]").evaluate((el) => el.removeAttribute("minlength"));
    await form.locator("textarea[name=reason]").fill("x");
    await Promise.all([page.waitForEvent("load"), form.locator('button[type="submit"]').click()]);
    expect(await page.locator(".alert-error").first().textContent()).toContain("alasan");
    expect(await page.locator("form[data-action='tolak'] .alert-warn").textContent()).toContain("Pilih lagi: Disposisi Walikota (pindaian)");
  });

  it("when the SKPD opens its case at row 11 then it sees its task and uploads the draft MoU there", async () => {
    const c = await buildCase(env.prisma, a, { row: 11, title: "Draf MoU dari SKPD di peramban" });
    const page = await as("skpd.pariwisata");
    await page.goto(`${env.baseUrl}/kasus/${c.id}`);
    expect(await page.getByRole("heading", { name: "Tugas Anda di langkah ini" }).isVisible()).toBe(true);
    await page.getByLabel("Unggah Draft MoU").setInputFiles({ name: "draf-mou.pdf", mimeType: "application/pdf", buffer: PDF });
    await Promise.all([page.waitForEvent("load"), page.locator("form.inline-upload button[type=submit]").click()]);
    expect(await page.locator(".alert-success").textContent()).toContain("Draft MoU");
  });

  it("when the agreement runs then the penelaah sees when the next evaluation opens and starts an ad-hoc one from the case page", async () => {
    const c = await buildCase(env.prisma, a, { row: 20, title: "Evaluasi insidentil di peramban" });
    const page = await as("penelaah");
    await page.goto(`${env.baseUrl}/kasus/${c.id}`);
    expect(await page.locator("#monitoring").textContent()).toMatch(/Evaluasi berikutnya: (Semester I|Akhir tahun) \d{4}, dibuka/);
    await click(page, "Mulai evaluasi insidentil sekarang");
    expect(page.url()).toMatch(/\/evaluasi\/\d+$/);
    expect(await page.locator("h1").textContent()).toContain("insidentil");
    await page.goto(`${env.baseUrl}/inbox`);
    await Promise.all([page.waitForEvent("load"), page.getByRole("link", { name: "Evaluasi insidentil di peramban" }).click()]);
    expect(page.url()).toMatch(/\/evaluasi\/\d+$/);
  });
});
