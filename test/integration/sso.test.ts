// Login through the city's OpenID Connect provider, against a real provider (oidc-provider)
// on a local port: the app's client (openid-client) talks to it over HTTP as it would to the
// city's. The app itself runs in-process under supertest; the provider's redirect to the
// app's callback is followed by handing its address to the app's agent.
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, csrfFrom, login, postForm, type TestApp } from "../helpers/app.js";
import { startTestProvider, type TestAccount, type TestProvider } from "../helpers/oidc-provider.js";
import { must } from "../../src/platform/must.js";
import { createApp } from "../../src/app.js";
import { createLogger } from "../../src/platform/logger.js";
import { Writable } from "node:stream";

// The app's address as the provider knows it: the callback is never fetched by the provider, only redirected to.
const APP_URL = "http://127.0.0.1:39123";
const NIP_KASUBBAG = "198001012005011001";
const NIP_UNLINK = "198502022010012002";

const ACCOUNTS: Record<string, TestAccount> = {
  "sub-penelaah": { name: "Penelaah di SSO", email: "penelaah@sso.test", email_verified: true },
  "sub-kasubbag": { name: "Kasubbag di SSO", nip: NIP_KASUBBAG, email: "lain@sso.test", email_verified: true },
  "sub-kabag": { name: "Kabag di SSO", email: "Kabag.Kerjasama@JogjaKota.test", email_verified: true },
  "sub-unverified": { name: "Belum terverifikasi", email: "tkksd@jogjakota.test", email_verified: false },
  "sub-stranger": { name: "Orang Baru", email: "orang.baru@jogjakota.test", email_verified: true, nip: "199001012015011003" },
  "sub-pimpinan": { name: "Pimpinan di SSO" },
  "sub-unlink": { name: "Dicocokkan ulang", nip: NIP_UNLINK },
  "sub-replay": { name: "Penatalaksana di SSO" },
  "sub-logout": { name: "Keluar" },
  "sub-log": { name: "Tercatat" },
  "sub-admin-mfa": { name: "Admin dengan MFA", amr: ["pwd", "mfa"] },
};

let op: TestProvider;
let t: TestApp;

/** Where a redirect went, as a path for the app's agent. */
const pathOf = (loc: string) => {
  const u = new URL(loc, APP_URL);
  return u.pathname + u.search;
};

/**
 * Starts a login at the app, logs in at the provider as `sub`, and returns the address the
 * provider sends the browser back to (the app's callback with its code and state).
 * `tamper` may change the authorization request on its way to the provider.
 */
async function throughProvider(agent: request.Agent, provider: TestProvider, sub: string, tamper?: (u: URL) => void, from = "/login/sso"): Promise<URL> {
  const start = await agent.get(from);
  expect(start.status, start.text).toBe(302);
  const auth = new URL(start.headers.location as string);
  expect(auth.origin).toBe(provider.issuer);
  expect(auth.searchParams.get("code_challenge_method")).toBe("S256");
  expect(auth.searchParams.get("state")).toBeTruthy();
  expect(auth.searchParams.get("nonce")).toBeTruthy();
  tamper?.(auth);
  const browser = request.agent(provider.issuer);
  const a = await browser.get(auth.pathname + auth.search);
  expect(a.status, a.text).toBe(303);
  const interaction = a.headers.location as string;
  const form = await browser.get(interaction);
  expect(form.text).toContain("Masuk ke SSO");
  const done = await browser.post(`${interaction}/login`).type("form").send({ sub, password: "apa-saja" });
  expect(done.status, done.text).toBe(303);
  const back = await browser.get(new URL(done.headers.location as string, provider.issuer).pathname);
  expect(back.status, back.text).toBe(303);
  const callback = new URL(back.headers.location as string);
  expect(callback.origin + callback.pathname).toBe(`${APP_URL}/login/sso/callback`);
  return callback;
}

/** A whole login through the provider: the app's answer to its callback. */
async function ssoLogin(agent: request.Agent, sub: string, provider = op, from = "/login/sso") {
  const callback = await throughProvider(agent, provider, sub, undefined, from);
  return agent.get(pathOf(callback.href));
}

