// Issue 26: a second factor for local accounts. TOTP codes from the same library an
// authenticator app follows (RFC 6238), checked against a clock the test moves; ten
// single-use recovery codes; ADMIN cannot reach any page without the factor; resets and
// required roles by ADMIN; the sessions a user and an operator can see and end; the
// notice of a sign-in from a new device.
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, csrfFrom, enrolSecretOn, login, makeUser, postForm, totpSecretOf, type TestApp } from "../helpers/app.js";
import { SecondFactor, MAX_CODE_FAILURES, MAX_PENDING_FAILURES } from "../../src/features/second-factor/second-factor-service.js";
import { codeAt, newTotpSecret, PERIOD_SECONDS } from "../../src/features/second-factor/totp.js";
import { open, seal } from "../../src/platform/secret-box.js";
import { must } from "../../src/platform/must.js";
import { deliverPending } from "../../src/features/notifications/mailer.js";
import { startSmtp } from "../helpers/smtp.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const STEP_MS = PERIOD_SECONDS * 1000;

/** Password only: the agent is left half-way, on the second-factor page. */
async function passwordOnly(username: string, next?: string) {
  const agent = request.agent(t.app);
  // The token first: an agent's request takes the cookies it has when it is made.
  const token = await csrfFrom(agent);
  const res = await agent
    .post("/login")
    .type("form")
    .send({ _csrf: token, username, password: "kerjasama-demo", ...(next ? { next } : {}) });
  return { agent, res };
}

async function sendCode(agent: request.Agent, code: string) {
  const page = await agent.get("/login/faktor-kedua");
  const token = must(/name="_csrf" value="([^"]+)"/.exec(page.text)?.[1], "the second-factor page's token");
  return agent.post("/login/faktor-kedua").type("form").send({ _csrf: token, code });
}

/** Sets up the second factor of `username` through the pages and returns the secret and the recovery codes shown. */
async function enrolThroughLogin(username: string) {
  const { agent, res } = await passwordOnly(username);
  expect(res.headers.location).toBe("/login/faktor-kedua");
  const page = await agent.get("/login/faktor-kedua");
  expect(page.text).toContain("Atur faktor kedua");
  expect(page.text).toContain("data:image/png;base64,");
  const secret = must(enrolSecretOn(page.text), "the secret on the set-up page");
  const at = Date.now();
  const done = await sendCode(agent, await codeAt(secret, at));
  expect(done.headers.location).toBe("/akun/kode-pemulihan");
  const shown = await agent.get("/akun/kode-pemulihan");
  const codes = [...shown.text.matchAll(/<li>([0-9a-z]{5}-[0-9a-z]{5})<\/li>/g)].map((m) => must(m[1], "a code"));
  return { agent, secret, codes, shown, at };
}

