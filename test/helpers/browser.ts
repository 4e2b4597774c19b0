// Debian's chromium driven by playwright-core, against the real app served
// in-process on a random local port.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { buildTestApp, type TestApp } from "./app.js";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export type BrowserEnv = TestApp & { server: Server; baseUrl: string; browser: Browser; stop(): Promise<void> };

export async function startBrowserEnv(): Promise<BrowserEnv> {
  const t = await buildTestApp();
  const server = await new Promise<Server>((resolve) => {
    const s = t.app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
  });
  return Object.assign(t, {
    server,
    baseUrl,
    browser,
    async stop() {
      await browser.close();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await t.close();
    },
  });
}

export async function loginInBrowser(page: Page, baseUrl: string, username: string, password = "kerjasama-demo") {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Nama pengguna").fill(username);
  await page.getByLabel("Kata sandi").fill(password);
  await page.getByRole("button", { name: "Masuk" }).click();
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core violations of impact serious or critical on the current page. */
export async function seriousA11yViolations(page: Page) {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline scripts) does not block it.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    return axe.run(document);
  });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} [${v.nodes.map((n) => n.target.join(" ")).join(", ")}]`);
}

/** A fresh browser context logged in as `username`, on its home page (desktop size); confirmation dialogs are accepted. */
export async function pageAs(env: BrowserEnv, username: string): Promise<Page> {
  const ctx = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  page.on("dialog", (d) => void d.accept());
  await loginInBrowser(page, env.baseUrl, username);
  await page.waitForURL(`${env.baseUrl}/`);
  return page;
}

/** The app and chromium for one test file (started before its tests, stopped after); call the result inside a test. */
export function useBrowserEnv(): () => BrowserEnv {
  let env: BrowserEnv | undefined;
  beforeAll(async () => {
    env = await startBrowserEnv();
  }, 120_000);
  afterAll(() => env?.stop());
  return () => env!;
}
