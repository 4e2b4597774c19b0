import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, csrfFrom, login, type TestApp } from "../helpers/app.js";
import { buildCase, demoActors } from "../helpers/workflow.js";

// "Bad input always gets a clear message and changes nothing. A 500 is a bug."
let t: TestApp;
let caseId = 0;
beforeAll(async () => {
  t = await buildTestApp();
  caseId = (await buildCase(t.prisma, await demoActors(t.prisma), { row: 6 })).id;
});
afterAll(() => t.close());

const garbage = [
  "",
  "abc",
  "-1",
  "0",
  "99999999999999999999",
  "2026-02-30",
  "<script>alert(1)</script>",
  '\'; DROP TABLE "Case"; --',
  "%00",
  "\u0000",
  "toString",
  "__proto__",
  "constructor",
  "x".repeat(70_000),
];

const posts = (id: number) =>
  [
    ["/kasus/X/aksi", ["version", "action", "reason", "signedMouOn", "agreementEnd"]],
    [`/kasus/${id}/aksi`, ["version", "action", "reason", "signedMouOn", "agreementEnd", "confirm"]],
    [`/kasus/${id}/evaluasi-insidentil`, []],
    [`/kasus/${id}/jadwal-laporan`, ["everyMonths"]],
    ["/kasus/X/jadwal-laporan", ["everyMonths"]],
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
    ["/evaluasi/X", ["kesesuaian_tujuan", "rekomendasi"]],
    ["/notifikasi/X/buka", []],
    ["/admin/pengguna", ["username", "password", "roles", "skpdId"]],
    ["/admin/pengguna/X", ["fullName", "roles", "skpdId"]],
    ["/admin/skpd", ["code", "name"]],
    ["/admin/libur", ["date", "name", "kind"]],
    ["/admin/libur/hapus", ["date"]],
    ["/admin/pengaturan", ["domestic", "foreign", "unit"]],
    ["/akun/password", ["current", "next", "confirm"]],
  ] as const;

const gets = [
  "/kasus/X",
  "/kasus/X/ubah",
  "/dokumen/X",
  "/evaluasi/X",
  "/perjanjian/X",
  "/admin/pengguna/X",
  "/admin/skpd/X",
  "/inbox?row=X&skpd=X&jenis=X&hal=X&q=X",
  "/kasus?row=X&status=X&hal=X&q=X",
  "/perjanjian?status=X&tahun=X&hal=X&kind=X&q=X",
  "/admin/libur?tahun=X",
  "/perjanjian/ekspor.csv?status=X",
  "/perjanjian/ekspor.xlsx?tahun=X",
  "/admin/cadangan/X",
  "/login?next=X",
  "/favicon.ico?X",
];

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
        // The session's token, from the lightest page with a form (the dashboard reads the most),
        // read again for each value: no garbage may end the session (checked below).
        const csrf = await csrfFrom(agent, "/akun/password");
        for (const [url, fields] of posts(caseId)) {
          const u = url.replaceAll("X", encodeURIComponent(g) || "x");
          const body: Record<string, string> = { _csrf: csrf };
          for (const f of fields) body[f] = g;
          const form = await agent.post(u).type("form").send(body);
          if (form.status >= 500) failures.push(`POST ${u} (form) -> ${form.status}`);
          let multi = agent.post(u).field("_csrf", csrf);
          for (const f of fields) multi = multi.field(f, g);
          const mp = await multi.attach("file", Buffer.from(g || "x"), "x.pdf");
          if (mp.status >= 500) failures.push(`POST ${u} (multipart) -> ${mp.status}`);
        }
      }
      expect(failures).toEqual([]);
      // Still signed in: the session, and so its token, held through every POST above.
      const after = await agent.get("/akun/password");
      expect(after.status).toBe(200);
      // The case did not move.
      expect((await t.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).currentRow).toBe(6);
    }, 180_000);
  }
});

describe("malformed requests never give a 500", () => {
  it("when every POST route gets repeated fields, prototype keys, a truncated multipart body or a NUL in a file name then the answers are 4xx", async () => {
    const { agent } = await login(t.app, "admin");
    const failures: string[] = [];
    for (const [url, fields] of posts(caseId)) {
      const u = url.replaceAll("X", "1");
      const token = await csrfFrom(agent, "/");
      const f = fields[0] ?? "x";
      const attempts: [string, () => Promise<{ status: number }>][] = [
        [
          "repeated",
          () =>
            agent
              .post(u)
              .type("form")
              .send(`_csrf=${encodeURIComponent(token)}&${f}=a&${f}=b`),
        ],
        [
          "__proto__",
          () =>
            agent
              .post(u)
              .type("form")
              .send(`_csrf=${encodeURIComponent(token)}&__proto__=x&${f}=a`),
        ],
        [
          "constructor key",
          () =>
            agent
              .post(u)
              .type("form")
              .send(`_csrf=${encodeURIComponent(token)}&constructor[prototype]=x`),
        ],
        ["NUL file name", () => agent.post(u).field("_csrf", token).attach("file", Buffer.from("%PDF-1.4"), "a\u0000b.pdf")],
        [
          "truncated multipart",
          () =>
            agent
              .post(u)
              .set("Content-Type", "multipart/form-data; boundary=zz")
              .send(
                `--zz\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--zz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF`,
              ),
        ],
      ];
      for (const [what, send] of attempts) {
        const res = await send();
        if (res.status >= 500) failures.push(`POST ${u} (${what}) -> ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
