import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, csrfFrom, login, makeUser, postForm, type TestApp } from "../helpers/app.js";
import { DEMO_ACCOUNTS } from "../../src/seed/seed.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ env: { LOGIN_MAX_FAILURES: "3", LOGIN_LOCK_MINUTES: "15" } });
});
afterAll(() => t.close());

describe("login", () => {
  it("when GET /login then the form is shown in Indonesian with a CSRF token", async () => {
    const res = await request(t.app).get("/login");
    expect(res.status).toBe(200);
    expect(res.text).toContain("Nama pengguna");
    expect(res.text).toMatch(/name="_csrf" value="[^"]+"/);
    expect(res.headers["content-security-policy"]).toContain("script-src 'self'");
  });

  it.each(DEMO_ACCOUNTS.map((a) => [a.username, a.roles[0]] as const))(
    "when demo account %s logs in then its home page shows who it is",
    async (username) => {
      const { agent, res } = await login(t.app, username);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe("/");
      const home = await agent.get("/");
      expect(home.status).toBe(200);
      expect(home.text).toContain(username);
      expect(home.text).toContain("Keluar");
    },
  );

  it("when an SKPD user logs in then the home page names their SKPD", async () => {
    const { agent } = await login(t.app, "skpd.kesehatan");
    const home = await agent.get("/");
    expect(home.text).toContain("Dinas Kesehatan");
    expect(home.text).not.toContain('href="/admin/pengguna"');
  });

  it("when the password is wrong then the form says so and keeps the user name", async () => {
    const { res } = await login(t.app, "kabag", "salah-sekali-123");
    expect(res.status).toBe(401);
    expect(res.text).toContain("Nama pengguna atau kata sandi salah.");
    expect(res.text).toContain('value="kabag"');
  });

  it("when the login POST has no CSRF token then it is refused", async () => {
    const agent = request.agent(t.app);
    await agent.get("/login");
    const res = await agent.post("/login").type("form").send({ username: "admin", password: "kerjasama-demo" });
    expect(res.status).toBe(403);
    expect(res.text).toContain("kedaluwarsa");
  });

  it("when logged in then the session cookie is HttpOnly and SameSite=Lax", async () => {
    const { res } = await login(t.app, "penelaah");
    const cookie = ([] as string[]).concat(res.headers["set-cookie"] ?? []).find((c) => c.startsWith("kd.sid="));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it("when logging in then the session id changes (no fixation)", async () => {
    const agent = request.agent(t.app);
    const first = await agent.get("/login");
    const before = String(first.headers["set-cookie"]).match(/kd\.sid=([^;]+)/)?.[1];
    const token = /name="_csrf" value="([^"]+)"/.exec(first.text)![1];
    const res = await agent.post("/login").type("form").send({ _csrf: token, username: "kasubbag", password: "kerjasama-demo" });
    const after = String(res.headers["set-cookie"]).match(/kd\.sid=([^;]+)/)?.[1];
    expect(before).toBeDefined();
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
  });

  it("when a POST after login uses the token from before login then it is refused", async () => {
    const agent = request.agent(t.app);
    const old = await csrfFrom(agent);
    await agent.post("/login").type("form").send({ _csrf: old, username: "tkksd", password: "kerjasama-demo" });
    const res = await agent.post("/logout").type("form").send({ _csrf: old });
    expect(res.status).toBe(403);
  });

  it("when logging out then the session ends and pages ask for login again", async () => {
    const { agent } = await login(t.app, "pimpinan");
    const out = await postForm(agent, "/logout", {});
    expect(out.status).toBe(302);
    const home = await agent.get("/");
    expect(home.status).toBe(302);
    expect(home.headers.location).toBe("/login");
  });

  it("when not logged in then a protected page redirects to login and back after it", async () => {
    const agent = request.agent(t.app);
    const res = await agent.get("/admin/skpd");
    expect(res.headers.location).toBe("/login");
    const token = await csrfFrom(agent);
    const ok = await agent.post("/login").type("form").send({ _csrf: token, username: "admin", password: "kerjasama-demo" });
    expect(ok.headers.location).toBe("/admin/skpd");
  });
});

