// Issue 25 in chromium: the Kabag makes the telaah staf from the case's data, turns it
// into PDF (LibreOffice), makes a signing certificate and signs it on a phone-sized
// screen; the TKKSD signs the meeting's minutes; anyone then checks the signed telaah
// on /verifikasi, and the QR code's page names the signer.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { loginInBrowser, seriousA11yViolations, useBrowserEnv } from "../helpers/browser.js";
import { buildCase, demoActors } from "../helpers/workflow.js";

const browserEnv = useBrowserEnv();
const shots = process.env.SCREENSHOTS;

/** A phone (360 × 780) logged in as `username`; confirmation dialogs are accepted. */
async function phoneAs(username: string): Promise<Page> {
  const env = browserEnv();
  const ctx = await env.browser.newContext({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  page.on("dialog", (d) => void d.accept());
  await loginInBrowser(page, env.baseUrl, username);
  await page.waitForURL(`${env.baseUrl}/`);
  return page;
}

async function makeCertificate(page: Page, passphrase: string) {
  const env = browserEnv();
  await page.goto(`${env.baseUrl}/akun/tanda-tangan`);
  await page.getByLabel("Passphrase baru (minimal 8 karakter)").fill(passphrase);
  await page.getByLabel("Ulangi passphrase").fill(passphrase);
  await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Buat sertifikat" }).click()]);
  await expect.poll(() => page.locator("#signer-status").textContent()).toContain("dapat menandatangani");
}

async function signOn(page: Page, passphrase: string) {
  await page.getByLabel("Passphrase sertifikat Anda").fill(passphrase);
  await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Tanda tangani" }).click()]);
  // The whole page on failure: what it said instead.
  expect(await page.locator("body").innerText()).toContain("elektronik dibubuhkan");
}

describe("electronic signatures, in chromium", () => {
  it("when the Kabag signs a generated telaah and the TKKSD signs the minutes then /verifikasi confirms the signed file and its QR page names the signer", async () => {
    const env = browserEnv();
    const a = await demoActors(env.prisma);
    // At row 5: decided by a TKKSD meeting, whose numbered minutes are on the case.
    const c = await buildCase(env.prisma, a, { row: 5, title: "Pengelolaan sampah terpadu bersama Kabupaten Sleman", jenis: "KSDD" });

    const kabag = await phoneAs("kabag");
    await makeCertificate(kabag, "Kabag-Rahasia-2026");
    await kabag.goto(`${env.baseUrl}/kasus/${c.id}`);
    await Promise.all([kabag.waitForEvent("load"), kabag.locator("#buat-dokumen").getByRole("button", { name: "Telaah staf untuk Walikota" }).click()]);
    const telaahRows = kabag.locator("#dokumen tbody tr", { hasText: "Telaah staf" });
    await Promise.all([kabag.waitForEvent("load"), telaahRows.first().getByRole("button", { name: "Buat PDF" }).click()]);
    await expect.poll(() => kabag.locator(".alert-success").first().textContent()).toContain("Versi PDF dibuat");
    await Promise.all([kabag.waitForEvent("load"), telaahRows.first().getByRole("link", { name: "Tanda tangan" }).click()]);
    expect(await kabag.locator("h1").textContent()).toContain("Tanda tangan elektronik");
    expect(await seriousA11yViolations(kabag)).toEqual([]);
    if (shots) await kabag.screenshot({ path: `${shots}/signature-sign-phone.png`, fullPage: true });
    // A wrong passphrase first: said plainly, nothing signed.
    await kabag.getByLabel("Passphrase sertifikat Anda").fill("bukan-ini-passphrase");
    await Promise.all([kabag.waitForEvent("load"), kabag.getByRole("button", { name: "Tanda tangani" }).click()]);
    expect(await kabag.locator("#sign-error").textContent()).toContain("Passphrase salah");
    await signOn(kabag, "Kabag-Rahasia-2026");
    expect(await kabag.locator("#sign-check").textContent()).toContain("sah");
    if (shots) await kabag.screenshot({ path: `${shots}/signature-signed-phone.png`, fullPage: true });
    const signedHref = await kabag.getByRole("link", { name: "Unduh dan baca dokumen" }).getAttribute("href");
    const signed = Buffer.from(await (await kabag.request.get(`${env.baseUrl}${signedHref}`)).body());

    // The TKKSD signs the meeting's minutes on the same case.
    const tkksd = await phoneAs("tkksd");
    await makeCertificate(tkksd, "Ketua-TKKSD-2026");
    await tkksd.goto(`${env.baseUrl}/kasus/${c.id}`);
    const minutes = tkksd.locator("#dokumen tbody tr", { hasText: "Notulen" }).first();
    await Promise.all([tkksd.waitForEvent("load"), minutes.getByRole("link", { name: "Tanda tangan" }).click()]);
    await signOn(tkksd, "Ketua-TKKSD-2026");
    await tkksd.goto(`${env.baseUrl}/kasus/${c.id}`);
    expect(await tkksd.locator("#dokumen").textContent()).toContain("Bertanda tangan elektronik (sah)");

    // An MoU at row 12: the Kabag's paraf on the final draft, then the Walikota signs it on a phone.
    const mou = await buildCase(env.prisma, a, { row: 12, title: "Kerja sama beasiswa bersama Universitas Gadjah Mada", jenis: "SINERGI" });
    await kabag.goto(`${env.baseUrl}/kasus/${mou.id}`);
    const draft = kabag.locator("#dokumen tbody tr", { hasText: "Draft final MoU" }).first();
    await Promise.all([kabag.waitForEvent("load"), draft.getByRole("link", { name: "Tanda tangan" }).click()]);
    expect(await kabag.locator(".sign-steps").textContent()).toContain("Paraf Kepala Bagian Kerjasama");
    await signOn(kabag, "Kabag-Rahasia-2026");
    const walikota = await phoneAs("pimpinan");
    await makeCertificate(walikota, "Walikota-Rahasia-2026");
    // Told by a notification that the paraf is on; the link opens the signing page.
    const told = await env.prisma.notification.findFirstOrThrow({ where: { userId: a.pimpinan.id, kind: "SIGNATURE" }, orderBy: { id: "desc" } });
    await walikota.goto(`${env.baseUrl}${told.link ?? ""}`);
    expect(await walikota.locator(".sign-steps").textContent()).toContain("✓");
    await signOn(walikota, "Walikota-Rahasia-2026");
    expect(await walikota.locator("#sign-check").textContent()).toContain("sah");
    if (shots) await walikota.screenshot({ path: `${shots}/signature-mou-walikota.png`, fullPage: true });
    await walikota.goto(`${env.baseUrl}/kasus/${mou.id}`);
    expect(await walikota.locator("#dokumen tbody tr", { hasText: "MoU yang sudah ditandatangani" }).first().textContent()).toContain(
      "Bertanda tangan elektronik (sah)",
    );

    // Anyone: the file on /verifikasi, and the signature's own page.
    const ctx = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const pub = await ctx.newPage();
    await pub.goto(`${env.baseUrl}/verifikasi`);
    await pub.getByLabel("Berkas PDF").setInputFiles({ name: "telaah.pdf", mimeType: "application/pdf", buffer: signed });
    await Promise.all([pub.waitForEvent("load"), pub.getByRole("button", { name: "Periksa" }).click()]);
    expect(await pub.locator("#verify-conclusion").textContent()).toContain("sah dan dokumen tidak berubah");
    expect(await pub.locator("#verify-signatures").textContent()).toContain(a.kabag.fullName);
    expect(await pub.locator("#verify-known").textContent()).toContain("sama persis");
    expect(await seriousA11yViolations(pub)).toEqual([]);
    if (shots) await pub.screenshot({ path: `${shots}/signature-verify.png`, fullPage: true });
    const request = await env.prisma.signatureRequest.findFirstOrThrow({ where: { userId: a.kabag.id, status: "SIGNED" }, orderBy: { id: "desc" } });
    await pub.goto(`${env.baseUrl}/verifikasi/ttd/${request.verifyToken}`);
    expect(await pub.locator(".facts").textContent()).toContain(a.kabag.fullName);
    expect(await seriousA11yViolations(pub)).toEqual([]);
    await ctx.close();
  });
});
