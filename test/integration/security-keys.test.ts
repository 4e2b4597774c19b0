// Issue 26: security keys and passkeys (WebAuthn) beside the authenticator app. A
// software key (test/helpers/webauthn.ts) answers with real signatures; the JSON
// endpoints' refusals are Indonesian 4xx answers, never a 500.
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, csrfFrom, login, makeUser, type TestApp } from "../helpers/app.js";
import { SoftKey } from "../helpers/webauthn.js";
import { relyingParty } from "../../src/features/second-factor/security-keys.js";
import { MAX_PENDING_FAILURES, resetSecondFactor } from "../../src/features/second-factor/second-factor-service.js";

let t: TestApp;
let rp: { rpID: string; origin: string };
beforeAll(async () => {
  t = await buildTestApp();
  rp = relyingParty(t.config.appUrl);
});
afterAll(() => t.close());

const postJson = (agent: request.Agent, url: string, token: string | null, body: unknown) => {
  const req = agent.post(url).set("Accept", "application/json");
  return (token ? req.set("X-CSRF-Token", token) : req).send(body as object);
};

/** Password only: the agent waits on the code page; its token is the page's. */
async function passwordOnly(username: string) {
  const agent = request.agent(t.app);
  const token = await csrfFrom(agent);
  const res = await agent.post("/login").type("form").send({ _csrf: token, username, password: "kerjasama-demo" });
  expect(res.headers.location).toBe("/login/faktor-kedua");
  const page = await agent.get("/login/faktor-kedua");
  return { agent, page, token: await csrfFrom(agent, "/login/faktor-kedua") };
}

/** An administrator with the app set up (by login()) and a software key added through the endpoints. */
async function userWithKey(username: string) {
  await makeUser(t.prisma, { roles: ["ADMIN"], username });
  const { agent } = await login(t.app, username);
  const token = await csrfFrom(agent, "/akun/keamanan");
  const options = await postJson(agent, "/akun/kunci-keamanan/opsi", token, {});
  expect(options.status).toBe(200);
  const key = new SoftKey(rp.origin, rp.rpID);
  const added = await postJson(agent, "/akun/kunci-keamanan", token, { name: "YubiKey biru", response: key.register(options.body as { challenge: string }) });
  expect(added.status, JSON.stringify(added.body)).toBe(200);
  expect(added.body).toEqual({ redirect: "/akun/keamanan" });
  return { agent, key, token, user: await t.prisma.user.findUniqueOrThrow({ where: { username } }) };
}

