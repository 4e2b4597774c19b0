// Every setting, read once at start and validated with zod. A bad value stops
// the start with a message that names the setting.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import "./zod-locale.js";

/** An optional setting where empty means not set. */
function optionalText<T extends z.ZodType>(t: T) {
  return z.preprocess((v) => (v === "" ? undefined : v), t.optional());
}
/** A yes/no setting: 1/true/ya or 0/false/tidak (empty: no). */
const flag = z
  .enum(["", "0", "1", "true", "false", "ya", "tidak"], { error: "harus 1 (ya) atau 0 (tidak)" })
  .default("0")
  .transform((v) => v === "1" || v === "true" || v === "ya");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, "harus URL postgresql://...")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  DATA_DIR: z.string().min(1).default("./data"),
  DATA_LOCK_WAIT_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  PGLITE_SHARED_BUFFERS_MB: z.coerce.number().int().min(1).max(4096).default(32),
  SESSION_SECRET: z.string().min(32, "minimal 32 karakter").optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  UPLOAD_MAX_MB: z.coerce.number().min(0.01).max(512).default(20),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  SEED_DEMO: z.enum(["auto", "never"]).default("auto"),
  EXPIRING_DAYS: z.coerce.number().int().min(1).max(730).default(90),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, "harus URL smtp://... atau smtps://...")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  MAIL_FROM: z.string().min(3).default("Kerjasama Daerah <kerjasama@jogjakota.go.id>"),
  APP_URL: z.url().optional(),
  DAILY_JOB_HOUR: z.coerce.number().int().min(0).max(23).default(6),
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_KEEP: z.coerce.number().int().min(0).max(365).default(7),
  // Off-site copies of the backups, encrypted with age (features/ops/offsite-*.ts, docs/offsite-backups.md); off while BACKUP_OFFSITE_DIR is empty.
  BACKUP_OFFSITE_DIR: optionalText(z.string()),
  BACKUP_RECIPIENT: optionalText(
    z
      .string()
      .transform((v) =>
        v
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .refine(
        (xs) => xs.length > 0 && xs.every((x) => AGE_RECIPIENT.test(x)),
        "harus kunci publik age (age1..., dari age-keygen), beberapa dipisah koma; kunci rahasia (AGE-SECRET-KEY-...) jangan disimpan di server",
      ),
  ),
  BACKUP_OFFSITE_KEEP: z.coerce.number().int().min(1).max(365).default(14),
  BACKUP_IDENTITY_FILE: optionalText(z.string()),
  PUBLIC_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000_000).default(120),
  API_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(60),
  API_ANONYMOUS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
  PARSER_PROCESSES: z.coerce.number().int().min(1).max(16).default(1),
  DISK_RESERVE_MB: z.coerce.number().int().min(0).max(1_000_000).default(64),
  PARSER_MEMORY_MB: z.coerce.number().int().min(128).max(8192).default(384),
  METRICS_TOKEN: z
    .string()
    .min(32, "minimal 32 karakter")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  METRICS_ALLOW: z
    .string()
    .default("127.0.0.1,::1")
    .transform((v) =>
      v
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .refine((xs) => xs.every(isAddressOrSubnet), "harus daftar alamat IP atau subnet (CIDR) dipisah koma, mis. 127.0.0.1,::1,10.0.0.0/8"),
  // Single sign-on through the city's OpenID Connect provider (features/sso, docs/sso.md); off while OIDC_ISSUER is empty.
  OIDC_ISSUER: optionalText(z.url("harus URL penerbit (issuer) OpenID Connect, mis. https://sso.jogjakota.go.id/realms/pemkot")),
  OIDC_CLIENT_ID: optionalText(z.string().max(200, "paling banyak 200 karakter")),
  OIDC_CLIENT_SECRET: optionalText(z.string().max(500, "paling banyak 500 karakter")),
  OIDC_LABEL: z.string().trim().min(1).max(60, "paling banyak 60 karakter").default("SSO Pemkot Yogyakarta"),
  OIDC_PROVIDER_ID: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,29}$/, "huruf kecil, angka, - atau _, paling banyak 30 karakter, mis. sso")
    .default("sso"),
  OIDC_SCOPES: z
    .string()
    .default("openid email profile")
    .refine((v) => v.split(/\s+/).includes("openid"), "harus memuat openid, mis. openid email profile"),
  OIDC_MATCH: z
    .string()
    .default("nip,email")
    .transform((v) =>
      v
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .refine((xs) => xs.every((x) => x === "nip" || x === "email"), "hanya nip dan/atau email dipisah koma (kosong: tidak dicocokkan)")
    .transform((xs) => [...new Set(xs)] as ("nip" | "email")[]),
  OIDC_NIP_CLAIM: z.string().trim().min(1).max(100).default("nip"),
  OIDC_ROLES_CLAIM: optionalText(z.string().trim().max(100)),
  OIDC_ROLE_MAP: optionalText(z.string().max(2000)),
  OIDC_SKPD_CLAIM: optionalText(z.string().trim().max(100)),
  OIDC_TRUST_PROVIDER_MFA: flag,
  OIDC_ALLOW_HTTP: flag,
  OIDC_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(60).default(5),
  // Electronic signatures (features/signatures, docs/signatures.md): the local signer unless BSRE_URL is set.
  BSRE_URL: optionalText(z.url("harus URL layanan client BSrE, mis. https://esign.jogjakota.go.id")),
  BSRE_USERNAME: optionalText(z.string().max(200, "paling banyak 200 karakter")),
  BSRE_PASSWORD: optionalText(z.string().max(500, "paling banyak 500 karakter")),
  BSRE_IDENTIFY_BY: z.enum(["nik", "email"], { error: "harus nik atau email" }).default("email"),
  SIGN_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(600).default(60),
  // Letters as PDF: LibreOffice in headless mode (features/documents/make-pdf.ts).
  SOFFICE_PATH: z.string().trim().min(1).default("soffice"),
  OFFICE_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(600).default(60),
});

