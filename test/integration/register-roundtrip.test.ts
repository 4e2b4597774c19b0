// The spreadsheets the register hands out: dates as date cells, an autofilter, and an
// export that the import reads back as it is (issue 21, items 12 and 13).
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { must } from "../../src/platform/must.js";
import { createLegacy } from "../../src/features/agreements/agreement-service.js";
import { checkImport } from "../../src/features/agreements/import-service.js";
import { LEGACY_COLUMNS, legacySchema, type LegacyInput } from "../../src/features/agreements/schema.js";
import { csrfFrom, getBytes, login } from "../helpers/app.js";
import { buildCase, useWorkflowApp } from "../helpers/workflow.js";

const { t, a } = useWorkflowApp();

const DATE_KEYS = ["signedOn", "startDate", "endDate"] as const;

async function load(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as never);
  return wb;
}

const legacy = (n: number, over: Partial<Record<keyof LegacyInput, unknown>>) =>
  legacySchema.parse({
    kind: "PKS",
    title: `Perjanjian bolak-balik ${n}`,
    jenis: "KSDPK",
    skpdCode: "DLH",
    partnerName: `Mitra bolak-balik ${n}`,
    cityNumber: `100.3.7.1/${500 + n}/P3ADK/I/2025`,
    partnerNumber: `MB/${n}`,
    signedOn: "2025-01-10",
    startDate: "2025-02-01",
    endDate: "2028-01-31",
    value: "",
    ...over,
  });

describe("dates and filters in the spreadsheets", () => {
  it("when the import template is downloaded then its example dates are date cells in an Indonesian format, and the example reads back as 'Benar'", async () => {
    const { agent } = await login(t.app, "penatalaksana");
    const res = await getBytes(agent, "/perjanjian/templat-impor.xlsx");
    const ws = must((await load(res.body)).worksheets[0], "the sheet");
    expect((ws.getRow(1).values as string[]).slice(1)).toEqual(LEGACY_COLUMNS.map((c) => c.header));
    for (const key of DATE_KEYS) {
      const cell = ws.getRow(2).getCell(LEGACY_COLUMNS.findIndex((c) => c.key === key) + 1);
      expect(cell.value, key).toBeInstanceOf(Date);
      expect(cell.numFmt, key).toBe("dd/mm/yyyy");
    }
    const check = await checkImport(t.prisma, res.body);
    expect(check.fileError).toBeUndefined();
    expect(check.rows.map((r) => r.errors)).toEqual([[]]);
  });
});

