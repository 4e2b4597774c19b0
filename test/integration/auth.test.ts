import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { must } from "../../src/platform/must.js";
import { buildTestApp, csrfFrom, login, makeUser, postForm, type TestApp } from "../helpers/app.js";
import { DEMO_ACCOUNTS } from "../../src/features/seed/seed.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ env: { LOGIN_MAX_FAILURES: "3", LOGIN_LOCK_MINUTES: "15", TRUST_PROXY: "1" } });
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

  it.each(DEMO_ACCOUNTS.map((a) => [a.username, a.roles[0]] as const))("when demo account %s logs in then its home page shows who it is", async (username) => {
    const { agent, res } = await login(t.app, username);
    expect(res.status).toBe(302);
    // ADMIN sets up a second factor at the first login and is shown the recovery codes first (second-factor.test.ts).
    expect(res.headers.location).toBe(username === "admin" ? "/akun/kode-pemulihan" : "/");
    const home = await agent.get("/");
    expect(home.status).toBe(200);
    expect(home.text).toContain(username);
    expect(home.text).toContain("Keluar");
  });

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

  it("when an anonymous visitor opens pages then no session cookie and no session row is made; login makes one", async () => {
    const before = await t.prisma.session.count();
    const agent = request.agent(t.app);
    const first = await agent.get("/login");
    await agent.get("/kasus/1");
    await agent.get("/tidak-ada");
    expect(String(first.get("Set-Cookie"))).not.toContain("kd.sid=");
    expect(await t.prisma.session.count()).toBe(before);
    const token = must(/name="_csrf" value="([^"]+)"/.exec(first.text)?.[1], "the form's token");
    const res = await agent.post("/login").type("form").send({ _csrf: token, username: "kasubbag", password: "kerjasama-demo" });
    expect(String(res.get("Set-Cookie"))).toMatch(/kd\.sid=[^;]+/);
    expect(await t.prisma.session.count()).toBe(before + 1);
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
    const page = await agent.get("/kasus");
    expect(page.headers.location).toBe("/login?next=%2Fkasus");
  });

  it("when not logged in then a protected page redirects to login and back after it", async () => {
    const agent = request.agent(t.app);
    const res = await agent.get("/laporan/kemendagri");
    expect(res.headers.location).toBe("/login?next=%2Flaporan%2Fkemendagri");
    const page = await agent.get(must(res.headers.location, "the redirect"));
    expect(page.text).toContain('name="next" value="/laporan/kemendagri"');
    const token = must(/name="_csrf" value="([^"]+)"/.exec(page.text)?.[1], "the form's token");
    const ok = await agent
      .post("/login")
      .type("form")
      .send({ _csrf: token, username: "penatalaksana", password: "kerjasama-demo", next: "/laporan/kemendagri" });
    expect(ok.headers.location).toBe("/laporan/kemendagri");
    // Only same-site paths: another site is never a destination.
    const other = request.agent(t.app);
    const t2 = await csrfFrom(other);
    const evil = await other.post("/login").type("form").send({ _csrf: t2, username: "penatalaksana", password: "kerjasama-demo", next: "//evil.example/x" });
    expect(evil.headers.location).toBe("/");
  });
});