describe("adding a security key", () => {
  it("when a user with the app, signed in just now, adds a key then it is listed on Keamanan akun, logged, and the user is told", async () => {
    const { agent, user } = await userWithKey("kunci.tambah");
    const page = await agent.get("/akun/keamanan");
    expect(page.text).toContain("YubiKey biru");
    expect(page.text).toContain("Belum pernah");
    expect(page.text).toContain("/public/js/webauthn.js");
    const keys = await t.prisma.securityKey.findMany({ where: { userId: user.id } });
    expect(keys).toHaveLength(1);
    expect(keys[0]?.transports).toEqual(["usb"]);
    expect(await t.prisma.adminLog.count({ where: { actorId: user.id, action: "second-factor.key-added" } })).toBe(1);
    const told = await t.prisma.notification.findMany({ where: { userId: user.id, kind: "SECURITY" } });
    expect(told.some((n) => n.title.includes('Kunci keamanan "YubiKey biru" ditambahkan'))).toBe(true);
  });

  it("when a user without the app asks to add a key then 422 says to set the app up first", async () => {
    await makeUser(t.prisma, { roles: ["PENELAAH"], username: "kunci.tanpa.aplikasi" });
    const { agent } = await login(t.app, "kunci.tanpa.aplikasi");
    const token = await csrfFrom(agent, "/akun/keamanan");
    const res = await postJson(agent, "/akun/kunci-keamanan/opsi", token, {});
    expect(res.status).toBe(422);
    expect((res.body as { error: string }).error).toContain("Atur dulu faktor kedua");
  });

  it("when the answer comes without options asked, or twice for one challenge, then 422 and no key is kept", async () => {
    await makeUser(t.prisma, { roles: ["ADMIN"], username: "kunci.ulang" });
    const { agent } = await login(t.app, "kunci.ulang");
    const token = await csrfFrom(agent, "/akun/keamanan");
    const key = new SoftKey(rp.origin, rp.rpID);
    const none = await postJson(agent, "/akun/kunci-keamanan", token, { name: "x", response: key.register({ challenge: "AAAAAAAAAAAAAAAAAAAAAA" }) });
    expect(none.status).toBe(422);
    expect((none.body as { error: string }).error).toContain("kedaluwarsa");
    const options = (await postJson(agent, "/akun/kunci-keamanan/opsi", token, {})).body as { challenge: string };
    const wrong = await postJson(agent, "/akun/kunci-keamanan", token, { name: "x", response: key.register({ challenge: "QkJCQkJCQkJCQkJCQkJCQg" }) });
    expect(wrong.status).toBe(422);
    // The challenge was taken by the wrong answer.
    const late = await postJson(agent, "/akun/kunci-keamanan", token, { name: "x", response: key.register(options) });
    expect(late.status).toBe(422);
    const u = await t.prisma.user.findUniqueOrThrow({ where: { username: "kunci.ulang" } });
    expect(await t.prisma.securityKey.count({ where: { userId: u.id } })).toBe(0);
  });

  it("when the session began more than 15 minutes ago then adding a key sends the user to sign in again first", async () => {
    await makeUser(t.prisma, { roles: ["ADMIN"], username: "kunci.lama" });
    const { agent } = await login(t.app, "kunci.lama");
    const token = await csrfFrom(agent, "/akun/keamanan");
    const u = await t.prisma.user.findUniqueOrThrow({ where: { username: "kunci.lama" } });
    // The session began 20 minutes ago.
    const row = await t.prisma.session.findFirstOrThrow({ where: { userId: u.id } });
    const data = row.data as { client: { at: number } };
    await t.prisma.session.update({ where: { sid: row.sid }, data: { data: { ...data, client: { ...data.client, at: Date.now() - 20 * 60_000 } } } });
    const res = await postJson(agent, "/akun/kunci-keamanan/opsi", token, {});
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ redirect: "/login?next=%2Fakun%2Fkeamanan" });
    expect((res.body as { error: string }).error).toContain("masuk lagi dulu");
    expect((await agent.get("/akun/keamanan")).headers.location).toMatch(/^\/login/);
  });

  it("when a key is added or asked for without the CSRF token then 403", async () => {
    await makeUser(t.prisma, { roles: ["ADMIN"], username: "kunci.csrf" });
    const { agent } = await login(t.app, "kunci.csrf");
    const res = await postJson(agent, "/akun/kunci-keamanan/opsi", null, {});
    expect(res.status).toBe(403);
    expect((res.body as { error: string }).error).toContain("kedaluwarsa atau tidak sah");
    const { token } = await passwordOnly("kunci.csrf");
    expect(token).toBeTruthy();
    const anon = await postJson(request.agent(t.app), "/login/faktor-kedua/kunci/opsi", null, {});
    expect(anon.status).toBe(403);
  });
});

