// Long lists page with a pager of constant size: the page does not grow with the data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, login, type TestApp } from "../helpers/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe("pager", () => {
  it("when a list has hundreds of pages then the pager shows the first, the last and the pages around this one, with previous and next", async () => {
    await t.prisma.adminLog.createMany({ data: Array.from({ length: 5000 }, (_, i) => ({ action: "uji.pager", target: `baris ${i}` })) });
    const { agent } = await login(t.app, "admin");
    const page = (await agent.get("/admin/log?hal=50")).text;
    const nav = page.slice(page.indexOf('class="pager"'), page.indexOf("</nav>", page.indexOf('class="pager"')));
    const numbers = [...nav.matchAll(/hal=(\d+)"[^>]*>(\d+)</g)].map((m) => Number(m[2]));
    const last = Math.max(...numbers);
    expect(last).toBeGreaterThanOrEqual(100);
    expect(numbers).toEqual([1, 48, 49, 50, 51, 52, last]);
    expect(nav).toContain('aria-current="page">50<');
    expect(nav).toContain("Sebelumnya");
    expect(nav).toContain("Berikutnya");
    expect(nav).toContain(`dari ${last} halaman`);
    const first = (await agent.get("/admin/log")).text;
    expect(first.slice(first.indexOf('class="pager"'))).not.toContain("Sebelumnya");
  });
});
