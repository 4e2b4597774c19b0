// The client of BSrE's "esign client service" (BSSN), API version 2, which runs on the
// agency's own server behind HTTP Basic auth:
//   POST /api/v2/user/check/status  {nik|email}                      → {status, status_code, message}
//   POST /api/v2/sign/pdf           {nik|email, passphrase|totp,
//                                    signatureProperties[], file[]}  → {time, file: [base64 PDF]}
//   POST /api/v2/verify/pdf         {file}                           → {signatureCount, conclusion, signatureInformations[]}
// What is known of the service and what is assumed is listed at the top of its fake
// (test/helpers/fake-bsre.ts), which mirrors it for the contract tests
// (test/integration/bsre-client.test.ts).
//
// Rules kept here:
// - a sign request is sent once and never retried: once the connection to the service was
//   open, a lost or late answer is SignOutcomeUnknown (the document may be signed there);
//   a connection that never opened is ProviderUnavailable (nothing was sent);
// - the passphrase or OTP exists only in the request body being sent: it is never logged,
//   never put in an error's message or detail, never kept;
// - every answer is checked with zod; a shape we do not know is an error, never a crash;
// - LTV is reported as the service reports it, never assumed.
import http from "node:http";
import https from "node:https";
import { z } from "zod";
import {
  ProviderUnavailable,
  SignOutcomeUnknown,
  SignRefused,
  type RemoteVerification,
  type SignatureProvider,
  type SignerIdentity,
  type SignerStatus,
  type SignRequest,
  type SignResult,
} from "./provider.js";

/** What the client logs through: pino's Logger fits. */
export type BsreLogger = {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
};

export type BsreOptions = {
  /** The esign client service's address, e.g. "http://10.0.0.5:8080" (a path prefix is kept). */
  baseUrl: string;
  /** The city's client credentials for the service (HTTP Basic). */
  username: string;
  password: string;
  /** How BSrE knows the signers: by NIK or by e-mail (as registered at BSrE). */
  identifyBy: "nik" | "email";
  /** Time allowed for a status check (default 10 s). */
  statusTimeoutMs?: number;
  /** Time allowed for a verification when the caller gives none (default 120 s: 4 MB with 8 signatures takes about 40 s). */
  verifyTimeoutMs?: number;
  logger?: BsreLogger;
};

const DEFAULT_STATUS_TIMEOUT_MS = 10_000;
const DEFAULT_VERIFY_TIMEOUT_MS = 120_000;
/** An answer larger than this is not read (a signed PDF of 25 MB is about 34 MB of base64). */
const MAX_ANSWER_BYTES = 96 * 1024 * 1024;

// Application codes of the service (status_code), as seen in its answers and in clients of it.
const CODE_NOT_REGISTERED = 2011;
const CODE_NO_CERTIFICATE = 2021;
const CODE_WRONG_PASSPHRASE = 2031;

export const BSRE_MESSAGES = {
  notRegistered: "NIK/e-mail Anda belum terdaftar di BSrE. Hubungi admin TTE instansi Anda untuk pendaftaran sertifikat elektronik.",
  noIdentity: "NIK/e-mail Anda belum diisi di profil aplikasi ini, sehingga BSrE tidak dapat mengenali Anda. Lengkapi profil Anda atau hubungi administrator.",
  noCertificate: "Anda belum memiliki sertifikat elektronik aktif di BSrE. Hubungi admin TTE instansi Anda untuk penerbitan atau pembaruan sertifikat.",
  certificateInactive: (status: string) =>
    `Sertifikat elektronik Anda di BSrE tidak aktif (status: ${status}). Hubungi admin TTE instansi Anda untuk pembaruan sertifikat.`,
  unavailable: "Layanan tanda tangan elektronik BSrE sedang tidak dapat dihubungi. Coba lagi beberapa saat lagi.",
  badCredentials: "Layanan BSrE menolak akses aplikasi ini (kredensial aplikasi tidak valid). Hubungi administrator aplikasi.",
  wrongSecret: "Passphrase atau OTP salah. Periksa kembali lalu coba lagi; passphrase adalah kata sandi sertifikat elektronik Anda di BSrE.",
  badDocument:
    "BSrE gagal memproses dokumen ini (galat server). Berkas PDF kemungkinan rusak atau tidak valid; dokumen tidak ditandatangani. Periksa berkasnya atau hubungi administrator.",
  badDocumentToVerify: "BSrE gagal memeriksa dokumen ini (galat server). Berkas PDF kemungkinan rusak atau tidak valid.",
  providerError: "BSrE memberikan jawaban yang tidak dikenali; dokumen tidak ditandatangani. Coba lagi nanti atau hubungi administrator.",
  refused: "BSrE menolak permintaan tanda tangan. Coba lagi nanti atau hubungi administrator.",
} as const;