const userNamed = (username: string) => t.prisma.user.findUniqueOrThrow({ where: { username } });

beforeAll(async () => {
  op = await startTestProvider({ appUrl: APP_URL, accounts: ACCOUNTS });
  t = await buildTestApp({ env: op.env(APP_URL) });
}, 120_000);
afterAll(async () => {
  await t.close();
  await op.close();
});

describe("single sign-on (OpenID Connect)", () => {
  it("when SSO is configured then the login page offers it beside the password form", async () => {
    const res = await request(t.app).get("/login");
    expect(res.text).toContain("Masuk dengan SSO Uji");
    expect(res.text).toContain('href="/login/sso"');
  });

  it("when a linked user logs in through the provider then they land on the page they asked for with their roles", async () => {
    const u = await userNamed("penelaah");
    await t.prisma.userIdentity.create({ data: { provider: "sso", subject: "sub-penelaah", userId: u.id, linkedBy: "nip" } });
    const agent = request.agent(t.app);
    const auth = new URL((await agent.get("/login/sso")).headers.location as string);
    expect(auth.searchParams.get("redirect_uri")).toBe(`${APP_URL}/login/sso/callback`);
    expect(auth.searchParams.get("scope")).toBe("openid email profile");
    const res = await ssoLogin(agent, "sub-penelaah", op, "/login/sso?next=%2Fsop");
    expect(res.status, res.text).toBe(302);
    expect(res.headers.location).toBe("/sop");
    const home = await agent.get("/");
    expect(home.status).toBe(200);
    expect(home.text).toContain(`Selamat datang, ${u.fullName}`);
    expect(home.text).toContain("Penelaah Kerjasama");
    const link = await t.prisma.userIdentity.findUniqueOrThrow({ where: { provider_subject: { provider: "sso", subject: "sub-penelaah" } } });
    expect(link.lastLoginAt).not.toBeNull();
    expect(link.email).toBe("penelaah@sso.test");
    expect(link.name).toBe("Penelaah di SSO");
    expect((await userNamed("penelaah")).lastLoginAt).not.toBeNull();
  });

  it("when a first login carries the NIP of a user then it is linked by NIP, logged, and the user lands with their roles", async () => {
    const u = await userNamed("kasubbag");
    await t.prisma.user.update({ where: { id: u.id }, data: { nip: NIP_KASUBBAG } });
    const agent = request.agent(t.app);
    const res = await ssoLogin(agent, "sub-kasubbag");
    expect(res.status, res.text).toBe(302);
    expect(res.headers.location).toBe("/");
    const link = await t.prisma.userIdentity.findUniqueOrThrow({ where: { provider_subject: { provider: "sso", subject: "sub-kasubbag" } } });
    expect(link).toMatchObject({ userId: u.id, linkedBy: "nip" });
    const log = await t.prisma.adminLog.findFirstOrThrow({ where: { action: "sso.link", target: "kasubbag" } });
    expect(log.detail).toMatchObject({ provider: "sso", subject: "sub-kasubbag", by: "nip" });
    expect((await agent.get("/")).text).toContain("Ka.Subbag Kerjasama");
  });

  it("when a first login carries a verified e-mail of one user then it is linked by e-mail (case aside)", async () => {
    const u = await userNamed("kabag");
    await t.prisma.user.update({ where: { id: u.id }, data: { email: "kabag.kerjasama@jogjakota.test" } });
    const res = await ssoLogin(request.agent(t.app), "sub-kabag");
    expect(res.status, res.text).toBe(302);
    const link = await t.prisma.userIdentity.findUniqueOrThrow({ where: { provider_subject: { provider: "sso", subject: "sub-kabag" } } });
    expect(link).toMatchObject({ userId: u.id, linkedBy: "email" });
  });

  it("when the provider has not verified the e-mail then it matches nobody and the login is refused", async () => {
    await t.prisma.user.update({ where: { username: "tkksd" }, data: { email: "tkksd@jogjakota.test" } });
    const res = await ssoLogin(request.agent(t.app), "sub-unverified");
    expect(res.status).toBe(403);
    expect(res.text).toContain("belum terdaftar");
    expect(await t.prisma.userIdentity.count({ where: { subject: "sub-unverified" } })).toBe(0);
  });

  it("when someone unknown logs in and ADMIN has not allowed new accounts then they are refused and nothing is made; once allowed, an account without roles is made", async () => {
    const before = await t.prisma.user.count();
    const agent = request.agent(t.app);
    const res = await ssoLogin(agent, "sub-stranger");
    expect(res.status).toBe(403);
    expect(res.text).toContain("Akun SSO Anda belum terdaftar di aplikasi Kerjasama Daerah");
    expect(await t.prisma.user.count()).toBe(before);
    expect((await agent.get("/")).headers.location).toMatch(/^\/login/);

    const { agent: admin } = await login(t.app, "admin");
    const allow = await postForm(admin, "/admin/sso/buat-pengguna", { allow: "1" }, "/admin/sso");
    expect(allow.status).toBe(302);
    expect(await t.prisma.adminLog.count({ where: { action: "settings.ssoCreateUsers" } })).toBe(1);

    const again = await ssoLogin(agent, "sub-stranger");
    expect(again.status, again.text).toBe(302);
    const link = await t.prisma.userIdentity.findUniqueOrThrow({
      where: { provider_subject: { provider: "sso", subject: "sub-stranger" } },
      include: { user: true },
    });
    expect(link.linkedBy).toBe("created");
    expect(link.user).toMatchObject({
      username: "orang.baru",
      fullName: "Orang Baru",
      email: "orang.baru@jogjakota.test",
      nip: "199001012015011003",
      roles: [],
    });
    expect((await agent.get("/")).text).toContain("Selamat datang, Orang Baru");

    await postForm(admin, "/admin/sso/buat-pengguna", { allow: "0" }, "/admin/sso");
  });

  it("when the state that comes back is not the one this browser sent then the login is refused", async () => {
    const agent = request.agent(t.app);
    const callback = await throughProvider(agent, op, "sub-penelaah");
    callback.searchParams.set("state", "state-dari-penyerang");
    const res = await agent.get(pathOf(callback.href));
    expect(res.status).toBe(400);
    expect(res.text).toContain("tidak cocok dengan permintaan masuk dari peramban ini");
    expect((await agent.get("/")).headers.location).toMatch(/^\/login/);
  });

  it("when the ID token carries another nonce than this browser's then the login is refused", async () => {
    const agent = request.agent(t.app);
    // The authorization request altered on its way: the provider signs an ID token with the attacker's nonce.
    const callback = await throughProvider(agent, op, "sub-penelaah", (u) => u.searchParams.set("nonce", "nonce-penyerang"));
    const res = await agent.get(pathOf(callback.href));
    expect(res.status).toBe(400);
    expect(res.text).toContain("Jawaban dari SSO tidak sah");
    expect((await agent.get("/")).headers.location).toMatch(/^\/login/);
  });

  it("when the callback comes to a browser that started no login then it is refused", async () => {
    const callback = await throughProvider(request.agent(t.app), op, "sub-penelaah");
    const res = await request.agent(t.app).get(pathOf(callback.href));
    expect(res.status).toBe(400);
    expect(res.text).toContain("tidak dikenali atau sudah kedaluwarsa");
  });

  it("when a code is used a second time then the provider refuses it and so does the app", async () => {
    const u = await userNamed("penatalaksana");
    await t.prisma.userIdentity.create({ data: { provider: "sso", subject: "sub-replay", userId: u.id, linkedBy: "nip" } });
    const agent = request.agent(t.app);
    const used = await throughProvider(agent, op, "sub-replay");
    expect((await agent.get(pathOf(used.href))).status).toBe(302);
    // The same answer again in the same, logged-in session (the back button): nothing happens.
    const again = await agent.get(pathOf(used.href));
    expect([again.status, again.headers.location]).toEqual([302, "/"]);
    await postForm(agent, "/logout", {}, "/");
    // A new login started, and the old code sent back with its state: the provider refuses the code itself.
    const fresh = await agent.get("/login/sso");
    const state = must(new URL(fresh.headers.location as string).searchParams.get("state"), "state");
    used.searchParams.set("state", state);
    const res = await agent.get(pathOf(used.href));
    expect(res.status).toBe(400);
    expect(res.text).toContain("sudah kedaluwarsa atau sudah dipakai");
    expect((await agent.get("/")).headers.location).toMatch(/^\/login/);
  });

  it("when the provider sends an error instead of a code then the login page says the login was refused", async () => {
    const agent = request.agent(t.app);
    const start = await agent.get("/login/sso");
    const state = must(new URL(start.headers.location as string).searchParams.get("state"), "state");
    const res = await agent.get(`/login/sso/callback?error=access_denied&state=${state}&iss=${encodeURIComponent(op.issuer)}`);
    expect(res.status).toBe(401);
    expect(res.text).toContain("dibatalkan atau ditolak");
  });

  it("when a linked user was deactivated then the login through the provider is refused", async () => {
    const u = await userNamed("pimpinan");
    await t.prisma.userIdentity.create({ data: { provider: "sso", subject: "sub-pimpinan", userId: u.id, linkedBy: "email" } });
    await t.prisma.user.update({ where: { id: u.id }, data: { active: false } });
    const agent = request.agent(t.app);
    const res = await ssoLogin(agent, "sub-pimpinan");
    expect(res.status).toBe(403);
    expect(res.text).toContain("dinonaktifkan");
    expect((await agent.get("/")).headers.location).toMatch(/^\/login/);
    await t.prisma.user.update({ where: { id: u.id }, data: { active: true } });
  });

  it("when the city does not trust the provider's second factor then an administrator is asked for the app's code even when the ID token says mfa", async () => {
    await login(t.app, "admin");
    const admin = await userNamed("admin");
    await t.prisma.userIdentity.create({ data: { provider: "sso", subject: "sub-admin-mfa", userId: admin.id, linkedBy: "nip" } });
    const res = await ssoLogin(request.agent(t.app), "sub-admin-mfa");
    expect([res.status, res.headers.location]).toEqual([302, "/login/faktor-kedua"]);
    await t.prisma.userIdentity.deleteMany({ where: { subject: "sub-admin-mfa" } });
  });

  it("when ADMIN removes a link then it is logged, and the next login matches again by NIP, or is refused without one", async () => {
    const { agent: admin } = await login(t.app, "admin");
    const u = await userNamed("skpd.pariwisata");
    await t.prisma.user.update({ where: { id: u.id }, data: { nip: NIP_UNLINK } });
    expect((await ssoLogin(request.agent(t.app), "sub-unlink")).status).toBe(302);
    const link = await t.prisma.userIdentity.findUniqueOrThrow({ where: { provider_subject: { provider: "sso", subject: "sub-unlink" } } });

    const page = await admin.get("/admin/sso");
    expect(page.status).toBe(200);
    expect(page.text).toContain("skpd.pariwisata");
    expect(page.text).toContain(NIP_UNLINK);
    expect(page.text).toContain("cocok NIP");
    const res = await postForm(admin, `/admin/sso/${link.id}/lepas`, {}, "/admin/sso");
    expect(res.status).toBe(302);
    expect(await t.prisma.userIdentity.count({ where: { id: link.id } })).toBe(0);
    expect(await t.prisma.adminLog.count({ where: { action: "sso.unlink", target: "skpd.pariwisata" } })).toBe(1);
    // Unlinking what is gone already changes nothing and says so.
    expect((await postForm(admin, `/admin/sso/${link.id}/lepas`, {}, "/admin/sso")).status).toBe(302);

    expect((await ssoLogin(request.agent(t.app), "sub-unlink")).status).toBe(302);
    expect((await t.prisma.userIdentity.findUniqueOrThrow({ where: { provider_subject: { provider: "sso", subject: "sub-unlink" } } })).linkedBy).toBe("nip");

    const relinked = await t.prisma.userIdentity.findUniqueOrThrow({ where: { provider_subject: { provider: "sso", subject: "sub-unlink" } } });
    await postForm(admin, `/admin/sso/${relinked.id}/lepas`, {}, "/admin/sso");
    await t.prisma.user.update({ where: { id: u.id }, data: { nip: null } });
    const refused = await ssoLogin(request.agent(t.app), "sub-unlink");
    expect(refused.status).toBe(403);
  });

  it("when someone not ADMIN opens the links page or posts to it then they are refused", async () => {
    const { agent } = await login(t.app, "penelaah");
    expect((await agent.get("/admin/sso")).status).toBe(403);
    expect((await postForm(agent, "/admin/sso/buat-pengguna", { allow: "1" })).status).toBe(403);
  });

  it("when ADMIN sends a bad value for new accounts then nothing changes", async () => {
    const { agent } = await login(t.app, "admin");
    const res = await postForm(agent, "/admin/sso/buat-pengguna", { allow: "mungkin" }, "/admin/sso");
    expect(res.status).toBe(400);
    expect(res.text).toContain("pilih Ya atau Tidak");
  });

  it("when a user who came through the provider logs out then the app's session ends and the provider's logout is offered", async () => {
    const u = await userNamed("skpd.kesehatan");
    await t.prisma.userIdentity.create({ data: { provider: "sso", subject: "sub-logout", userId: u.id, linkedBy: "email" } });
    const agent = request.agent(t.app);
    expect((await ssoLogin(agent, "sub-logout")).status).toBe(302);
    const token = await csrfFrom(agent, "/");
    const res = await agent.post("/logout").type("form").send({ _csrf: token });
    expect(res.status).toBe(200);
    expect(res.text).toContain("Keluar juga dari SSO Uji");
    const href = must(/href="([^"]*\/session\/end[^"]*)"/.exec(res.text)?.[1], "the provider's logout link").replace(/&amp;/g, "&");
    const end = new URL(href);
    expect(end.origin).toBe(op.issuer);
    expect(end.searchParams.get("post_logout_redirect_uri")).toBe(`${APP_URL}/login?keluar=1`);
    expect(end.searchParams.get("id_token_hint")).toMatch(/^ey/);
    expect((await agent.get("/")).headers.location).toMatch(/^\/login/);
    // The provider accepts the request (its own confirmation page).
    const atProvider = await request(op.issuer).get(end.pathname + end.search);
    expect(atProvider.status).toBe(200);
  });

  it("when logins through the provider succeed and fail then the log says why, and holds no code, state or token", async () => {
    const lines: string[] = [];
    const logged = createApp({
      config: t.config,
      db: t.db,
      logger: createLogger(
        "info",
        new Writable({
          write(c, _e, cb) {
            lines.push(String(c));
            cb();
          },
        }),
      ),
    });
    const u = await userNamed("tkksd");
    await t.prisma.userIdentity.create({ data: { provider: "sso", subject: "sub-log", userId: u.id, linkedBy: "nip" } });
    const agent = request.agent(logged);
    const good = await throughProvider(agent, op, "sub-log");
    expect((await agent.get(pathOf(good.href))).status).toBe(302);
    const bad = await throughProvider(request.agent(logged), op, "sub-stranger");
    expect((await request.agent(logged).get(pathOf(bad.href))).status).toBe(400);
    const log = lines.join("");
    expect(log).toContain('"msg":"single sign-on"');
    expect(log).toContain("no pending login in this session");
    for (const secret of [good.searchParams.get("code"), good.searchParams.get("state"), bad.searchParams.get("code"), bad.searchParams.get("state")]) {
      expect(log).not.toContain(must(secret, "a code or state"));
    }
    expect(log).not.toMatch(/eyJ[\w-]{10,}\./);
    expect(log).toContain("/login/sso/callback?code=%5Bdisembunyikan%5D");
  });

  it("when a user who came in with a password logs out then no provider's logout is offered", async () => {
    const { agent } = await login(t.app, "penelaah");
    const res = await postForm(agent, "/logout", {});
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe("/login?keluar=1");
  });
});