describe("signing in with a security key", () => {
  it("when the key answers the sign-in's challenge then the session begins and the page is told where to go, and the key's use is recorded", async () => {
    const { key, user } = await userWithKey("kunci.masuk");
    const { agent, page, token } = await passwordOnly("kunci.masuk");
    expect(page.text).toContain("Pakai kunci keamanan");
    // The code field stays, for those without JavaScript or without the key at hand.
    expect(page.text).toContain('name="code"');
    const options = await postJson(agent, "/login/faktor-kedua/kunci/opsi", token, {});
    expect(options.status).toBe(200);
    const body = options.body as { challenge: string; allowCredentials: { id: string }[]; rpId: string };
    expect(body.allowCredentials.map((c) => c.id)).toEqual([key.id]);
    expect(body.rpId).toBe(rp.rpID);
    const res = await postJson(agent, "/login/faktor-kedua/kunci", token, { response: key.answer(body.challenge) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ redirect: "/" });
    expect((await agent.get("/akun/keamanan")).status).toBe(200);
    const stored = await t.prisma.securityKey.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.lastUsedAt).not.toBeNull();
    expect(stored.counter).toBeGreaterThan(1n);
    const sessions = await t.prisma.session.findMany({ where: { userId: user.id } });
    expect(sessions.some((s) => (s.data as { secondFactor?: string }).secondFactor === "webauthn")).toBe(true);
  });

  it("when the answer was signed over another challenge, or the same challenge is answered again, then 422 in Indonesian and the code page stays", async () => {
    const { key } = await userWithKey("kunci.salah");
    const { agent, token } = await passwordOnly("kunci.salah");
    const options = (await postJson(agent, "/login/faktor-kedua/kunci/opsi", token, {})).body as { challenge: string };
    const wrong = await postJson(agent, "/login/faktor-kedua/kunci", token, { response: key.answer("QkJCQkJCQkJCQkJCQkJCQg") });
    expect(wrong.status).toBe(422);
    expect((wrong.body as { error: string }).error).toContain("Kunci keamanan tidak dikenali");
    // The challenge went with the wrong answer: the right one comes too late.
    const replay = await postJson(agent, "/login/faktor-kedua/kunci", token, { response: key.answer(options.challenge) });
    expect(replay.status).toBe(422);
    expect((replay.body as { error: string }).error).toContain("sudah dipakai");
    expect((await agent.get("/")).headers.location).toMatch(/^\/login/);
    expect((await agent.get("/login/faktor-kedua")).status).toBe(200);
  });

  it("when a good answer is sent a second time with a new challenge asked then it is refused (its signature is of the old challenge)", async () => {
    const { key } = await userWithKey("kunci.putar");
    const first = await passwordOnly("kunci.putar");
    const o1 = (await postJson(first.agent, "/login/faktor-kedua/kunci/opsi", first.token, {})).body as { challenge: string };
    const answer = key.answer(o1.challenge);
    expect((await postJson(first.agent, "/login/faktor-kedua/kunci", first.token, { response: answer })).status).toBe(200);
    const second = await passwordOnly("kunci.putar");
    await postJson(second.agent, "/login/faktor-kedua/kunci/opsi", second.token, {});
    const replay = await postJson(second.agent, "/login/faktor-kedua/kunci", second.token, { response: answer });
    expect(replay.status).toBe(422);
  });

  it("when another user's key answers then it is refused", async () => {
    const { key } = await userWithKey("kunci.milik.a");
    await userWithKey("kunci.milik.b");
    const { agent, token } = await passwordOnly("kunci.milik.b");
    const options = (await postJson(agent, "/login/faktor-kedua/kunci/opsi", token, {})).body as { challenge: string };
    const res = await postJson(agent, "/login/faktor-kedua/kunci", token, { response: key.answer(options.challenge) });
    expect(res.status).toBe(422);
  });

  it("when wrong answers spend the sign-in's budget then the sign-in is dropped and the page is sent to the login", async () => {
    const { key } = await userWithKey("kunci.habis");
    const { agent, token } = await passwordOnly("kunci.habis");
    let last: request.Response | undefined;
    for (let i = 0; i < MAX_PENDING_FAILURES; i++) {
      await postJson(agent, "/login/faktor-kedua/kunci/opsi", token, {});
      last = await postJson(agent, "/login/faktor-kedua/kunci", token, { response: key.answer("QkJCQkJCQkJCQkJCQkJCQg") });
    }
    expect(last?.status).toBe(401);
    expect(last?.body).toMatchObject({ redirect: "/login" });
    expect((last?.body as { error: string }).error).toContain("Terlalu banyak percobaan");
    expect((await agent.get("/login/faktor-kedua")).headers.location).toBe("/login");
  });

  it("when no sign-in is waiting then the endpoints answer 401 with the way to the login page", async () => {
    const agent = request.agent(t.app);
    const token = await csrfFrom(agent);
    for (const url of ["/login/faktor-kedua/kunci/opsi", "/login/faktor-kedua/kunci"]) {
      const body = url.endsWith("opsi") ? {} : { response: new SoftKey(rp.origin, rp.rpID).answer("QkJCQkJCQkJCQkJCQkJCQg") };
      const res = await postJson(agent, url, token, body);
      expect(res.status, url).toBe(401);
      expect(res.body, url).toMatchObject({ redirect: "/login" });
      expect((res.body as { error: string }).error, url).toContain("Masuk lagi");
    }
  });

  it("when the body is malformed then 400 with an Indonesian message, never a 500", async () => {
    await userWithKey("kunci.rusak");
    const { agent, token } = await passwordOnly("kunci.rusak");
    const bodies: unknown[] = [
      {},
      { response: "x" },
      { response: { id: "a", rawId: "a", type: "public-key", response: {} } },
      { response: { id: "<script>", rawId: "a", type: "public-key", response: { clientDataJSON: "a", authenticatorData: "a", signature: "a" } } },
      { response: { id: "a", rawId: "a", type: "other", response: { clientDataJSON: "a", authenticatorData: "a", signature: "a" } }, extra: 1 },
    ];
    for (const body of bodies) {
      const res = await postJson(agent, "/login/faktor-kedua/kunci", token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.body as { error: string }).error).toContain("Permintaan tidak valid");
    }
    const notJson = await agent
      .post("/login/faktor-kedua/kunci")
      .set("Accept", "application/json")
      .set("X-CSRF-Token", token)
      .set("Content-Type", "application/json")
      .send("{not json");
    expect(notJson.status).toBe(400);
    expect((notJson.body as { error: string }).error).toContain("Permintaan tidak dapat diproses");
    // A well-formed answer that is not a WebAuthn one: refused by the check, not a crash.
    const options = (await postJson(agent, "/login/faktor-kedua/kunci/opsi", token, {})).body as { challenge: string };
    const junk = await postJson(agent, "/login/faktor-kedua/kunci", token, {
      response: { id: "AAAA", rawId: "AAAA", type: "public-key", response: { clientDataJSON: "AAAA", authenticatorData: "AAAA", signature: "AAAA" } },
    });
    expect(options.challenge).toBeTruthy();
    expect(junk.status).toBe(422);
  });

  it("when the user has no key then the code page offers none and the options are refused", async () => {
    await makeUser(t.prisma, { roles: ["ADMIN"], username: "kunci.nihil" });
    await login(t.app, "kunci.nihil");
    const { agent, page, token } = await passwordOnly("kunci.nihil");
    expect(page.text).not.toContain("Pakai kunci keamanan");
    expect(page.text).not.toContain("webauthn.js");
    const res = await postJson(agent, "/login/faktor-kedua/kunci/opsi", token, {});
    expect(res.status).toBe(422);
  });
});

