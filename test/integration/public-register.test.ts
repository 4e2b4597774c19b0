// Issue 13, part 4: the public register (/publik) without a login.
import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { must } from "../../src/platform/must.js";
import { formatRupiah } from "../../src/core/case-data/rupiah.js";
import { OPEN_FIELD_NAMES } from "../../src/features/public-register/open-data.js";
import { setPublication } from "../../src/features/public-register/register-service.js";
import { getBytes, login, postForm } from "../helpers/app.js";
import { addDays } from "../../src/platform/http/dates.js";
import { todayJakarta } from "../../src/core/calendar/calendar.js";
import { KIND_LABELS, type KindId } from "../../src/core/sop/kinds.js";
import { buildCase, useWorkflowApp } from "../helpers/workflow.js";

const { t, a } = useWorkflowApp();

const everything = async (q = "") => {
  const [html, csv, json] = await Promise.all([
    request(t.app).get(`/publik${q}`),
    request(t.app).get(`/publik/data.csv${q}`),
    request(t.app).get(`/publik/data.json${q}`),
  ]);
  for (const r of [html, csv, json]) expect(r.status).toBe(200);
  return {
    html: html.text,
    csv: csv.text,
    json: json.body as { data: Record<string, unknown>[] },
    all: `${html.text}\n${csv.text}\n${JSON.stringify(json.body)}`,
  };
};

/** Fields of the case and the agreement that the public may see (by default). */
const PUBLIC_CASE = new Set(["title", "partnerName", "jenis", "skpdId", "urusanId"]);
const PUBLIC_AGREEMENT = new Set(["id", "caseId", "kind", "startDate", "endDate"]);

