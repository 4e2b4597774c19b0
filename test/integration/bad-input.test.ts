import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, csrfFrom, login, type TestApp } from "../helpers/app.js";
import { caseAtRow, demoActors } from "../helpers/workflow.js";

// "Bad input always gets a clear message and changes nothing. A 500 is a bug."
let t: TestApp;
let caseId = 0;
beforeAll(async () => {
  t = await buildTestApp();
  caseId = (await caseAtRow(t.prisma, await demoActors(t.prisma), 6)).id;
});
afterAll(() => t.close());

const garbage = ["", "abc", "-1", "0", "99999999999999999999", "2026-02-30", "<script>alert(1)</script>", "'; DROP TABLE \"Case\"; --", "%00", "\u0000"];

const posts = (id: number) => [
  ["/kasus/X/aksi", ["version", "action", "reason", "signedMouOn", "agreementEnd"]],
  [`/kasus/${id}/aksi`, ["version", "action", "reason", "signedMouOn", "agreementEnd"]],
  [`/kasus/${id}/komentar`, ["body"]],
  [`/kasus/${id}/distribusi`, ["recipientType", "recipientName", "sentOn"]],
  [`/kasus/${id}/dokumen`, ["kind"]],
  [`/kasus/${id}/nomor-pengganti`, ["kind"]],
  [`/kasus/${id}/laporan-kemajuan`, ["period", "progress"]],
  ["/tugas/X/tunda", ["reason"]],
  ["/tugas/X/lanjutkan", []],
  ["/nomor/X/batal", ["reason"]],
  ["/inbox/massal", ["row", "action", "pick"]],
  ["/usulan", ["title", "jenis", "durationMonths", "estimatedCost", "intent"]],
  ["/perjanjian/baru", ["kind", "title", "startDate", "endDate", "value"]],
  ["/perjanjian/X/akhiri", ["on", "reason"]],
  ["/perjanjian/X/perpanjang", []],
  ["/perjanjian/impor/konfirmasi", ["token"]],
  ["/evaluasi/X", ["fitScore", "recommendation"]],
  ["/notifikasi/X/buka", []],
  ["/admin/pengguna", ["username", "password", "roles", "skpdId"]],
  ["/admin/pengguna/X", ["fullName", "roles", "skpdId"]],
  ["/admin/skpd", ["code", "name"]],
  ["/admin/libur", ["date", "name", "kind"]],
  ["/admin/libur/hapus", ["date"]],
  ["/admin/pengaturan", ["domestic", "foreign", "unit"]],
  ["/akun/password", ["current", "next", "confirm"]],
] as const;

const gets = ["/kasus/X", "/kasus/X/ubah", "/dokumen/X", "/evaluasi/X", "/perjanjian/X", "/admin/pengguna/X", "/admin/skpd/X",
  "/inbox?row=X&skpd=X&jenis=X&hal=X&q=X", "/kasus?row=X&status=X&hal=X&q=X", "/perjanjian?status=X&tahun=X&hal=X&kind=X&q=X", "/admin/libur?tahun=X",
  "/perjanjian/ekspor.csv?status=X", "/perjanjian/ekspor.xlsx?tahun=X"];

describe("garbage input never gives a 500", () => {
  for (const username of ["admin", "penatalaksana", "kabag", "skpd.pariwisata"]) {
    it(`when ${username} sends garbage to every route then the answers are 2xx, 3xx or 4xx`, async () => {
      const { agent } = await login(t.app, username);
      const failures: string[] = [];
      for (const g of garbage) {
        for (const url of gets) {
          const u = url.replaceAll("X", encodeURIComponent(g));
          const res = await agent.get(u);
          if (res.status >= 500) failures.push(`GET ${u} -> ${res.status}`);
        }
        for (const [url, fields] of posts(caseId)) {
          const u = url.replaceAll("X", encodeURIComponent(g) || "x");
          const body: Record<string, string> = { _csrf: await csrfFrom(agent, "/") };
          for (const f of fields) body[f] = g;
          const form = await agent.post(u).type("form").send(body);
          if (form.status >= 500) failures.push(`POST ${u} (form) -> ${form.status}`);
          let multi = agent.post(u).field("_csrf", body._csrf);
          for (const f of fields) multi = multi.field(f, g);
          const mp = await multi.attach("file", Buffer.from(g || "x"), "x.pdf");
          if (mp.status >= 500) failures.push(`POST ${u} (multipart) -> ${mp.status}`);
        }
      }
      expect(failures).toEqual([]);
      // The case did not move.
      expect((await t.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).currentRow).toBe(6);
    }, 180_000);
  }
});