describe("single sign-on with roles from the provider and short-lived codes", () => {
  let op2: TestProvider;
  let t2: TestApp;
  beforeAll(async () => {
    op2 = await startTestProvider({
      appUrl: APP_URL,
      // Only this account's codes expire at once: a slow machine must not fail the other tests here.
      shortCodes: ["sub-late"],
      accounts: {
        "sub-mapped": { name: "Dipetakan", nip: "197001012000011001", groups: ["kerjasama-penelaah", "lain-lain"] },
        "sub-late": { name: "Terlambat", nip: "197001012000011002" },
        "sub-dlh": { name: "Staf DLH", groups: ["kerjasama-skpd"], skpd: "DLH" },
        "sub-nowhere": { name: "Staf Entah", groups: ["kerjasama-skpd"], skpd: "TIDAK-ADA" },
        "sub-admin-mfa": { name: "Admin dengan MFA", groups: ["kerjasama-admin"], amr: ["pwd", "mfa"] },
        "sub-admin-pwd": { name: "Admin tanpa MFA", groups: ["kerjasama-admin"], amr: ["pwd"] },
      },
    });
    t2 = await buildTestApp({
      env: op2.env(APP_URL, {
        OIDC_ROLES_CLAIM: "groups",
        OIDC_ROLE_MAP: "kerjasama-penelaah=PENELAAH;kerjasama-admin=ADMIN;kerjasama-skpd=SKPD",
        OIDC_SKPD_CLAIM: "skpd",
        OIDC_TRUST_PROVIDER_MFA: "1",
      }),
    });
    await t2.prisma.setting.create({ data: { key: "sso.createUsers", value: "1" } });
    await t2.prisma.user.update({ where: { username: "kabag" }, data: { nip: "197001012000011001" } });
    await t2.prisma.user.update({ where: { username: "kasubbag" }, data: { nip: "197001012000011002" } });
  }, 120_000);
  afterAll(async () => {
    await t2.close();
    await op2.close();
  });

  it("when the city maps a roles claim then the user's roles are the mapped ones at each login, logged", async () => {
    const agent = request.agent(t2.app);
    const res = await ssoLogin(agent, "sub-mapped", op2);
    expect(res.status, res.text).toBe(302);
    expect((await t2.prisma.user.findUniqueOrThrow({ where: { username: "kabag" } })).roles).toEqual(["PENELAAH"]);
    expect(await t2.prisma.adminLog.count({ where: { action: "sso.roles", target: "kabag" } })).toBe(1);
    const home = await agent.get("/");
    expect(home.text).toContain("Penelaah Kerjasama");
    expect(home.text).not.toContain("Kepala Bagian Kerjasama</li>");
  });

  it("when the city maps an SKPD claim then a new account gets the SKPD of that code, and an unknown code is refused without an account", async () => {
    const agent = request.agent(t2.app);
    expect((await ssoLogin(agent, "sub-dlh", op2)).status).toBe(302);
    const link = await t2.prisma.userIdentity.findUniqueOrThrow({
      where: { provider_subject: { provider: "sso", subject: "sub-dlh" } },
      include: { user: { include: { skpd: true } } },
    });
    expect(link.user.roles).toEqual(["SKPD"]);
    expect(link.user.skpd?.code).toBe("DLH");
    expect((await agent.get("/")).text).toContain("(DLH)");

    const before = await t2.prisma.user.count();
    const refused = await ssoLogin(request.agent(t2.app), "sub-nowhere", op2);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("SKPD dari SSO tidak dikenali");
    expect(await t2.prisma.user.count()).toBe(before);
  });

  it("when the city trusts the provider's second factor then an administrator whose ID token says mfa is not asked for the app's code, and one without it is", async () => {
    // The administrator has set up the app's second factor (login() does it as a person would).
    await login(t2.app, "admin");
    const admin = await t2.prisma.user.findUniqueOrThrow({ where: { username: "admin" } });
    await t2.prisma.userIdentity.create({ data: { provider: "sso", subject: "sub-admin-mfa", userId: admin.id, linkedBy: "nip" } });
    const agent = request.agent(t2.app);
    const res = await ssoLogin(agent, "sub-admin-mfa", op2);
    expect([res.status, res.headers.location]).toEqual([302, "/"]);
    expect((await agent.get("/admin/sso")).status).toBe(200);

    await t2.prisma.userIdentity.deleteMany({ where: { userId: admin.id } });
    await t2.prisma.userIdentity.create({ data: { provider: "sso", subject: "sub-admin-pwd", userId: admin.id, linkedBy: "nip" } });
    const other = request.agent(t2.app);
    const asked = await ssoLogin(other, "sub-admin-pwd", op2);
    expect([asked.status, asked.headers.location]).toEqual([302, "/login/faktor-kedua"]);
    expect((await other.get("/admin/sso")).headers.location).toMatch(/^\/login/);
  });

  it("when the code has expired before the app redeems it then the login is refused with a clear message", async () => {
    const agent = request.agent(t2.app);
    const callback = await throughProvider(agent, op2, "sub-late");
    await new Promise((r) => setTimeout(r, 2100));
    const res = await agent.get(pathOf(callback.href));
    expect(res.status).toBe(400);
    expect(res.text).toContain("sudah kedaluwarsa atau sudah dipakai");
    expect(await t2.prisma.userIdentity.count({ where: { subject: "sub-late" } })).toBe(0);
  });
});