describe("second factor at sign-in", () => {
  it("when an ADMIN without a second factor gives the password then no page opens until a code from the app confirms it, and the recovery codes are shown once", async () => {
    await makeUser(t.prisma, { roles: ["ADMIN"], username: "admin.baru" });
    const { agent, res } = await passwordOnly("admin.baru", "/admin/pengguna");
    expect(res.headers.location).toBe("/login/faktor-kedua");
    for (const path of ["/", "/admin/pengguna", "/akun/keamanan", "/admin/cadangan", "/kasus"]) {
      const r = await agent.get(path);
      expect(r.status, path).toBe(302);
      expect(r.headers.location, path).toMatch(/^\/login(\?|$)/);
    }
    // The login page sends the half-signed-in browser back to the factor.
    expect((await agent.get("/login")).headers.location).toBe("/login/faktor-kedua");
    const page = await agent.get("/login/faktor-kedua");
    const secret = must(enrolSecretOn(page.text), "the secret");
    // The secret stays the same across reloads of the set-up page (the QR code scanned stays valid).
    expect(enrolSecretOn((await agent.get("/login/faktor-kedua")).text)).toBe(secret);
    const wrong = await sendCode(agent, "123456");
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain("Kode belum cocok");
    expect((await agent.get("/")).headers.location).toMatch(/^\/login/);
    const ok = await sendCode(agent, await codeAt(secret, Date.now()));
    expect(ok.headers.location).toBe("/akun/kode-pemulihan");
    const shown = await agent.get("/akun/kode-pemulihan");
    expect(shown.status).toBe(200);
    expect([...shown.text.matchAll(/<li>[0-9a-z]{5}-[0-9a-z]{5}<\/li>/g)]).toHaveLength(10);
    // "Lanjutkan" goes where the login was going.
    expect(shown.text).toContain('href="/admin/pengguna"');
    // Once only.
    expect((await agent.get("/akun/kode-pemulihan")).headers.location).toBe("/akun/keamanan");
    expect((await agent.get("/admin/pengguna")).status).toBe(200);
    const u = await t.prisma.user.findUniqueOrThrow({ where: { username: "admin.baru" } });
    // Kept sealed: the database holds no readable secret, and only hashes of the recovery codes.
    expect(u.totpSecret).not.toContain(secret);
    expect(open(t.config.sessionSecret, must(u.totpSecret, "the sealed secret"))).toBe(secret);
    const hashes = await t.prisma.recoveryCode.findMany({ where: { userId: u.id } });
    expect(hashes).toHaveLength(10);
    expect(hashes.every((h) => /^[0-9a-f]{64}$/.test(h.codeHash))).toBe(true);
  });

  it("when two browsers set up the factor of one account at once then the first one counts and the second is sent back to sign in", async () => {
    await makeUser(t.prisma, { roles: ["ADMIN"], username: "admin.dua" });
    const a = await passwordOnly("admin.dua");
    const b = await passwordOnly("admin.dua");
    const secretA = must(enrolSecretOn((await a.agent.get("/login/faktor-kedua")).text), "A's secret");
    const secretB = must(enrolSecretOn((await b.agent.get("/login/faktor-kedua")).text), "B's secret");
    expect(secretB).not.toBe(secretA);
    expect((await sendCode(a.agent, await codeAt(secretA, Date.now()))).headers.location).toBe("/akun/kode-pemulihan");
    const late = await sendCode(b.agent, await codeAt(secretB, Date.now()));
    expect(late.headers.location).toBe("/login");
    expect((await b.agent.get("/login")).text).toContain("sudah diatur dari perangkat lain");
    expect(await totpSecretOf(t.app, "admin.dua")).toBe(secretA);
  });

  it("when an ADMIN with a second factor signs in then the code is asked; a good code lets them in and the same code again is refused", async () => {
    const { secret, at } = await enrolThroughLogin((await makeUser(t.prisma, { roles: ["ADMIN"], username: "admin.kode" })).username);
    // The set-up used the current step: a new sign-in within it needs the next code.
    const first = await passwordOnly("admin.kode");
    expect(first.res.headers.location).toBe("/login/faktor-kedua");
    const verify = await first.agent.get("/login/faktor-kedua");
    expect(verify.text).toContain("kode pemulihan");
    expect(enrolSecretOn(verify.text)).toBeNull();
    // The code the set-up took (whatever the clock says now, within its window).
    const now = at;
    const same = await sendCode(first.agent, await codeAt(secret, now));
    expect(same.status).toBe(422);
    expect(same.text).toContain("sudah dipakai");
    const next = await sendCode(first.agent, await codeAt(secret, now + STEP_MS));
    expect(next.headers.location).toBe("/");
    expect((await first.agent.get("/")).text).toContain("admin.kode");
    // A second browser with the same code: refused.
    const second = await passwordOnly("admin.kode");
    expect((await sendCode(second.agent, await codeAt(secret, now + STEP_MS))).status).toBe(422);
  });

  it("when the clock moves then a code of the last window is accepted, one two windows old is not, and each step counts once", async () => {
    const u = await makeUser(t.prisma, { roles: ["PENELAAH"], username: "jam.bergerak" });
    const secret = newTotpSecret();
    await t.prisma.user.update({ where: { id: u.id }, data: { totpSecret: seal(t.config.sessionSecret, secret), totpEnabledAt: new Date() } });
    const f = new SecondFactor(t.prisma, t.config.sessionSecret);
    // A fixed moment in the middle of a step.
    const t0 = (Math.floor(Date.now() / STEP_MS) + 0.5) * STEP_MS;
    const previous = await codeAt(secret, t0 - STEP_MS);
    expect(await f.check(u.id, previous, t0)).toEqual({ ok: true, factor: "totp" });
    // The same code again, even a moment later: refused.
    expect((await f.check(u.id, previous, t0 + 1000)).ok).toBe(false);
    // The current code is a later step: accepted once.
    expect((await f.check(u.id, await codeAt(secret, t0), t0)).ok).toBe(true);
    expect((await f.check(u.id, await codeAt(secret, t0), t0)).ok).toBe(false);
    // Two windows later, the code of t0 - 1 step is long gone; the code of the window before is accepted.
    const later = t0 + 2 * STEP_MS;
    const old = await f.check(u.id, await codeAt(secret, t0 - STEP_MS), later);
    expect(old).toMatchObject({ ok: false, message: expect.stringContaining("Kode salah") as string });
    expect((await f.check(u.id, await codeAt(secret, later - STEP_MS), later)).ok).toBe(true);
    // A phone a step ahead: its code is accepted too.
    expect((await f.check(u.id, await codeAt(secret, later + 2 * STEP_MS), later + STEP_MS)).ok).toBe(true);
    // Not a code at all: the form says what a code looks like.
    expect(await f.check(u.id, "satu dua tiga")).toMatchObject({ ok: false, message: expect.stringContaining("6 angka") as string });
  });

  it("when a recovery code is used then it lets the user in once, and the same code is refused the second time", async () => {
    const { codes } = await enrolThroughLogin((await makeUser(t.prisma, { roles: ["ADMIN"], username: "admin.pulih" })).username);
    expect(codes).toHaveLength(10);
    const code = must(codes[3], "a recovery code");
    const a = await passwordOnly("admin.pulih");
    // Typed in capitals and without the dash: the same code.
    const inside = await sendCode(a.agent, code.toUpperCase().replace("-", ""));
    expect(inside.headers.location).toBe("/");
    const b = await passwordOnly("admin.pulih");
    const again = await sendCode(b.agent, code);
    expect(again.status).toBe(422);
    expect(again.text).toContain("sudah pernah dipakai");
    const u = await t.prisma.user.findUniqueOrThrow({ where: { username: "admin.pulih" } });
    expect(await t.prisma.recoveryCode.count({ where: { userId: u.id, usedAt: null } })).toBe(9);
  });

  it("when wrong codes are sent then the sign-in starts over after a few, and the account waits after more", async () => {
    await enrolThroughLogin((await makeUser(t.prisma, { roles: ["ADMIN"], username: "admin.tebak" })).username);
    const a = await passwordOnly("admin.tebak");
    let last: request.Response | undefined;
    for (let i = 0; i < MAX_PENDING_FAILURES; i++) last = await sendCode(a.agent, String(100000 + i));
    expect(last?.headers.location).toBe("/login");
    expect((await a.agent.get("/login")).text).toContain("Terlalu banyak kode yang salah");
    expect((await a.agent.get("/")).headers.location).toMatch(/^\/login/);
    // Over several sign-ins the account's own limit holds, whatever the code.
    const b = await passwordOnly("admin.tebak");
    for (let i = MAX_PENDING_FAILURES; i < MAX_CODE_FAILURES; i++) await sendCode(b.agent, String(200000 + i));
    const c = await passwordOnly("admin.tebak");
    const blocked = await sendCode(c.agent, await codeAt(await totpSecretOf(t.app, "admin.tebak"), Date.now() + STEP_MS));
    expect(blocked.status).toBe(422);
    expect(blocked.text).toContain("Coba lagi setelah pukul");
  });

  it("when the login was for a page then after the code it goes there; a pending sign-in can be cancelled", async () => {
    const { agent } = await login(t.app, "admin");
    await agent.get("/");
    const a = await passwordOnly("admin", "/admin/skpd");
    const secret = await totpSecretOf(t.app, "admin");
    await t.prisma.user.update({ where: { username: "admin" }, data: { totpLastStep: null } });
    expect((await sendCode(a.agent, await codeAt(secret, Date.now()))).headers.location).toBe("/admin/skpd");
    const b = await passwordOnly("admin");
    const token = must(/name="_csrf" value="([^"]+)"/.exec((await b.agent.get("/login/faktor-kedua")).text)?.[1], "token");
    expect((await b.agent.post("/logout").type("form").send({ _csrf: token })).headers.location).toBe("/login?keluar=1");
    expect((await b.agent.get("/login/faktor-kedua")).headers.location).toBe("/login");
  });
});

