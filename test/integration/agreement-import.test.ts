// What the import and the legacy form make of the cells and fields people really
// write: amounts the Indonesian way, formulas, rich text, links and dates.
import ExcelJS from "exceljs";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { checkImport } from "../../src/features/agreements/import-service.js";
import { LEGACY_COLUMNS } from "../../src/features/agreements/schema.js";
import { csrfFrom, login } from "../helpers/app.js";
import { useWorkflowApp } from "../helpers/workflow.js";

const { t } = useWorkflowApp();

type Cell = ExcelJS.CellValue;

const legacyRow = (n: number, over: Partial<Record<string, Cell>> = {}): Cell[] => {
  const base: Record<string, Cell> = {
    kind: "PKS",
    title: `Perjanjian impor nomor ${n}`,
    jenis: "KSDPK",
    skpdCode: "DLH",
    partnerName: `PT Mitra ${n}`,
    cityNumber: `100.3.7.1/${700 + n}/P3ADK/I/2025`,
    partnerNumber: `M/${n}`,
    signedOn: "2025-01-10",
    startDate: "2025-02-01",
    endDate: "2027-01-31",
    value: 1000000,
    ...over,
  };
  return LEGACY_COLUMNS.map((c) => base[c.key]);
};

/** A cell as a form sends it: a value as text (an empty column as "undefined", as before), an object as its JSON. */
const asField = (v: Cell) => (typeof v === "object" && v !== null ? JSON.stringify(v) : String(v));

