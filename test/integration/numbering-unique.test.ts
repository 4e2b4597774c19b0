// Issue 8, item 1: one official number identifies exactly one document.
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { replacementNumber } from "../../src/features/copies/replacement-number.js";
import { must } from "../../src/platform/must.js";
import { openPglite } from "../../src/platform/db/client.js";
import { migrate, readMigrations, type RawSql } from "../../src/platform/db/migrate.js";
import { allocateNumber, openCollisions } from "../../src/features/numbering/numbering-service.js";
import { login, postForm } from "../helpers/app.js";
import { buildCase, useWorkflowApp } from "../helpers/workflow.js";
import { loadCurrentUser } from "../../src/features/auth/passport.js";
import { yearJakarta } from "../helpers/time.js";

const { t, a } = useWorkflowApp();

describe("one sequence per series", () => {
  it("when a case's MoU and then its PKS are numbered then the two numbers differ and follow each other", async () => {
    const c = await buildCase(t.prisma, a, { row: 19, title: "MoU dan PKS satu kasus" });
    const numbers = await t.prisma.registerNumber.findMany({ where: { caseId: c.id }, orderBy: { id: "asc" } });
    const [mou, pks] = [must(numbers[0], "the MoU's number"), must(numbers[1], "the PKS's number")];
    expect(mou.kind).toBe("MOU");
    expect(pks.kind).toBe("PKS");
    expect(pks.number).not.toBe(mou.number);
    expect(pks.seq).toBe(must(mou.seq, "a counter number's seq") + 1);
    expect(pks.series).toBe("domestic");
  });

  it("when two cases are numbered in turn, MoU and PKS alike, then the series has no gap and no duplicate", async () => {
    await buildCase(t.prisma, a, { row: 19, title: "Kasus seri kedua" });
    const all = await t.prisma.registerNumber.findMany({ where: { series: "domestic" }, orderBy: { seq: "asc" } });
    expect(all.map((n) => n.seq)).toEqual(all.map((_, i) => i + 1));
    expect(new Set(all.map((n) => n.number)).size).toBe(all.length);
  });

  it("when a number's text is given twice anyway then the database refuses the second", async () => {
    const c = await buildCase(t.prisma, a, { row: 2, title: "Nomor paksa" });
    const n = await t.prisma.$transaction((tx) => allocateNumber(tx, { kind: "MOU", caseId: c.id, jenis: "KSDPK", userId: a.penatalaksana.id }));
    await expect(
      t.prisma.registerNumber.create({
        data: { kind: "PKS", series: "domestic", year: n.year, seq: 9999, number: n.number, caseId: c.id, createdById: a.penatalaksana.id },
      }),
    ).rejects.toThrow();
  });
});

describe("formats that could collide are refused", () => {
  it("when the admin makes the domestic and foreign formats the same then the change is refused with the reason", async () => {
    const { agent } = await login(t.app, "admin");
    const res = await postForm(agent, "/admin/pengaturan", { domestic: "KS/{seq}/{year}", foreign: "KS/{seq}/{year}", unit: "P3ADK" }, "/admin/pengaturan");
    expect(res.status).toBe(422);
    expect(res.text).toContain("dapat menghasilkan nomor yang sama");
  });

  it("when a format would give a number an agreement in the register already has then it is refused", async () => {
    const year = yearJakarta();
    const last = (await t.prisma.numberCounter.findUniqueOrThrow({ where: { series_year: { series: "domestic", year } } })).last;
    // An agreement entered as legacy carries the number this format would give next.
    const c = await buildCase(t.prisma, a, { row: 2, title: "Perjanjian lama bernomor" });
    await t.prisma.agreement.create({
      data: {
        caseId: c.id,
        kind: "PKS",
        cityNumber: `KS/${last + 1}/${year}`,
        startDate: new Date(),
        endDate: new Date(Date.UTC(year + 1, 0, 1)),
        legacy: true,
      },
    });
    const { agent } = await login(t.app, "admin");
    const res = await postForm(
      agent,
      "/admin/pengaturan",
      { domestic: "KS/{seq}/{year}", foreign: "100.3.7.2/{seq}/{unit}/{roman month}/{year}", unit: "P3ADK" },
      "/admin/pengaturan",
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain(`sudah ada di register (KS/${last + 1}/${year})`);
  });
});

describe("a database from before numbers were unique", () => {
  it("when it is migrated then the first of two equal numbers stays, the second is voided with a reason, and ADMIN sees it until a replacement is given", async () => {
    const lite = await PGlite.create();
    const raw: RawSql = {
      exec: async (sql) => {
        await lite.exec(sql);
      },
      query: async <T>(sql: string, params?: unknown[]) => (await lite.query<T>(sql, params)).rows,
      exclusive: (fn) => fn(),
    };
    const all = readMigrations();
    const at = all.findIndex((m) => m.name.endsWith("_unique_numbers"));
    await migrate(raw, all.slice(0, at));
    // What an older version left behind: an MoU and its PKS with the same number.
    await lite.exec(`
      INSERT INTO "Skpd" ("code", "name", "updatedAt") VALUES ('DISPAR', 'Dinas Pariwisata', now());
      INSERT INTO "User" ("username", "fullName", "passwordHash", "roles", "skpdId", "updatedAt")
        VALUES ('penatalaksana', 'Rina', 'x', '{PENATALAKSANA}', NULL, now());
      INSERT INTO "Case" ("definitionVersion", "skpdId", "createdById", "title", "jenis", "status", "currentRow", "updatedAt")
        VALUES ('v1', 1, 1, 'Kasus lama bernomor ganda', 'KSDPK', 'IN_PROGRESS', 20, now());
      INSERT INTO "RegisterNumber" ("kind", "year", "seq", "number", "caseId", "createdById") VALUES
        ('MOU', 2026, 1, '100.3.7.1/1/P3ADK/X/2026', 1, 1),
        ('MOU', 2026, 2, '100.3.7.1/2/P3ADK/XI/2026', 1, 1),
        ('PKS', 2026, 2, '100.3.7.1/2/P3ADK/XI/2026', 1, 1);
      INSERT INTO "NumberCounter" ("kind", "year", "last") VALUES ('MOU', 2026, 2), ('PKS', 2026, 2);
    `);
    await migrate(raw, all);
    const db = await openPglite({ pglite: lite });
    try {
      const rows = await db.prisma.registerNumber.findMany({ orderBy: { id: "asc" } });
      expect(rows.map((r) => [r.kind, r.voidedAt !== null])).toEqual([
        ["MOU", false],
        ["MOU", false],
        ["PKS", true],
      ]);
      expect(rows[2]?.voidReason).toContain("Nomor ganda: 100.3.7.1/2/P3ADK/XI/2026");
      expect(rows[1]?.number).toBe("100.3.7.1/2/P3ADK/XI/2026");
      expect(await openCollisions(db.prisma)).toEqual([expect.objectContaining({ number: "100.3.7.1/2/P3ADK/XI/2026", kind: "PKS", caseId: 1 })]);
      // The sequence goes on after the highest number given.
      expect((await db.prisma.numberCounter.findUniqueOrThrow({ where: { series_year: { series: "domestic", year: 2026 } } })).last).toBe(2);
      const penatalaksana = (await loadCurrentUser(db.prisma, 1))!;
      const r = await replacementNumber(db.prisma, penatalaksana, 1, "PKS");
      expect(r.number).not.toBe("100.3.7.1/2/P3ADK/XI/2026");
      expect(await openCollisions(db.prisma)).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
