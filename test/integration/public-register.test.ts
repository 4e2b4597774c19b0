// Issue 13, part 4: the public register (/publik) without a login.
import { createHash } from "node:crypto";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { formatRupiah } from "../../src/cases/rupiah.js";
import { PUBLIC_FIELDS, setPublication } from "../../src/public-register/register-service.js";
import { getBytes, login, postForm } from "../helpers/app.js";
import { caseAtRow, useWorkflowApp } from "../helpers/workflow.js";

const { t, a } = useWorkflowApp();

const everything = async (q = "") => {
  const [html, csv, json] = await Promise.all([
    request(t.app).get(`/publik${q}`),
    request(t.app).get(`/publik/data.csv${q}`),
    request(t.app).get(`/publik/data.json${q}`),
  ]);
  for (const r of [html, csv, json]) expect(r.status).toBe(200);
  return { html: html.text, csv: csv.text, json: json.body as { data: Record<string, unknown>[] }, all: `${html.text}\n${csv.text}\n${JSON.stringify(json.body)}` };
};

/** Fields of the case and the agreement that the public may see (by default). */
const PUBLIC_CASE = new Set(["title", "partnerName", "jenis", "skpdId", "urusanId"]);
const PUBLIC_AGREEMENT = new Set(["id", "caseId", "kind", "startDate", "endDate"]);

