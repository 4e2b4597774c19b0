// Debian's chromium driven by playwright-core, against the real app served
// in-process on a random local port.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { buildTestApp, type TestApp } from "./app.js";
import { codeAt, PERIOD_SECONDS } from "../../src/features/second-factor/totp.js";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export type BrowserEnv = TestApp & { server: Server; baseUrl: string; browser: Browser; stop(): Promise<void> };

/** `env`: settings for the app (buildTestApp); `port`: where it listens (random when not given), for settings that must name it (APP_URL). */
export async function startBrowserEnv(opts: { env?: Record<string, string>; port?: number } = {}): Promise<BrowserEnv> {
  const t = await buildTestApp(opts.env ? { env: opts.env } : {});
  const server = await new Promise<Server>((resolve) => {
    const s = t.app.listen(opts.port ?? 0, "127.0.0.1", () => resolve(s));
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

/** TOTP secrets set up through the browser in this test process, and the last step each used ("<baseUrl> <username>"). */
const totpSecrets = new Map<string, string>();
const lastSteps = new Map<string, number>();
const STEP_MS = PERIOD_SECONDS * 1000;

/**
 * Logs in through the form. Where the second factor is asked (ADMIN always), gives it as
 * a person with an authenticator app would: the first time it reads the secret off the
 * set-up page (the text beside the QR code) and keeps it, then types the next code.
 */
export async function loginInBrowser(page: Page, baseUrl: string, username: string, password = "kerjasama-demo") {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Nama pengguna").fill(username);
  await page.getByLabel("Kata sandi").fill(password);
  await page.getByRole("button", { name: "Masuk" }).click();
  // Wherever the form leads: into the app, to the second factor, or back with a message.
  await Promise.race([page.waitForURL((u) => u.pathname !== "/login"), page.locator(".alert-error").waitFor()]);
  if (new URL(page.url()).pathname === "/login/faktor-kedua") await giveSecondFactorInBrowser(page, baseUrl, username);
}

export async function giveSecondFactorInBrowser(page: Page, baseUrl: string, username: string) {
  const key = `${baseUrl} ${username}`;
  const shown = page.locator("#secret");
  if (await shown.count()) {
    const secret = (await shown.innerText()).replace(/\s/g, "");
    totpSecrets.set(key, secret);
    const at = Date.now();
    lastSteps.set(key, Math.floor(at / STEP_MS));
    await page.getByLabel("Kode dari aplikasi").fill(await codeAt(secret, at));
    await page.getByRole("button", { name: "Aktifkan faktor kedua" }).click();
    await page.waitForURL(`${baseUrl}/akun/kode-pemulihan`);
    await page.getByRole("link", { name: "Saya sudah menyimpannya, lanjutkan" }).click();
    await page.waitForURL((u) => u.pathname !== "/akun/kode-pemulihan");
    return;
  }
  const secret = totpSecrets.get(key);
  if (!secret) throw new Error(`no TOTP secret of ${username} was set up in this browser run`);
  // Each step's code counts once: the next unused step, waiting for it when it is more than one step ahead.
  const step = Math.max(Math.floor(Date.now() / STEP_MS), (lastSteps.get(key) ?? 0) + 1);
  const wait = (step - 1) * STEP_MS - Date.now();
  if (wait > 0) await page.waitForTimeout(wait + 200);
  lastSteps.set(key, step);
  await page.getByLabel("Kode").fill(await codeAt(secret, step * STEP_MS + 1000));
  await page.getByRole("button", { name: "Lanjut" }).click();
  await page.waitForURL((u) => u.pathname !== "/login/faktor-kedua");
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
export function useBrowserEnv(opts: { env?: Record<string, string>; port?: number } = {}): () => BrowserEnv {
  let env: BrowserEnv | undefined;
  beforeAll(async () => {
    env = await startBrowserEnv(opts);
  }, 120_000);
  afterAll(() => env?.stop());
  return () => env!;
}