/** An age public key: X25519 (age1 + 58 bech32 characters) or post-quantum hybrid (age1pq1...); the checksum is checked by age itself (features/ops/offsite-age.ts). */
const AGE_RECIPIENT = /^age1(pq1)?[02-9ac-hj-np-z]{58,}$/;

/** An IPv4 or IPv6 address, or one with a prefix length (10.0.0.0/8, fd00::/8). */
function isAddressOrSubnet(s: string): boolean {
  const [addr = "", prefix, ...rest] = s.split("/");
  const family = isIP(addr);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  const n = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && n <= (family === 4 ? 32 : 128);
}

export type Config = {
  env: "development" | "production" | "test";
  isProduction: boolean;
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  /** PGlite: how long a start waits for a process that holds DATA_DIR but stopped refreshing its lock (paused?). */
  dataLockWaitSeconds: number;
  /** PGlite's shared_buffers: the embedded server's largest fixed cost in memory. */
  pgliteSharedBuffersMb: number;
  sessionSecret: string;
  sessionIdleMinutes: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  uploadMaxBytes: number;
  logLevel: string;
  trustProxy: number;
  seedDemo: boolean;
  expiringDays: number;
  smtpUrl?: string;
  mailFrom: string;
  appUrl: string;
  /** False when APP_URL was not set (the address is then a guess). */
  appUrlSet: boolean;
  dailyJobHour: number;
  /** Nightly backups of the embedded database (PGlite): where, and how many to keep (0 = none). */
  backupDir: string;
  backupKeep: number;
  /** Encrypted copies of each backup in a second place (features/ops/offsite-*.ts); null: none. */
  offsite: OffsiteConfig | null;
  /** The age identity (private key) file that the restore drill decrypts with: a path only, read by the drill, never by the app. */
  backupIdentityFile?: string;
  /** Requests per minute and source address to the pages without login (/publik, /verifikasi). */
  publicPerMinute: number;
  /** Calls per minute each integration token may make to /api/v1 (features/api), counted in the database. */
  apiPerMinute: number;
  /** Calls to /api/v1 without a valid token one address may make per minute. */
  apiAnonymousPerMinute: number;
  /** Uploaded files are parsed in child processes: how many at once, and the memory of each (untrusted/sandbox.ts). */
  parserProcesses: number;
  parserMemoryMb: number;
  /** Free space kept in DATA_DIR: below it writes are refused (health/storage.ts). */
  diskReserveBytes: number;
  /** /metrics answers a request carrying this bearer token (none: no token works). */
  metricsToken?: string;
  /** /metrics answers these addresses and subnets (the connection's own address, never X-Forwarded-For). */
  metricsAllow: string[];
  /** The city's OpenID Connect provider (features/sso); null: no single sign-on, the local login only. */
  oidc: OidcConfig | null;
  /** Who signs PDFs: BSrE's signing API when set, else the city's local signer (a CA of its own). */
  bsre: BsreConfig | null;
  /** Seconds a sign call may take before its outcome is "unknown" (never resent). */
  signTimeoutSeconds: number;
  /** LibreOffice's program, and the seconds a conversion to PDF may take. */
  sofficePath: string;
  officeTimeoutSeconds: number;
};