// --- What the service answers ------------------------------------------------------------

const Code = z.union([z.number(), z.string()]).nullish();

/** check/status answers {status_code, message, status}; errors carry {status_code, error} or Spring's {timestamp, status, error, path}. */
const ServiceAnswer = z.looseObject({
  status: z.union([z.string(), z.number()]).nullish(),
  status_code: Code,
  message: z.string().nullish(),
  error: z.string().nullish(),
});
type ServiceAnswer = z.infer<typeof ServiceAnswer>;

const SignAnswer = z.object({
  time: z.unknown().optional(),
  file: z.array(z.string()).min(1),
});

const Flag = z.union([z.boolean(), z.string()]).nullish();
const VerifyAnswer = z.object({
  signatureCount: z.number().int().nonnegative(),
  conclusion: z.string(),
  description: z.string().nullish(),
  signatureInformations: z
    .array(
      z.looseObject({
        signerName: z.string().nullish(),
        signatureDate: z.union([z.string(), z.number()]).nullish(),
        integrityValid: Flag,
        certificateTrusted: Flag,
        signatureFormat: z.string().nullish(),
        ltv: Flag,
      }),
    )
    .nullish(),
});

// --- Transport -----------------------------------------------------------------------------

type Exchange =
  | { answered: true; status: number; text: string }
  /** `connected`: the connection to the service was open, so the request may have reached it. */
  | { answered: false; connected: boolean; timedOut: boolean; code: string };

/**
 * One POST on a fresh connection (no keep-alive pool: whether *this* request's connection
 * opened must be known). node:http tells "connect failed" (nothing sent) from "connected,
 * then no answer" (maybe processed), which fetch hides.
 */
