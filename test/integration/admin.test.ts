import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, login, postForm, type TestApp } from "../helpers/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe("admin access", () => {
  it.each(["/admin/pengguna", "/admin/pengguna/baru", "/admin/skpd", "/admin/skpd/baru"])("when an SKPD user opens %s then it is 403", async (url) => {
    const { agent } = await login(t.app, "skpd.pariwisata");
    const res = await agent.get(url);
    expect(res.status).toBe(403);
    expect(res.text).toContain("Akses ditolak");
  });

  it("when a non-admin POSTs to an admin action then it is 403 and nothing changes", async () => {
    const { agent } = await login(t.app, "kabag");
    const target = await t.prisma.user.findUniqueOrThrow({ where: { username: "penelaah" } });
    const res = await postForm(agent, `/admin/pengguna/${target.id}/nonaktifkan`, {});
    expect(res.status).toBe(403);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: target.id } })).active).toBe(true);
  });
});

describe("users", () => {
  it("when an admin creates an SKPD user without an SKPD then the form says which field is wrong", async () => {
    const { agent } = await login(t.app, "admin");
    const res = await postForm(
      agent,
      "/admin/pengguna",
      { username: "baru.skpd", password: "sandi-awal-123", fullName: "Pegawai Baru", roles: "SKPD", skpdId: "" },
      "/admin/pengguna/baru",
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain("wajib memilih satu SKPD");
    expect(res.text).toContain('value="Pegawai Baru"');
    expect(await t.prisma.user.count({ where: { username: "baru.skpd" } })).toBe(0);
  });

  it("when an admin creates a user with several roles then they can log in and must change the password", async () => {
    const { agent } = await login(t.app, "admin");
    const skpd = await t.prisma.skpd.findUniqueOrThrow({ where: { code: "DISHUB" } });
    const res = await postForm(
      agent,
      "/admin/pengguna",
      { username: "Multi.Peran", password: "sandi-awal-123", fullName: "Multi Peran", roles: ["SKPD", "PIMPINAN"], skpdId: String(skpd.id) },
      "/admin/pengguna/baru",
    );
    expect(res.status).toBe(302);
    const u = await t.prisma.user.findUniqueOrThrow({ where: { username: "multi.peran" } });
    expect(u.roles.sort()).toEqual(["PIMPINAN", "SKPD"]);
    expect(u.skpdId).toBe(skpd.id);
    const first = await login(t.app, "multi.peran", "sandi-awal-123");
    expect(first.res.headers.location).toBe("/akun/password");
    expect((await first.agent.get("/")).headers.location).toBe("/akun/password");
  });

  it("when the username is taken then the form says so", async () => {
    const { agent } = await login(t.app, "admin");
    const res = await postForm(
      agent,
      "/admin/pengguna",
      { username: "kabag", password: "sandi-awal-123", fullName: "Duplikat", roles: "KABAG" },
      "/admin/pengguna/baru",
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain("Nama pengguna sudah dipakai");
  });

  it("when an admin resets a password then the old one stops working and the temporary one must be changed", async () => {
    const { agent } = await login(t.app, "admin");
    const target = await t.prisma.user.findUniqueOrThrow({ where: { username: "tkksd" } });
    const res = await postForm(agent, `/admin/pengguna/${target.id}/reset-sandi`, {}, "/admin/pengguna");
    expect(res.status).toBe(302);
    const page = await agent.get("/admin/pengguna");
    const temp = /Kata sandi sementara untuk tkksd: ([a-z]{4}-[a-z]{4}-\d{4})/.exec(page.text)?.[1];
    expect(temp).toBeDefined();
    expect((await login(t.app, "tkksd")).res.status).toBe(401);
    const fresh = await login(t.app, "tkksd", temp);
    expect(fresh.res.headers.location).toBe("/akun/password");
  });

  it("when an admin tries to deactivate themselves then it is refused with a message", async () => {
    const { agent } = await login(t.app, "admin");
    const me = await t.prisma.user.findUniqueOrThrow({ where: { username: "admin" } });
    const res = await postForm(agent, `/admin/pengguna/${me.id}/nonaktifkan`, {}, "/admin/pengguna");
    expect(res.status).toBe(409);
    expect(res.text).toContain("akun Anda sendiri");
  });

  it("when the only admin would lose the ADMIN role then it is refused", async () => {
    const { agent } = await login(t.app, "admin");
    const me = await t.prisma.user.findUniqueOrThrow({ where: { username: "admin" } });
    const res = await postForm(agent, `/admin/pengguna/${me.id}`, { fullName: "Admin", roles: "KABAG" }, `/admin/pengguna/${me.id}`);
    expect(res.status).toBe(409);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: me.id } })).roles).toContain("ADMIN");
  });

  it("when the user id is not a number or does not exist then it is 404", async () => {
    const { agent } = await login(t.app, "admin");
    expect((await agent.get("/admin/pengguna/abc")).status).toBe(404);
    expect((await agent.get("/admin/pengguna/999999")).status).toBe(404);
  });
});

describe("admin log", () => {
  it("when an admin changes things then the log names who did what; other roles get 403", async () => {
    const { agent } = await login(t.app, "admin");
    const res = await agent.get("/admin/log");
    expect(res.status).toBe(200);
    expect(res.text).toContain("Pengguna dibuat");
    expect(res.text).toContain("Administrator Sistem");
    const other = await login(t.app, "kabag");
    expect((await other.agent.get("/admin/log")).status).toBe(403);
  });
});

describe("SKPD master list", () => {
  it("when the app starts then the real work units of Kota Yogyakarta are there", async () => {
    const names = (await t.prisma.skpd.findMany()).map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(["Dinas Pariwisata", "Dinas Kesehatan", "Dinas Lingkungan Hidup", "Kemantren Kotagede"]));
    expect(names.length).toBeGreaterThan(30);
  });

  it("when an admin adds and edits an SKPD then the list shows it", async () => {
    const { agent } = await login(t.app, "admin");
    const res = await postForm(agent, "/admin/skpd", { code: "uji-01", name: "Unit Uji Coba", active: "on" }, "/admin/skpd/baru");
    expect(res.status).toBe(302);
    const s = await t.prisma.skpd.findUniqueOrThrow({ where: { code: "UJI-01" } });
    const edit = await postForm(agent, `/admin/skpd/${s.id}`, { code: "UJI-01", name: "Unit Uji Coba Baru" }, `/admin/skpd/${s.id}`);
    expect(edit.status).toBe(302);
    const after = await t.prisma.skpd.findUniqueOrThrow({ where: { id: s.id } });
    expect(after.name).toBe("Unit Uji Coba Baru");
    expect(after.active).toBe(false);
    expect((await agent.get("/admin/skpd")).text).toContain("Unit Uji Coba Baru");
  });

  it("when an SKPD code is taken then the form says so and nothing is added", async () => {
    const { agent } = await login(t.app, "admin");
    const before = await t.prisma.skpd.count();
    const res = await postForm(agent, "/admin/skpd", { code: "DINKES", name: "Dinas Kesehatan Kedua", active: "on" }, "/admin/skpd/baru");
    expect(res.status).toBe(422);
    expect(res.text).toContain("Kode SKPD sudah dipakai");
    expect(await t.prisma.skpd.count()).toBe(before);
  });
});