export type OffsiteConfig = { dir: string; recipients: string[]; keep: number };

export type BsreConfig = { url: string; username: string; password: string; identifyBy: "nik" | "email" };

/** The roles of the app as OIDC_ROLE_MAP may name them (core/users/roles.ts has the same list). */
const ROLE_NAMES = ["ADMIN", "SKPD", "PENATALAKSANA", "PENELAAH", "KASUBBAG", "KABAG", "TKKSD", "PIMPINAN"] as const;
export type OidcRole = (typeof ROLE_NAMES)[number];

export type OidcConfig = {
  issuer: string;
  clientId: string;
  /** None: a public client (PKCE only). */
  clientSecret?: string;
  label: string;
  /** Stored in UserIdentity.provider. */
  providerId: string;
  scopes: string;
  /** Which claims may match a first login to an existing user, in this order. */
  match: ("nip" | "email")[];
  nipClaim: string;
  /** When set, roles come from this claim at each login through OIDC_ROLE_MAP; else they stay as ADMIN set them. */
  rolesClaim?: string;
  roleMap: Record<string, OidcRole[]>;
  /** When set, the user's SKPD is the one whose code this claim carries. */
  skpdClaim?: string;
  trustProviderMfa: boolean;
  allowHttp: boolean;
  /** Seconds for each request to the provider (discovery, token, userinfo). */
  timeoutSeconds: number;
};

export class ConfigError extends Error {}

/** Where the app answers when APP_URL is not set (links in e-mail, QR codes of numbered copies). */
export const DEFAULT_APP_URL = "http://localhost:3000";