describe("administration of second factors", () => {
  it("when ADMIN resets a user's second factor then their sessions end, the log and the user are told, and the next sign-in sets it up again", async () => {
    const { agent: userAgent } = await enrolThroughLogin((await makeUser(t.prisma, { roles: ["ADMIN"], username: "admin.hilang" })).username);
    expect((await userAgent.get("/admin/pengguna")).status).toBe(200);
    const target = await t.prisma.user.findUniqueOrThrow({ where: { username: "admin.hilang" } });
    const { agent: admin } = await login(t.app, "admin");
    const res = await postForm(admin, `/admin/pengguna/${target.id}/faktor-kedua/atur-ulang`, {}, `/admin/pengguna/${target.id}`);
    expect(res.headers.location).toBe(`/admin/pengguna/${target.id}`);
    expect((await userAgent.get("/admin/pengguna")).headers.location).toMatch(/^\/login/);
    const after = await t.prisma.user.findUniqueOrThrow({ where: { id: target.id } });
    expect(after.totpSecret).toBeNull();
    expect(await t.prisma.recoveryCode.count({ where: { userId: target.id } })).toBe(0);
    expect(await t.prisma.adminLog.count({ where: { action: "second-factor.reset", target: `user:${target.id}` } })).toBe(1);
    expect(await t.prisma.notification.count({ where: { userId: target.id, kind: "SECURITY", title: { contains: "mengatur ulang faktor kedua" } } })).toBe(1);
    const again = await passwordOnly("admin.hilang");
    expect(enrolSecretOn((await again.agent.get("/login/faktor-kedua")).text)).not.toBeNull();
    // A reset of someone without a factor says so and changes nothing.
    const none = await makeUser(t.prisma, { roles: ["PENELAAH"] });
    await postForm(admin, `/admin/pengguna/${none.id}/faktor-kedua/atur-ulang`, {}, `/admin/pengguna/${none.id}`);
    expect((await admin.get(`/admin/pengguna/${none.id}`)).text).toContain("belum memakai faktor kedua");
  });

  it("when ADMIN adds a role to those that need a second factor then that role's sessions without one end and their next sign-in asks for it", async () => {
    const u = await makeUser(t.prisma, { roles: ["KASUBBAG"], username: "kasubbag.wajib" });
    const { agent: before } = await login(t.app, u.username);
    expect((await before.get("/")).status).toBe(200);
    const { agent: admin } = await login(t.app, "admin");
    const page = await admin.get("/admin/faktor-kedua");
    expect(page.text).toContain("Administrator selalu wajib");
    const saved = await postForm(admin, "/admin/faktor-kedua", { roles: ["KASUBBAG"] }, "/admin/faktor-kedua");
    expect(saved.headers.location).toBe("/admin/faktor-kedua");
    expect((await before.get("/")).headers.location).toMatch(/^\/login/);
    // ADMIN stays required and signed in (their session began with the factor).
    expect((await admin.get("/admin/faktor-kedua")).status).toBe(200);
    const next = await passwordOnly(u.username);
    expect(next.res.headers.location).toBe("/login/faktor-kedua");
    // A role name that does not exist: refused, nothing saved.
    const bad = await postForm(admin, "/admin/faktor-kedua", { roles: ["RAJA"] }, "/admin/faktor-kedua");
    expect(bad.status).toBe(422);
    // Back to ADMIN only: the Kasubbag signs in with the password alone again.
    await postForm(admin, "/admin/faktor-kedua", {}, "/admin/faktor-kedua");
    expect((await passwordOnly(u.username)).res.headers.location).toBe("/");
    expect(await t.prisma.adminLog.count({ where: { action: "second-factor.roles" } })).toBe(2);
  });

  it("when a signed-in user is given the ADMIN role then their next request ends the session, and the next sign-in asks for the factor", async () => {
    const u = await makeUser(t.prisma, { roles: ["PENELAAH"], username: "naik.admin" });
    const { agent } = await login(t.app, u.username);
    expect((await agent.get("/")).status).toBe(200);
    await t.prisma.user.update({ where: { id: u.id }, data: { roles: ["PENELAAH", "ADMIN"] } });
    expect((await agent.get("/")).headers.location).toBe("/login");
    expect((await passwordOnly(u.username)).res.headers.location).toBe("/login/faktor-kedua");
  });
});

