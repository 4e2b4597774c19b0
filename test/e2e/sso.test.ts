// Login through the city's OpenID Connect provider in chromium: a real provider
// (oidc-provider) on one local port, the app on another, the browser going between them.
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousA11yViolations, startBrowserEnv, type BrowserEnv } from "../helpers/browser.js";
import { startTestProvider, type TestProvider } from "../helpers/oidc-provider.js";

const NIP = "198703032012011004";
const shot = (name: string) => `/tmp/sso-${name}.png`;

/** A port free right now, for an app whose own address (APP_URL) must be known before it starts. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });

let op: TestProvider;
let env: BrowserEnv;
beforeAll(async () => {
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  op = await startTestProvider({
    appUrl,
    accounts: { "sso-penelaah": { name: "Penelaah (SSO)", nip: NIP, email: "penelaah@sso.test", email_verified: true } },
  });
  env = await startBrowserEnv({ env: op.env(appUrl), port });
  // A fresh database: the demo's Penelaah has a NIP and no link yet; the first login links by it.
  await env.prisma.user.update({ where: { username: "penelaah" }, data: { nip: NIP } });
}, 120_000);
afterAll(async () => {
  await env.stop();
  await op.close();
});

describe("single sign-on in chromium", () => {
  it("when a user clicks the SSO button and logs in at the provider then they land home with their roles, and logging out offers the provider's logout", async () => {
    const ctx = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${env.baseUrl}/login`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: shot("login"), fullPage: true });
    await page.getByRole("link", { name: "Masuk dengan SSO Uji" }).click();

    // The provider's own page.
    await page.waitForURL(`${op.issuer}/interaction/**`);
    await page.getByLabel("Akun SSO").fill("sso-penelaah");
    await page.getByLabel("Kata sandi SSO").fill("apa-saja");
    await page.screenshot({ path: shot("provider"), fullPage: true });
    await page.getByRole("button", { name: "Masuk ke SSO" }).click();

    await page.waitForURL(`${env.baseUrl}/`);
    const user = await env.prisma.user.findUniqueOrThrow({ where: { username: "penelaah" } });
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(`Selamat datang, ${user.fullName}`);
    const profile = page.locator("section.profile");
    expect(await profile.textContent()).toContain("penelaah");
    expect(await profile.textContent()).toContain("Penelaah Kerjasama");
    await page.screenshot({ path: shot("home"), fullPage: true });
    expect(await env.prisma.userIdentity.count({ where: { subject: "sso-penelaah", linkedBy: "nip", userId: user.id } })).toBe(1);

    await page.getByRole("button", { name: "Keluar" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Anda sudah keluar");
    expect(await seriousA11yViolations(page)).toEqual([]);
    // Nothing of the ended session on the page: no name, no menu, no logout button.
    expect(await page.locator("header").textContent()).not.toContain(user.fullName);
    expect(await page.getByRole("button", { name: "Keluar" }).count()).toBe(0);
    await page.screenshot({ path: shot("logged-out"), fullPage: true });
    const providerLogout = page.getByRole("link", { name: "Keluar juga dari SSO Uji" });
    expect(await providerLogout.getAttribute("href")).toContain(`${op.issuer}/session/end`);

    // The provider asks to confirm, then sends the browser back to the app's login page.
    await providerLogout.click();
    await page.waitForURL(`${op.issuer}/session/end**`);
    await page.getByRole("button", { name: /sign me out/i }).click();
    await page.waitForURL(`${env.baseUrl}/login?keluar=1`);
    expect(await page.getByRole("status").first().textContent()).toContain("Anda sudah keluar");
    await page.screenshot({ path: shot("back-at-login"), fullPage: true });
    await ctx.close();
  });
});
