// Issue 13 in the browser: numbering a signed MoU makes a numbered copy; anyone can
// open its verification page without logging in and check a file against it.
import { describe, expect, it } from "vitest";
import { pageAs, seriousA11yViolations, useBrowserEnv } from "../helpers/browser.js";
import { caseAtRow, demoActors } from "../helpers/workflow.js";

const browserEnv = useBrowserEnv();
const shots = process.env.SCREENSHOTS;

describe("numbered copies, in chromium", () => {
  it("when the Penatalaksana numbers the MoU then a visitor verifies the copy: the genuine file matches, an altered one does not", async () => {
    const env = browserEnv();
    const a = await demoActors(env.prisma);
    const c = await caseAtRow(env.prisma, a, 13, { title: "Promosi batik bersama", partnerName: "PT Batik Lestari" });

    const staff = await pageAs(env, "penatalaksana");
    await staff.goto(`${env.baseUrl}/kasus/${c.id}`);
    await staff.getByLabel("Nomor MoU dari pihak mitra (jika ada)").fill("BL/12/2026");
    await Promise.all([staff.waitForEvent("load"), staff.getByRole("button", { name: "Beri nomor MoU" }).click()]);
    expect(await staff.locator(".alert-success").textContent()).toContain("Nomor");
    const row = staff.locator("#nomor").locator("..").locator("tbody tr").first();
    const copyLink = row.locator('a[href^="/dokumen/"]');
    const verifyHref = await row.getByRole("link", { name: "Halaman verifikasi" }).getAttribute("href");
    expect(verifyHref).toMatch(/^\/verifikasi\/[A-Za-z0-9_-]{22}$/);
    if (shots) await staff.screenshot({ path: `${shots}/copies-case-numbers.png`, fullPage: true });
    const copy = await staff.request.get(`${env.baseUrl}${await copyLink.getAttribute("href")}`);
    const bytes = Buffer.from(await copy.body());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");

    // A visitor with no account.
    const visitor = await (await env.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await visitor.goto(`${env.baseUrl}${verifyHref}`);
    expect(await visitor.locator("main").textContent()).toContain("tercatat dan berlaku");
    expect(await visitor.locator("main").textContent()).toContain("PT Batik Lestari");
    expect(await visitor.locator("main").textContent()).toContain("BL/12/2026");
    expect(await seriousA11yViolations(visitor)).toEqual([]);
    await visitor.locator("#check-file").setInputFiles({ name: "salinan.pdf", mimeType: "application/pdf", buffer: bytes });
    await expect.poll(() => visitor.locator("#check-result").textContent()).toContain("Cocok");
    if (shots) await visitor.screenshot({ path: `${shots}/copies-verify-match.png`, fullPage: true });
    const altered = Buffer.concat([bytes, Buffer.from("\n% diubah\n")]);
    await visitor.locator("#check-file").setInputFiles({ name: "salinan-ubah.pdf", mimeType: "application/pdf", buffer: altered });
    await expect.poll(() => visitor.locator("#check-result").textContent()).toContain("Tidak cocok");
    if (shots) await visitor.screenshot({ path: `${shots}/copies-verify-mismatch.png`, fullPage: true });
  });
});
