// A fake of BSrE's esign client service (API v2) for tests: same paths, same JSON shapes,
// same HTTP statuses as far as they could be established. What it mirrors:
//
// Established from public clients of the service and a published sanitized live-test report
// ("Esign-Client for User 2.2.0-beta" collection plus production probes):
// - HTTP Basic auth; wrong credentials → 401 with Spring Boot's error body
//   {timestamp, status: 401, error: "Unauthorized", path};
// - POST /api/v2/user/check/status {nik} or {email} → 200 {status_code, message, status};
//   status ISSUE, NOT_REGISTERED (status_code 2011), NO_CERTIFICATE (status_code 2021),
//   all with HTTP 200;
// - POST /api/v2/sign/pdf → 200 JSON {time: integer, file: [base64 PDF]} (`file` an array
//   even for one PDF); an empty or broken file → 500 with Spring's error body;
// - wrong passphrase → {status_code: 2031, error: "Passphrase anda salah !!!"} with HTTP 400
//   (seen in the v1 documentation's examples and in clients that test for 400);
// - POST /api/v2/verify/pdf {file} → 200 {signatureCount, description, conclusion,
//   signatureInformations: [{location, id, fieldName, certificateDetails, signatureDate,
//   certLevelCode, integrityValid, signatureFormat, lastSignature, ltv, timestampInfomation
//   (sic), certificateTrusted, digestAlgorithm, signatureAlgorithm, signerName, reason}]};
//   unsigned → NO_SIGNATURE with signatureCount 0 and []; empty/broken → 500.
//
// Assumed (not seen): the status_code and message of ISSUE (1111 here); that a sign request
// for an unregistered signer or one without a certificate answers 400 with status_code
// 2011/2021 and `error`; that a wrong OTP answers like a wrong passphrase (400, 2031); that
// `time` is epoch milliseconds (the live report says only "integer": it may be a duration);
// the format of signatureDate (ISO here, shifted like `time`).
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeBsreUser = {
  nik?: string;
  email?: string;
  status: "ISSUE" | "NOT_REGISTERED" | "NO_CERTIFICATE";
  passphrase?: string;
  totp?: string;
};

export type FakeSignatureProperty = {
  tampilan?: string;
  imageBase64?: string;
  page?: number;
  originX?: number;
  originY?: number;
  width?: number;
  height?: number;
  location?: string;
  reason?: string;
};

export type FakeVerification = {
  signatureCount: number;
  conclusion: string;
  description?: string;
  signatureInformations: Record<string, unknown>[];
};

export type FakeBsreOptions = {
  username: string;
  password: string;
  users: FakeBsreUser[];
  /** How long a sign request waits before it answers (the call is recorded on arrival). */
  signDelayMs: number;
  /** How far the fake's clock is from ours, for `time` and signature dates (default +5 minutes). */
  clockSkewMs: number;
  /** How it signs; default: the input with a line `%fake-bsre-signed <time>` appended. */
  signer: (pdf: Buffer, who: FakeBsreUser, props: FakeSignatureProperty[]) => Promise<Buffer>;
  /** How it verifies; default: NO_SIGNATURE without that line, VALID with one signature with it. */
  verifier: (pdf: Buffer, now: Date) => Promise<FakeVerification>;
  /** The next authorized request (any path) answers this instead. A string body is sent as it is. */
  failNext?: { status: number; body?: unknown };
};

export type FakeBsre = {
  url: string;
  calls: { path: string; body: unknown; at: Date }[];
  close(): Promise<void>;
  set(partial: Partial<FakeBsreOptions>): void;
};

const SIGNED_MARK = "%fake-bsre-signed";

const defaultSigner: FakeBsreOptions["signer"] = (pdf) => Promise.resolve(Buffer.concat([pdf, Buffer.from(`\n${SIGNED_MARK} ${Date.now()}\n`)]));

export const defaultVerifier: FakeBsreOptions["verifier"] = (pdf, now) => {
  if (!pdf.includes(SIGNED_MARK)) {
    return Promise.resolve({ signatureCount: 0, description: "Dokumen tidak memiliki tanda tangan", conclusion: "NO_SIGNATURE", signatureInformations: [] });
  }
  return Promise.resolve({
    signatureCount: 1,
    description: "Dokumen valid, sertifikat yang digunakan terpercaya",
    conclusion: "VALID",
    signatureInformations: [
      {
        id: "1",
        fieldName: "Signature1",
        signerName: "Penanda Tangan Uji",
        signatureDate: now.toISOString(),
        location: "Yogyakarta",
        reason: "Uji",
        certLevelCode: 0,
        integrityValid: true,
        certificateTrusted: true,
        signatureFormat: "PAdES-BASELINE-T",
        lastSignature: false,
        ltv: false,
        digestAlgorithm: "",
        signatureAlgorithm: "",
        timestampInfomation: { id: "ts-1", signerName: "Timestamp Authority Badan Siber dan Sandi Negara", timestampDate: now.toISOString() },
        certificateDetails: [],
      },
    ],
  });
};