describe("single sign-on while the provider cannot be reached", () => {
  let t3: TestApp;
  beforeAll(async () => {
    // A provider that was started and stopped: its port now refuses connections.
    const gone = await startTestProvider({ appUrl: APP_URL, accounts: {} });
    await gone.close();
    t3 = await buildTestApp({ env: { ...gone.env(APP_URL), OIDC_TIMEOUT_SECONDS: "2" } });
  }, 120_000);
  afterAll(() => t3.close());

  it("when the provider is down then SSO says so clearly and the password login still works", async () => {
    const res = await request.agent(t3.app).get("/login/sso");
    expect(res.status).toBe(503);
    expect(res.text).toContain("SSO sedang tidak dapat dihubungi; masuk dengan nama pengguna dan kata sandi.");
    expect(res.text).toContain('name="password"');
    const { res: local } = await login(t3.app, "penelaah");
    expect(local.status).toBe(302);
    expect(local.headers.location).toBe("/");
    // The login page itself does not wait for the provider.
    expect((await request(t3.app).get("/login")).status).toBe(200);
  });
});

describe("single sign-on started too often", () => {
  let t4: TestApp;
  let op4: TestProvider;
  beforeAll(async () => {
    op4 = await startTestProvider({ appUrl: APP_URL, accounts: {} });
    t4 = await buildTestApp({ env: { ...op4.env(APP_URL), PUBLIC_REQUESTS_PER_MINUTE: "3" } });
  }, 120_000);
  afterAll(async () => {
    await t4.close();
    await op4.close();
  });

  it("when one address starts more logins in a minute than the budget of pages without login then it is told to wait, and no session row is made for it", async () => {
    for (let i = 0; i < 3; i++) expect((await request(t4.app).get("/login/sso")).status).toBe(302);
    const rows = await t4.prisma.session.count();
    const over = await request(t4.app).get("/login/sso");
    expect(over.status).toBe(429);
    expect(over.headers["retry-after"]).toMatch(/^\d+$/);
    expect(over.text).toContain("Terlalu banyak permintaan dari alamat Anda");
    expect(await t4.prisma.session.count()).toBe(rows);
    // The password login is not part of that budget.
    expect((await login(t4.app, "penelaah")).res.headers.location).toBe("/");
  });
});
