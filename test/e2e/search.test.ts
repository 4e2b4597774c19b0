// Issue 13 in the browser: a word that is only inside an uploaded PDF is found from
// the search page, with the word marked, and another unit's user does not see it.
import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { extractPending } from "../../src/features/search/extract-job.js";
import { pageAs, seriousA11yViolations, useBrowserEnv } from "../helpers/browser.js";
import { caseAtRow, demoActors } from "../helpers/workflow.js";

const browserEnv = useBrowserEnv();
const shots = process.env.SCREENSHOTS;

describe("search, in chromium", () => {
  it("when the Penelaah uploads a study and searches a word inside it then the document is found with the word marked", async () => {
    const env = browserEnv();
    const a = await demoActors(env.prisma);
    const c = await caseAtRow(env.prisma, a, 3, { title: "Kajian parkir kawasan Malioboro" });
    const doc = await PDFDocument.create();
    doc.addPage().drawText("Kajian kelayakan: kapasitas parkir kantong Abubakar Ali naik 40 persen.", {
      x: 40,
      y: 700,
      size: 11,
      font: await doc.embedFont(StandardFonts.Helvetica),
    });
    const pdf = Buffer.from(await doc.save());

    const page = await pageAs(env, "penelaah");
    await page.goto(`${env.baseUrl}/kasus/${c.id}#dokumen`);
    await page.getByLabel("Jenis dokumen").selectOption("studi_kelayakan");
    await page.locator("#upload-file").setInputFiles({ name: "kajian-parkir.pdf", mimeType: "application/pdf", buffer: pdf });
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Unggah" }).click()]);
    // The text is read after the upload (by the server's job; here, at once).
    while ((await extractPending(env.prisma, 10)) > 0);

    await page.locator("#main-nav").getByRole("link", { name: "Cari" }).click();
    await page.getByLabel(/Kata kunci/).fill("abubakar");
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Cari" }).click()]);
    const docs = page.locator("section", { has: page.locator("#h-docs") });
    expect(await docs.textContent()).toContain("kajian-parkir.pdf");
    expect(await docs.locator("mark").first().textContent()).toMatch(/abubakar/i);
    expect(await seriousA11yViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/search.png`, fullPage: true });

    const other = await pageAs(env, "skpd.kesehatan");
    await other.goto(`${env.baseUrl}/cari?q=abubakar`);
    expect(await other.locator("main").textContent()).not.toContain("kajian-parkir.pdf");
  });
});
