// Issue 13 in the browser: the Penelaah generates the MoU draft at row 11 from the
// case's data, and it appears as the next draft version to download.
import PizZip from "pizzip";
import { describe, expect, it } from "vitest";
import { pageAs, seriousA11yViolations, useBrowserEnv } from "../helpers/browser.js";
import { caseAtRow, demoActors } from "../helpers/workflow.js";

const browserEnv = useBrowserEnv();
const shots = process.env.SCREENSHOTS;

describe("letters from templates, in chromium", () => {
  it("when the Penelaah generates the MoU draft then it is listed as a new draft version and carries the partner's identification", async () => {
    const env = browserEnv();
    const a = await demoActors(env.prisma);
    const c = await caseAtRow(env.prisma, a, 11, {
      title: "Revitalisasi pasar tradisional",
      partnerName: "PT Pasar Rakyat",
      partnerAddress: "Jl. Solo 5, Yogyakarta",
    });
    const page = await pageAs(env, "penelaah");
    await page.goto(`${env.baseUrl}/kasus/${c.id}`);
    const card = page.locator("#buat-dokumen");
    expect(await card.textContent()).toContain("Buat dokumen dari data kasus");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await Promise.all([page.waitForEvent("load"), card.getByRole("button", { name: "Draf naskah dengan identitas para pihak" }).click()]);
    expect(await page.locator(".alert-success").textContent()).toContain("Draf MoU");
    const row = page.locator("#dokumen tbody tr", { hasText: "Draft MoU" }).first();
    const href = await row.locator('a[href^="/dokumen/"]').getAttribute("href");
    if (shots) await page.screenshot({ path: `${shots}/letters-generated.png`, fullPage: true });
    const file = await page.request.get(`${env.baseUrl}${href}`);
    const xml = new PizZip(Buffer.from(await file.body())).file("word/document.xml")!.asText();
    expect(xml).toContain("PT PASAR RAKYAT");
    expect(xml).toContain("Jl. Solo 5, Yogyakarta");
  });
});