describe("a second factor by choice, from Keamanan akun", () => {
  it("when a user whose role does not require it turns it on then the next sign-in asks for a code; with a code they can turn it off", async () => {
    const u = await makeUser(t.prisma, { roles: ["PENELAAH"], username: "penelaah.sukarela" });
    const { agent } = await login(t.app, u.username);
    const sec = await agent.get("/akun/keamanan");
    expect(sec.text).toContain("Belum aktif");
    const setup = await agent.get("/akun/faktor-kedua/atur");
    const secret = must(enrolSecretOn(setup.text), "the secret");
    const token = must(/name="_csrf" value="([^"]+)"/.exec(setup.text)?.[1], "token");
    const on = await agent
      .post("/akun/faktor-kedua/atur")
      .type("form")
      .send({ _csrf: token, code: await codeAt(secret, Date.now()) });
    expect(on.headers.location).toBe("/akun/kode-pemulihan");
    expect((await agent.get("/akun/kode-pemulihan")).text).toContain("hanya ditampilkan sekali");
    expect((await agent.get("/akun/keamanan")).text).toContain("Sisa kode pemulihan");
    const next = await passwordOnly(u.username);
    expect(next.res.headers.location).toBe("/login/faktor-kedua");
    // New recovery codes need a good code; the old ones stop working.
    const renewWrong = await postForm(agent, "/akun/kode-pemulihan/baru", { code: "000000" }, "/akun/keamanan");
    expect(renewWrong.headers.location).toBe("/akun/keamanan");
    expect((await agent.get("/akun/keamanan")).text).toContain("Kode pemulihan baru belum dibuat");
    const off = await postForm(agent, "/akun/faktor-kedua/matikan", { code: await codeAt(secret, Date.now() + STEP_MS) }, "/akun/keamanan");
    expect(off.headers.location).toBe("/akun/keamanan");
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: u.id } })).totpEnabledAt).toBeNull();
    expect((await passwordOnly(u.username)).res.headers.location).toBe("/");
  });

  it("when the session began long ago then setting up a factor asks to sign in again first, and then goes on to it", async () => {
    const u = await makeUser(t.prisma, { roles: ["PENELAAH"], username: "sesi.lama" });
    const { agent } = await login(t.app, u.username);
    // The session began an hour ago (as a stolen cookie's usually has).
    const row = await t.prisma.session.findFirstOrThrow({ where: { userId: u.id } });
    const data = row.data as { client: { at: number } };
    await t.prisma.session.update({ where: { sid: row.sid }, data: { data: { ...data, client: { ...data.client, at: Date.now() - 3_600_000 } } } });
    const res = await agent.get("/akun/faktor-kedua/atur");
    expect(res.headers.location).toBe("/login?next=%2Fakun%2Ffaktor-kedua%2Fatur");
    const page = await agent.get("/login?next=%2Fakun%2Ffaktor-kedua%2Fatur");
    expect(page.text).toContain("masuk lagi dulu");
    expect((await agent.get("/")).headers.location).toMatch(/^\/login/);
    const token = must(/name="_csrf" value="([^"]+)"/.exec(page.text)?.[1], "token");
    const again = await agent
      .post("/login")
      .type("form")
      .send({ _csrf: token, username: u.username, password: "kerjasama-demo", next: "/akun/faktor-kedua/atur" });
    expect(again.headers.location).toBe("/akun/faktor-kedua/atur");
    expect(enrolSecretOn((await agent.get("/akun/faktor-kedua/atur")).text)).not.toBeNull();
  });

  it("when an ADMIN tries to turn the second factor off then it is refused", async () => {
    const { agent, secret } = await enrolThroughLogin((await makeUser(t.prisma, { roles: ["ADMIN"], username: "admin.matikan" })).username);
    const res = await postForm(agent, "/akun/faktor-kedua/matikan", { code: await codeAt(secret, Date.now() + STEP_MS) }, "/akun/keamanan");
    expect(res.headers.location).toBe("/akun/keamanan");
    expect((await agent.get("/akun/keamanan")).text).toContain("mewajibkan faktor kedua");
    expect((await t.prisma.user.findUniqueOrThrow({ where: { username: "admin.matikan" } })).totpEnabledAt).not.toBeNull();
  });
});