/** Parse the environment. Throws ConfigError naming each bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Pengaturan tidak valid:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const isProduction = e.NODE_ENV === "production";
  let sessionSecret = e.SESSION_SECRET;
  if (!sessionSecret) {
    if (isProduction) {
      throw new ConfigError("Pengaturan tidak valid:\n  SESSION_SECRET: wajib diisi di produksi (minimal 32 karakter)");
    }
    sessionSecret = devSessionSecret(dataDir);
  }
  return {
    env: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    dataLockWaitSeconds: e.DATA_LOCK_WAIT_SECONDS,
    pgliteSharedBuffersMb: e.PGLITE_SHARED_BUFFERS_MB,
    sessionSecret,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockMinutes: e.LOGIN_LOCK_MINUTES,
    uploadMaxBytes: Math.round(e.UPLOAD_MAX_MB * 1024 * 1024),
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    seedDemo: !isProduction && e.SEED_DEMO === "auto",
    expiringDays: e.EXPIRING_DAYS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    appUrl: e.APP_URL ?? `http://localhost:${e.PORT}`,
    appUrlSet: e.APP_URL !== undefined,
    dailyJobHour: e.DAILY_JOB_HOUR,
    backupDir: path.resolve(e.BACKUP_DIR ?? path.join(dataDir, "backups")),
    backupKeep: e.BACKUP_KEEP,
    offsite: offsiteConfig(e),
    backupIdentityFile: e.BACKUP_IDENTITY_FILE ? path.resolve(e.BACKUP_IDENTITY_FILE) : undefined,
    publicPerMinute: e.PUBLIC_REQUESTS_PER_MINUTE,
    apiPerMinute: e.API_REQUESTS_PER_MINUTE,
    apiAnonymousPerMinute: e.API_ANONYMOUS_PER_MINUTE,
    parserProcesses: e.PARSER_PROCESSES,
    parserMemoryMb: e.PARSER_MEMORY_MB,
    diskReserveBytes: e.DISK_RESERVE_MB * 1024 * 1024,
    metricsToken: e.METRICS_TOKEN,
    metricsAllow: e.METRICS_ALLOW,
    oidc: oidcConfig(e, isProduction),
    bsre: bsreConfig(e, isProduction),
    signTimeoutSeconds: e.SIGN_TIMEOUT_SECONDS,
    sofficePath: e.SOFFICE_PATH,
    officeTimeoutSeconds: e.OFFICE_TIMEOUT_SECONDS,
  };
}

const invalid = (name: string, message: string) => new ConfigError(`Pengaturan tidak valid:\n  ${name}: ${message}`);

/** OIDC_ROLE_MAP: "group=ROLE;group2=ROLE,ROLE2" (a claim value may give several roles). */
export function parseRoleMap(v: string): Record<string, OidcRole[]> {
  const out: Record<string, OidcRole[]> = {};
  for (const part of v
    .split(";")
    .map((x) => x.trim())
    .filter(Boolean)) {
    const eq = part.lastIndexOf("=");
    const key = part.slice(0, eq).trim();
    const roles = part
      .slice(eq + 1)
      .split(",")
      .map((r) => r.trim().toUpperCase());
    if (eq < 1 || !key)
      throw invalid("OIDC_ROLE_MAP", `"${part.slice(0, 60)}" harus berbentuk nilai-klaim=PERAN, mis. kerjasama-admin=ADMIN;kerjasama-penelaah=PENELAAH`);
    const bad = roles.find((r) => !(ROLE_NAMES as readonly string[]).includes(r));
    if (bad !== undefined) throw invalid("OIDC_ROLE_MAP", `peran "${bad.slice(0, 40)}" tidak dikenal; pilih dari ${ROLE_NAMES.join(", ")}`);
    out[key] = [...new Set([...(out[key] ?? []), ...(roles as OidcRole[])])];
  }
  return out;
}

function offsiteConfig(e: z.output<typeof envSchema>): OffsiteConfig | null {
  // Never an unencrypted copy in the second place, and no key without a place to use it.
  if (!e.BACKUP_OFFSITE_DIR) {
    if (e.BACKUP_RECIPIENT) throw invalid("BACKUP_OFFSITE_DIR", "wajib diisi bila BACKUP_RECIPIENT diisi (folder tujuan salinan luar mesin)");
    return null;
  }
  if (!e.BACKUP_RECIPIENT)
    throw invalid("BACKUP_RECIPIENT", "wajib diisi bila BACKUP_OFFSITE_DIR diisi: salinan luar mesin selalu dienkripsi (kunci publik age1...)");
  return { dir: path.resolve(e.BACKUP_OFFSITE_DIR), recipients: e.BACKUP_RECIPIENT, keep: e.BACKUP_OFFSITE_KEEP };
}

