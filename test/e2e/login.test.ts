import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../src/seed/seed.js";
import { loginInBrowser, seriousA11yViolations, startBrowserEnv, type BrowserEnv } from "../helpers/browser.js";

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(() => env?.stop());

describe("login in chromium", () => {
  it("when the login page opens then axe finds no serious or critical violations", async () => {
    const page = await env.browser.newPage();
    await page.goto(`${env.baseUrl}/login`);
    expect(await page.title()).toContain("Masuk");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.close();
  });

  it("when the password is wrong then the message is shown and the name is kept", async () => {
    const page = await env.browser.newPage();
    await loginInBrowser(page, env.baseUrl, "kabag", "bukan-sandinya");
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Nama pengguna atau kata sandi salah");
    expect(await page.getByLabel("Nama pengguna").inputValue()).toBe("kabag");
    await page.close();
  });

  for (const account of DEMO_ACCOUNTS) {
    it(`when ${account.username} logs in then their home page shows their name and roles, and logging out works`, async () => {
      const context = await env.browser.newContext();
      const page = await context.newPage();
      await loginInBrowser(page, env.baseUrl, account.username);
      await page.waitForURL(`${env.baseUrl}/`);
      await expect.poll(() => page.locator("h1").textContent()).toContain(account.fullName);
      const profile = await page.locator(".profile").textContent();
      expect(profile).toContain(account.username);
      if (account.skpdCode) expect(profile).toContain(account.skpdCode);
      if (account.username === "admin" || account.username === "skpd.pariwisata") {
        expect(await seriousA11yViolations(page)).toEqual([]);
      }
      await page.getByRole("button", { name: "Keluar" }).click();
      await page.waitForURL(/\/login/);
      await page.goto(`${env.baseUrl}/`);
      expect(page.url()).toContain("/login");
      await context.close();
    });
  }

  it("when the screen is narrow then the home page still fits without horizontal scrolling", async () => {
    const context = await env.browser.newContext({ viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    await loginInBrowser(page, env.baseUrl, "admin");
    await page.waitForURL(`${env.baseUrl}/`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/home-mobile.png`, fullPage: true });
    await context.close();
  });
});
