// Contract tests of the BSrE client (src/features/signatures/providers/bsre.ts) against the
// fake BSrE service (test/helpers/fake-bsre.ts), over real HTTP on a local port: what the
// client sends (the recorded bodies) and how it reads each answer, including the failures
// (no connection, no answer in time, broken answers) and that the signer's passphrase never
// reaches a log line or an error.
import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { AddressInfo } from "node:net";
import forge from "node-forge";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BSRE_MESSAGES, BsreProvider, parseProviderTime, type BsreLogger, type BsreOptions } from "../../src/features/signatures/providers/bsre.js";
import {
  ProviderUnavailable,
  SignOutcomeUnknown,
  SignRefused,
  type SignerIdentity,
  type SignRequest,
  type SignSecret,
} from "../../src/features/signatures/providers/provider.js";
import { defaultVerifier, startFakeBsre, type FakeBsre } from "../helpers/fake-bsre.js";

const PASSPHRASE = "Rahasia-Passphrase#7731";
const TOTP = "482913";
const CLIENT = { username: "esign-jogja", password: "klien-rahasia-99" };
const NIK = "3471010101800001";
const EMAIL = "kabag.kerjasama@jogjakota.test";

const PDF = Buffer.from("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
// A 1×1 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

const signer = (over: Partial<SignerIdentity> = {}): SignerIdentity => ({ userId: 7, name: "Kabag Kerjasama", email: EMAIL, nik: NIK, ...over });

const request = (over: Partial<SignRequest> = {}, secret: SignSecret = { kind: "passphrase", value: PASSPHRASE }): SignRequest => ({
  pdf: PDF,
  signer: signer(),
  secret,
  reason: "Menyetujui perjanjian kerja sama",
  location: "Yogyakarta",
  visible: { page: 2, x: 72.5, y: 96, width: 180, height: 60, qrPng: PNG, lines: ["Kabag Kerjasama", "https://kd.jogjakota.test/v/abc"] },
  ...over,
});

type LogLine = { level: "info" | "warn" | "error"; obj: Record<string, unknown>; msg: string };
function captureLogger(): { logger: BsreLogger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    logger: {
      info: (obj, msg) => lines.push({ level: "info", obj, msg }),
      warn: (obj, msg) => lines.push({ level: "warn", obj, msg }),
      error: (obj, msg) => lines.push({ level: "error", obj, msg }),
    },
  };
}

/** Everything an error carries that could end up in a log, a page or a report. */
function errorText(e: unknown): string {
  if (!(e instanceof Error)) return JSON.stringify(e);
  return JSON.stringify({ own: Object.fromEntries(Object.entries(e)), message: e.message, stack: e.stack, name: e.name });
}

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