function bsreConfig(e: z.output<typeof envSchema>, isProduction: boolean): BsreConfig | null {
  if (!e.BSRE_URL) {
    if (e.BSRE_USERNAME || e.BSRE_PASSWORD) throw invalid("BSRE_URL", "wajib diisi bila BSRE_USERNAME atau BSRE_PASSWORD diisi");
    return null;
  }
  if (!e.BSRE_USERNAME || !e.BSRE_PASSWORD)
    throw invalid("BSRE_USERNAME", "BSRE_USERNAME dan BSRE_PASSWORD wajib diisi bila BSRE_URL diisi (akun client layanan BSrE)");
  const url = new URL(e.BSRE_URL);
  // The passphrase travels in the request: plain http only to a client service on this machine (or outside production).
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && (url.protocol !== "http:" || (isProduction && !loopback)))
    throw invalid("BSRE_URL", "harus alamat https:// (http:// hanya untuk layanan di mesin ini, atau di luar produksi)");
  return { url: e.BSRE_URL.replace(/\/+$/, ""), username: e.BSRE_USERNAME, password: e.BSRE_PASSWORD, identifyBy: e.BSRE_IDENTIFY_BY };
}

function oidcConfig(e: z.output<typeof envSchema>, isProduction: boolean): OidcConfig | null {
  if (!e.OIDC_ISSUER) {
    // A client without a provider is a half-made setting, not "SSO off".
    if (e.OIDC_CLIENT_ID || e.OIDC_CLIENT_SECRET) throw invalid("OIDC_ISSUER", "wajib diisi bila OIDC_CLIENT_ID atau OIDC_CLIENT_SECRET diisi");
    return null;
  }
  if (!e.OIDC_CLIENT_ID) throw invalid("OIDC_CLIENT_ID", "wajib diisi bila OIDC_ISSUER diisi (client id yang didaftarkan di penyedia SSO)");
  const issuer = new URL(e.OIDC_ISSUER);
  if (issuer.protocol !== "https:" && issuer.protocol !== "http:") throw invalid("OIDC_ISSUER", "harus alamat https://");
  if (issuer.protocol === "http:") {
    if (isProduction) throw invalid("OIDC_ISSUER", "harus https:// di produksi (OIDC_ALLOW_HTTP hanya berlaku di luar produksi)");
    if (!e.OIDC_ALLOW_HTTP) throw invalid("OIDC_ISSUER", "harus https://; untuk penyedia uji di http, isi OIDC_ALLOW_HTTP=1 (di luar produksi saja)");
  }
  if (e.OIDC_ALLOW_HTTP && isProduction) throw invalid("OIDC_ALLOW_HTTP", "tidak boleh diisi di produksi");
  const roleMap = e.OIDC_ROLE_MAP ? parseRoleMap(e.OIDC_ROLE_MAP) : {};
  if (e.OIDC_ROLES_CLAIM && !Object.keys(roleMap).length) throw invalid("OIDC_ROLE_MAP", "wajib diisi bila OIDC_ROLES_CLAIM diisi, mis. kerjasama-admin=ADMIN");
  if (e.OIDC_ROLE_MAP && !e.OIDC_ROLES_CLAIM)
    throw invalid("OIDC_ROLES_CLAIM", "wajib diisi bila OIDC_ROLE_MAP diisi (nama klaim yang memuat grup, mis. groups)");
  return {
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    label: e.OIDC_LABEL,
    providerId: e.OIDC_PROVIDER_ID,
    scopes: e.OIDC_SCOPES.trim().split(/\s+/).join(" "),
    match: e.OIDC_MATCH,
    nipClaim: e.OIDC_NIP_CLAIM,
    rolesClaim: e.OIDC_ROLES_CLAIM,
    roleMap,
    skpdClaim: e.OIDC_SKPD_CLAIM,
    trustProviderMfa: e.OIDC_TRUST_PROVIDER_MFA,
    allowHttp: e.OIDC_ALLOW_HTTP,
    timeoutSeconds: e.OIDC_TIMEOUT_SECONDS,
  };
}

/** Outside production a secret is generated once and kept in the data folder. */
function devSessionSecret(dataDir: string): string {
  const file = path.join(dataDir, "session-secret");
  if (existsSync(file)) {
    const s = readFileSync(file, "utf8").trim();
    if (s.length >= 32) return s;
  }
  mkdirSync(dataDir, { recursive: true });
  const s = randomBytes(32).toString("hex");
  writeFileSync(file, s, { mode: 0o600 });
  return s;
}
