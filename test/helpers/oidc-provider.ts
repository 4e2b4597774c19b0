// A real OpenID Connect provider for the tests: oidc-provider (a certified implementation)
// on 127.0.0.1 and a random port, with one registered client, accounts from a map, PKCE
// required and a small login page of its own (the "interaction"): a form that takes the
// account's `sub`. Consent is granted by the provider's policy for this client.
import { generateKeyPairSync } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration } from "oidc-provider";

export type TestAccount = {
  email?: string;
  email_verified?: boolean;
  name?: string;
  nip?: string;
  groups?: string[];
  /** The code of the account's SKPD. */
  skpd?: string;
  amr?: string[];
};

export type TestProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, TestAccount>;
  /** The env of a test app that uses this provider (APP_URL is the app's own address). */
  env(appUrl: string, extra?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
};

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const parts: Buffer[] = [];
  for await (const p of req) parts.push(p as Buffer);
  return new URLSearchParams(Buffer.concat(parts).toString("utf8"));
}

const page = (res: ServerResponse, status: number, html: string) => {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><html lang="id"><head><meta charset="utf-8"><title>SSO Uji</title></head><body>${html}</body></html>`);
};

/**
 * Starts the provider. `appUrl` is where the app answers (its callback and post-logout
 * addresses are registered from it); `shortCodes` lists the accounts whose codes are good
 * for one second only (the expired-code test), everyone else's for a minute.
 */
export async function startTestProvider(opts: { appUrl: string; accounts: Record<string, TestAccount>; shortCodes?: string[] }): Promise<TestProvider> {
  const accounts = new Map(Object.entries(opts.accounts));
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (req, res) => res.end();
  const server: Server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "kerjasama-daerah";
  const clientSecret = "rahasia-klien-uji-0123456789abcdef";

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${opts.appUrl}/login/sso/callback`],
        post_logout_redirect_uris: [`${opts.appUrl}/login?keluar=1`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    pkce: { required: () => true },
    // amr with the openid scope: the ID token says how the user logged in (OIDC_TRUST_PROVIDER_MFA reads it).
    claims: {
      acr: null,
      sid: null,
      auth_time: null,
      iss: null,
      openid: ["sub", "amr"],
      email: ["email", "email_verified"],
      profile: ["name", "nip", "groups", "skpd"],
    },
    findAccount: (_ctx, sub) => {
      const a = accounts.get(sub);
      if (!a) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...a }) };
    },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // This client is first-party: every scope it asks for is granted without a consent page.
    loadExistingGrant: async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      const client = ctx.oidc.client;
      if (!accountId || !client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
    ttl: {
      AuthorizationCode: (_ctx: unknown, code: { accountId?: string }) => (code.accountId && opts.shortCodes?.includes(code.accountId) ? 1 : 60),
      AccessToken: 600,
      IdToken: 600,
      Session: 3600,
      Grant: 3600,
      Interaction: 600,
    },
    // A signing key of this run (the provider's quick-start keys would do, with a warning).
    jwks: { keys: [{ ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }), use: "sig", alg: "RS256", kid: "uji" }] },
    cookies: { keys: ["kunci-cookie-penyedia-uji-0123456789"] },
    renderError: (ctx, out) => {
      ctx.type = "html";
      ctx.body = `<!doctype html><title>Kesalahan SSO</title><p>${esc(out.error)}: ${esc(out.error_description ?? "")}</p>`;
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  handler = (req, res) => {
    const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec((req.url ?? "").split("?")[0] ?? "");
    if (!m) {
      void callback(req, res);
      return;
    }
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (req.method === "POST" && m[2]) {
          const sub = (await formBody(req)).get("sub") ?? "";
          if (!accounts.has(sub)) {
            page(res, 200, loginForm(details.uid, "Akun SSO tidak dikenal."));
            return;
          }
          const amr = accounts.get(sub)?.amr;
          await provider.interactionFinished(req, res, { login: { accountId: sub, ...(amr ? { amr } : {}) } }, { mergeWithLastSubmission: false });
          return;
        }
        page(res, 200, loginForm(details.uid, null));
      } catch (e) {
        page(res, 400, `<p>Interaksi tidak sah: ${esc(String(e))}</p>`);
      }
    })();
  };

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    env: (appUrl, extra = {}) => ({
      APP_URL: appUrl,
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_ALLOW_HTTP: "1",
      OIDC_LABEL: "SSO Uji",
      ...extra,
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function loginForm(uid: string, error: string | null): string {
  return `<main><h1>SSO Uji Pemkot</h1>${error ? `<p role="alert">${esc(error)}</p>` : ""}
<form method="post" action="/interaction/${esc(uid)}/login">
<label for="sub">Akun SSO</label> <input id="sub" name="sub" autocomplete="username">
<label for="pw">Kata sandi SSO</label> <input id="pw" name="password" type="password">
<button type="submit">Masuk ke SSO</button></form></main>`;
}