describe("sessions a user and an operator can see", () => {
  it("when a user is signed in on two browsers then both are listed with device and address, and ending the other signs it out", async () => {
    const u = await makeUser(t.prisma, { roles: ["PENATALAKSANA"], username: "dua.peramban" });
    const phone = request.agent(t.app);
    const phoneToken = await csrfFrom(phone);
    await phone
      .post("/login")
      .set("User-Agent", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36")
      .type("form")
      .send({ _csrf: phoneToken, username: u.username, password: "kerjasama-demo" });
    expect((await phone.get("/")).status).toBe(200);
    const { agent: desk } = await login(t.app, u.username);
    const page = await desk.get("/akun/keamanan");
    expect(page.text).toContain("Chrome 131 di Android");
    expect(page.text).toContain("(perangkat ini)");
    const handle = must(/action="\/akun\/sesi\/([A-Za-z0-9_-]{22})\/akhiri"/.exec(page.text)?.[1], "the other session's handle");
    // The page never shows a session's id (the cookie's secret).
    const sids = (await t.prisma.session.findMany({ where: { userId: u.id } })).map((s) => s.sid);
    expect(sids).toHaveLength(2);
    for (const sid of sids) expect(page.text).not.toContain(sid);
    await postForm(desk, `/akun/sesi/${handle}/akhiri`, {}, "/akun/keamanan");
    expect((await phone.get("/")).headers.location).toMatch(/^\/login/);
    expect((await desk.get("/")).status).toBe(200);
    // Another user's handle ends nothing.
    const other = await login(t.app, "penelaah");
    const otherHandle = must(
      /action="\/akun\/sesi\/([A-Za-z0-9_-]{22})\/akhiri"/.exec((await other.agent.get("/akun/keamanan")).text)?.[1] ?? "AAAAAAAAAAAAAAAAAAAAAA",
      "x",
    );
    await postForm(desk, `/akun/sesi/${otherHandle}/akhiri`, {}, "/akun/keamanan");
    expect((await other.agent.get("/")).status).toBe(200);
  });

  it("when a user ends all other sessions, or ADMIN ends all of a user's, then those browsers must sign in again; ADMIN's is logged", async () => {
    const u = await makeUser(t.prisma, { roles: ["PENATALAKSANA"], username: "banyak.sesi" });
    const a = await login(t.app, u.username);
    const b = await login(t.app, u.username);
    const c = await login(t.app, u.username);
    const ended = await postForm(c.agent, "/akun/sesi/akhiri-lainnya", {}, "/akun/keamanan");
    expect(ended.headers.location).toBe("/akun/keamanan");
    expect((await a.agent.get("/")).headers.location).toMatch(/^\/login/);
    expect((await b.agent.get("/")).headers.location).toMatch(/^\/login/);
    expect((await c.agent.get("/")).status).toBe(200);
    const { agent: admin } = await login(t.app, "admin");
    expect((await admin.get(`/admin/pengguna/${u.id}`)).text).toContain("Sesi yang berjalan: <strong>1</strong>");
    await postForm(admin, `/admin/pengguna/${u.id}/sesi/akhiri`, {}, `/admin/pengguna/${u.id}`);
    expect((await c.agent.get("/")).headers.location).toMatch(/^\/login/);
    expect(await t.prisma.adminLog.count({ where: { action: "user.sessions-ended", target: `user:${u.id}` } })).toBe(1);
  });

  it("when someone signs in from a browser new to the account then the user is told, and not again from the same browser", async () => {
    const u = await makeUser(t.prisma, { roles: ["PENELAAH"], username: "perangkat.baru" });
    const count = () => t.prisma.notification.count({ where: { userId: u.id, kind: "SECURITY", title: { contains: "perangkat baru" } } });
    const { agent } = await login(t.app, u.username);
    expect(await count()).toBe(1);
    // The same browser (its device cookie) signs in again: no notice.
    const outToken = await csrfFrom(agent, "/");
    await agent.post("/logout").type("form").send({ _csrf: outToken });
    const inToken = await csrfFrom(agent);
    await agent.post("/login").type("form").send({ _csrf: inToken, username: u.username, password: "kerjasama-demo" });
    expect((await agent.get("/")).status).toBe(200);
    expect(await count()).toBe(1);
    await login(t.app, u.username);
    expect(await count()).toBe(2);
  });

  it("when a user with an e-mail address signs in from a new browser or has their factor reset then the e-mail says so", async () => {
    const smtp = await startSmtp();
    try {
      const u = await makeUser(t.prisma, { roles: ["ADMIN"], username: "admin.surel" });
      await t.prisma.user.update({ where: { id: u.id }, data: { email: "admin.surel@jogjakota.go.id" } });
      const { agent } = await login(t.app, u.username);
      await agent.get("/");
      await deliverPending(t.prisma, smtp.mail);
      const { agent: admin } = await login(t.app, "admin");
      await postForm(admin, `/admin/pengguna/${u.id}/faktor-kedua/atur-ulang`, {}, `/admin/pengguna/${u.id}`);
      await deliverPending(t.prisma, smtp.mail);
      const mine = smtp.received.filter((m) => m.to.includes("admin.surel@jogjakota.go.id")).map((m) => m.body.replace(/=\r?\n/g, ""));
      expect(mine).toHaveLength(2);
      expect(mine[0]).toContain("perangkat baru");
      expect(mine[0]).toContain("127.0.0.1");
      expect(mine[1]).toContain("mengatur ulang faktor kedua");
    } finally {
      await smtp.close();
    }
  });
});

describe("second factor under attack and under operators' faults (review of issue 26)", () => {
  it("when a request holding a session saves it after the session was ended then the session does not come back", async () => {
    const u = await makeUser(t.prisma, { roles: ["PENELAAH"], username: "sesi.kembali" });
    const { agent } = await login(t.app, u.username);
    expect((await agent.get("/")).status).toBe(200);
    const sid = (await t.prisma.session.findFirstOrThrow({ where: { userId: u.id } })).sid;
    const store = t.app.sessionStore;
    // A request loads the session...
    const data = await new Promise<Parameters<typeof store.createSession>[1]>((resolve, reject) => {
      store.get(sid, (e, s) => (e || !s ? reject(e instanceof Error ? e : new Error("no session")) : resolve(s)));
    });
    const sess = store.createSession({ sessionID: sid } as unknown as Parameters<typeof store.createSession>[0], data);
    // ...the user ends it elsewhere meanwhile...
    await t.prisma.session.deleteMany({ where: { sid } });
    // ...and the request, having set a message, saves it when it ends.
    (sess as unknown as { flash: unknown[] }).flash = [{ kind: "info", message: "x" }];
    await new Promise<void>((resolve, reject) => {
      store.set(sid, sess, (e) => (e ? reject(e instanceof Error ? e : new Error("set failed")) : resolve()));
    });
    expect(await t.prisma.session.count({ where: { sid } })).toBe(0);
    expect((await agent.get("/")).headers.location).toMatch(/^\/login/);
  });

  it("when an ADMIN resets their own second factor then their own session ends too", async () => {
    const { agent } = await enrolThroughLogin((await makeUser(t.prisma, { roles: ["ADMIN"], username: "admin.diri" })).username);
    const me = await t.prisma.user.findUniqueOrThrow({ where: { username: "admin.diri" } });
    await postForm(agent, `/admin/pengguna/${me.id}/faktor-kedua/atur-ulang`, {}, `/admin/pengguna/${me.id}`);
    expect((await agent.get("/admin/pengguna")).headers.location).toMatch(/^\/login/);
    expect(await t.prisma.session.count({ where: { userId: me.id } })).toBe(0);
  });

  it("when a user's sessions are ended while one of their sign-ins waits for the code then that sign-in cannot be finished", async () => {
    const u = await makeUser(t.prisma, { roles: ["ADMIN"], username: "admin.menunggu" });
    const half = await passwordOnly(u.username);
    const secret = must(enrolSecretOn((await half.agent.get("/login/faktor-kedua")).text), "the secret");
    // Listed to the owner as a sign-in half-way.
    const { agent: admin } = await login(t.app, "admin");
    expect((await admin.get(`/admin/pengguna/${u.id}`)).text).toContain("Sesi yang berjalan: <strong>1</strong>");
    await postForm(admin, `/admin/pengguna/${u.id}/sesi/akhiri`, {}, `/admin/pengguna/${u.id}`);
    const late = await sendCode(half.agent, await codeAt(secret, Date.now())).catch(() => null);
    expect(late?.headers.location ?? "/login").not.toBe("/akun/kode-pemulihan");
    expect((await half.agent.get("/admin/pengguna")).headers.location).toMatch(/^\/login/);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: u.id } })).totpEnabledAt).toBeNull();
  });

  it("when a new ADMIN who must change the password sets up the factor then the recovery codes are shown first, then the password change", async () => {
    const u = await makeUser(t.prisma, { roles: ["ADMIN"], username: "admin.sandibaru" });
    await t.prisma.user.update({ where: { id: u.id }, data: { mustChangePassword: true } });
    const { agent, codes, shown } = await enrolThroughLogin(u.username);
    expect(codes).toHaveLength(10);
    expect(shown.status).toBe(200);
    expect((await agent.get("/")).headers.location).toBe("/akun/password");
    // Kept sealed while they waited in the session: no code appears in the session rows.
    const rows = await t.prisma.session.findMany({ where: { userId: u.id } });
    for (const r of rows) for (const c of codes) expect(JSON.stringify(r.data)).not.toContain(c);
  });

  it("when the server's clock went back behind the last code used then a code is refused with a message, not a 500", async () => {
    const { secret } = await enrolThroughLogin((await makeUser(t.prisma, { roles: ["ADMIN"], username: "admin.jammundur" })).username);
    const step = Math.floor(Date.now() / STEP_MS);
    await t.prisma.user.update({ where: { username: "admin.jammundur" }, data: { totpLastStep: step + 3 } });
    const a = await passwordOnly("admin.jammundur");
    const res = await sendCode(a.agent, await codeAt(secret, Date.now()));
    expect(res.status).toBe(422);
    expect(res.text).toContain("sudah dipakai");
  });

  it("when SESSION_SECRET changed then the app's codes cannot be checked (not counted as wrong), a recovery code gets in and leads to setting the app up again", async () => {
    const { codes } = await enrolThroughLogin((await makeUser(t.prisma, { roles: ["ADMIN"], username: "admin.kunciganti" })).username);
    const u = await t.prisma.user.findUniqueOrThrow({ where: { username: "admin.kunciganti" } });
    const oldSecret = newTotpSecret();
    await t.prisma.user.update({
      where: { id: u.id },
      data: { totpSecret: seal("a-previous-session-secret-0123456789abcdef", oldSecret), totpLastStep: null },
    });
    const a = await passwordOnly(u.username);
    for (let i = 0; i < 3; i++) {
      const r = await sendCode(a.agent, await codeAt(oldSecret, Date.now()));
      expect(r.text).toContain("tidak dapat diperiksa");
    }
    const f = new SecondFactor(t.prisma, t.config.sessionSecret);
    expect(await f.secretReadable(u.id)).toBe(false);
    const inside = await sendCode(a.agent, must(codes[0], "a recovery code"));
    expect(inside.headers.location).toBe("/akun/faktor-kedua/atur");
    const setup = await a.agent.get("/akun/faktor-kedua/atur");
    const fresh = must(enrolSecretOn(setup.text), "the new secret");
    const token = must(/name="_csrf" value="([^"]+)"/.exec(setup.text)?.[1], "token");
    const done = await a.agent
      .post("/akun/faktor-kedua/atur")
      .type("form")
      .send({ _csrf: token, code: await codeAt(fresh, Date.now()) });
    expect(done.headers.location).toBe("/akun/kode-pemulihan");
    expect(await totpSecretOf(t.app, u.username)).toBe(fresh);
    // Told: a new app was set up on the account.
    expect(await t.prisma.notification.count({ where: { userId: u.id, kind: "SECURITY", title: { contains: "aplikasi autentikator baru" } } })).toBe(1);
  });

  it("when many wrong codes arrive at once then no more are checked than the account's budget, and the user is warned", async () => {
    const { secret } = await enrolThroughLogin((await makeUser(t.prisma, { roles: ["ADMIN"], username: "admin.serentak" })).username);
    const u = await t.prisma.user.findUniqueOrThrow({ where: { username: "admin.serentak" } });
    const f = new SecondFactor(t.prisma, t.config.sessionSecret);
    const results = await Promise.all(Array.from({ length: 3 * MAX_CODE_FAILURES }, (_, i) => f.check(u.id, String(300000 + i))));
    const checked = results.filter((r) => !r.ok && !r.message.startsWith("Terlalu banyak"));
    expect(checked.length).toBeLessThanOrEqual(MAX_CODE_FAILURES);
    expect(await f.check(u.id, await codeAt(secret, Date.now() + STEP_MS))).toMatchObject({
      ok: false,
      message: expect.stringContaining("Coba lagi setelah pukul") as string,
    });
    expect(await t.prisma.notification.count({ where: { userId: u.id, kind: "SECURITY", title: { contains: "salah" } } })).toBe(1);
  });

  it("when the set-up or the code page is shown then no cache may keep it, and a next address that leaves the site is not offered", async () => {
    await makeUser(t.prisma, { roles: ["ADMIN"], username: "admin.tembolok" });
    const a = await passwordOnly("admin.tembolok", "/\t/evil.example/x");
    const page = await a.agent.get("/login/faktor-kedua");
    expect(page.headers["cache-control"]).toBe("no-store");
    const secret = must(enrolSecretOn(page.text), "the secret");
    await sendCode(a.agent, await codeAt(secret, Date.now()));
    const shown = await a.agent.get("/akun/kode-pemulihan");
    expect(shown.text).not.toContain("evil.example");
    expect(shown.text).toContain('href="/"');
  });

  it("when ADMIN gives a user a role that needs a second factor then that user's sessions without one end", async () => {
    const { agent: admin } = await login(t.app, "admin");
    await postForm(admin, "/admin/faktor-kedua", { roles: ["KABAG"] }, "/admin/faktor-kedua");
    try {
      const u = await makeUser(t.prisma, { roles: ["PENELAAH"], username: "naik.kabag" });
      const { agent } = await login(t.app, u.username);
      expect((await agent.get("/")).status).toBe(200);
      await postForm(admin, `/admin/pengguna/${u.id}`, { fullName: "Naik Kabag", roles: ["KABAG"] }, `/admin/pengguna/${u.id}`);
      expect((await t.prisma.user.findUniqueOrThrow({ where: { id: u.id } })).roles).toEqual(["KABAG"]);
      expect((await agent.get("/")).headers.location).toMatch(/^\/login/);
    } finally {
      await postForm(admin, "/admin/faktor-kedua", {}, "/admin/faktor-kedua");
    }
  });

  it("when ADMIN acts on a user who does not exist then it is 404 and nothing is logged", async () => {
    const { agent: admin } = await login(t.app, "admin");
    const before = await t.prisma.adminLog.count();
    expect((await postForm(admin, "/admin/pengguna/99999999/sesi/akhiri", {}, "/admin/pengguna")).status).toBe(404);
    expect((await postForm(admin, "/admin/pengguna/99999999/faktor-kedua/atur-ulang", {}, "/admin/pengguna")).status).toBe(404);
    expect(await t.prisma.adminLog.count()).toBe(before);
  });
});

describe("second factor while the server's storage is low", () => {
  let low: TestApp;
  beforeAll(async () => {
    // A reserve larger than any disk: writes are refused, signing in and out are not.
    low = await buildTestApp({ env: { DISK_RESERVE_MB: "1000000" } });
    await low.app.storage.refresh();
  });
  afterAll(() => low.close());

  it("when the disk is below the reserve then an administrator can still sign in with the second factor", async () => {
    expect(low.app.storage.low).toBe(true);
    const { res } = await login(low.app, "admin");
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe("/akun/kode-pemulihan");
  });
});
