// Issue 26 in chromium: an administrator's first sign-in sets up the second factor from
// the QR page (the secret read off the page, as a phone would scan it), keeps the
// recovery codes, reaches the app; the next sign-in asks for a code; Keamanan akun
// lists the sessions and ends another one.
import { describe, expect, it } from "vitest";
import { seriousA11yViolations, useBrowserEnv } from "../helpers/browser.js";
import { codeAt } from "../../src/features/second-factor/totp.js";
import { makeUser } from "../helpers/app.js";

const env = useBrowserEnv();
const shots = process.env.SCREENSHOTS;

describe("second factor in chromium", () => {
  it("when an administrator signs in the first time then the QR page sets up the factor, the recovery codes are shown, and the next sign-in asks for a code", async () => {
    const e = env();
    await makeUser(e.prisma, { roles: ["ADMIN"], username: "admin.peramban" });
    const context = await e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${e.baseUrl}/login`);
    await page.getByLabel("Nama pengguna").fill("admin.peramban");
    await page.getByLabel("Kata sandi").fill("kerjasama-demo");
    await page.getByRole("button", { name: "Masuk" }).click();
    await page.waitForURL(`${e.baseUrl}/login/faktor-kedua`);
    expect(await page.getByRole("img", { name: "Kode QR untuk aplikasi autentikator" }).isVisible()).toBe(true);
    expect(await page.locator("#secret").innerText()).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/second-factor-setup.png`, fullPage: true });
    // Nothing of the app opens half-way (the page asked for comes after the factor).
    await page.goto(`${e.baseUrl}/admin/pengguna`);
    expect(new URL(page.url()).pathname).toBe("/login/faktor-kedua");
    // A wrong code: the message, and still the set-up page.
    await page.getByLabel("Kode dari aplikasi").fill("000000");
    await page.getByRole("button", { name: "Aktifkan faktor kedua" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Kode belum cocok");

    // The secret as a person types it into the app; its code; the codes shown once; then the app.
    const secret = (await page.locator("#secret").innerText()).replace(/\s/g, "");
    await page.getByLabel("Kode dari aplikasi").fill(await codeAt(secret, Date.now()));
    await page.getByRole("button", { name: "Aktifkan faktor kedua" }).click();
    await page.waitForURL(`${e.baseUrl}/akun/kode-pemulihan`);
    expect(await page.locator("#recovery-codes li").count()).toBe(10);
    expect(await seriousA11yViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/second-factor-codes.png`, fullPage: true });
    await page.getByRole("link", { name: "Saya sudah menyimpannya, lanjutkan" }).click();
    await page.waitForURL(`${e.baseUrl}/admin/pengguna`);
    await expect.poll(() => page.locator("h1").textContent()).toContain("Pengguna");

    // Keamanan akun: this session, and another browser's, which can be ended.
    const other = await e.browser.newContext({
      userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
    });
    const otherPage = await other.newPage();
    await otherPage.goto(`${e.baseUrl}/login`);
    await otherPage.getByLabel("Nama pengguna").fill("admin.peramban");
    await otherPage.getByLabel("Kata sandi").fill("kerjasama-demo");
    await otherPage.getByRole("button", { name: "Masuk" }).click();
    await otherPage.waitForURL(`${e.baseUrl}/login/faktor-kedua`);
    expect(await seriousA11yViolations(otherPage)).toEqual([]);
    if (shots) await otherPage.screenshot({ path: `${shots}/second-factor-code.png`, fullPage: true });
    // The next step's code (the set-up used this one: a step counts once).
    await otherPage.getByLabel("Kode").fill(await codeAt(secret, Date.now() + 30_000));
    await otherPage.getByRole("button", { name: "Lanjut" }).click();
    await otherPage.waitForURL(`${e.baseUrl}/`);

    await page.goto(`${e.baseUrl}/akun/keamanan`);
    const rows = page.locator("#sessions tbody tr");
    expect(await rows.count()).toBe(2);
    expect(await page.locator("#sessions").textContent()).toContain("Chrome 130 di Windows");
    expect(await seriousA11yViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/account-security.png`, fullPage: true });
    await rows.filter({ hasText: "Windows" }).getByRole("button", { name: "Akhiri" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Sesi itu diakhiri");
    await otherPage.goto(`${e.baseUrl}/`);
    expect(new URL(otherPage.url()).pathname).toBe("/login");
    await other.close();
    await context.close();
  });
});