describe("removing a security key", () => {
  it("when a user removes another user's key then 404 and the key stays; their own goes, logged and told", async () => {
    const a = await userWithKey("kunci.hapus.a");
    const b = await userWithKey("kunci.hapus.b");
    const keyOfA = await t.prisma.securityKey.findFirstOrThrow({ where: { userId: a.user.id } });
    const tokenB = await csrfFrom(b.agent, "/akun/keamanan");
    const foreign = await b.agent.post(`/akun/kunci-keamanan/${keyOfA.id}/hapus`).type("form").send({ _csrf: tokenB });
    expect(foreign.status).toBe(404);
    expect(await t.prisma.securityKey.count({ where: { id: keyOfA.id } })).toBe(1);
    const noToken = await a.agent.post(`/akun/kunci-keamanan/${keyOfA.id}/hapus`).type("form").send({});
    expect(noToken.status).toBe(403);
    const tokenA = await csrfFrom(a.agent, "/akun/keamanan");
    const own = await a.agent.post(`/akun/kunci-keamanan/${keyOfA.id}/hapus`).type("form").send({ _csrf: tokenA });
    expect(own.headers.location).toBe("/akun/keamanan");
    expect(await t.prisma.securityKey.count({ where: { id: keyOfA.id } })).toBe(0);
    expect(await t.prisma.adminLog.count({ where: { actorId: a.user.id, action: "second-factor.key-removed" } })).toBe(1);
    const told = await t.prisma.notification.findMany({ where: { userId: a.user.id, kind: "SECURITY" } });
    expect(told.some((n) => n.title.includes('Kunci keamanan "YubiKey biru" dihapus'))).toBe(true);
    // Without a key the code page is as before.
    expect((await passwordOnly("kunci.hapus.a")).page.text).not.toContain("Pakai kunci keamanan");
  });

  it("when ADMIN resets a user's second factor then their keys go with the app", async () => {
    const { user } = await userWithKey("kunci.reset");
    const admin = await makeUser(t.prisma, { roles: ["ADMIN"], username: "kunci.reset.admin" });
    expect((await resetSecondFactor(t.prisma, admin.id, user.id)).ok).toBe(true);
    expect(await t.prisma.securityKey.count({ where: { userId: user.id } })).toBe(0);
  });
});
