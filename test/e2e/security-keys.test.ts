// Issue 26 in chromium: an administrator adds a security key on Keamanan akun (Chromium's
// DevTools virtual authenticator plays the key), and the next sign-in takes the key
// instead of a code. WebAuthn accepts no IP address as the relying party's name: the
// app's APP_URL and the browser both use http://localhost:PORT.
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginInBrowser, seriousA11yViolations, startBrowserEnv, type BrowserEnv } from "../helpers/browser.js";
import { makeUser } from "../helpers/app.js";

const shots = process.env.SCREENSHOTS;

/** A port free now, for APP_URL to name before the app listens on it. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

let env: BrowserEnv;
let base: string;
beforeAll(async () => {
  const port = await freePort();
  base = `http://localhost:${port}`;
  env = await startBrowserEnv({ env: { APP_URL: base }, port });
}, 120_000);
afterAll(() => env.stop());

describe("security keys in chromium", () => {
  it("when an administrator adds a key on Keamanan akun then the next sign-in takes the key instead of a code", async () => {
    await makeUser(env.prisma, { roles: ["ADMIN"], username: "admin.kunci" });
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on("dialog", (d) => void d.accept());
    const cdp = await context.newCDPSession(page);
    await cdp.send("WebAuthn.enable");
    await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: { protocol: "ctap2", transport: "usb", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });

    // First sign-in: the app is set up (loginInBrowser), then the key is added.
    await loginInBrowser(page, base, "admin.kunci");
    await page.goto(`${base}/akun/keamanan`);
    await page.getByLabel("Nama kunci").fill("Kunci USB kantor");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Tambah kunci keamanan" }).click();
    await page.locator("#security-keys").getByText("Kunci USB kantor").waitFor();
    await expect.poll(() => page.locator(".alert-success").textContent()).toContain("Kunci keamanan ditambahkan");
    expect(await page.locator("#security-keys").textContent()).toContain("Belum pernah");
    expect(await seriousA11yViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/security-key-added.png`, fullPage: true });

    // Out, and in again: the password, then the key instead of the code.
    await page.getByRole("button", { name: "Keluar" }).click();
    await page.waitForURL((u) => u.pathname === "/login");
    await page.getByLabel("Nama pengguna").fill("admin.kunci");
    await page.getByLabel("Kata sandi").fill("kerjasama-demo");
    await page.getByRole("button", { name: "Masuk" }).click();
    await page.waitForURL(`${base}/login/faktor-kedua`);
    const useKey = page.getByRole("button", { name: "Pakai kunci keamanan" });
    await useKey.waitFor();
    // The code field stays beside it.
    expect(await page.getByLabel("Kode").isVisible()).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/security-key-signin.png`, fullPage: true });
    await useKey.click();
    await page.waitForURL(`${base}/`);

    const u = await env.prisma.user.findUniqueOrThrow({ where: { username: "admin.kunci" }, include: { securityKeys: true } });
    expect(u.securityKeys).toHaveLength(1);
    expect(u.securityKeys[0]?.lastUsedAt).not.toBeNull();
    const sessions = await env.prisma.session.findMany({ where: { userId: u.id } });
    expect(sessions.some((s) => (s.data as { secondFactor?: string }).secondFactor === "webauthn")).toBe(true);

    // Keamanan akun shows when the key was last used.
    await page.goto(`${base}/akun/keamanan`);
    expect(await page.locator("#security-keys").textContent()).not.toContain("Belum pernah");
    if (shots) await page.screenshot({ path: `${shots}/security-key-used.png`, fullPage: true });
    await context.close();
  });

  it("when the key is cancelled at sign-in then the page says so in Indonesian and stays on the code page", async () => {
    await makeUser(env.prisma, { roles: ["ADMIN"], username: "admin.tanpa.kunci" });
    const setup = await env.browser.newContext();
    const first = await setup.newPage();
    const cdp = await setup.newCDPSession(first);
    await cdp.send("WebAuthn.enable");
    await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: { protocol: "ctap2", transport: "usb", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });
    await loginInBrowser(first, base, "admin.tanpa.kunci");
    await first.goto(`${base}/akun/keamanan`);
    await first.getByRole("button", { name: "Tambah kunci keamanan" }).click();
    await first.locator("#security-keys").getByText("Kunci keamanan").first().waitFor();
    await setup.close();

    // Another browser, without the key: the browser finds no key and says no.
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const other = await context.newCDPSession(page);
    await other.send("WebAuthn.enable");
    await other.send("WebAuthn.addVirtualAuthenticator", {
      options: { protocol: "ctap2", transport: "usb", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });
    await page.goto(`${base}/login`);
    await page.getByLabel("Nama pengguna").fill("admin.tanpa.kunci");
    await page.getByLabel("Kata sandi").fill("kerjasama-demo");
    await page.getByRole("button", { name: "Masuk" }).click();
    await page.waitForURL(`${base}/login/faktor-kedua`);
    await page.getByRole("button", { name: "Pakai kunci keamanan" }).click();
    await expect.poll(() => page.locator("#key-signin-message").textContent(), { timeout: 90_000 }).toContain("Dibatalkan atau waktu habis");
    if (shots) await page.screenshot({ path: `${shots}/security-key-refused.png`, fullPage: true });
    expect(new URL(page.url()).pathname).toBe("/login/faktor-kedua");
    await context.close();
  }, 120_000);
});
