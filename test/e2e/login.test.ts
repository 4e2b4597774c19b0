import { beforeAll, describe, expect, it } from "vitest";
import { caseAtRow, demoActors } from "../helpers/workflow.js";
import { DEMO_ACCOUNTS } from "../../src/features/seed/seed.js";
import { loginInBrowser, seriousA11yViolations, startBrowserEnv, type BrowserEnv } from "../helpers/browser.js";

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
  return () => env.stop();
});

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

  it("when a phone (390 px) opens the inbox then the menu folds behind a button and each task is a card that fits", async () => {
    await caseAtRow(env.prisma, await demoActors(env.prisma), 2, { title: "Kasus untuk layar ponsel dengan judul yang cukup panjang" });
    const context = await env.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await loginInBrowser(page, env.baseUrl, "penatalaksana");
    await page.goto(`${env.baseUrl}/inbox`);
    // The menu takes no room until asked for.
    expect(await page.locator("#main-nav").isVisible()).toBe(false);
    const title = await page.locator("h1").boundingBox();
    expect(title!.y).toBeLessThan(200);
    await page.getByRole("button", { name: "Menu" }).click();
    expect(await page.locator("#main-nav").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Menu" }).getAttribute("aria-expanded")).toBe("true");
    // Cards: labelled cells, nothing cut off.
    const row = page.locator("table.cards tbody tr", { hasText: "Kasus untuk layar ponsel" });
    expect(await row.locator("td[data-label='Kasus']").count()).toBe(1);
    const card = await row.boundingBox();
    expect(card!.width).toBeLessThanOrEqual(390);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/inbox-phone.png`, fullPage: true });
    await context.close();
  });
});