describe("lockout", () => {
  it("when the password is wrong too often then the account is locked even for the right password", async () => {
    const u = await makeUser(t.prisma, { roles: ["PENELAAH"], username: "korban.kunci" });
    await login(t.app, u.username, "salah-1-xxxxx");
    const second = await login(t.app, u.username, "salah-2-xxxxx");
    expect(second.res.text).toContain("kali gagal lagi");
    const third = await login(t.app, u.username, "salah-3-xxxxx");
    expect(third.res.text).toContain("Akun dikunci sementara");
    const right = await login(t.app, u.username, "kerjasama-demo");
    expect(right.res.status).toBe(401);
    expect(right.res.text).toContain("Akun dikunci sementara");
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
  });

  it("when the lock has passed then the right password works again", async () => {
    const u = await makeUser(t.prisma, { roles: ["PENELAAH"], username: "bekas.kunci" });
    await t.prisma.user.update({ where: { id: u.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    const { res } = await login(t.app, u.username);
    expect(res.status).toBe(302);
  });
});

describe("deactivated users", () => {
  it("when a user is deactivated then they cannot log in", async () => {
    const u = await makeUser(t.prisma, { roles: ["KABAG"], active: false, username: "nonaktif.satu" });
    const { res } = await login(t.app, u.username);
    expect(res.status).toBe(401);
    expect(res.text).toContain("dinonaktifkan");
  });

  it("when an admin deactivates a logged-in user then that user's session ends", async () => {
    const u = await makeUser(t.prisma, { roles: ["KABAG"], username: "akan.nonaktif" });
    const victim = await login(t.app, u.username);
    expect((await victim.agent.get("/")).status).toBe(200);
    const admin = await login(t.app, "admin");
    const res = await postForm(admin.agent, `/admin/pengguna/${u.id}/nonaktifkan`, {}, "/admin/pengguna");
    expect(res.status).toBe(302);
    const after = await victim.agent.get("/");
    expect(after.status).toBe(302);
    expect(after.headers.location).toBe("/login");
    expect(await t.prisma.session.count({ where: { userId: u.id } })).toBe(0);
  });
});

describe("own password", () => {
  it("when the new passwords differ then nothing changes and the error is beside the field", async () => {
    const u = await makeUser(t.prisma, { roles: ["TKKSD"], username: "ganti.sandi" });
    const { agent } = await login(t.app, u.username);
    const res = await postForm(agent, "/akun/password", { current: "kerjasama-demo", next: "sandi-baru-yang-kuat", confirm: "lain" }, "/akun/password");
    expect(res.status).toBe(422);
    expect(res.text).toContain("Konfirmasi tidak sama");
    const ok = await postForm(agent, "/akun/password", { current: "kerjasama-demo", next: "sandi-baru-yang-kuat", confirm: "sandi-baru-yang-kuat" }, "/akun/password");
    expect(ok.status).toBe(302);
    expect((await login(t.app, u.username, "sandi-baru-yang-kuat")).res.status).toBe(302);
    expect((await login(t.app, u.username, "kerjasama-demo")).res.status).toBe(401);
  });

  it("when the current password is wrong then the change is refused", async () => {
    const u = await makeUser(t.prisma, { roles: ["TKKSD"], username: "salah.lama" });
    const { agent } = await login(t.app, u.username);
    const res = await postForm(agent, "/akun/password", { current: "bukan-ini-ya", next: "sandi-baru-yang-kuat", confirm: "sandi-baru-yang-kuat" }, "/akun/password");
    expect(res.status).toBe(422);
    expect(res.text).toContain("Kata sandi saat ini salah");
  });
});