describe("session expiry", () => {
  it("when the server runs in Asia/Jakarta time then a session is kept in UTC and lasts its idle time, not seven hours more or less", async () => {
    const tz = process.env.TZ;
    process.env.TZ = "Asia/Jakarta";
    try {
      const { agent } = await login(t.app, "kabag");
      expect((await agent.get("/")).status).toBe(200);
      const u = await t.prisma.user.findUniqueOrThrow({ where: { username: "kabag" } });
      const s = must((await t.prisma.session.findMany({ where: { userId: u.id }, orderBy: { expiresAt: "desc" }, take: 1 }))[0], "the session");
      const minutesLeft = (s.expiresAt.getTime() - Date.now()) / 60_000;
      expect(minutesLeft).toBeGreaterThan(t.config.sessionIdleMinutes - 2);
      expect(minutesLeft).toBeLessThanOrEqual(t.config.sessionIdleMinutes);
      // Pruning (Prisma) and reading (plain SQL) agree: the session is still there.
      await t.app.sessionStore.prune();
      expect((await agent.get("/inbox")).status).toBe(200);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });
});

describe("login throttling", () => {
  /** Logs in from a given source address (the app trusts one proxy in this file). */
  async function loginFrom(ip: string, username: string, password = "kerjasama-demo") {
    const agent = request.agent(t.app).set("X-Forwarded-For", ip);
    const token = await csrfFrom(agent);
    const res = await agent.post("/login").type("form").send({ _csrf: token, username, password });
    return { agent, res };
  }

  it("when a stranger fails three times from one address then that address waits, and the owner from another address logs in", async () => {
    const u = await makeUser(t.prisma, { roles: ["KABAG"], username: "target.kabag" });
    const first = await loginFrom("203.0.113.5", u.username, "salah-1-xxxxx");
    expect(first.res.text).toContain("Nama pengguna atau kata sandi salah.");
    expect(first.res.text).not.toContain("gagal lagi");
    await loginFrom("203.0.113.5", u.username, "salah-2-xxxxx");
    const third = await loginFrom("203.0.113.5", u.username, "salah-3-xxxxx");
    expect(third.res.text).toContain("Terlalu banyak percobaan masuk yang gagal");
    // Even the right password waits from the stranger's address...
    const right = await loginFrom("203.0.113.5", u.username);
    expect(right.res.status).toBe(401);
    expect(right.res.text).toContain("Terlalu banyak percobaan");
    // ...but not from the owner's.
    const owner = await loginFrom("198.51.100.7", u.username);
    expect(owner.res.status).toBe(302);
    expect((await owner.agent.get("/")).status).toBe(200);
  });

  it("when the username does not exist then the answers are the same as for a real one (no enumeration)", async () => {
    const u = await makeUser(t.prisma, { roles: ["PENELAAH"], username: "ada.orangnya" });
    const texts = async (name: string, ip: string) => {
      const out: string[] = [];
      for (let i = 0; i < 4; i++) {
        const { res } = await loginFrom(ip, name, `salah-${i}-xxxxx`);
        out.push(`${res.status} ${/alert-error" role="alert">([^<]+)</.exec(res.text)?.[1]?.replace(/pukul \S+/, "pukul X")}`);
      }
      return out;
    };
    expect(await texts("tidak.ada.orangnya", "203.0.113.20")).toEqual(await texts(u.username, "203.0.113.21"));
  });

  it("when the same pair is blocked again then the block lasts twice as long", async () => {
    const u = await makeUser(t.prisma, { roles: ["PENELAAH"], username: "dua.kali" });
    const key = `fail:${u.username}|203.0.113.30`;
    for (let i = 0; i < 3; i++) await loginFrom("203.0.113.30", u.username, `salah-${i}-xxxxx`);
    const first = await t.prisma.loginLimit.findUniqueOrThrow({ where: { key } });
    const firstMinutes = (first.expire!.getTime() - Date.now()) / 60_000;
    expect(firstMinutes).toBeGreaterThan(14);
    expect(firstMinutes).toBeLessThanOrEqual(15);
    // The first block has passed.
    await t.prisma.loginLimit.delete({ where: { key } });
    for (let i = 0; i < 3; i++) await loginFrom("203.0.113.30", u.username, `salah-${i}-xxxxx`);
    const second = await t.prisma.loginLimit.findUniqueOrThrow({ where: { key } });
    const secondMinutes = (second.expire!.getTime() - Date.now()) / 60_000;
    expect(secondMinutes).toBeGreaterThan(29);
    expect(secondMinutes).toBeLessThanOrEqual(30);
  });

  it("when one address fails across many usernames then the whole address waits", async () => {
    for (let i = 0; i < 30; i++) await loginFrom("203.0.113.40", `tebak${i}`, "salah-xxxxxxx");
    const res = await loginFrom("203.0.113.40", "kabag");
    expect(res.res.status).toBe(401);
    expect(res.res.text).toContain("Terlalu banyak percobaan");
    expect((await loginFrom("203.0.113.41", "kabag")).res.status).toBe(302);
  }, 60_000);

  it("when an address is blocked then its owner with a device cookie still logs in, and without it or with a forged one is refused", async () => {
    const u = await makeUser(t.prisma, { roles: ["PENELAAH"], username: "kantor.nat" });
    // Earlier, from the office's address: a successful login leaves a device cookie for this user.
    const office = "203.0.113.70";
    const before = await loginFrom(office, u.username);
    expect(before.res.status).toBe(302);
    const cookie = ([] as string[]).concat(before.res.headers["set-cookie"] ?? []).find((c) => c.startsWith(`kd.dev.${u.id}=`))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Path=\/login/i);
    const device = must(cookie.split(";")[0], "the device cookie");
    // Then an attack from the same address (the whole office behind one NAT): many usernames, the owner's too.
    for (let i = 0; i < 30; i++) await loginFrom(office, i % 2 ? `tebak.nat${i}` : u.username, "salah-xxxxxxx");
    /** Another browser in the office, with `cookieHeader` added to its own cookies. */
    const withCookie = async (cookieHeader: string | null) => {
      const agent = request.agent(t.app).set("X-Forwarded-For", office);
      const token = await csrfFrom(agent);
      const req = agent.post("/login").type("form");
      if (cookieHeader) req.set("Cookie", cookieHeader);
      return { agent, res: await req.send({ _csrf: token, username: u.username, password: "kerjasama-demo" }) };
    };
    // Without the device cookie: refused, like any unknown browser there.
    const stranger = await withCookie(null);
    expect(stranger.res.status).toBe(401);
    expect(stranger.res.text).toContain("Terlalu banyak percobaan");
    // A forged cookie counts as none.
    const [name, value] = device.split("=");
    const forged = `${must(name, "the device cookie's name")}=${must(value, "the device cookie's value").slice(0, -4)}AAAA`;
    expect((await withCookie(forged)).res.status).toBe(401);
    // Another user's cookie does not help either: it is bound to the user it was issued to.
    expect((await withCookie(device.replace(`kd.dev.${u.id}=`, `kd.dev.${u.id + 1000}=`))).res.status).toBe(401);
    // The owner's own browser, which logged in and out before the attack and keeps its device cookie: logged in.
    expect((await postForm(before.agent, "/logout", {})).status).toBe(302);
    const again = await before.agent
      .post("/login")
      .type("form")
      .send({ _csrf: await csrfFrom(before.agent), username: u.username, password: "kerjasama-demo" });
    expect(again.status).toBe(302);
    expect((await before.agent.get("/")).status).toBe(200);
    // The same cookie copied into another browser of the office works as well (it is the browser's, not the address's).
    expect((await withCookie(device)).res.status).toBe(302);
  }, 60_000);

  it("when a device cookie is used with wrong passwords then the cookie has its own failure limit, after which it counts as none", async () => {
    const u = await makeUser(t.prisma, { roles: ["PENELAAH"], username: "perangkat.batas" });
    const ip = "203.0.113.80";
    const first = await loginFrom(ip, u.username);
    const device = must(
      ([] as string[])
        .concat(first.res.headers["set-cookie"] ?? [])
        .find((c) => c.startsWith(`kd.dev.${u.id}=`))
        ?.split(";")[0],
      "the device cookie",
    );
    const attempt = async (password: string) => {
      const agent = request.agent(t.app).set("X-Forwarded-For", ip);
      const token = await csrfFrom(agent);
      return agent.post("/login").type("form").set("Cookie", device).send({ _csrf: token, username: u.username, password });
    };
    // Failures with the cookie are counted against the cookie, not the address.
    for (let i = 0; i < 3; i++) expect((await attempt(`salah-${i}-xxxxx`)).text).toContain("Nama pengguna atau kata sandi salah.");
    expect(await t.prisma.loginLimit.count({ where: { key: `fail:${u.username}|${ip}` } })).toBe(0);
    // Locked out, the cookie counts as none: the address's limits apply again (3 more failures block the pair).
    for (let i = 0; i < 3; i++) await attempt(`salah-lagi-${i}-xxxxx`);
    const blocked = await attempt("kerjasama-demo");
    expect(blocked.status).toBe(401);
    expect(blocked.text).toContain("Terlalu banyak percobaan");
  }, 60_000);

  it("when an administrator resets the password then the user's failures are forgotten", async () => {
    const u = await makeUser(t.prisma, { roles: ["PENELAAH"], username: "lupa.sandi" });
    for (let i = 0; i < 3; i++) await loginFrom("203.0.113.50", u.username, `salah-${i}-xxxxx`);
    expect(await t.prisma.loginLimit.count({ where: { key: { startsWith: `fail:${u.username}|` } } })).toBe(1);
    const admin = await login(t.app, "admin");
    await postForm(admin.agent, `/admin/pengguna/${u.id}/reset-sandi`, {}, "/admin/pengguna");
    expect(await t.prisma.loginLimit.count({ where: { key: { contains: `${u.username}|` } } })).toBe(0);
  });
});

