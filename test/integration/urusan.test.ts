// Issue 11, part 4: a proposal is tied to a government affair (urusan) from a list
// seeded from UU 23/2014 and kept by ADMIN.
import { describe, expect, it } from "vitest";
import { createDraft } from "../../src/features/cases/case-service.js";
import { login, postForm } from "../helpers/app.js";
import { fullProposal, useWorkflowApp } from "../helpers/workflow.js";

const { t, a } = useWorkflowApp();

describe("urusan pemerintahan", () => {
  it("when the database is migrated then the 32 affairs of UU 23/2014 are there in their three groups", async () => {
    const groups = await t.prisma.urusan.groupBy({ by: ["group"], _count: true });
    expect(Object.fromEntries(groups.map((g) => [g.group, g._count]))).toEqual({ WAJIB_DASAR: 6, WAJIB_NON_DASAR: 18, PILIHAN: 8 });
  });

  it("when ADMIN adds, renames and retires an urusan then the proposal form follows, a duplicate is refused, and a retired one cannot be chosen", async () => {
    const { agent } = await login(t.app, "admin");
    const dup = await postForm(agent, "/admin/urusan", { name: "Pariwisata", group: "PILIHAN" }, "/admin/urusan");
    expect(dup.status).toBe(422);
    expect(dup.text).toContain("Nama urusan itu sudah ada di daftar.");
    expect((await postForm(agent, "/admin/urusan", { name: "Ekonomi kreatif", group: "PILIHAN" }, "/admin/urusan")).status).toBe(302);
    const u = await t.prisma.urusan.findUniqueOrThrow({ where: { name: "Ekonomi kreatif" } });
    const skpd = await login(t.app, "skpd.pariwisata");
    expect((await skpd.agent.get("/usulan/baru")).text).toContain(`<option value="${u.id}">Ekonomi kreatif</option>`);

    expect((await postForm(agent, `/admin/urusan/${u.id}`, { name: "Ekonomi kreatif", group: "PILIHAN", active: "tidak" }, "/admin/urusan")).status).toBe(302);
    expect((await skpd.agent.get("/usulan/baru")).text).not.toContain("Ekonomi kreatif");
    const err = await createDraft(t.prisma, a.skpd, fullProposal({ title: "Memilih urusan yang sudah tidak dipakai", urusanId: u.id })).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toContain("tidak ada lagi di daftar");
    // Through the form (opened before ADMIN retired it): the form comes back with what was typed.
    const typed = await postForm(
      skpd.agent,
      "/usulan",
      { title: "Usulan dengan urusan yang baru dihapus", urusanId: String(u.id), intent: "simpan" },
      "/usulan/baru",
    );
    expect(typed.status).toBe(422);
    expect(typed.text).toContain("tidak ada lagi di daftar");
    expect(typed.text).toContain('value="Usulan dengan urusan yang baru dihapus"');
    const log = await t.prisma.adminLog.findMany({ where: { target: `urusan:${u.id}` } });
    expect(log.map((l) => l.action)).toEqual(["urusan.create", "urusan.update"]);
    // Another user may not touch the list.
    expect((await postForm(skpd.agent, "/admin/urusan", { name: "Coba", group: "PILIHAN" })).status).toBe(403);
  });

  it("when ADMIN gives an urusan its code then it is kept for the open data; a malformed or taken code is refused with a message and changes nothing", async () => {
    const { agent } = await login(t.app, "admin");
    expect((await t.prisma.urusan.findUniqueOrThrow({ where: { name: "Pariwisata" } })).code).toBe("3.26");
    expect((await postForm(agent, "/admin/urusan", { name: "Urusan berkode", group: "PILIHAN", code: "3.33" }, "/admin/urusan")).status).toBe(302);
    const u = await t.prisma.urusan.findUniqueOrThrow({ where: { name: "Urusan berkode" } });
    expect(u.code).toBe("3.33");
    expect((await agent.get("/admin/urusan")).text).toContain("3.33");
    for (const [code, message] of [
      ["3,33", "Kode urusan ditulis seperti 1.02"],
      ["abc", "Kode urusan ditulis seperti 1.02"],
      ["3.26", "Kode urusan itu sudah dipakai urusan lain."],
    ] as const) {
      const res = await postForm(agent, `/admin/urusan/${u.id}`, { name: "Urusan berkode diubah", group: "PILIHAN", code }, "/admin/urusan");
      expect([code, res.status, res.text.includes(message)]).toEqual([code, 422, true]);
      expect(await t.prisma.urusan.findUniqueOrThrow({ where: { id: u.id } })).toMatchObject({ name: "Urusan berkode", code: "3.33" });
    }
    // An empty code is no code.
    expect((await postForm(agent, `/admin/urusan/${u.id}`, { name: "Urusan berkode", group: "PILIHAN", code: "" }, "/admin/urusan")).status).toBe(302);
    expect((await t.prisma.urusan.findUniqueOrThrow({ where: { id: u.id } })).code).toBeNull();
  });

  it("when a proposal is sent without an urusan then it is asked for; with one the case page names it", async () => {
    const c = await createDraft(t.prisma, a.skpd, fullProposal({ title: "Usulan tanpa urusan" }));
    const { agent } = await login(t.app, "skpd.pariwisata");
    const page = await agent.get(`/kasus/${c.id}/ubah`);
    expect(page.text).toContain("Urusan pemerintahan");
    const kesehatan = await t.prisma.urusan.findUniqueOrThrow({ where: { name: "Kesehatan" } });
    const ok = await createDraft(t.prisma, a.skpd, fullProposal({ title: "Usulan dengan urusan", urusanId: kesehatan.id }));
    expect((await agent.get(`/kasus/${ok.id}`)).text).toMatch(/Urusan pemerintahan<\/dt><dd>Kesehatan/);
  });
});
