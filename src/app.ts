// Builds the Express app from its parts. Used by server.ts and by the tests;
// it never listens by itself.
import { pendingForTkksd } from "./features/tkksd/agenda.js";
import { tkksd as tkksdPolicy } from "./core/policies/index.js";
import { randomUUID } from "node:crypto";
import express, { type ErrorRequestHandler, type NextFunction, type Request, type Response } from "express";
import session from "express-session";
import helmet from "helmet";
import { pinoHttp } from "pino-http";
import { adminRoutes } from "./features/admin/routes.js";
import { agreementRoutes } from "./features/agreements/routes.js";
import { backupRoutes } from "./features/backups/routes.js";
import { delegationRoutes } from "./features/delegations/routes.js";
import { caseRoutes } from "./features/case-page/routes.js";
import { renderCasePage } from "./features/case-page/case-page.js";
import { dashboardRoutes } from "./features/dashboard/routes.js";
import { monitoringRoutes } from "./features/monitoring/routes.js";
import { obligationRoutes } from "./features/obligations/routes.js";
import { gateRoutes } from "./features/gates/routes.js";
import { tkksdRoutes } from "./features/tkksd/routes.js";
import { copyRoutes } from "./features/copies/routes.js";
import { calendarRoutes } from "./features/calendar-feeds/routes.js";
import { publicRegisterRoutes } from "./features/public-register/routes.js";
import { letterRoutes } from "./features/letters/routes.js";
import { srikandiRoutes } from "./features/srikandi/routes.js";
import { reportRoutes } from "./features/reports/routes.js";
import { searchRoutes } from "./features/search/routes.js";
import { urusanRoutes } from "./features/urusan/routes.js";
import { recordsRoutes } from "./features/records/routes.js";
import { notificationRoutes } from "./features/notifications/routes.js";
import { documentRoutes } from "./features/documents/routes.js";
import { holidayRoutes } from "./features/holidays/routes.js";
import { webhookRoutes } from "./features/webhooks/routes.js";
import { holderKey, menuCounts } from "./features/inbox/inbox-service.js";
import { inboxRoutes } from "./features/inbox/routes.js";
import { settingsRoutes } from "./features/settings/routes.js";
import { sopRoutes } from "./features/sop/routes.js";
import { validateDefinition } from "./core/workflow/validate.js";
import { wireFeatures } from "./wiring.js";
import { buildPassport } from "./features/auth/passport.js";
import { enforcePasswordChange, enforceSecondFactor } from "./features/auth/policy.js";
import { pendingLoginOf } from "./features/auth/complete-login.js";
import { secondFactorRoutes } from "./features/second-factor/routes.js";
import { accountSecurityRoutes } from "./features/account-security/routes.js";
import { authRoutes } from "./features/auth/routes.js";
import { ssoFeature } from "./features/sso/routes.js";
import { signaturesFeature } from "./features/signatures/routes.js";
import { PrismaSessionStore } from "./features/auth/session-store.js";
import { storeBytes } from "./platform/files/blob-store.js";
import { refuseUnread } from "./platform/http/upload.js";
import { checkBudget, recordUpload } from "./features/documents/upload-budget.js";
import { RevisionCache } from "./platform/cache/revision.js";
import type { Config } from "./platform/config.js";
import type { Database } from "./platform/db/client.js";
import { healthRoutes } from "./features/health/routes.js";
import { metricsRoutes } from "./features/metrics/routes.js";
import { apiRoutes, integrationAdminRoutes } from "./features/api/routes.js";
import { createMetrics, type AppMetrics } from "./platform/metrics/registry.js";
import { homeRoutes } from "./features/home/routes.js";
import { menuFor } from "./features/home/menu.js";
import { csrfProtection, tokenFor } from "./platform/http/csrf.js";
import { isConnectionFailure, isDiskFull, uniqueViolation } from "./platform/db/errors.js";
import { StorageMonitor, storageFull } from "./platform/files/disk-space.js";
import { AppError } from "./platform/errors.js";
import { flash, flashToLocals, saveBeforeRedirect } from "./platform/http/flash.js";
import { backTo, FormReplayError, formKeys, newFormKey, recordFormKeys, REPLAY_MESSAGE } from "./platform/http/idempotency.js";
import { redactUrl, type Logger } from "./platform/logger.js";
import { PUBLIC_DIR, VIEWS_DIR } from "./platform/paths.js";
import { formatDate, formatDateTime, formatIsoDate } from "./platform/time.js";
import { formatRupiah } from "./core/case-data/rupiah.js";
import { naskahLabel, naskahText } from "./core/sop/kinds.js";
import { ROLE_LABELS } from "./core/users/roles.js";
import { configureSandbox, parseTmpDir } from "./platform/untrusted/sandbox.js";
import { configureOffice, officeTmpDir } from "./platform/office/convert-to-pdf.js";
import { UntrustedFileError } from "./platform/untrusted/errors.js";