describe("deactivated users", () => {
  it("when a deactivated account is given its right password then the answer is exactly that of a wrong password, and it counts as a failure", async () => {
    const off = await makeUser(t.prisma, { roles: ["KABAG"], active: false, username: "nonaktif.satu" });
    const on = await makeUser(t.prisma, { roles: ["KABAG"], username: "aktif.satu" });
    const answer = (res: request.Response) => `${res.status} ${/alert-error" role="alert">([^<]+)</.exec(res.text)?.[1]?.replace(/pukul \S+/, "pukul X")}`;
    const texts = async (username: string, password: (i: number) => string, ip: string) => {
      const out: string[] = [];
      for (let i = 0; i < 4; i++) {
        const agent = request.agent(t.app).set("X-Forwarded-For", ip);
        const token = await csrfFrom(agent);
        out.push(
          answer(
            await agent
              .post("/login")
              .type("form")
              .send({ _csrf: token, username, password: password(i) }),
          ),
        );
      }
      return out;
    };
    // The right password of a deactivated account, and wrong ones of an active account: the same answers, blocked alike.
    const deactivated = await texts(off.username, () => "kerjasama-demo", "203.0.113.60");
    expect(deactivated).toEqual(await texts(on.username, (i) => `salah-${i}-xxxxx`, "203.0.113.61"));
    expect(deactivated[0]).toBe("401 Nama pengguna atau kata sandi salah.");
    expect(deactivated.join()).not.toContain("nonaktif");
    expect(await t.prisma.loginLimit.count({ where: { key: `fail:${off.username}|203.0.113.60` } })).toBe(1);
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
    const ok = await postForm(
      agent,
      "/akun/password",
      { current: "kerjasama-demo", next: "sandi-baru-yang-kuat", confirm: "sandi-baru-yang-kuat" },
      "/akun/password",
    );
    expect(ok.status).toBe(302);
    expect((await login(t.app, u.username, "sandi-baru-yang-kuat")).res.status).toBe(302);
    expect((await login(t.app, u.username, "kerjasama-demo")).res.status).toBe(401);
  });

  it("when the current password is wrong then the change is refused", async () => {
    const u = await makeUser(t.prisma, { roles: ["TKKSD"], username: "salah.lama" });
    const { agent } = await login(t.app, u.username);
    const res = await postForm(
      agent,
      "/akun/password",
      { current: "bukan-ini-ya", next: "sandi-baru-yang-kuat", confirm: "sandi-baru-yang-kuat" },
      "/akun/password",
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain("Kata sandi saat ini salah");
  });
});
