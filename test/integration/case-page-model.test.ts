// The case page's view model (src/features/case-page/case-view.ts buildCasePage): what the templates
// used to work out for themselves is now prepared here, so it is checked here.
import { describe, expect, it } from "vitest";
import { caseDetail } from "../../src/features/cases/case-service.js";
import { buildCasePage, type CasePageData } from "../../src/features/case-page/case-view.js";
import type { CurrentUser } from "../../src/core/users/roles.js";
import { todayJakarta } from "../../src/core/calendar/calendar.js";
import { buildCase, useWorkflowApp } from "../helpers/workflow.js";

const { t, a } = useWorkflowApp();

async function pageFor(caseId: number, user: CurrentUser, over: Partial<CasePageData> = {}) {
  const d = await caseDetail(t.prisma, user, caseId);
  const today = todayJakarta();
  return buildCasePage(
    {
      d,
      today,
      soonLimit: today,
      gates: [],
      tkksdWait: null,
      closing: null,
      canUpload: false,
      unreadable: new Map(),
      signatureChecks: new Map(),
      fromRegister: false,
      actionError: null,
      actionValues: {},
      ...over,
    },
    user,
  );
}

describe("the case page's view model", () => {
  it("when the copies are distributed at row 15 and row 19 then the form names the MoU and then the PKS, each with its numbered copy", async () => {
    const c = await buildCase(t.prisma, a, { row: 15, title: "Distribusi MoU" });
    const at15 = await pageFor(c.id, a.penatalaksana);
    expect(at15.distribution?.docLabel).toBe("MoU");
    expect(at15.distribution?.hasNumber).toBe(true);
    const mou = await t.prisma.registerNumber.findFirstOrThrow({ where: { caseId: c.id, kind: "MOU", voidedAt: null }, orderBy: { id: "desc" } });
    expect(at15.distribution?.number).toBe(mou.number);
    // Only the section that distributes gets the form; another role sees none.
    expect((await pageFor(c.id, a.skpd)).distribution).toBeNull();
    const c19 = await buildCase(t.prisma, a, { row: 19, title: "Distribusi PKS" });
    expect((await pageFor(c19.id, a.penatalaksana)).distribution?.docLabel).toBe("PKS");
  });

  it("when an action comes back with an error then its form is open, its files are listed to choose again and its values are kept", async () => {
    const c = await buildCase(t.prisma, a, { row: 6, title: "Dikembalikan dengan nilai" });
    const page = await pageFor(c.id, a.kabag, { actionValues: { action: "tolak", reason: "Belum sesuai" } });
    const tolak = page.actions!.items.find((x) => x.id === "tolak")!;
    expect(tolak.open).toBe(true);
    expect(tolak.refill).toContain("Disposisi Walikota");
    expect(tolak.reason?.value).toBe("Belum sesuai");
    // The other actions on the row keep their defaults.
    expect(page.actions!.items.filter((x) => x.id !== "tolak").every((x) => x.refill === null && (x.reason?.value ?? "") === "")).toBe(true);
  });

  it("when every number of a kind is voided then a replacement is offered for that kind only, to those who may give one", async () => {
    const c = await buildCase(t.prisma, a, { row: 15, title: "Nomor dibatalkan" });
    await t.prisma.registerNumber.updateMany({ where: { caseId: c.id, kind: "MOU" }, data: { voidedAt: new Date(), voidReason: "Salah ketik nomor" } });
    const page = await pageFor(c.id, a.penatalaksana);
    expect(page.numbers?.replaceable.map((r) => r.kind)).toEqual(["MOU"]);
    expect(page.numbers?.rows.every((r) => r.inactive && !r.mayVoid && !r.mayStamp && r.status === "Dibatalkan: Salah ketik nomor")).toBe(true);
    expect(page.distribution?.hasNumber).toBe(false);
    expect((await pageFor(c.id, a.skpd)).numbers?.replaceable).toEqual([]);
  });
});