/** A port on which nothing listens. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

let fake: FakeBsre;
let log: ReturnType<typeof captureLogger>;

const client = (over: Partial<BsreOptions> = {}) =>
  new BsreProvider({ baseUrl: fake.url, ...CLIENT, identifyBy: "nik", statusTimeoutMs: 2000, verifyTimeoutMs: 5000, logger: log.logger, ...over });

const signCalls = () => fake.calls.filter((c) => c.path === "/api/v2/sign/pdf");

beforeAll(async () => {
  fake = await startFakeBsre({
    ...CLIENT,
    users: [
      { nik: NIK, email: EMAIL, status: "ISSUE", passphrase: PASSPHRASE, totp: TOTP },
      { nik: "3471020202900002", email: "baru@jogjakota.test", status: "NO_CERTIFICATE" },
      { nik: "3471030303950003", email: "terdaftar@jogjakota.test", status: "NOT_REGISTERED" },
    ],
  });
});

afterAll(async () => {
  await fake.close();
});

afterEach(() => {
  // Whatever a test did, the passphrase and the OTP never reached the log.
  const logged = JSON.stringify(log.lines);
  expect(logged).not.toContain(PASSPHRASE);
  expect(logged).not.toContain(TOTP);
  expect(logged).not.toContain(CLIENT.password);
  fake.set({ signDelayMs: 0, failNext: undefined, username: CLIENT.username, password: CLIENT.password, verifier: defaultVerifier });
  fake.calls.length = 0;
});

describe("BSrE client: status", () => {
  beforeAll(() => {
    log = captureLogger();
  });

  it("when the signer has a certificate (ISSUE), by NIK, then READY, and the body carries only the NIK", async () => {
    expect(await client().status(signer())).toEqual({ state: "READY" });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.path).toBe("/api/v2/user/check/status");
    expect(fake.calls[0]!.body).toEqual({ nik: NIK });
  });

  it("when identifying by e-mail, then the e-mail is sent and ISSUE is READY", async () => {
    expect(await client({ identifyBy: "email" }).status(signer())).toEqual({ state: "READY" });
    expect(fake.calls[0]!.body).toEqual({ email: EMAIL });
  });

  it("when the NIK is not registered (2011), then NOT_REGISTERED with the message for the signer", async () => {
    const s = await client().status(signer({ nik: "3471030303950003" }));
    expect(s).toEqual({ state: "NOT_REGISTERED", message: BSRE_MESSAGES.notRegistered });
    expect(BSRE_MESSAGES.notRegistered).toMatch(/^NIK\/e-mail Anda belum terdaftar di BSrE\. Hubungi admin TTE/);
  });

  it("when nobody has that e-mail, then NOT_REGISTERED", async () => {
    const s = await client({ identifyBy: "email" }).status(signer({ email: "orang.lain@jogjakota.test" }));
    expect(s.state).toBe("NOT_REGISTERED");
  });

  it("when the signer has no certificate (2021), by e-mail, then NO_CERTIFICATE", async () => {
    const s = await client({ identifyBy: "email" }).status(signer({ email: "baru@jogjakota.test" }));
    expect(s).toEqual({ state: "NO_CERTIFICATE", message: BSRE_MESSAGES.noCertificate });
    expect(BSRE_MESSAGES.noCertificate).toMatch(/^Anda belum memiliki sertifikat elektronik aktif/);
  });

  it("when the profile has no NIK, then NOT_REGISTERED without asking BSrE", async () => {
    const s = await client().status(signer({ nik: null }));
    expect(s.state).toBe("NOT_REGISTERED");
    expect(fake.calls).toHaveLength(0);
  });

  it("when the service reports another certificate state (EXPIRED), then NO_CERTIFICATE naming it", async () => {
    fake.set({ failNext: { status: 200, body: { status_code: 2022, message: "Sertifikat kedaluwarsa", status: "EXPIRED" } } });
    const s = await client().status(signer());
    expect(s.state).toBe("NO_CERTIFICATE");
    expect(s.state !== "READY" && s.message).toContain("EXPIRED");
  });

  it("when the city's Basic credentials are wrong (401), then UNAVAILABLE telling to contact the administrator, and an operator-facing error is logged without secrets", async () => {
    log.lines.length = 0;
    const s = await client({ password: "salah" }).status(signer());
    expect(s).toEqual({ state: "UNAVAILABLE", message: BSRE_MESSAGES.badCredentials });
    expect(BSRE_MESSAGES.badCredentials).toMatch(/administrator/);
    const errors = log.lines.filter((l) => l.level === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]!.obj).toMatchObject({ provider: "bsre", op: "status", httpStatus: 401 });
    expect(errors[0]!.msg).toMatch(/credentials/);
    expect(JSON.stringify(log.lines)).not.toContain("salah");
  });

  it("when the service answers 500, then UNAVAILABLE", async () => {
    fake.set({ failNext: { status: 500 } });
    expect((await client().status(signer())).state).toBe("UNAVAILABLE");
  });

  it("when the answer is not JSON, then UNAVAILABLE without a crash", async () => {
    fake.set({ failNext: { status: 200, body: "<html>gateway</html>" } });
    expect((await client().status(signer())).state).toBe("UNAVAILABLE");
  });

  it("when the answer has an unexpected shape, then UNAVAILABLE without a crash", async () => {
    fake.set({ failNext: { status: 200, body: { status: 42, status_code: { nested: true } } } });
    expect((await client().status(signer())).state).toBe("UNAVAILABLE");
  });

  it("when nothing listens on the port, then UNAVAILABLE", async () => {
    const s = await client({ baseUrl: `http://127.0.0.1:${await closedPort()}` }).status(signer());
    expect(s).toEqual({ state: "UNAVAILABLE", message: BSRE_MESSAGES.unavailable });
  });

  it("when the service does not answer in time, then UNAVAILABLE", async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    try {
      const { port } = silent.address() as AddressInfo;
      const started = Date.now();
      const s = await client({ baseUrl: `http://127.0.0.1:${port}`, statusTimeoutMs: 200 }).status(signer());
      expect(s).toEqual({ state: "UNAVAILABLE", message: BSRE_MESSAGES.unavailable });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });
});

describe("BSrE client: sign", () => {
  beforeAll(() => {
    log = captureLogger();
  });

  it("when the passphrase is right, then it sends exactly the documented body once and returns the signed PDF and the provider's time", async () => {
    const before = Date.now();
    const result = await client().sign(request(), { timeoutMs: 5000 });
    expect(signCalls()).toHaveLength(1);
    const body = signCalls()[0]!.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["file", "nik", "passphrase", "signatureProperties"]);
    expect(body.nik).toBe(NIK);
    expect(body.passphrase).toBe(PASSPHRASE);
    const props = body.signatureProperties as Record<string, unknown>[];
    expect(props).toHaveLength(1);
    expect(props[0]).toEqual({
      tampilan: "VISIBLE",
      imageBase64: PNG.toString("base64"),
      page: 2,
      originX: 72.5,
      originY: 96,
      width: 180,
      height: 60,
      location: "Yogyakarta",
      reason: "Menyetujui perjanjian kerja sama",
    });
    expect(Buffer.from(props[0]!.imageBase64 as string, "base64").equals(PNG)).toBe(true);
    expect(Array.isArray(body.file)).toBe(true);
    expect(body.file).toHaveLength(1);
    expect(Buffer.from((body.file as string[])[0]!, "base64").equals(PDF)).toBe(true);

    expect(result.pdf.subarray(0, PDF.length).equals(PDF)).toBe(true);
    expect(result.pdf.toString("latin1")).toContain("%fake-bsre-signed");
    // The fake's clock is 5 minutes ahead: the time is the provider's, as it said it.
    expect(result.providerTime).not.toBeNull();
    const ahead = result.providerTime!.getTime() - before;
    expect(ahead).toBeGreaterThan(4 * 60_000);
    expect(ahead).toBeLessThan(6 * 60_000);
  });

  it("when the secret is an OTP and signers are known by e-mail, then the fields are `email` and `totp`", async () => {
    await client({ identifyBy: "email" }).sign(request({}, { kind: "totp", value: TOTP }), { timeoutMs: 5000 });
    const body = signCalls()[0]!.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["email", "file", "signatureProperties", "totp"]);
    expect(body.totp).toBe(TOTP);
    expect(body.email).toBe(EMAIL);
  });

  it("when the passphrase is wrong, then WRONG_SECRET, and neither the error nor the log holds the passphrase", async () => {
    const wrong = `${PASSPHRASE}-keliru`;
    const e = await caught(client().sign(request({}, { kind: "passphrase", value: wrong }), { timeoutMs: 5000 }));
    expect(e).toBeInstanceOf(SignRefused);
    expect((e as SignRefused).code).toBe("WRONG_SECRET");
    expect((e as SignRefused).userMessage).toMatch(/^Passphrase atau OTP salah\./);
    expect(errorText(e)).not.toContain(wrong);
    expect(errorText(e)).not.toContain(PASSPHRASE);
    expect(JSON.stringify(log.lines)).not.toContain(wrong);
  });

  it("when the OTP is wrong, then WRONG_SECRET", async () => {
    const e = await caught(client().sign(request({}, { kind: "totp", value: "000000" }), { timeoutMs: 5000 }));
    expect((e as SignRefused).code).toBe("WRONG_SECRET");
    expect(errorText(e)).not.toContain("000000");
  });

  it("when the service echoes the passphrase in its error, then the error and the log still do not hold it", async () => {
    fake.set({ failNext: { status: 400, body: { status_code: 2031, error: `Passphrase anda salah: ${PASSPHRASE}` } } });
    const e = await caught(client().sign(request(), { timeoutMs: 5000 }));
    expect((e as SignRefused).code).toBe("WRONG_SECRET");
    expect(errorText(e)).not.toContain(PASSPHRASE);
    expect(JSON.stringify(log.lines)).not.toContain(PASSPHRASE);
  });

  it("when the signer is not registered or has no certificate, then those refusals", async () => {
    const a = await caught(client().sign(request({ signer: signer({ nik: "3471030303950003" }) }), { timeoutMs: 5000 }));
    expect((a as SignRefused).code).toBe("NOT_REGISTERED");
    expect((a as SignRefused).userMessage).toBe(BSRE_MESSAGES.notRegistered);
    const b = await caught(client().sign(request({ signer: signer({ nik: "3471020202900002" }) }), { timeoutMs: 5000 }));
    expect((b as SignRefused).code).toBe("NO_CERTIFICATE");
    expect((b as SignRefused).userMessage).toBe(BSRE_MESSAGES.noCertificate);
  });

  it("when the PDF is broken, then the service's 500 is a BAD_DOCUMENT refusal saying the file is probably broken", async () => {
    const e = await caught(client().sign(request({ pdf: Buffer.from("bukan pdf") }), { timeoutMs: 5000 }));
    expect(e).toBeInstanceOf(SignRefused);
    expect((e as SignRefused).code).toBe("BAD_DOCUMENT");
    expect((e as SignRefused).userMessage).toMatch(/rusak/);
    const empty = await caught(client().sign(request({ pdf: Buffer.alloc(0) }), { timeoutMs: 5000 }));
    expect((empty as SignRefused).code).toBe("BAD_DOCUMENT");
    expect(signCalls()).toHaveLength(2);
  });

  it("when no answer comes in time, then SignOutcomeUnknown, and after the fake's delay it recorded exactly one sign call (no retry)", async () => {
    fake.set({ signDelayMs: 1200 });
    const started = Date.now();
    const e = await caught(client().sign(request(), { timeoutMs: 300 }));
    expect(e).toBeInstanceOf(SignOutcomeUnknown);
    expect(Date.now() - started).toBeLessThan(1100);
    expect(errorText(e)).not.toContain(PASSPHRASE);
    await new Promise((r) => setTimeout(r, 1500));
    expect(signCalls()).toHaveLength(1);
    expect(log.lines.some((l) => l.level === "error" && l.obj.op === "sign" && l.obj.timedOut === true)).toBe(true);
  });

  it("when the connection is refused (a closed port), then ProviderUnavailable: nothing was sent", async () => {
    const e = await caught(client({ baseUrl: `http://127.0.0.1:${await closedPort()}` }).sign(request(), { timeoutMs: 2000 }));
    expect(e).toBeInstanceOf(ProviderUnavailable);
    expect((e as ProviderUnavailable).detail).toContain("ECONNREFUSED");
    expect(errorText(e)).not.toContain(PASSPHRASE);
  });

  it("when the host name does not resolve, then ProviderUnavailable", async () => {
    const e = await caught(client({ baseUrl: "http://bsre-tidak-ada.invalid" }).sign(request(), { timeoutMs: 5000 }));
    expect(e).toBeInstanceOf(ProviderUnavailable);
  });

  it("when the connection opens and closes after the request without an answer, then SignOutcomeUnknown (it may have been signed)", async () => {
    let received = 0;
    const rude = net.createServer((socket) => {
      socket.on("data", () => {
        received++;
        socket.destroy();
      });
    });
    await new Promise<void>((r) => rude.listen(0, "127.0.0.1", r));
    try {
      const { port } = rude.address() as AddressInfo;
      const e = await caught(client({ baseUrl: `http://127.0.0.1:${port}` }).sign(request(), { timeoutMs: 2000 }));
      expect(e).toBeInstanceOf(SignOutcomeUnknown);
      expect(received).toBeGreaterThan(0);
    } finally {
      await new Promise<void>((r) => rude.close(() => r()));
    }
  });

  // A 200 says the service did its work: whatever came back, a signed file may exist there. Never "not signed".
  it("when a 200 answer is not JSON, then the outcome is unknown, without a crash", async () => {
    fake.set({ failNext: { status: 200, body: "{ ini bukan json" } });
    const e = await caught(client().sign(request(), { timeoutMs: 5000 }));
    expect(e).toBeInstanceOf(SignOutcomeUnknown);
  });

  it("when a 200 answer has an unexpected shape, then the outcome is unknown", async () => {
    for (const body of [{ file: [] }, { file: "JVBERi0=" }, { time: 1, files: ["x"] }, [1, 2, 3], null]) {
      fake.set({ failNext: { status: 200, body } });
      const e = await caught(client().sign(request(), { timeoutMs: 5000 }));
      expect(e).toBeInstanceOf(SignOutcomeUnknown);
    }
  });

  it("when a 200 answer's file is not a PDF or is empty, then the outcome is unknown", async () => {
    for (const file of [Buffer.from("<html>bukan pdf</html>").toString("base64"), ""]) {
      fake.set({ failNext: { status: 200, body: { time: Date.now(), file: [file] } } });
      const e = await caught(client().sign(request(), { timeoutMs: 5000 }));
      expect(e).toBeInstanceOf(SignOutcomeUnknown);
    }
  });

  it("when a proxy answers 520 after the request was sent, then the outcome is unknown", async () => {
    fake.set({ failNext: { status: 520, body: "<html>origin error</html>" } });
    const e = await caught(client().sign(request(), { timeoutMs: 5000 }));
    expect(e).toBeInstanceOf(SignOutcomeUnknown);
  });

  it("when the answer has no `time`, then providerTime is null", async () => {
    fake.set({ failNext: { status: 200, body: { file: [PDF.toString("base64")] } } });
    const r = await client().sign(request(), { timeoutMs: 5000 });
    expect(r.providerTime).toBeNull();
  });

  it("when the city's Basic credentials are wrong, then ProviderUnavailable and an operator-facing error log", async () => {
    log.lines.length = 0;
    const e = await caught(client({ password: "salah" }).sign(request(), { timeoutMs: 5000 }));
    expect(e).toBeInstanceOf(ProviderUnavailable);
    expect(log.lines.some((l) => l.level === "error" && l.obj.httpStatus === 401)).toBe(true);
  });

  it("when a gateway answers 504 after the request was sent, then SignOutcomeUnknown", async () => {
    fake.set({ failNext: { status: 504, body: "Gateway Timeout" } });
    expect(await caught(client().sign(request(), { timeoutMs: 5000 }))).toBeInstanceOf(SignOutcomeUnknown);
  });

  it("when the profile has no NIK, then NOT_REGISTERED without sending anything", async () => {
    const e = await caught(client().sign(request({ signer: signer({ nik: "  " }) }), { timeoutMs: 5000 }));
    expect((e as SignRefused).code).toBe("NOT_REGISTERED");
    expect(signCalls()).toHaveLength(0);
  });
});

/** A self-signed certificate for 127.0.0.1. */
function selfSigned(): { key: string; cert: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const key = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString());
  cert.serialNumber = "01";
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 3_600_000);
  const name = [{ name: "commonName", value: "127.0.0.1" }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }]);
  cert.sign(forge.pki.privateKeyFromPem(key), forge.md.sha256.create());
  return { key, cert: forge.pki.certificateToPem(cert) };
}

