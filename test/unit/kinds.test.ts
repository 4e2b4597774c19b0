import { describe, expect, it } from "vitest";
import { gateLines, missingForSigning } from "../../src/features/gates/gate-state.js";
import { applicableGates, checkKinds, KINDS } from "../../src/core/sop/kinds.js";
import { seriesOf } from "../../src/features/numbering/numbering-service.js";

const facts = (jenis: string, over: Partial<{ burdensPublic: boolean; outsideApbd: boolean; durationMonths: number }> = {}) => ({
  jenis,
  burdensPublic: false,
  outsideApbd: false,
  durationMonths: 24,
  ...over,
});

describe("kinds of cooperation and their approvals", () => {
  it("when the definitions are checked then every kind asks a KAK and the liaison decree, and foreign ones go DPRD, Kemendagri, Kemenlu in order", () => {
    expect(checkKinds()).toEqual([]);
    expect(Object.keys(KINDS)).toEqual(["KSDD", "KSDPK", "SINERGI", "KSDPL", "KSDLL"]);
    expect(KINDS.KSDPK.proposalDocs).toContain("studi_kelayakan");
    expect(KINDS.KSDD.proposalDocs).not.toContain("studi_kelayakan");
  });

  it("when a domestic cooperation burdens nobody, is budgeted and short then only the TKKSD approves; each condition alone brings the DPRD in", () => {
    expect(applicableGates(facts("KSDPK"), 60).map((g) => g.gate.id)).toEqual(["TKKSD_MOU", "TKKSD_PKS"]);
    for (const over of [{ burdensPublic: true }, { outsideApbd: true }, { durationMonths: 61 }]) {
      const gates = applicableGates(facts("SINERGI", over), 60);
      expect(gates.map((g) => g.gate.id)).toEqual(["TKKSD_MOU", "TKKSD_PKS", "DPRD"]);
    }
    expect(applicableGates(facts("KSDD", { durationMonths: 60 }), 60).map((g) => g.gate.id)).not.toContain("DPRD");
    expect(applicableGates(facts("KSDD", { durationMonths: 240 }), 60).find((g) => g.gate.id === "DPRD")!.why).toBe(
      "Kerja sama ini jangka waktunya lebih dari 60 bulan",
    );
  });

  it("when a foreign cooperation is signed then DPRD, Kemendagri and Kemenlu are asked whatever the answers, each waiting for the one before", () => {
    const lines = gateLines(facts("KSDLL"), 60, [], {});
    expect(lines.map((l) => l.gate.id)).toEqual(["TKKSD_MOU", "TKKSD_PKS", "DPRD", "KEMENDAGRI", "KEMENLU"]);
    expect(lines.find((l) => l.gate.id === "KEMENDAGRI")!.waitsFor?.id).toBe("DPRD");
    expect(missingForSigning(lines, 12)).toEqual([
      "Persetujuan TKKSD atas draf final MoU",
      "Persetujuan DPRD",
      "Persetujuan Menteri Dalam Negeri",
      "Persetujuan Menteri Luar Negeri",
    ]);
    expect(seriesOf("KSDLL")).toBe("foreign");
    expect(seriesOf("SINERGI")).toBe("domestic");
  });

  it("when the final draft is replaced after the TKKSD approved it then the approval no longer counts and the signing says why", () => {
    const at = (iso: string) => new Date(iso);
    const record = {
      id: 1,
      gate: "TKKSD_MOU",
      letterNumber: "01/TKKSD",
      letterDate: at("2026-11-02T00:00:00Z"),
      documentId: 9,
      recordedAt: at("2026-11-03T03:00:00Z"),
    };
    const before = gateLines(facts("KSDPK"), 60, [record], { mou_final: { id: 5, version: 1, at: at("2026-11-01T03:00:00Z") } });
    expect(missingForSigning(before, 12)).toEqual([]);
    const after = gateLines(facts("KSDPK"), 60, [record], { mou_final: { id: 6, version: 2, at: at("2026-11-04T03:00:00Z") } });
    expect(after[0]?.stale).toBe(true);
    expect(missingForSigning(after, 12)[0]).toContain("Persetujuan TKKSD atas draf final MoU yang baru");
  });

  it("when an approval names the draft version it approved then only another version makes it stale, whatever the clocks say", () => {
    const at = (iso: string) => new Date(iso);
    const record = {
      id: 1,
      gate: "TKKSD_MOU",
      letterNumber: "1/BA-TKKSD/2026",
      letterDate: at("2026-11-02T00:00:00Z"),
      documentId: 9,
      recordedAt: at("2026-11-03T03:00:00Z"),
      draftDocumentId: 5,
    };
    expect(gateLines(facts("KSDPK"), 60, [record], { mou_final: { id: 5, version: 1, at: at("2026-11-09T03:00:00Z") } })[0]?.passed).toBe(true);
    expect(gateLines(facts("KSDPK"), 60, [record], { mou_final: { id: 7, version: 2, at: at("2026-11-01T03:00:00Z") } })[0]?.stale).toBe(true);
  });
});

describe("the naskah chain follows the kind", () => {
  it("when a Sinergi case reads the SOP then rows 11-19 speak of the Nota Kesepakatan and the Rencana Kerja, with the same rules; other kinds keep MoU and PKS", async () => {
    const { sopFor, SOP } = await import("../../src/core/sop/sop.js");
    const { naskahLabel } = await import("../../src/core/sop/kinds.js");
    const sinergi = sopFor("SINERGI");
    const row = (no: number) => sinergi.find((r) => r.no === no)!;
    expect(row(12).kegiatan).toBe("Penandatanganan Nota Kesepakatan");
    expect(row(17).kegiatan).toBe("Penandatanganan rencana kerja");
    expect(row(17).actions.map((a) => a.label)).toContain("Rencana Kerja ditandatangani (biasa)");
    expect(row(21).kegiatan).toBe("Monitoring dan evaluasi pelaksanaan Rencana Kerja");
    // The rules do not change: the same rows, actions, documents and numbering.
    expect(sinergi.map((r) => [r.no, r.actions.map((a) => [a.id, a.to, a.docs, a.numbering, a.signs])])).toEqual(
      SOP.map((r) => [r.no, r.actions.map((a) => [a.id, a.to, a.docs, a.numbering, a.signs])]),
    );
    expect(sopFor("KSDPK").find((r) => r.no === 12)!.kegiatan).toBe("Penandatanganan MoU");
    expect([naskahLabel("SINERGI", "MOU"), naskahLabel("SINERGI", "PKS"), naskahLabel("KSDLL", "MOU"), naskahLabel(null, "PKS")]).toEqual([
      "Nota Kesepakatan",
      "Rencana Kerja",
      "MoU",
      "PKS",
    ]);
    expect(applicableGates(facts("SINERGI"), 60)[0]?.gate.label).toBe("Persetujuan TKKSD atas draf final Nota Kesepakatan");
  });
});

describe("cases begun before approvals were required", () => {
  it("when a case keeps its earlier definition then no approval holds up its signing", () => {
    expect(applicableGates({ ...facts("KSDLL"), approvalsRequired: false }, 60)).toEqual([]);
    expect(applicableGates({ ...facts("KSDLL"), approvalsRequired: true }, 60)).toHaveLength(5);
  });
});