describe("what the public sees", () => {
  it("when an agreement runs then /publik lists its title, kind, partner, SKPD, urusan and term, and no other field of the case or agreement in the page, the CSV or the JSON", async () => {
    const c = await buildCase(t.prisma, a, {
      row: 20,
      title: "Kerja sama pengelolaan parkir publik",
      partnerName: "PT Parkir Terbuka",
      bidang: "Bidang-Rahasia-1",
      objek: "Objek-Rahasia-2",
      ruangLingkup: "Ruang-Lingkup-Rahasia-3",
      partnerAddress: "Alamat-Rahasia-4",
      partnerContact: "Kontak-Rahasia-5",
      manfaat: "Manfaat-Rahasia-6",
      estimatedCost: 987_654_321,
      liaisonName: "Penghubung-Rahasia-7",
      liaisonPhone: "0812 7777 9999",
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
      if ((typeof v === "bigint" || typeof v === "number") && v > 100_000 && (all.includes(String(v)) || all.includes(formatRupiah(v))))
        leaks.push(`${table}.${field} = ${v}`);
    };
    for (const [k, v] of Object.entries(caseRow)) if (!PUBLIC_CASE.has(k)) check("Case", k, v);
    for (const ag of agreements) for (const [k, v] of Object.entries(ag)) if (!PUBLIC_AGREEMENT.has(k)) check("Agreement", k, v);
    expect(leaks).toEqual([]);
    // The open data carries exactly the public fields, with value and document empty unless marked.
    for (const row of json.data) {
      expect(Object.keys(row)).toEqual([...OPEN_FIELD_NAMES]);
    }
    const mine = json.data.filter((r) => r.judul === "Kerja sama pengelolaan parkir publik");
    expect(mine).toHaveLength(2); // MoU and PKS
    expect(mine.every((r) => r.nilai_rupiah === null && r.url_salinan === null)).toBe(true);
  });

  it("when ADMIN marks the value and the numbered copy public then both appear, and the copy downloads with the hash its verification page names", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Kerja sama dengan nilai terbuka", estimatedCost: 123_456_789, stampCopies: true });
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
    expect(row.nilai_rupiah).toBe(123_456_789);
    expect(row.url_salinan).toBe(`${t.config.appUrl}/publik/dokumen/${pks.id}`);
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
    const c = await buildCase(t.prisma, a, { row: 20, title: "Kerja sama yang disembunyikan" });
    const agreements = await t.prisma.agreement.findMany({ where: { caseId: c.id }, orderBy: { kind: "asc" } });
    const [mou, pks] = [must(agreements[0], "the MoU"), must(agreements[1], "the PKS")];
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
    // The page names a kind by its label, the open data by its code.
    for (const r of json.data) {
      const label = KIND_LABELS[r.kode_jenis as KindId];
      perKind.set(label, (perKind.get(label) ?? 0) + 1);
    }
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

/** The open data as a portal reads it: the CSV through a CSV parser, the JSON, the metadata. */
async function openData(q = "") {
  const [csv, json] = await Promise.all([getBytes(request(t.app), `/publik/data.csv${q}`), request(t.app).get(`/publik/data.json${q}`)]);
  expect([csv.status, json.status]).toEqual([200, 200]);
  return { csv, bytes: csv.body, json: json.body as { data: Record<string, string | number | null>[] } & Record<string, unknown> };
}
const metadata = async () => {
  const res = await request(t.app).get("/publik/metadata.json");
  expect(res.status).toBe(200);
  return res.body as Metadata;
};
/** The metadata as the portal reads it (what the test asks of it; the rest is not typed). */
type Metadata = Record<string, unknown> & {
  identifier: string;
  schemaVersion: string;
  license: string;
  publisher: string;
  issued: string;
  modified: string;
  distribution: { format: string; mediaType: string; downloadURL: string }[];
  schema: { fields: { name: string; type: string }[] };
};

describe("open data", () => {
  it("when the CSV is read by a CSV parser then it is RFC 4180 (comma, UTF-8 without BOM, CRLF, quoting) and holds row by row the values of the JSON", async () => {
    await buildCase(t.prisma, a, {
      row: 20,
      title: '=HYPERLINK("x"), kerja sama; "kutip"\nbaris kedua',
      partnerName: "Universitas Gadjah Mada, Fakultas Teknik",
    });
    const foreign = await buildCase(t.prisma, a, { row: 20, title: "Kerja sama Đà Nẵng 京都市 tanpa mitra" });
    await t.prisma.case.update({ where: { id: foreign.id }, data: { partnerName: "" } });
    const { csv, bytes, json } = await openData();
    expect(csv.headers["content-type"]).toMatch(/^text\/csv; charset=utf-8/);
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    const text = bytes.toString("utf8");
    expect(text.split("\r\n")[0]).toBe(OPEN_FIELD_NAMES.join(","));
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replaceAll("\r\n", "").replace(/"[^"]*"/g, "")).not.toMatch(/[\r\n]/); // a bare LF only inside a quoted field
    // A field absent from a record reads as undefined (and fails the comparisons below).
    const records = parse<Partial<Record<string, string>>>(bytes, {
      columns: true,
      bom: false,
      relax_quotes: false,
      relax_column_count: false,
      skip_empty_lines: false,
      record_delimiter: "\r\n",
    });
    expect(records).toHaveLength(json.data.length);
    expect(json.data.length).toBeGreaterThan(3);
    records.forEach((rec, i) => {
      const row = must(json.data[i], "the JSON's row");
      expect(Object.keys(rec)).toEqual(Object.keys(row));
      for (const k of OPEN_FIELD_NAMES) expect([row.id, k, rec[k]]).toEqual([row.id, k, row[k] === null ? "" : String(row[k])]);
    });
    // The values are the data: no '-prefixed cells in the open data, the JSON has no "".
    const tricky = records.find((r) => r.judul?.startsWith("=HYPERLINK"))!;
    expect(tricky.judul).toBe('=HYPERLINK("x"), kerja sama; "kutip"\nbaris kedua');
    expect(tricky.mitra).toBe("Universitas Gadjah Mada, Fakultas Teknik");
    expect(records.some((r) => r.judul === "Kerja sama Đà Nẵng 京都市 tanpa mitra")).toBe(true);
    for (const row of json.data) expect(Object.values(row)).not.toContain("");
    // Staff keep their Excel CSV (";" and a BOM) in the register.
    const { agent } = await login(t.app, "penatalaksana");
    const staff = await getBytes(agent, "/perjanjian/ekspor.csv");
    expect(staff.status).toBe(200);
    expect(staff.body.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    expect(staff.body.toString("utf8").split("\r\n")[0]).toContain(";");
  });

  it("when a row is read then it carries codes beside labels (kind, naskah, urusan, region), and what is empty is null in the JSON and an empty field in the CSV", async () => {
    const kesehatan = await t.prisma.urusan.findUniqueOrThrow({ where: { name: "Kesehatan" } });
    expect(kesehatan.code).toBe("1.02");
    const c = await buildCase(t.prisma, a, { row: 20, title: "Kerja sama kode terbuka", partnerName: "Kabupaten Sleman" });
    await t.prisma.case.update({ where: { id: c.id }, data: { jenis: "KSDD", urusanId: kesehatan.id } });
    const bare = await buildCase(t.prisma, a, { row: 20, title: "Kerja sama tanpa urusan terbuka" });
    await t.prisma.case.update({ where: { id: bare.id }, data: { urusanId: null, partnerName: " " } });
    const { json, bytes } = await openData("?q=terbuka");
    const mou = json.data.find((r) => r.judul === "Kerja sama kode terbuka" && r.kode_naskah === "MOU")!;
    expect(mou).toMatchObject({
      kode_naskah: "MOU",
      naskah: "MoU",
      kode_jenis: "KSDD",
      jenis: "Kerja sama dengan daerah lain", // the code is its own field, not repeated in the label
      mitra: "Kabupaten Sleman",
      kode_urusan: "1.02",
      urusan: "Kesehatan",
      kode_provinsi: "34",
      nama_provinsi: "Daerah Istimewa Yogyakarta",
      kode_kabupaten_kota: "3471",
      nama_kabupaten_kota: "Kota Yogyakarta",
      nilai_rupiah: null,
      url_salinan: null,
      status: "Berlaku",
    });
    expect(mou.tanggal_mulai).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const empty = json.data.find((r) => r.judul === "Kerja sama tanpa urusan terbuka")!;
    expect([empty.mitra, empty.kode_urusan, empty.urusan]).toEqual([null, null, null]);
    const rec = parse<Record<string, string>>(bytes, { columns: true }).find((r) => r.id === String(empty.id))!;
    expect([rec.mitra, rec.kode_urusan, rec.urusan]).toEqual(["", "", ""]);
    expect(bytes.toString("utf8")).toContain(`${empty.id},${empty.kode_naskah},`);
  });

  it("when a regional partner has its Kemendagri code then the row carries it with the area's name, beside the SKPD's code, the city's Kemendagri code and a stable identifier", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Kerja sama wilayah kode", partnerName: "Pemerintah Kota Semarang" });
    await t.prisma.case.update({ where: { id: c.id }, data: { jenis: "KSDD", partnerKind: "Pemerintah daerah", partnerRegionCode: "33.74" } });
    const skpd = await t.prisma.skpd.findFirstOrThrow({ where: { cases: { some: { id: c.id } } } });
    const { json, bytes } = await openData("?q=wilayah kode");
    const rows = json.data.filter((r) => r.judul === "Kerja sama wilayah kode");
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows)
      expect(row).toMatchObject({
        pengenal: `KS-3471-${row.id}`,
        kode_wilayah_mitra: "33.74",
        nama_wilayah_mitra: "Kota Semarang",
        kode_skpd: skpd.code,
        skpd: skpd.name,
        kode_wilayah_kemendagri: "34.71",
      });
    const rec = parse<Record<string, string>>(bytes, { columns: true }).find((r) => r.judul === "Kerja sama wilayah kode")!;
    expect([rec.kode_wilayah_mitra, rec.nama_wilayah_mitra, rec.pengenal]).toEqual(["33.74", "Kota Semarang", `KS-3471-${rec.id}`]);
    // Identifiers are unique in the dataset.
    const all = (await openData()).json.data.map((r) => r.pengenal);
    expect(new Set(all).size).toBe(all.length);
  });

  it("when the metadata is read then it carries Satu Data's items: producer, data steward, period of the data, update frequency, licence and the reference codes of every code column", async () => {
    await buildCase(t.prisma, a, { row: 20, title: "Kerja sama periode data" });
    const m = await metadata();
    const sd = m.satuData as Record<string, unknown> & { periode: { awal: string; akhir: string } | null; kodeReferensi: { kolom: string; sumber: string }[] };
    expect(sd.produsenData).toBe("Bagian Kerjasama Sekretariat Daerah Kota Yogyakarta");
    expect(sd.walidata).toMatch(/Dinas Komunikasi, Informatika dan Persandian/);
    expect(sd.frekuensiPemutakhiran).toMatch(/\S/);
    expect(sd.lisensi).toMatch(/CC BY 4\.0/);
    // The period is the first start and the last end of the rows the public gets.
    const { json } = await openData();
    const starts = json.data.map((r) => String(r.tanggal_mulai)).sort();
    const ends = json.data.map((r) => String(r.tanggal_berakhir)).sort();
    expect(sd.periode).toEqual({ awal: starts[0], akhir: ends.at(-1) });
    expect(m.temporal).toEqual({ startDate: starts[0], endDate: ends.at(-1) });
    // Every column named kode_* has its reference list.
    const named = sd.kodeReferensi.flatMap((r) => r.kolom.split(", "));
    for (const f of OPEN_FIELD_NAMES.filter((n) => n.startsWith("kode_"))) expect([f, named.includes(f)]).toEqual([f, true]);
  });

  it("when a partner's region code or an SKPD's code changes then the dataset's modified time moves", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Kerja sama kode berubah" });
    const before = Date.parse((await metadata()).modified);
    await new Promise((r) => setTimeout(r, 20));
    await t.prisma.case.update({ where: { id: c.id }, data: { partnerRegionCode: "34.04" } });
    const afterRegion = Date.parse((await metadata()).modified);
    expect(afterRegion).toBeGreaterThan(before);
    await new Promise((r) => setTimeout(r, 20));
    const skpd = await t.prisma.skpd.findFirstOrThrow({ where: { cases: { some: { id: c.id } } } });
    await t.prisma.skpd.update({ where: { id: skpd.id }, data: { code: `${skpd.code}X` } });
    expect(Date.parse((await metadata()).modified)).toBeGreaterThan(afterRegion);
    await t.prisma.skpd.update({ where: { id: skpd.id }, data: { code: skpd.code } });
  });

  it("when the metadata is read then it names the dataset, its licence, publisher, dates, schema version, the distributions (which answer) and every field with its type", async () => {
    const m = await metadata();
    // toMatch fails on anything but a string, as expect.stringMatching did inside toMatchObject.
    expect(m.identifier).toMatch(/\S/);
    expect(m.title).toMatch(/Kota Yogyakarta/);
    expect(m.description).toMatch(/\S/);
    expect(m.license).toMatch(/^https:\/\//);
    expect(m.publisher).toBe("Pemerintah Kota Yogyakarta");
    expect(m.schemaVersion).toMatch(/^\d+\.\d+$/);
    expect(Date.parse(m.issued)).toBeLessThanOrEqual(Date.parse(m.modified));
    expect(m.distribution.map((d) => [d.format, d.mediaType])).toEqual([
      ["CSV", "text/csv"],
      ["JSON", "application/json"],
    ]);
    for (const d of m.distribution) {
      expect(d.downloadURL.startsWith(t.config.appUrl)).toBe(true);
      expect((await request(t.app).get(new URL(d.downloadURL).pathname)).status).toBe(200);
    }
    expect(m.schema.fields.map((f) => f.name)).toEqual([...OPEN_FIELD_NAMES]);
    for (const f of m.schema.fields) expect(["integer", "string", "date"]).toContain(f.type);
    const { json } = await openData();
    expect(json).toMatchObject({
      identifier: m.identifier,
      schemaVersion: m.schemaVersion,
      license: m.license,
      publisher: m.publisher,
      modified: m.modified,
      issued: m.issued,
    });
    // Values of every row have the declared type.
    for (const row of json.data)
      for (const f of m.schema.fields) {
        const v = row[f.name];
        if (v === null) continue;
        if (f.type === "integer") expect(Number.isInteger(v)).toBe(true);
        else if (f.type === "date") expect(v).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        else expect(typeof v).toBe("string");
      }
  });

  it("when the data changes then modified is the time of that change; an edit of a draft without agreement changes nothing, and an agreement that ends moves it to the next day", async () => {
    const c = await buildCase(t.prisma, a, { row: 20, title: "Kerja sama waktu ubah" });
    const draft = await buildCase(t.prisma, a, { row: 1, title: "Draf yang diubah" });
    const before = Date.parse((await metadata()).modified);
    await new Promise((r) => setTimeout(r, 20));
    await t.prisma.case.update({ where: { id: draft.id }, data: { title: "Draf yang diubah lagi" } });
    expect(Date.parse((await metadata()).modified)).toBe(before);
    const t0 = Date.now();
    await t.prisma.case.update({ where: { id: c.id }, data: { partnerName: "Mitra baru" } });
    const afterTitle = Date.parse((await metadata()).modified);
    expect(afterTitle).toBeGreaterThan(before);
    expect(Math.abs(afterTitle - t0)).toBeLessThan(5_000);
    // An agreement ended three days ago: the data changed when that day was over (midnight WIB).
    const pks = await t.prisma.agreement.findFirstOrThrow({ where: { caseId: c.id, kind: "PKS" } });
    const ended = addDays(todayJakarta(), -3);
    await t.prisma.agreement.update({ where: { id: pks.id }, data: { endDate: new Date(`${ended}T00:00:00Z`) } });
    await t.prisma.publicDataChange.deleteMany({ where: { at: { gt: new Date(`${addDays(todayJakarta(), -10)}T00:00:00Z`) } } });
    const m = await metadata();
    expect(m.modified).toBe(new Date(`${addDays(ended, 1)}T00:00:00+07:00`).toISOString());
  });

  it("when the register page is opened then it links the CSV, the JSON (both with its filters) and the metadata, and names the licence", async () => {
    const page = (await request(t.app).get("/publik?q=parkir")).text;
    expect(page).toContain('href="/publik/data.csv?q=parkir"');
    expect(page).toContain('href="/publik/data.json?q=parkir"');
    expect(page).toContain('href="/publik/metadata.json"');
    expect(page).toMatch(/CC BY 4\.0/);
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
