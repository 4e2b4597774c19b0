// The app as a client of the city's OpenID Connect provider (openid-client): the
// authorization code flow with PKCE (S256), state and nonce. The provider's metadata is
// discovered on first use and kept; a failed discovery is retried after a short pause, so
// that a provider that is down costs a login attempt at most one timeout. Knows nothing of
// HTTP requests or of users: the routes keep the pending login in the session, the link
// service finds the user.
import type * as Oidc from "openid-client";

/** openid-client is loaded when SSO is first used, not at start (docs/architecture.md#memory). */
let loaded: typeof Oidc | undefined;
const openidClient = async (): Promise<typeof Oidc> => (loaded ??= await import("openid-client"));
import type { OidcConfig } from "../../platform/config.js";

/** What the session keeps between the redirect to the provider and its answer. */
export type PendingSso = { state: string; nonce: string; codeVerifier: string; next: string; at: number };

/** The provider's verified answer: the subject, its claims (ID token over userinfo) and the ID token for the logout. */
export type SsoAnswer = { subject: string; claims: Record<string, unknown>; idToken?: string };

/** Why a login through the provider did not go through; `reason` is for the log, `userMessage` for the page. */
export class SsoFailure extends Error {
  constructor(
    public readonly status: number,
    public readonly reason: string,
    public readonly userMessage: string,
    /** Safe to log: an error's name and code, never a token or a claim. */
    public readonly detail: Record<string, string | undefined> = {},
  ) {
    super(reason);
  }
}

/** The one message for a provider that cannot be reached: the local login still works. */
export const UNREACHABLE = "SSO sedang tidak dapat dihubungi; masuk dengan nama pengguna dan kata sandi.";

/** After a failed discovery, logins fail at once for this long instead of each waiting for the timeout. */
const RETRY_AFTER_MS = 10_000;

export type SsoClient = {
  config: OidcConfig;
  redirectUri: string;
  /** The provider's authorization URL and what the session must keep until its answer. */
  begin(next: string): Promise<{ url: string; pending: PendingSso }>;
  /** Exchanges the code of `callbackUrl` (checked against `pending`) and verifies the ID token. */
  finish(callbackUrl: URL, pending: PendingSso): Promise<SsoAnswer>;
  /** The provider's logout address for a session that began with `idToken`; null when the provider has none. */
  logoutUrl(idToken: string | undefined): Promise<string | null>;
};

const errorDetail = (e: unknown): Record<string, string | undefined> => {
  const x = e as { name?: unknown; code?: unknown; error?: unknown; cause?: { code?: unknown; name?: unknown } };
  const s = (v: unknown) => (typeof v === "string" ? v.slice(0, 100) : undefined);
  return { name: s(x.name), code: s(x.code), error: s(x.error), cause: s(x.cause?.code) ?? s(x.cause?.name) };
};

/** A failure to reach the provider at all (refused, DNS, timeout, TLS), as opposed to an answer it gave. */
function isNetworkFailure(e: unknown): boolean {
  const x = e as { name?: string; code?: string; cause?: { name?: string; code?: string } };
  if (x.name === "TimeoutError" || x.name === "AbortError") return true;
  // fetch rejects with a TypeError whose cause is the socket's error.
  if (e instanceof TypeError && x.cause) return true;
  return false;
}