function post(url: URL, authorization: string, body: string, timeoutMs: number): Promise<Exchange> {
  return new Promise((resolve) => {
    const secure = url.protocol === "https:";
    let connected = false;
    let settled = false;
    const finish = (e: Exchange) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(e);
    };
    const req = (secure ? https : http).request(url, {
      method: "POST",
      agent: false,
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        authorization,
        "content-length": Buffer.byteLength(body),
      },
    });
    const timer = setTimeout(() => {
      finish({ answered: false, connected, timedOut: true, code: "ETIMEDOUT" });
      req.destroy();
    }, timeoutMs);
    req.on("socket", (socket) => {
      // TLS: nothing is sent before the handshake ends.
      socket.once(secure ? "secureConnect" : "connect", () => {
        connected = true;
      });
    });
    req.on("error", (err: NodeJS.ErrnoException) => {
      finish({ answered: false, connected, timedOut: false, code: err.code ?? err.name });
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) {
          finish({ answered: false, connected: true, timedOut: false, code: "EANSWERTOOLARGE" });
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on("end", () => finish({ answered: true, status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", (err: NodeJS.ErrnoException) => finish({ answered: false, connected: true, timedOut: false, code: err.code ?? err.name }));
      res.on("close", () => finish({ answered: false, connected: true, timedOut: false, code: "ECONNRESET" }));
    });
    req.end(body);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function codeOf(a: ServiceAnswer | undefined): number | null {
  // Only status_code: Spring's error body has a numeric `status` that is the HTTP status.
  const raw = a?.status_code;
  if (raw === undefined || raw === null) return null;
  const n = typeof raw === "number" ? raw : Number.parseInt(raw, 10);
  return Number.isFinite(n) ? n : null;
}

function statusWord(a: ServiceAnswer | undefined): string | null {
  return typeof a?.status === "string" ? a.status.trim().toUpperCase() : null;
}

const flag = (v: boolean | string | null | undefined): boolean => v === true || (typeof v === "string" && v.trim().toLowerCase() === "true");

/**
 * The provider's time, read leniently: epoch milliseconds or seconds (number or digits),
 * an ISO date, or "yyyy-MM-dd HH:mm:ss" (no zone: the service runs in WIB, +07:00).
 * Anything else (including small numbers, which look like a duration) is null.
 */
export function parseProviderTime(v: unknown): Date | null {
  let d: Date | null = null;
  if (typeof v === "number" || (typeof v === "string" && /^\d+$/.test(v.trim()))) {
    const n = Number(v);
    if (n >= 1e11) d = new Date(n);
    else if (n >= 1e9) d = new Date(n * 1000);
  } else if (typeof v === "string" && v.trim() !== "") {
    const s = v.trim();
    const local = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)$/.exec(s);
    const t = local ? Date.parse(`${local[1] ?? ""}T${local[2] ?? ""}+07:00`) : Date.parse(s);
    if (Number.isFinite(t)) d = new Date(t);
  }
  if (!d || Number.isNaN(d.getTime())) return null;
  const year = d.getUTCFullYear();
  return year >= 2000 && year <= 2100 ? d : null;
}

const noLogger: BsreLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export class BsreProvider implements SignatureProvider {
  readonly id = "bsre" as const;
  readonly label = "BSrE (BSSN)";
  readonly secretKinds = ["passphrase", "totp"] as const;

  private readonly base: string;
  private readonly authorization: string;
  private readonly identifyBy: "nik" | "email";
  private readonly statusTimeoutMs: number;
  private readonly verifyTimeoutMs: number;
  private readonly log: BsreLogger;

  constructor(options: BsreOptions) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`BSrE baseUrl must be http(s): ${url.protocol}`);
    this.base = url.href.replace(/\/+$/, "");
    this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString("base64")}`;
    this.identifyBy = options.identifyBy;
    this.statusTimeoutMs = options.statusTimeoutMs ?? DEFAULT_STATUS_TIMEOUT_MS;
    this.verifyTimeoutMs = options.verifyTimeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS;
    this.log = options.logger ?? noLogger;
  }

  private url(path: string): URL {
    return new URL(`${this.base}${path}`);
  }

  /** The signer's NIK or e-mail, as BSrE knows them; null when the profile lacks it. */
  private identity(signer: SignerIdentity): Record<string, string> | null {
    const value = (this.identifyBy === "nik" ? signer.nik : signer.email)?.trim();
    return value ? { [this.identifyBy]: value } : null;
  }

  private credentialsRejected(op: string, status: number): void {
    this.log.error(
      { provider: "bsre", op, httpStatus: status },
      "BSrE rejected the client credentials (HTTP Basic): check the BSrE username and password in the configuration",
    );
  }

  async status(signer: SignerIdentity): Promise<SignerStatus> {
    const who = this.identity(signer);
    if (!who) return { state: "NOT_REGISTERED", message: BSRE_MESSAGES.noIdentity };
    const started = Date.now();
    const ctx = { provider: "bsre", op: "status", userId: signer.userId };
    const x = await post(this.url("/api/v2/user/check/status"), this.authorization, JSON.stringify(who), this.statusTimeoutMs);
    const unavailable = { state: "UNAVAILABLE", message: BSRE_MESSAGES.unavailable } as const;
    if (!x.answered) {
      this.log.warn({ ...ctx, code: x.code, timedOut: x.timedOut, durationMs: Date.now() - started }, "BSrE status check got no answer");
      return unavailable;
    }
    if (x.status === 401 || x.status === 403) {
      this.credentialsRejected("status", x.status);
      return { state: "UNAVAILABLE", message: BSRE_MESSAGES.badCredentials };
    }
    const parsed = ServiceAnswer.safeParse(parseJson(x.text));
    const answer = parsed.success ? parsed.data : undefined;
    const word = statusWord(answer);
    const code = codeOf(answer);
    const logAnswer = { ...ctx, httpStatus: x.status, status: word, statusCode: code, durationMs: Date.now() - started };
    if (word === "NOT_REGISTERED" || code === CODE_NOT_REGISTERED) {
      this.log.info(logAnswer, "BSrE: signer not registered");
      return { state: "NOT_REGISTERED", message: BSRE_MESSAGES.notRegistered };
    }
    if (word === "NO_CERTIFICATE" || code === CODE_NO_CERTIFICATE) {
      this.log.info(logAnswer, "BSrE: signer has no certificate");
      return { state: "NO_CERTIFICATE", message: BSRE_MESSAGES.noCertificate };
    }
    if (x.status === 200 && word === "ISSUE") return { state: "READY" };
    if (x.status === 200 && word && /^[A-Z_]+$/.test(word)) {
      // EXPIRED, REVOKE, SUSPEND, RENEW, ...: a certificate exists and may not sign now.
      this.log.info(logAnswer, "BSrE: signer's certificate is not active");
      return { state: "NO_CERTIFICATE", message: BSRE_MESSAGES.certificateInactive(word) };
    }
    this.log.warn(logAnswer, "BSrE status check: unexpected answer");
    return unavailable;
  }

  async sign(req: SignRequest, opts: { timeoutMs: number }): Promise<SignResult> {
    const who = this.identity(req.signer);
    if (!who) throw new SignRefused("NOT_REGISTERED", BSRE_MESSAGES.noIdentity, `signer has no ${this.identifyBy} in the profile`);
    const secret = req.secret;
    // Text from the service goes into details and logs only with the secret cut out of it.
    const scrub = (s: string) => (secret.value ? s.split(secret.value).join("[disembunyikan]") : s).slice(0, 200);
    const ctx = { provider: "bsre", op: "sign", userId: req.signer.userId, secretKind: secret.kind, bytes: req.pdf.length };
    const started = Date.now();

    const x = await post(
      this.url("/api/v2/sign/pdf"),
      this.authorization,
      JSON.stringify({
        ...who,
        [secret.kind]: secret.value,
        signatureProperties: [
          {
            tampilan: "VISIBLE",
            imageBase64: req.visible.qrPng.toString("base64"),
            page: req.visible.page,
            originX: req.visible.x,
            originY: req.visible.y,
            width: req.visible.width,
            height: req.visible.height,
            location: req.location,
            reason: req.reason,
          },
        ],
        file: [req.pdf.toString("base64")],
      }),
      opts.timeoutMs,
    );
    const durationMs = () => Date.now() - started;

    if (!x.answered) {
      if (!x.connected) {
        this.log.warn({ ...ctx, code: x.code, timedOut: x.timedOut, durationMs: durationMs() }, "BSrE unreachable: sign request not sent");
        throw new ProviderUnavailable(`no connection to the BSrE service (${x.code}); the sign request was not sent`);
      }
      this.log.error(
        { ...ctx, code: x.code, timedOut: x.timedOut, durationMs: durationMs() },
        "BSrE sign request sent without an answer: the outcome is unknown and must be checked, not resent",
      );
      throw new SignOutcomeUnknown(
        x.timedOut ? `no answer from BSrE within ${opts.timeoutMs} ms` : `the connection to BSrE ended without an answer (${x.code})`,
      );
    }

    const json = parseJson(x.text);
    if (x.status === 200) {
      const ok = SignAnswer.safeParse(json);
      if (!ok.success) {
        // A 200 says the service did its work: a file it signed may exist even if this answer is unreadable.
        this.log.error({ ...ctx, httpStatus: 200, durationMs: durationMs() }, "BSrE sign: unexpected answer shape; the outcome is unknown");
        throw new SignOutcomeUnknown("HTTP 200 without a file array");
      }
      const pdf = Buffer.from(ok.data.file[0] ?? "", "base64");
      if (pdf.length === 0 || !pdf.subarray(0, 5).equals(Buffer.from("%PDF-"))) {
        this.log.error(
          { ...ctx, httpStatus: 200, answerBytes: pdf.length, durationMs: durationMs() },
          "BSrE sign: the answer's file is not a PDF; the outcome is unknown",
        );
        throw new SignOutcomeUnknown(`HTTP 200, the answer's file is not a PDF (${pdf.length} bytes)`);
      }
      this.log.info({ ...ctx, httpStatus: 200, signedBytes: pdf.length, durationMs: durationMs() }, "BSrE signed a document");
      return { pdf, providerTime: parseProviderTime(ok.data.time) };
    }

    const parsed = ServiceAnswer.safeParse(json);
    const answer = parsed.success ? parsed.data : undefined;
    const code = codeOf(answer);
    const word = statusWord(answer);
    const said = scrub(answer?.error ?? answer?.message ?? "");
    const detail = `HTTP ${x.status}${code !== null ? `, status_code ${code}` : ""}${said ? `: ${said}` : ""}`;
    const logAnswer = { ...ctx, httpStatus: x.status, statusCode: code, said, durationMs: durationMs() };

    if (x.status === 401 || x.status === 403) {
      this.credentialsRejected("sign", x.status);
      throw new ProviderUnavailable(`BSrE rejected the client credentials (HTTP ${x.status}); nothing was signed`);
    }
    if (code === CODE_WRONG_PASSPHRASE || (x.status < 600 && x.status >= 400 && /passphrase|totp|\botp\b/i.test(said))) {
      this.log.info(logAnswer, "BSrE sign refused: wrong passphrase or OTP");
      throw new SignRefused("WRONG_SECRET", BSRE_MESSAGES.wrongSecret, detail);
    }
    if (code === CODE_NOT_REGISTERED || word === "NOT_REGISTERED") {
      this.log.info(logAnswer, "BSrE sign refused: signer not registered");
      throw new SignRefused("NOT_REGISTERED", BSRE_MESSAGES.notRegistered, detail);
    }
    if ((code !== null && code >= CODE_NO_CERTIFICATE && code <= 2029) || word === "NO_CERTIFICATE") {
      this.log.info(logAnswer, "BSrE sign refused: no active certificate");
      throw new SignRefused("NO_CERTIFICATE", BSRE_MESSAGES.noCertificate, detail);
    }
    if (x.status === 502 || x.status === 504) {
      // A gateway's answer: the service behind it may have signed.
      this.log.error(logAnswer, "BSrE gateway error after the sign request was sent: the outcome is unknown");
      throw new SignOutcomeUnknown(detail);
    }
    if (x.status === 503) {
      this.log.warn(logAnswer, "BSrE unavailable (HTTP 503)");
      throw new ProviderUnavailable(detail);
    }
    if (x.status === 500) {
      // The service answers 500 to an empty or broken PDF.
      this.log.warn(logAnswer, "BSrE sign: server error, the document is probably broken");
      throw new SignRefused("BAD_DOCUMENT", BSRE_MESSAGES.badDocument, detail);
    }
    if (x.status < 400 || x.status >= 500) {
      // A success it did not say in the documented way, or a server or proxy error (520-524...): it may have signed.
      this.log.error(logAnswer, "BSrE sign: unexpected answer after the request was sent; the outcome is unknown");
      throw new SignOutcomeUnknown(detail);
    }
    this.log.error(logAnswer, "BSrE sign: unexpected answer");
    throw new SignRefused("PROVIDER_ERROR", BSRE_MESSAGES.refused, detail);
  }

  async verify(pdf: Buffer, opts: { timeoutMs: number }): Promise<RemoteVerification> {
    const timeoutMs = opts.timeoutMs > 0 ? opts.timeoutMs : this.verifyTimeoutMs;
    const ctx = { provider: "bsre", op: "verify", bytes: pdf.length };
    const started = Date.now();
    const x = await post(this.url("/api/v2/verify/pdf"), this.authorization, JSON.stringify({ file: pdf.toString("base64") }), timeoutMs);
    if (!x.answered) {
      this.log.warn({ ...ctx, code: x.code, timedOut: x.timedOut, durationMs: Date.now() - started }, "BSrE verify got no answer");
      throw new ProviderUnavailable(x.timedOut ? `no answer from BSrE verify within ${timeoutMs} ms` : `BSrE verify: ${x.code}`);
    }
    const logAnswer = { ...ctx, httpStatus: x.status, durationMs: Date.now() - started };
    if (x.status === 401 || x.status === 403) {
      this.credentialsRejected("verify", x.status);
      throw new ProviderUnavailable(`BSrE rejected the client credentials (HTTP ${x.status})`);
    }
    if (x.status === 500) {
      this.log.warn(logAnswer, "BSrE verify: server error, the document is probably broken");
      throw new SignRefused("BAD_DOCUMENT", BSRE_MESSAGES.badDocumentToVerify, "HTTP 500");
    }
    const ok = x.status === 200 ? VerifyAnswer.safeParse(parseJson(x.text)) : undefined;
    if (!ok?.success) {
      this.log.warn(logAnswer, "BSrE verify: unexpected answer");
      throw new ProviderUnavailable(`BSrE verify: unexpected answer (HTTP ${x.status})`);
    }
    const a = ok.data;
    const conclusion = a.conclusion.trim().toUpperCase();
    return {
      signatureCount: a.signatureCount,
      conclusion: conclusion === "VALID" || conclusion === "NO_SIGNATURE" ? conclusion : "INVALID",
      signatures: (a.signatureInformations ?? []).map((s) => ({
        signerName: s.signerName ?? "",
        signedAt: parseProviderTime(s.signatureDate),
        integrityValid: flag(s.integrityValid),
        certificateTrusted: flag(s.certificateTrusted),
        format: s.signatureFormat ?? null,
        ltv: flag(s.ltv),
      })),
    };
  }
}

export function bsreProvider(options: BsreOptions): BsreProvider {
  return new BsreProvider(options);
}