describe("what the public sees", () => {
  it("when an agreement runs then /publik lists its title, kind, partner, SKPD, urusan and term, and no other field of the case or agreement in the page, the CSV or the JSON", async () => {
    const c = await caseAtRow(t.prisma, a, 20, {
      title: "Kerja sama pengelolaan parkir publik",
      partnerName: "PT Parkir Terbuka",
      bidang: "Bidang-Rahasia-1", objek: "Objek-Rahasia-2", ruangLingkup: "Ruang-Lingkup-Rahasia-3", partnerAddress: "Alamat-Rahasia-4",
      partnerContact: "Kontak-Rahasia-5", manfaat: "Manfaat-Rahasia-6", estimatedCost: 987_654_321, liaisonName: "Penghubung-Rahasia-7", liaisonPhone: "0812 7777 9999",
      rpjmdLink: "Misi-Rahasia-8",
    });
    // Every string column gets a distinctive value, so that a leak of any of them is seen.
    const caseRow = await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } });
    const agreements = await t.prisma.agreement.findMany({ where: { caseId: c.id } });
    await t.prisma.agreement.updateMany({ where: { caseId: c.id }, data: { endedEarlyReason: null } });
    const { all, json } = await everything();
    expect(all).toContain("Kerja sama pengelolaan parkir publik");
    expect(all).toContain("PT Parkir Terbuka");
    expect(all).toContain("Dinas Pariwisata");
    expect(all).toContain("Pariwisata");

    const leaks: string[] = [];
    const check = (table: string, field: string, v: unknown) => {
      if (typeof v === "string" && v.length >= 6 && all.includes(v)) leaks.push(`${table}.${field} = ${v}`);
      if ((typeof v === "bigint" || typeof v === "number") && v > 100_000 && (all.includes(String(v)) || all.includes(formatRupiah(v)))) leaks.push(`${table}.${field} = ${v}`);
    };
    for (const [k, v] of Object.entries(caseRow)) if (!PUBLIC_CASE.has(k)) check("Case", k, v);
    for (const ag of agreements) for (const [k, v] of Object.entries(ag)) if (!PUBLIC_AGREEMENT.has(k)) check("Agreement", k, v);
    expect(leaks).toEqual([]);
    // The open data carries exactly the public fields, with value and document empty unless marked.
    for (const row of json.data) {
      expect(Object.keys(row).sort()).toEqual([...PUBLIC_FIELDS].sort());
    }
    const mine = json.data.filter((r) => r.judul === "Kerja sama pengelolaan parkir publik");
    expect(mine).toHaveLength(2); // MoU and PKS
    expect(mine.every((r) => r.nilai === null && r.dokumen === null)).toBe(true);
  });

  it("when ADMIN marks the value and the numbered copy public then both appear, and the copy downloads with the hash its verification page names", async () => {
    const c = await caseAtRow(t.prisma, a, 20, { title: "Kerja sama dengan nilai terbuka", estimatedCost: 123_456_789 });
    const pks = await t.prisma.agreement.findFirstOrThrow({ where: { caseId: c.id, kind: "PKS" } });
    const kabag = (await login(t.app, "kabag")).agent;
    expect((await postForm(kabag, `/perjanjian/${pks.id}/publikasi`, { mode: "AUTO", value: "ya", document: "ya" }, `/perjanjian/${pks.id}`)).status).toBe(403);

    const admin = (await login(t.app, "admin")).agent;
    const page = await admin.get(`/perjanjian/${pks.id}`);
    expect(page.text).toContain("Register publik");
    expect((await postForm(admin, `/perjanjian/${pks.id}/publikasi`, { mode: "AUTO", value: "ya", document: "ya" }, `/perjanjian/${pks.id}`)).status).toBe(302);
    expect(await t.prisma.adminLog.count({ where: { action: "publik.atur" } })).toBeGreaterThan(0);

    const { json, html } = await everything("?q=nilai+terbuka");
    const row = json.data.find((r) => r.id === pks.id)!;
    expect(row.nilai).toBe(123_456_789);
    expect(row.dokumen).toBe(`/publik/dokumen/${pks.id}`);
    expect(html).toContain(formatRupiah(123_456_789));
    const file = await getBytes(request(t.app), `/publik/dokumen/${pks.id}`);
    expect(file.status).toBe(200);
    const n = await t.prisma.registerNumber.findFirstOrThrow({ where: { caseId: c.id, kind: "PKS" } });
    const verify = await request(t.app).get(`/verifikasi/${n.verifyToken}`);
    expect(verify.text).toContain(createHash("sha256").update(file.body).digest("hex"));
    // The MoU of the same case was not marked: neither its value nor its document.
    const mou = await t.prisma.agreement.findFirstOrThrow({ where: { caseId: c.id, kind: "MOU" } });
    expect((await request(t.app).get(`/publik/dokumen/${mou.id}`)).status).toBe(404);
  });

  it("when an agreement is hidden or has ended then it is not listed, and ALWAYS shows an ended one; a change shows at once", async () => {
    const c = await caseAtRow(t.prisma, a, 20, { title: "Kerja sama yang disembunyikan" });
    const [mou, pks] = await t.prisma.agreement.findMany({ where: { caseId: c.id }, orderBy: { kind: "asc" } });
    expect((await everything("?q=disembunyikan")).json.data).toHaveLength(2);
    await setPublication(t.prisma, a.admin, mou.id, { mode: "HIDDEN", value: true, document: true });
    await t.prisma.agreement.update({ where: { id: pks.id }, data: { endedEarlyAt: new Date("2026-01-02T00:00:00Z"), endedEarlyReason: "Diakhiri" } });
    expect((await everything("?q=disembunyikan")).json.data).toHaveLength(0);
    await setPublication(t.prisma, a.admin, pks.id, { mode: "ALWAYS", value: false, document: false });
    const after = (await everything("?q=disembunyikan")).json.data;
    expect(after.map((r) => [r.id, r.status])).toEqual([[pks.id, "Berakhir"]]);
    expect((await request(t.app).get(`/publik/dokumen/${mou.id}`)).status).toBe(404);
  });

  it("when the register is searched and counted then the counts per kind, urusan and year agree with the open data", async () => {
    const { json, html } = await everything();
    const perKind = new Map<string, number>();
    for (const r of json.data) perKind.set(String(r.jenis), (perKind.get(String(r.jenis)) ?? 0) + 1);
    for (const [kind, n] of perKind) expect(html).toMatch(new RegExp(`<td>${kind.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}</td><td>${n}</td>`));
    const byPartner = await everything("?q=PT+Parkir");
    expect(byPartner.json.data.every((r) => r.mitra === "PT Parkir Terbuka")).toBe(true);
  });

  it("when a filter cannot be read or a shared link carries other parameters then the register still opens, naming what it ignored, and carries no cookie", async () => {
    const bad = await request(t.app).get("/publik?tahun=abc&jenis=APA&fbclid=xyz");
    expect(bad.status).toBe(200);
    expect(bad.text).toContain("Saringan jenis kerja sama, tahun tidak dapat dibaca dan diabaikan");
    expect((await request(t.app).get("/publik/data.json?halaman=x&q=a&q=b")).status).toBe(200);
    const ok = await request(t.app).get("/publik");
    expect(ok.headers["set-cookie"]).toBeUndefined();
    expect(ok.headers["cache-control"]).toContain("public");
    expect(ok.text).not.toContain("Keluar");
  });
});

describe("caching of public pages", () => {
  it("when a logged-in browser opens a public page then the answer that refreshes its session cookie is never cacheable by a proxy; an anonymous one is", async () => {
    const anonymous = await request(t.app).get("/publik");
    expect(anonymous.headers["set-cookie"]).toBeUndefined();
    expect(anonymous.headers["cache-control"]).toMatch(/^public/);
    const { agent } = await login(t.app, "kabag");
    for (const url of ["/publik", "/verifikasi/AAAAAAAAAAAAAAAAAAAAAA"]) {
      const res = await agent.get(url);
      expect([url, res.headers["cache-control"]]).toEqual([url, "private, no-store"]);
    }
  });
});