export function createSsoClient(cfg: OidcConfig, appUrl: string): SsoClient {
  const redirectUri = new URL("/login/sso/callback", appUrl).href;
  const postLogoutUri = new URL("/login?keluar=1", appUrl).href;
  let discovered: Oidc.Configuration | undefined;
  let inflight: Promise<Oidc.Configuration> | undefined;
  let failedAt = 0;

  async function configuration(): Promise<Oidc.Configuration> {
    if (discovered) return discovered;
    const oidc = await openidClient();
    if (Date.now() - failedAt < RETRY_AFTER_MS) throw new SsoFailure(503, "provider unreachable (recent discovery failed)", UNREACHABLE);
    inflight ??= oidc
      .discovery(
        new URL(cfg.issuer),
        cfg.clientId,
        cfg.clientSecret ? { client_secret: cfg.clientSecret } : undefined,
        // client_secret_basic is what a registration without a stated method gets (OpenID Connect Registration §2).
        cfg.clientSecret ? oidc.ClientSecretBasic(cfg.clientSecret) : oidc.None(),
        // Plain http only for a test provider outside production (config.ts refuses OIDC_ALLOW_HTTP in production).
        // eslint-disable-next-line @typescript-eslint/no-deprecated -- deprecated only to stand out; this is its one intended use
        { timeout: cfg.timeoutSeconds, execute: cfg.allowHttp ? [oidc.allowInsecureRequests] : [] },
      )
      .finally(() => {
        inflight = undefined;
      });
    try {
      discovered = await inflight;
      return discovered;
    } catch (e) {
      failedAt = Date.now();
      throw new SsoFailure(503, "provider discovery failed", UNREACHABLE, errorDetail(e));
    }
  }

  return {
    config: cfg,
    redirectUri,

    async begin(next) {
      const oidc = await openidClient();
      const c = await configuration();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(c, {
        redirect_uri: redirectUri,
        scope: cfg.scopes,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: "S256",
        state,
        nonce,
      });
      return { url: url.href, pending: { state, nonce, codeVerifier, next, at: Date.now() } };
    },

    async finish(callbackUrl, pending) {
      const oidc = await openidClient();
      const c = await configuration();
      let tokens: Awaited<ReturnType<typeof Oidc.authorizationCodeGrant>>;
      try {
        // Checks the state, the issuer of the answer, the code at the token endpoint (with the PKCE verifier),
        // and the ID token's signature, issuer, audience, times and nonce.
        tokens = await oidc.authorizationCodeGrant(c, callbackUrl, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
      } catch (e) {
        throw classify(e, oidc);
      }
      const idClaims = tokens.claims();
      if (!idClaims) throw new SsoFailure(400, "no ID token", "Penyedia SSO tidak mengirim identitas Anda. Coba lagi atau hubungi administrator.");
      let userinfo: Record<string, unknown> = {};
      // Many providers put e-mail, NIP and groups in the userinfo answer only; the signed ID token wins where both speak.
      if (tokens.access_token && c.serverMetadata().userinfo_endpoint) {
        try {
          userinfo = await oidc.fetchUserInfo(c, tokens.access_token, idClaims.sub);
        } catch (e) {
          throw classify(e, oidc);
        }
      }
      return { subject: idClaims.sub, claims: { ...userinfo, ...idClaims }, idToken: tokens.id_token };
    },

    async logoutUrl(idToken) {
      const oidc = await openidClient();
      const c = await configuration();
      if (!c.serverMetadata().end_session_endpoint) return null;
      return oidc.buildEndSessionUrl(c, { ...(idToken ? { id_token_hint: idToken } : {}), post_logout_redirect_uri: postLogoutUri, client_id: cfg.clientId })
        .href;
    },
  };
}

/** What went wrong in the exchange, as the user and the log should hear it. */
function classify(e: unknown, oidc: typeof Oidc): SsoFailure {
  const detail = errorDetail(e);
  if (isNetworkFailure(e)) return new SsoFailure(503, "provider unreachable", UNREACHABLE, detail);
  if (e instanceof oidc.AuthorizationResponseError) {
    return new SsoFailure(
      401,
      "provider refused the login",
      "Penyedia SSO menolak atau membatalkan permintaan masuk. Coba lagi, atau masuk dengan nama pengguna dan kata sandi.",
      detail,
    );
  }
  if (e instanceof oidc.ResponseBodyError && e.error === "invalid_grant") {
    return new SsoFailure(
      400,
      "code refused by the provider (expired, used, or not this browser's)",
      "Kode masuk dari SSO sudah kedaluwarsa atau sudah dipakai. Klik “Masuk dengan SSO” sekali lagi.",
      detail,
    );
  }
  if (e instanceof oidc.ResponseBodyError || e instanceof oidc.WWWAuthenticateChallengeError) {
    return new SsoFailure(
      400,
      "provider answered with an error",
      "Penyedia SSO menolak permintaan aplikasi. Coba lagi; bila berulang, hubungi administrator.",
      detail,
    );
  }
  // A state, issuer, audience, nonce, signature or time that does not check out.
  return new SsoFailure(
    400,
    "provider's answer failed verification",
    "Jawaban dari SSO tidak sah atau tidak cocok dengan permintaan masuk dari peramban ini. Klik “Masuk dengan SSO” sekali lagi.",
    detail,
  );
}