export type AppDeps = { config: Config; db: Database; logger: Logger };
export type App = express.Express & { sessionStore: PrismaSessionStore; storage: StorageMonitor; metrics: AppMetrics };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Writes allowed below the storage reserve: signing in (with its second factor) and out, so that people can read. */
const SIGN_IN_PATHS = new Set(["/login", "/login/faktor-kedua", "/login/faktor-kedua/kunci/opsi", "/login/faktor-kedua/kunci", "/logout"]);

const STATUS_TITLES: Record<number, string> = {
  400: "Permintaan tidak valid",
  401: "Perlu masuk",
  403: "Akses ditolak",
  404: "Tidak ditemukan",
  409: "Terjadi bentrokan",
  413: "Berkas terlalu besar",
  422: "Data belum benar",
  429: "Terlalu banyak permintaan",
  500: "Terjadi kesalahan",
  503: "Layanan tidak tersedia",
  507: "Penyimpanan server penuh",
};

export function createApp({ config, db, logger }: AppDeps): App {
  const { prisma } = db;
  validateDefinition();
  wireFeatures();
  // Uploaded files are parsed in child processes with these limits (untrusted/sandbox.ts).
  configureSandbox({ tmpDir: parseTmpDir(config.dataDir), slots: config.parserProcesses, memoryMb: config.parserMemoryMb });
  configureOffice({ tmpDir: officeTmpDir(config.dataDir), sofficePath: config.sofficePath, timeoutMs: config.officeTimeoutSeconds * 1000 });
  const app = express() as App;
  // Free space in DATA_DIR (the embedded database and every upload's temporary file).
  const storage = new StorageMonitor(config.dataDir, config.diskReserveBytes, db.kind === "pglite" ? 3 : 1);
  app.storage = storage;
  storage.start();
  // /metrics (platform/metrics): this app's own registry; every statement of its database is timed.
  const metrics = createMetrics();
  app.metrics = metrics;
  db.timeStatements(metrics.statement);
  app.set("trust proxy", config.trustProxy);
  app.set("view engine", "ejs");
  app.set("views", VIEWS_DIR);
  // Templates are compiled once outside development (Express caches them in production only by default).
  app.set("view cache", config.env !== "development");
  app.disable("x-powered-by");
  const rupiah = (x: number | bigint | null | undefined) => (x === null || x === undefined ? "—" : formatRupiah(x));
  Object.assign(app.locals, { formatDate, formatDateTime, formatIsoDate, rupiah, naskahLabel, naskahText, roleLabels: ROLE_LABELS, formKey: newFormKey });
  // A form's key is written in the transaction of the change it makes (http/idempotency.ts).
  recordFormKeys(prisma);

  // First: a request's time includes every middleware.
  app.use(metrics.http);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          "script-src": ["'self'"],
          "style-src": ["'self'"],
          "img-src": ["'self'", "data:"],
          "form-action": ["'self'"],
          "frame-ancestors": ["'none'"],
          // The city's intranet may run on plain HTTP.
          "upgrade-insecure-requests": null,
        },
      },
      strictTransportSecurity: config.isProduction,
    }),
  );
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers["x-request-id"];
        const id = typeof incoming === "string" && /^[\w.-]{8,80}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader("X-Request-Id", id);
        return id;
      },
      customProps: (req) => ({ userId: (req as Request).user?.id }),
      // A login's code and state from the city's provider never reach a log line (platform/logger.ts).
      serializers: {
        req: (r: { url?: string }) => (typeof r.url === "string" ? { ...r, url: redactUrl(r.url) } : r),
        res: (r: { headers?: Record<string, unknown> }) =>
          typeof r.headers?.location === "string" ? { ...r, headers: { ...r.headers, location: redactUrl(r.headers.location) } } : r,
      },
      autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/metrics" || req.url.startsWith("/public/") },
    }),
  );
  app.use("/public", express.static(PUBLIC_DIR, { maxAge: config.isProduction ? "7d" : 0 }));
  // Browsers ask for /favicon.ico on their own.
  app.use("/favicon.ico", (req, res) => res.redirect(301, "/public/favicon.svg"));
  app.use(healthRoutes(db, storage));
  // Before the session, passport and CSRF: a scrape is cheap and needs no login (features/metrics).
  app.use(metricsRoutes(prisma, metrics, config));
  // The integration API (features/api): bearer tokens, JSON; before the session, passport and CSRF, so no cookie authenticates it.
  app.use(apiRoutes(prisma, config, logger));

  // Below the storage reserve, nothing is written (a 507 page) while reading goes on;
  // signing in and out stay possible (a session row), so that people can read.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method) || !storage.low || SIGN_IN_PATHS.has(req.path)) {
      next();
      return;
    }
    refuseUnread(req, res, next, storageFull(storage.state.freeBytes));
  });

  app.use(express.urlencoded({ extended: false, limit: "1mb", parameterLimit: 1000 }));
  // Upload routes store a file's bytes before their transaction (http/upload.ts checkUploadedFile).
  app.request.storeBytes = (file) => storeBytes(db.sqlTransaction, file);
  app.request.storageRoom = (incoming) => storage.assertRoom(incoming);
  app.request.uploadBudget = {
    check: (userId, incoming) => checkBudget(prisma, userId, incoming),
    record: (userId, bytes) => recordUpload(prisma, userId, bytes),
  };

  const store = new PrismaSessionStore(prisma, config.sessionIdleMinutes * 60_000, db.sql);
  store.holdWrites = () => storage.low;
  app.sessionStore = store;
  app.use(
    session({
      name: "kd.sid",
      secret: config.sessionSecret,
      store,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: {
        httpOnly: true,
        sameSite: "lax",
        secure: "auto",
        maxAge: config.sessionIdleMinutes * 60_000,
      },
    }),
  );
  const pp = buildPassport(prisma, config, db.sql);
  app.use(pp.session());
  const cache = new RevisionCache();
  app.use((req: Request, res: Response, next: NextFunction) => {
    req.cached = (key, compute) => (req.revision ? cache.get(req.revision, key, compute) : compute());
    next();
  });

  app.set("csrfSecret", config.sessionSecret);
  app.use(csrfProtection(config.sessionSecret));
  const csrfToken = tokenFor(config.sessionSecret);
  app.use((req: Request, res: Response, next: NextFunction) => {
    // Made only when a page renders a form (anonymous visitors then get a cookie, never a session row).
    let token: string | undefined;
    Object.defineProperty(res.locals, "csrfToken", { enumerable: true, configurable: true, get: () => (token ??= csrfToken(req, res)) });
    // Nothing a logged-in user sees may stay in a browser's or a proxy's cache, nor the pages of a sign-in half-way (the second factor's secret).
    if (req.user || pendingLoginOf(req)) res.setHeader("Cache-Control", "no-store");
    res.locals.currentUser = req.user ?? null;
    res.locals.menu = req.user ? menuFor(req.user) : [];
    res.locals.currentPath = req.path;
    next();
  });
  // The navigation shows how many tasks the user holds.
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    if (req.user && req.method === "GET") {
      const user = req.user;
      const { tasks: n, unread } = await req.cached(`menu:${holderKey(user)}:${user.id}`, () => menuCounts(prisma, user));
      // The TKKSD and its secretariat: how many cases wait for a TKKSD decision (tkksd/agenda.ts).
      const tkksdWaiting = tkksdPolicy.can(user, "prepare") ? await req.cached("tkksd:pending", () => pendingForTkksd(prisma)) : 0;
      res.locals.menu = (res.locals.menu as { href: string }[]).map((m) =>
        m.href === "/inbox"
          ? { ...m, badge: n }
          : m.href === "/notifikasi"
            ? { ...m, badge: unread }
            : m.href === "/tkksd" && tkksdWaiting
              ? { ...m, badge: tkksdWaiting }
              : m,
      );
    }
    next();
  });
  app.use(flashToLocals);
  app.use(saveBeforeRedirect);
  // A session of a role that always needs a second factor, begun without one, ends (auth/policy.ts).
  app.use(enforceSecondFactor);
  app.use(enforcePasswordChange);
  // A form sent again gets its first outcome (http/idempotency.ts).
  app.use(formKeys(prisma));

  // The city's single sign-on (features/sso): a second way in beside the password, when configured.
  const sso = ssoFeature({ prisma, config });
  app.use(authRoutes({ prisma, config }, pp, sso.door));
  app.use(sso.routes);
  app.use(secondFactorRoutes(prisma, config));
  app.use(accountSecurityRoutes(prisma, config));
  app.use(homeRoutes(prisma));
  app.use(adminRoutes(prisma));
  app.use(holidayRoutes(prisma));
  app.use(webhookRoutes(prisma, config));
  app.use(settingsRoutes(prisma, config));
  app.use(caseRoutes(prisma, config));
  app.use(documentRoutes(prisma));
  app.use(inboxRoutes(prisma, config));
  app.use(sopRoutes(prisma));
  app.use(agreementRoutes(prisma, config));
  // Their forms sit on the case page and re-render it when refused (cases/case-page-port.ts).
  app.use(monitoringRoutes(prisma, config, renderCasePage));
  app.use(obligationRoutes(prisma, renderCasePage));
  app.use(gateRoutes(prisma, config, renderCasePage));
  app.use(tkksdRoutes(prisma));
  app.use(urusanRoutes(prisma));
  // Records: metadata per document kind, access classes, the retention report (docs/records.md).
  app.use(recordsRoutes(prisma));
  app.use(notificationRoutes(prisma));
  app.use(dashboardRoutes(prisma, config));
  app.use(backupRoutes(prisma, config, db.kind === "pglite"));
  app.use(delegationRoutes(prisma, config));
  app.use(copyRoutes(prisma, config));
  // Electronic signatures (features/signatures): BSrE or the local signer, and the verification pages.
  app.use(signaturesFeature({ prisma, config, log: logger }).routes);
  app.use(calendarRoutes(prisma, config, db.sql));
  app.use(publicRegisterRoutes(prisma, db.sql, config));
  app.use(letterRoutes(prisma, config));
  app.use(srikandiRoutes(prisma, config, renderCasePage));
  app.use(reportRoutes(prisma));
  app.use(searchRoutes(prisma));
  app.use(integrationAdminRoutes(prisma));

  app.use((req, res) => {
    renderError(res, 404, "Halaman yang Anda cari tidak ditemukan. Periksa alamatnya atau kembali ke beranda.");
  });

  let lastOutageLog = 0;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- Express knows an error handler by its four parameters
  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof AppError) {
      const retry = (err as AppError & { retryAfterSeconds?: number }).retryAfterSeconds;
      if (retry) res.setHeader("Retry-After", String(retry));
      renderError(res, err.status, err.userMessage);
      return;
    }
    const e = err as { code?: string; status?: number; type?: string };
    if (e.code === "EBADCSRFTOKEN") {
      renderError(res, 403, "Formulir sudah kedaluwarsa atau tidak sah. Muat ulang halaman, lalu kirim lagi.");
      return;
    }
    // The database's disk is full (PostgreSQL's disk_full, or PGlite's table files).
    if (isDiskFull(err)) {
      logOf(req)?.error({ err }, "database storage full");
      renderError(res, 507, storageFull(null).userMessage);
      return;
    }
    // The form's key was already committed: this is the same form sent again, racing the first.
    if (err instanceof FormReplayError) {
      flash(req, "info", REPLAY_MESSAGE);
      res.redirect(303, backTo(req));
      return;
    }
    if (isConnectionFailure(err)) {
      // Logged once per outage (at most once a minute), not once per request.
      const now = Date.now();
      if (now - lastOutageLog > 60_000) {
        lastOutageLog = now;
        logger.error({ err }, "database unreachable");
      }
      res.setHeader("Retry-After", "30");
      // A write may have committed before the connection dropped: never say "nothing changed" then.
      if (!SAFE_METHODS.has(req.method)) {
        renderError(
          res,
          503,
          "Sambungan ke basis data terputus saat permintaan Anda diproses, sehingga belum dapat dipastikan apakah perubahan sudah tersimpan. " +
            "Buka kembali halaman sebelumnya untuk memeriksanya. Bila Anda mengirim ulang formulir yang sama, aplikasi mengenalinya dan tidak mencatatnya dua kali.",
        );
        return;
      }
      renderError(res, 503, "Basis data sedang tidak dapat dihubungi. Tidak ada yang berubah; coba lagi dalam setengah menit.");
      return;
    }
    // A file that could not be parsed, where the route did not say so itself.
    if (err instanceof UntrustedFileError) {
      if (err.reason === "busy") res.setHeader("Retry-After", "30");
      renderError(res, err.reason === "busy" ? 503 : 422, `Berkas yang dikirim ${err.message}. Tidak ada yang berubah.`);
      return;
    }
    if (e.type === "entity.too.large") {
      renderError(res, 413, "Data yang dikirim terlalu besar.");
      return;
    }
    if (e.type === "parameters.too.many") {
      renderError(res, 413, "Formulir memuat terlalu banyak isian.");
      return;
    }
    // Two writers at once that both passed their checks: the database refused the second.
    if (uniqueViolation(err) !== null) {
      renderError(res, 409, "Data ini baru saja diubah oleh pengguna lain. Muat ulang halaman untuk melihat keadaan terbaru, lalu coba lagi.");
      return;
    }
    if (e.status && e.status >= 400 && e.status < 500) {
      renderError(res, e.status, "Permintaan tidak dapat diproses. Periksa kembali isian Anda.");
      return;
    }
    logOf(req)?.error({ err }, "unhandled error");
    renderError(res, 500, "Maaf, terjadi kesalahan pada sistem. Coba lagi sebentar lagi; bila berulang, hubungi administrator.");
  };
  app.use(onError);
  return app;
}

/** pino-http's logger, which a request that failed before reaching it (in helmet) does not have, whatever its type says. */
const logOf = (req: Request): Request["log"] | undefined => req.log;

function renderError(res: Response, status: number, message: string): void {
  res.status(status);
  if (res.req.accepts(["html", "json"]) === "json") {
    res.json({ error: message });
    return;
  }
  // Express passes null as the error when the page rendered.
  res.render("errors/error", { title: STATUS_TITLES[status] ?? "Kesalahan", status, message }, (err: Error | null, html: string) => {
    // The error page must never fail itself.
    res.type("html").send(err ? `<!doctype html><title>${status}</title><p>${status}</p>` : html);
  });
}
