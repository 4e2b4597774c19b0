// Issue 11, part 4: a naskah is new, an addendum or an extension of an agreement in
// the register, and the register shows the family.
import { describe, expect, it } from "vitest";
import { createDraft } from "../../src/features/cases/case-service.js";
import { applyTransition } from "../../src/core/workflow/transition-service.js";
import { login } from "../helpers/app.js";
import { buildCase, fullProposal, useWorkflowApp } from "../helpers/workflow.js";

const { t, a } = useWorkflowApp();

describe("addenda and extensions", () => {
  it("when the SKPD proposes an addendum to its running PKS then it must name the parent, only its own unit's, and the register shows the family", async () => {
    const parent = await buildCase(t.prisma, a, { row: 20, title: "Kerja sama induk" });
    const urusanId = (await t.prisma.urusan.findUniqueOrThrow({ where: { name: "Pariwisata" } })).id;

    // Another unit's agreement cannot be a parent.
    const foreign = await buildCase(t.prisma, a, { row: 20, title: "Milik unit lain" });
    await t.prisma.case.update({ where: { id: foreign.id }, data: { skpdId: a.otherSkpd.skpdId! } });
    const refused = await createDraft(
      t.prisma,
      a.skpd,
      fullProposal({ title: "Adendum ke unit lain", naskahStatus: "ADENDUM", parentCaseId: foreign.id, urusanId }),
    ).catch((e: unknown) => e);
    expect((refused as Error).message).toContain("Perjanjian induk tidak ditemukan di register unit Anda");

    // Without a parent, sending names what is missing.
    const orphan = await createDraft(t.prisma, a.skpd, fullProposal({ title: "Adendum tanpa induk", naskahStatus: "ADENDUM", urusanId }));
    const err = await applyTransition(t.prisma, { caseId: orphan.id, expectedVersion: orphan.version, actionId: "kirim", user: a.skpd }).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toContain("perjanjian induk (untuk adendum atau perpanjangan)");

    const { agent } = await login(t.app, "skpd.pariwisata");
    const form = await agent.get("/usulan/baru");
    expect(form.text).toContain(`<option value="${parent.id}">Kerja sama induk`);
    expect(form.text).not.toContain("Milik unit lain");

    const addendum = await createDraft(
      t.prisma,
      a.skpd,
      fullProposal({ title: "Adendum lokasi kegiatan", naskahStatus: "ADENDUM", parentCaseId: parent.id, urusanId }),
    );
    const page = await agent.get(`/kasus/${addendum.id}`);
    expect(page.text).toMatch(/Adendum dari<\/dt><dd><a href="\/kasus\/\d+">kasus #\d+<\/a>/);
    const pks = await t.prisma.agreement.findFirstOrThrow({ where: { caseId: parent.id, kind: "PKS" } });
    const dossier = await agent.get(`/perjanjian/${pks.id}`);
    expect(dossier.text).toContain("Riwayat naskah");
    expect(dossier.text).toContain("Adendum lokasi kegiatan");
    expect(dossier.text).toContain("(belum bernomor; kasus masih draf)");
  });

  it("when an extension is started from the register then it is marked as an extension of its predecessor", async () => {
    const old = await buildCase(t.prisma, a, { row: 20, title: "Akan diperpanjang" });
    const pks = await t.prisma.agreement.findFirstOrThrow({ where: { caseId: old.id, kind: "PKS" } });
    await t.prisma.agreement.update({ where: { id: pks.id }, data: { endDate: new Date(Date.now() + 20 * 86_400_000) } });
    const { startRenewal } = await import("../../src/features/agreements/agreement-service.js");
    const renewal = await startRenewal(t.prisma, a.skpd, pks.id, 90);
    const c = await t.prisma.case.findUniqueOrThrow({ where: { id: renewal.id } });
    expect(c).toMatchObject({ naskahStatus: "PERPANJANGAN", parentCaseId: old.id, renewalOfId: old.id });
  });
});