function isPdf(b: Buffer): boolean {
  return b.length > 0 && b.subarray(0, 5).toString("latin1") === "%PDF-";
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

export async function startFakeBsre(opts: Partial<FakeBsreOptions> = {}): Promise<FakeBsre> {
  const o: FakeBsreOptions = {
    username: "esign",
    password: "rahasia-klien",
    users: [],
    signDelayMs: 0,
    clockSkewMs: 5 * 60_000,
    signer: defaultSigner,
    verifier: defaultVerifier,
    ...opts,
  };
  const calls: FakeBsre["calls"] = [];
  const now = () => new Date(Date.now() + o.clockSkewMs);

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    if (res.destroyed) return;
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  };
  const springError = (res: http.ServerResponse, status: number, error: string, path: string) =>
    send(res, status, { timestamp: now().toISOString(), status, error, path });

  const findUser = (b: Record<string, unknown>) => {
    const nik = str(b.nik);
    const email = str(b.email);
    return o.users.find((u) => (nik !== undefined && u.nik === nik) || (email !== undefined && u.email === email));
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8")) as unknown;
    } catch {
      body = undefined;
    }
    // Recorded on arrival, before anything is checked: a test sees every request that reached the service.
    calls.push({ path, body, at: new Date() });
    const expected = `Basic ${Buffer.from(`${o.username}:${o.password}`).toString("base64")}`;
    if (req.headers.authorization !== expected) {
      springError(res, 401, "Unauthorized", path);
      return;
    }
    if (o.failNext) {
      const f = o.failNext;
      o.failNext = undefined;
      if (path === "/api/v2/sign/pdf" && o.signDelayMs > 0) await new Promise((r) => setTimeout(r, o.signDelayMs));
      send(res, f.status, f.body ?? { timestamp: now().toISOString(), status: f.status, error: http.STATUS_CODES[f.status] ?? "Error", path });
      return;
    }
    if (req.method !== "POST") {
      springError(res, 405, "Method Not Allowed", path);
      return;
    }
    if (typeof body !== "object" || body === null) {
      springError(res, 400, "Bad Request", path);
      return;
    }
    const b = body as Record<string, unknown>;

    if (path === "/api/v2/user/check/status") {
      const u = findUser(b);
      const status = u?.status ?? "NOT_REGISTERED";
      const answers = {
        ISSUE: { status_code: 1111, message: "User memiliki sertifikat elektronik", status: "ISSUE" },
        NOT_REGISTERED: { status_code: 2011, message: "User tidak terdaftar", status: "NOT_REGISTERED" },
        NO_CERTIFICATE: { status_code: 2021, message: "User belum memiliki sertifikat elektronik", status: "NO_CERTIFICATE" },
      } as const;
      send(res, 200, answers[status]);
      return;
    }

    if (path === "/api/v2/sign/pdf") {
      if (o.signDelayMs > 0) await new Promise((r) => setTimeout(r, o.signDelayMs));
      const files = Array.isArray(b.file) ? (b.file as unknown[]) : [];
      const pdfs = files.map((f) => Buffer.from(str(f) ?? "", "base64"));
      if (pdfs.length === 0 || !pdfs.every(isPdf)) {
        springError(res, 500, "Internal Server Error", path);
        return;
      }
      const u = findUser(b);
      if (!u || u.status === "NOT_REGISTERED") {
        send(res, 400, { status_code: 2011, error: "User tidak terdaftar" });
        return;
      }
      if (u.status === "NO_CERTIFICATE") {
        send(res, 400, { status_code: 2021, error: "User belum memiliki sertifikat elektronik" });
        return;
      }
      const passphrase = str(b.passphrase);
      const totp = str(b.totp);
      const secretOk = (passphrase !== undefined && passphrase === u.passphrase) || (totp !== undefined && totp === u.totp);
      if (!secretOk) {
        send(res, 400, { status_code: 2031, error: passphrase !== undefined ? "Passphrase anda salah !!!" : "TOTP anda salah !!!" });
        return;
      }
      const props = Array.isArray(b.signatureProperties) ? (b.signatureProperties as FakeSignatureProperty[]) : [];
      try {
        const signed = await Promise.all(pdfs.map((p) => o.signer(p, u, props)));
        send(res, 200, { time: now().getTime(), file: signed.map((s) => s.toString("base64")) });
      } catch {
        springError(res, 500, "Internal Server Error", path);
      }
      return;
    }

    if (path === "/api/v2/verify/pdf") {
      const pdf = Buffer.from(str(b.file) ?? "", "base64");
      if (!isPdf(pdf)) {
        springError(res, 500, "Internal Server Error", path);
        return;
      }
      try {
        send(res, 200, await o.verifier(pdf, now()));
      } catch {
        springError(res, 500, "Internal Server Error", path);
      }
      return;
    }

    springError(res, 404, "Not Found", path);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      handle(req, res, Buffer.concat(chunks)).catch(() => {
        if (!res.headersSent) springError(res, 500, "Internal Server Error", req.url ?? "/");
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    set(partial) {
      Object.assign(o, partial);
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