describe("what the register exports, the import reads", () => {
  it("when the register is exported then its dates are date cells with an Indonesian format, it has an autofilter, and its columns are the import template's", async () => {
    const skpd = await t.prisma.skpd.findFirstOrThrow({ where: { code: "DLH" } });
    await t.prisma.$transaction((tx) => createLegacy(tx, a.penatalaksana, legacy(1, { value: "Rp 25.000.000,00" }), skpd.id));
    const { agent } = await login(t.app, "kabag");
    const ws = must((await load((await getBytes(agent, "/perjanjian/ekspor.xlsx")).body)).worksheets[0], "the sheet");
    const headers = (ws.getRow(1).values as string[]).slice(1);
    expect(headers.slice(0, LEGACY_COLUMNS.length)).toEqual(LEGACY_COLUMNS.map((c) => c.header));
    expect(ws.autoFilter).toBeTruthy();
    const row = ws.getRow(2);
    for (const key of DATE_KEYS) {
      const cell = row.getCell(LEGACY_COLUMNS.findIndex((c) => c.key === key) + 1);
      expect(cell.value, key).toBeInstanceOf(Date);
      expect(cell.numFmt, key).toBe("dd/mm/yyyy");
    }
    expect(row.getCell(LEGACY_COLUMNS.findIndex((c) => c.key === "signedOn") + 1).value).toEqual(new Date("2025-01-10T00:00:00Z"));
    expect(row.getCell(LEGACY_COLUMNS.findIndex((c) => c.key === "value") + 1).value).toBe(25_000_000);
  });

  it("when agreements of every kind, legacy and signed in the app, are exported and the file is imported then every row is 'Benar' with the same values", async () => {
    const skpd = await t.prisma.skpd.findFirstOrThrow({ where: { code: "DINKES" } });
    const inputs = [
      legacy(2, { kind: "MOU", jenis: "KSDD", partnerName: "Pemerintah Kabupaten Sleman" }),
      legacy(3, { kind: "MOU", jenis: "SINERGI", partnerName: "Universitas Gadjah Mada" }),
      legacy(4, { kind: "PKS", jenis: "SINERGI", partnerName: "Universitas Gadjah Mada", value: "1,5 miliar" }),
      legacy(5, { kind: "MOU", jenis: "KSDPL", partnerName: "京都市 / Thành phố Đà Nẵng" }),
      legacy(6, { kind: "PKS", jenis: "KSDLL", partnerName: "Lembaga Luar Negeri", partnerNumber: "" }),
    ];
    for (const i of inputs) await t.prisma.$transaction((tx) => createLegacy(tx, a.penatalaksana, i, skpd.id));
    // And one MoU and PKS signed and numbered through the workflow, for Sinergi.
    await buildCase(t.prisma, a, { row: 20, title: "Sinergi bolak-balik lewat alur", jenis: "SINERGI", partnerName: "Balai Besar Wilayah Sungai" });

    const { agent } = await login(t.app, "kabag");
    const file = (await getBytes(agent, "/perjanjian/ekspor.xlsx")).body;
    const ws = must((await load(file)).worksheets[0], "the sheet");
    const kindCol = LEGACY_COLUMNS.findIndex((c) => c.key === "kind") + 1;
    const written = new Set<string>();
    ws.eachRow((r, n) => {
      const v = r.getCell(kindCol).value;
      // An object (rich text, a formula) shows as JSON: never one of the plain names expected.
      if (n > 1) written.add(typeof v === "object" && v !== null ? JSON.stringify(v) : String(v));
    });
    expect([...written].sort()).toEqual(["MoU", "Nota Kesepakatan", "PKS", "Rencana Kerja"]);

    const before = await t.prisma.agreement.findMany({ include: { case: { include: { skpd: true } } }, orderBy: [{ endDate: "asc" }, { id: "asc" }] });
    expect(before.length).toBeGreaterThanOrEqual(8);
    // The register holds these numbers already; the import of the same file into a
    // register without them is what is checked.
    await t.prisma.agreement.updateMany({ data: { cityNumber: null } });

    const check = await checkImport(t.prisma, file);
    expect(check.fileError).toBeUndefined();
    expect(check.rows.map((r) => [r.line, r.errors])).toEqual(before.map((_, i) => [i + 2, []]));
    const iso = (d: Date | null) => d?.toISOString().slice(0, 10);
    expect(check.rows.map((r) => r.input)).toEqual(
      before.map((x) => ({
        kind: x.kind,
        title: x.case.title,
        jenis: x.case.jenis,
        skpdCode: x.case.skpd.code,
        partnerName: x.case.partnerName,
        cityNumber: x.cityNumber ?? undefined,
        partnerNumber: x.partnerNumber ?? undefined,
        signedOn: iso(x.signedOn),
        startDate: iso(x.startDate),
        endDate: iso(x.endDate),
        value: x.value === null ? undefined : Number(x.value),
      })),
    );

    const pen = await login(t.app, "penatalaksana");
    const token = await csrfFrom(pen.agent, "/perjanjian/impor");
    const res = await pen.agent.post("/perjanjian/impor").field("_csrf", token).attach("file", file, "register.xlsx");
    expect(res.status).toBe(200);
    expect(res.text).toContain(`Semua ${before.length} baris benar`);
  });
});