async function xlsx(rows: Cell[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Perjanjian");
  ws.addRow(LEGACY_COLUMNS.map((c) => c.header));
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(agent: request.Agent, buf: Buffer) {
  const token = await csrfFrom(agent, "/perjanjian/impor");
  return agent.post("/perjanjian/impor").field("_csrf", token).attach("file", buf, "impor.xlsx");
}

/** The "Hasil" cell of the check page's row for a line of the file. */
const resultOf = (html: string, line: number) => {
  const m = new RegExp(`<tr[^>]*><td>${line}</td>[\\s\\S]*?</tr>`).exec(html);
  return m ? m[0] : "";
};

describe("amounts the Indonesian way", () => {
  it("when the import file writes amounts as people do then each is read as the rupiah it says, and a doubtful one is refused on its row, never 'Benar'", async () => {
    const file = await xlsx([
      legacyRow(1, { value: "Rp 25.000.000,00" }),
      legacyRow(2, { value: "1,5 miliar" }),
      legacyRow(3, { value: 25_000_000 }),
      legacyRow(4, { value: "Rp 750 ribu" }),
      legacyRow(5, { value: "25,000,000" }),
      legacyRow(6, { value: 1234.5 }),
      legacyRow(7, { value: "Rp 25.000.000,50" }),
    ]);
    const check = await checkImport(t.prisma, file);
    const value = (line: number) => check.rows.find((r) => r.line === line)!;
    expect(value(2).input?.value).toBe(25_000_000);
    expect(value(3).input?.value).toBe(1_500_000_000);
    expect(value(4).input?.value).toBe(25_000_000);
    expect(value(5).input?.value).toBe(750_000);
    for (const line of [2, 3, 4, 5]) expect(value(line).errors).toEqual([]);
    for (const line of [6, 7, 8]) {
      expect(value(line).input).toBeUndefined();
      expect(value(line).errors.join(" ")).toMatch(/^Nilai/);
    }

    const { agent } = await login(t.app, "penatalaksana");
    const before = await t.prisma.agreement.count();
    const res = await upload(agent, file);
    expect(res.status).toBe(422);
    expect(res.text).toContain("3 dari 7 baris masih salah");
    for (const line of [6, 7, 8]) {
      expect(resultOf(res.text, line)).toContain("Nilai");
      expect(resultOf(res.text, line)).not.toContain("Benar");
    }
    expect(resultOf(res.text, 2)).toContain("Benar");
    expect(await t.prisma.agreement.count()).toBe(before);
  });

  it("when the legacy form gets 'Rp 25.000.000,00' or '1,5 miliar' then that is the value; '25,000,000' is refused with how to write it and nothing is stored", async () => {
    const { agent } = await login(t.app, "penatalaksana");
    const send = async (n: number, value: string) =>
      agent
        .post("/perjanjian/baru")
        .type("form")
        .send({
          _csrf: await csrfFrom(agent, "/perjanjian/baru"),
          ...Object.fromEntries(LEGACY_COLUMNS.map((c, i) => [c.key, asField(legacyRow(n)[i])])),
          value,
        });
    expect((await send(20, "Rp 25.000.000,00")).status).toBe(302);
    expect((await send(21, "1,5 miliar")).status).toBe(302);
    const stored = async (n: number) => (await t.prisma.agreement.findFirst({ where: { cityNumber: `100.3.7.1/${700 + n}/P3ADK/I/2025` } }))?.value;
    expect(await stored(20)).toBe(25_000_000n);
    expect(await stored(21)).toBe(1_500_000_000n);
    const before = await t.prisma.agreement.count();
    const bad = await send(22, "25,000,000");
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Nilai");
    expect(bad.text).toContain("1,5 miliar");
    expect(bad.text).toContain('value="25,000,000"');
    expect(await t.prisma.agreement.count()).toBe(before);
  });
});

describe("what a cell holds", () => {
  it("when a cell holds a formula with no stored result then its row is refused with what to do, never '[object Object]' and 'Benar'", async () => {
    const file = await xlsx([legacyRow(30, { title: { formula: 'CONCATENATE("Perjanjian ","lama")' } as Cell }), legacyRow(31)]);
    const check = await checkImport(t.prisma, file);
    const bad = check.rows.find((r) => r.line === 2)!;
    expect(bad.input).toBeUndefined();
    expect(bad.errors).toEqual(["Judul: sel berisi rumus tanpa hasil tersimpan; simpan ulang berkas di Excel atau tempel sebagai nilai"]);
    expect(check.rows.find((r) => r.line === 3)!.errors).toEqual([]);

    const { agent } = await login(t.app, "penatalaksana");
    const res = await upload(agent, file);
    expect(res.status).toBe(422);
    expect(res.text).not.toContain("[object Object]");
    expect(resultOf(res.text, 2)).toContain("sel berisi rumus tanpa hasil tersimpan");
    expect(resultOf(res.text, 2)).not.toContain("Benar");
  });

  it("when cells hold formulas with results, rich text, links, dates and numbers then each is read as what it shows", async () => {
    const file = await xlsx([
      legacyRow(32, {
        title: { formula: 'CONCATENATE("Perjanjian ","rumus")', result: "Perjanjian rumus" } as Cell,
        partnerName: { richText: [{ text: "PT ", font: { bold: true } }, { text: "Kaya Teks" }] } as Cell,
        partnerNumber: { text: "BL/07/2025", hyperlink: "https://contoh.go.id/bl" } as Cell,
        cityNumber: { formula: '"100.3.7.1/"&"732/P3ADK/I/2025"', result: "100.3.7.1/732/P3ADK/I/2025" } as Cell,
        signedOn: new Date(Date.UTC(2025, 0, 10)),
        value: { formula: "25000000*2", result: 50_000_000 } as Cell,
      }),
      legacyRow(33, { partnerNumber: 12345, value: { error: "#N/A" } as Cell }),
      // exceljs's streaming reader drops a formula's error result: the row is refused all the same.
      legacyRow(34, { value: { formula: "1/0", result: { error: "#DIV/0!" } } as Cell }),
    ]);
    const check = await checkImport(t.prisma, file);
    const ok = check.rows.find((r) => r.line === 2)!;
    expect(ok.errors).toEqual([]);
    expect(ok.input).toMatchObject({
      title: "Perjanjian rumus",
      partnerName: "PT Kaya Teks",
      partnerNumber: "BL/07/2025",
      cityNumber: "100.3.7.1/732/P3ADK/I/2025",
      signedOn: "2025-01-10",
      value: 50_000_000,
    });
    const err = check.rows.find((r) => r.line === 3)!;
    expect(err.errors).toEqual([expect.stringMatching(/^Nilai \(Rp\): sel berisi galat/)]);
    expect(check.rows.find((r) => r.line === 4)!.errors).toEqual([expect.stringMatching(/^Nilai \(Rp\): sel berisi rumus tanpa hasil tersimpan/)]);
    expect(check.rows.filter((r) => r.line >= 3).every((r) => r.input === undefined)).toBe(true);
  });
});

describe("the header row", () => {
  it("when a file has the header of the older template then it is still read; an unknown column is refused by name and nothing is imported", async () => {
    const old = new ExcelJS.Workbook();
    const ws = old.addWorksheet("Perjanjian");
    ws.addRow(LEGACY_COLUMNS.map((c) => (c.key === "kind" ? "Jenis dokumen (MoU/PKS)" : c.header)));
    ws.addRow(legacyRow(40, { kind: "Nota Kesepakatan", jenis: "Sinergi" }));
    const check = await checkImport(t.prisma, Buffer.from(await old.xlsx.writeBuffer()));
    expect(check.rows.map((r) => r.errors)).toEqual([[]]);
    expect(check.rows[0]?.input).toMatchObject({ kind: "MOU", jenis: "SINERGI" });

    const extra = new ExcelJS.Workbook();
    const ws2 = extra.addWorksheet("Perjanjian");
    ws2.addRow([...LEGACY_COLUMNS.map((c) => c.header), "Status", "Keterangan"]);
    ws2.addRow([...legacyRow(41), "Aktif", "catatan"]);
    const { agent } = await login(t.app, "penatalaksana");
    const before = await t.prisma.agreement.count();
    const res = await upload(agent, Buffer.from(await extra.xlsx.writeBuffer()));
    expect(res.status).toBe(422);
    expect(res.text).toContain("memuat kolom yang tidak dikenal: Keterangan");
    expect(await t.prisma.agreement.count()).toBe(before);
  });
});