describe("BSrE client: sign over HTTPS", () => {
  beforeAll(() => {
    log = captureLogger();
  });

  it("when the TLS handshake fails (an untrusted certificate), then ProviderUnavailable: nothing was sent", async () => {
    let requests = 0;
    const server = https.createServer(selfSigned(), (_req, res) => {
      requests++;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const { port } = server.address() as AddressInfo;
      const e = await caught(client({ baseUrl: `https://127.0.0.1:${port}` }).sign(request(), { timeoutMs: 5000 }));
      expect(e).toBeInstanceOf(ProviderUnavailable);
      expect(requests).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it("when the server speaks no TLS at all, then ProviderUnavailable", async () => {
    const sockets: net.Socket[] = [];
    const plain = net.createServer((socket) => {
      sockets.push(socket);
      socket.end("HTTP/1.1 400 Bad Request\r\n\r\n");
    });
    await new Promise<void>((r) => plain.listen(0, "127.0.0.1", r));
    try {
      const { port } = plain.address() as AddressInfo;
      expect(await caught(client({ baseUrl: `https://127.0.0.1:${port}` }).sign(request(), { timeoutMs: 5000 }))).toBeInstanceOf(ProviderUnavailable);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((r) => plain.close(() => r()));
    }
  });

  it("when the handshake succeeds and no answer comes in time, then SignOutcomeUnknown", async () => {
    let received = 0;
    const server = https.createServer(selfSigned(), (req) => {
      req.resume();
      req.on("end", () => received++);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    // This test's certificate is its own: trusted for this request only.
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
    try {
      const { port } = server.address() as AddressInfo;
      const e = await caught(client({ baseUrl: `https://127.0.0.1:${port}` }).sign(request(), { timeoutMs: 500 }));
      expect(e).toBeInstanceOf(SignOutcomeUnknown);
      expect(received).toBe(1);
    } finally {
      if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe("BSrE client: verify", () => {
  beforeAll(() => {
    log = captureLogger();
  });

  it("when the PDF carries the signature, then VALID with the signature's details, and ltv false stays false", async () => {
    const signed = await client().sign(request(), { timeoutMs: 5000 });
    const v = await client().verify(signed.pdf, { timeoutMs: 5000 });
    const call = fake.calls.find((c) => c.path === "/api/v2/verify/pdf")!;
    expect(Object.keys(call.body as object)).toEqual(["file"]);
    expect(v.conclusion).toBe("VALID");
    expect(v.signatureCount).toBe(1);
    expect(v.signatures).toHaveLength(1);
    expect(v.signatures[0]).toMatchObject({
      signerName: "Penanda Tangan Uji",
      integrityValid: true,
      certificateTrusted: true,
      format: "PAdES-BASELINE-T",
      ltv: false,
    });
    expect(v.signatures[0]!.signedAt).toBeInstanceOf(Date);
  });

  it("when the PDF is unsigned, then NO_SIGNATURE with no signatures", async () => {
    expect(await client().verify(PDF, { timeoutMs: 5000 })).toEqual({ signatureCount: 0, conclusion: "NO_SIGNATURE", signatures: [] });
  });

  it("when the service says ltv true, then true; when it says nothing of ltv, then false", async () => {
    const info = {
      signerName: "A",
      signatureDate: "2026-12-07 10:00:00",
      integrityValid: true,
      certificateTrusted: true,
      signatureFormat: "PAdES-BASELINE-LT",
    };
    fake.set({
      verifier: () =>
        Promise.resolve({
          signatureCount: 2,
          conclusion: "VALID",
          signatureInformations: [
            { ...info, ltv: true },
            { ...info, signerName: "B" },
          ],
        }),
    });
    const v = await client().verify(PDF, { timeoutMs: 5000 });
    expect(v.signatures.map((s) => s.ltv)).toEqual([true, false]);
    // A date without a zone is read in WIB (+07:00).
    expect(v.signatures[0]!.signedAt?.toISOString()).toBe("2026-12-07T03:00:00.000Z");
  });

  it("when the service's conclusion is neither VALID nor NO_SIGNATURE, then INVALID", async () => {
    fake.set({
      verifier: () =>
        Promise.resolve({
          signatureCount: 1,
          conclusion: "INDETERMINATE",
          signatureInformations: [{ signerName: "A", integrityValid: false, certificateTrusted: "false", ltv: null }],
        }),
    });
    const v = await client().verify(PDF, { timeoutMs: 5000 });
    expect(v.conclusion).toBe("INVALID");
    expect(v.signatures[0]).toMatchObject({ integrityValid: false, certificateTrusted: false, ltv: false, signedAt: null, format: null });
  });

  it("when the PDF is broken, then the 500 is a BAD_DOCUMENT refusal", async () => {
    const e = await caught(client().verify(Buffer.from("rusak"), { timeoutMs: 5000 }));
    expect((e as SignRefused).code).toBe("BAD_DOCUMENT");
  });

  it("when the answer has an unexpected shape, then ProviderUnavailable without a crash", async () => {
    fake.set({ failNext: { status: 200, body: { signatureCount: "dua", conclusion: 3 } } });
    expect(await caught(client().verify(PDF, { timeoutMs: 5000 }))).toBeInstanceOf(ProviderUnavailable);
  });

  it("when no answer comes in time, then ProviderUnavailable (nothing is at stake in a verification)", async () => {
    const slow = http.createServer(() => undefined);
    await new Promise<void>((r) => slow.listen(0, "127.0.0.1", r));
    try {
      const { port } = slow.address() as AddressInfo;
      expect(await caught(client({ baseUrl: `http://127.0.0.1:${port}` }).verify(PDF, { timeoutMs: 200 }))).toBeInstanceOf(ProviderUnavailable);
    } finally {
      slow.closeAllConnections();
      await new Promise<void>((r) => slow.close(() => r()));
    }
  });
});

describe("BSrE client: the provider's time", () => {
  it("when `time` is epoch ms, epoch s, ISO or WIB local, then a date; when it looks like a duration or is junk, then null", () => {
    expect(parseProviderTime(1_765_000_000_000)?.getTime()).toBe(1_765_000_000_000);
    expect(parseProviderTime("1765000000")?.getTime()).toBe(1_765_000_000_000);
    expect(parseProviderTime("2026-12-07T10:00:00Z")?.toISOString()).toBe("2026-12-07T10:00:00.000Z");
    expect(parseProviderTime("2026-12-07 17:00:00")?.toISOString()).toBe("2026-12-07T10:00:00.000Z");
    for (const v of [862, "862 ms", "", null, undefined, {}, "kemarin", -5, 9e15]) expect(parseProviderTime(v)).toBeNull();
  });

  it('when constructed, then it names itself "bsre", "BSrE (BSSN)" and takes a passphrase or an OTP', () => {
    const p = new BsreProvider({ baseUrl: "http://127.0.0.1:1", ...CLIENT, identifyBy: "nik" });
    expect([p.id, p.label, p.secretKinds]).toEqual(["bsre", "BSrE (BSSN)", ["passphrase", "totp"]]);
  });
});
