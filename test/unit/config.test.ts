import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/platform/config.js";
import { ALL_ROLES } from "../../src/core/users/roles.js";

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), "kd-cfg-"));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("config", () => {
  it("when nothing is set then the defaults run PGlite in ./data on port 3000", () => {
    const c = loadConfig({ DATA_DIR: tmp() });
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.seedDemo).toBe(true);
  });

  it("when DATA_LOCK_WAIT_SECONDS is not set then a start waits up to 60 s for a silent holder of the folder, and a bad value is named", () => {
    expect(loadConfig({ DATA_DIR: tmp() }).dataLockWaitSeconds).toBe(60);
    expect(loadConfig({ DATA_DIR: tmp(), DATA_LOCK_WAIT_SECONDS: "0" }).dataLockWaitSeconds).toBe(0);
    expect(() => loadConfig({ DATA_LOCK_WAIT_SECONDS: "-1", DATA_DIR: tmp() })).toThrow(/DATA_LOCK_WAIT_SECONDS/);
  });

  it("when PORT is not a number then the error names PORT", () => {
    expect(() => loadConfig({ PORT: "abc", DATA_DIR: tmp() })).toThrow(/PORT/);
  });

  it("when DATABASE_URL is not a postgresql URL then the error names it", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://x", DATA_DIR: tmp() })).toThrow(/DATABASE_URL/);
  });

  it("when in production without SESSION_SECRET then the start is refused", () => {
    expect(() => loadConfig({ NODE_ENV: "production", DATA_DIR: tmp() })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: "production", DATA_DIR: tmp() })).toThrow(/SESSION_SECRET/);
  });

  it("when in production then demo data is never seeded", () => {
    const c = loadConfig({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(40), DATA_DIR: tmp() });
    expect(c.seedDemo).toBe(false);
  });

  it("when in development without a secret then one is generated once and kept in the data folder", () => {
    const d = tmp();
    const a = loadConfig({ DATA_DIR: d });
    const b = loadConfig({ DATA_DIR: d });
    expect(a.sessionSecret).toHaveLength(64);
    expect(b.sessionSecret).toBe(a.sessionSecret);
    expect(readFileSync(path.join(d, "session-secret"), "utf8")).toBe(a.sessionSecret);
  });

  it("when UPLOAD_MAX_MB is set then the byte limit follows", () => {
    expect(loadConfig({ UPLOAD_MAX_MB: "2", DATA_DIR: tmp() }).uploadMaxBytes).toBe(2 * 1024 * 1024);
    expect(() => loadConfig({ UPLOAD_MAX_MB: "-1", DATA_DIR: tmp() })).toThrow(/UPLOAD_MAX_MB/);
  });
  it("when the metrics settings are not set then /metrics is open to loopback only and no token works", () => {
    const c = loadConfig({ DATA_DIR: tmp() });
    expect(c.metricsAllow).toEqual(["127.0.0.1", "::1"]);
    expect(c.metricsToken).toBeUndefined();
  });

  it("when METRICS_ALLOW lists addresses and subnets then they are kept, an empty one allows no address, and a bad entry is named", () => {
    expect(loadConfig({ METRICS_ALLOW: " 10.0.0.0/8, fd00::/8 ,192.168.1.5", DATA_DIR: tmp() }).metricsAllow).toEqual([
      "10.0.0.0/8",
      "fd00::/8",
      "192.168.1.5",
    ]);
    expect(loadConfig({ METRICS_ALLOW: "", DATA_DIR: tmp() }).metricsAllow).toEqual([]);
    for (const bad of ["localhost", "10.0.0.0/33", "10.0.0.1/8/1", "::1/129", "10.0.0.0/x"]) {
      expect(() => loadConfig({ METRICS_ALLOW: bad, DATA_DIR: tmp() }), bad).toThrow(/METRICS_ALLOW/);
    }
  });

  it("when METRICS_TOKEN is short then the start is refused; empty means none", () => {
    expect(() => loadConfig({ METRICS_TOKEN: "short", DATA_DIR: tmp() })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({ METRICS_TOKEN: "", DATA_DIR: tmp() }).metricsToken).toBeUndefined();
  });
  describe("single sign-on (OIDC_*)", () => {
    const sso = { OIDC_ISSUER: "https://sso.jogjakota.go.id/realms/pemkot", OIDC_CLIENT_ID: "kerjasama" };
    const prod = { NODE_ENV: "production", SESSION_SECRET: "x".repeat(40) };

    it("when OIDC_ISSUER is empty then there is no single sign-on", () => {
      expect(loadConfig({ DATA_DIR: tmp() }).oidc).toBeNull();
      expect(loadConfig({ DATA_DIR: tmp(), OIDC_ISSUER: "" }).oidc).toBeNull();
    });

    it("when only the issuer and client id are set then the defaults follow", () => {
      const o = loadConfig({ DATA_DIR: tmp(), ...sso }).oidc!;
      expect(o).toMatchObject({
        issuer: sso.OIDC_ISSUER,
        clientId: "kerjasama",
        label: "SSO Pemkot Yogyakarta",
        providerId: "sso",
        scopes: "openid email profile",
        match: ["nip", "email"],
        nipClaim: "nip",
        roleMap: {},
        trustProviderMfa: false,
        allowHttp: false,
      });
      expect(o.clientSecret).toBeUndefined();
    });

    it("when the issuer is set without a client id, or a client without an issuer, then the missing setting is named", () => {
      expect(() => loadConfig({ DATA_DIR: tmp(), OIDC_ISSUER: sso.OIDC_ISSUER })).toThrow(/OIDC_CLIENT_ID: wajib diisi/);
      expect(() => loadConfig({ DATA_DIR: tmp(), OIDC_CLIENT_ID: "x" })).toThrow(/OIDC_ISSUER: wajib diisi/);
      expect(() => loadConfig({ DATA_DIR: tmp(), OIDC_CLIENT_SECRET: "x" })).toThrow(/OIDC_ISSUER/);
      expect(() => loadConfig({ DATA_DIR: tmp(), ...sso, OIDC_ISSUER: "bukan url" })).toThrow(/OIDC_ISSUER/);
    });

    it("when the issuer is plain http then it needs OIDC_ALLOW_HTTP outside production and is refused in production", () => {
      const http = { ...sso, OIDC_ISSUER: "http://127.0.0.1:4000" };
      expect(() => loadConfig({ DATA_DIR: tmp(), ...http })).toThrow(/OIDC_ISSUER: harus https/);
      expect(loadConfig({ DATA_DIR: tmp(), ...http, OIDC_ALLOW_HTTP: "1" }).oidc?.allowHttp).toBe(true);
      expect(() => loadConfig({ DATA_DIR: tmp(), ...prod, ...http, OIDC_ALLOW_HTTP: "1" })).toThrow(/OIDC_ISSUER: harus https:\/\/ di produksi/);
      expect(() => loadConfig({ DATA_DIR: tmp(), ...prod, ...sso, OIDC_ALLOW_HTTP: "1" })).toThrow(/OIDC_ALLOW_HTTP/);
      expect(loadConfig({ DATA_DIR: tmp(), ...prod, ...sso }).oidc?.issuer).toBe(sso.OIDC_ISSUER);
      expect(() => loadConfig({ DATA_DIR: tmp(), ...sso, OIDC_ALLOW_HTTP: "mungkin" })).toThrow(/OIDC_ALLOW_HTTP/);
    });

    it("when a role map is set then it is read, and an unknown role or a map without its claim is named", () => {
      const o = loadConfig({
        DATA_DIR: tmp(),
        ...sso,
        OIDC_ROLES_CLAIM: "groups",
        OIDC_ROLE_MAP: "kerjasama-admin=ADMIN; kerjasama-staf=penelaah,PENATALAKSANA;kerjasama-admin=KABAG",
      }).oidc!;
      expect(o.rolesClaim).toBe("groups");
      expect(o.roleMap).toEqual({ "kerjasama-admin": ["ADMIN", "KABAG"], "kerjasama-staf": ["PENELAAH", "PENATALAKSANA"] });
      expect(() => loadConfig({ DATA_DIR: tmp(), ...sso, OIDC_ROLES_CLAIM: "groups", OIDC_ROLE_MAP: "a=RAJA" })).toThrow(/OIDC_ROLE_MAP: peran "RAJA"/);
      expect(() => loadConfig({ DATA_DIR: tmp(), ...sso, OIDC_ROLES_CLAIM: "groups", OIDC_ROLE_MAP: "ADMIN" })).toThrow(/OIDC_ROLE_MAP/);
      expect(() => loadConfig({ DATA_DIR: tmp(), ...sso, OIDC_ROLES_CLAIM: "groups" })).toThrow(/OIDC_ROLE_MAP: wajib/);
      expect(() => loadConfig({ DATA_DIR: tmp(), ...sso, OIDC_ROLE_MAP: "a=ADMIN" })).toThrow(/OIDC_ROLES_CLAIM: wajib/);
    });

    it("when every role of the app is named in a role map then each is accepted", () => {
      const map = ALL_ROLES.map((r) => `g-${r}=${r}`).join(";");
      expect(Object.values(loadConfig({ DATA_DIR: tmp(), ...sso, OIDC_ROLES_CLAIM: "groups", OIDC_ROLE_MAP: map }).oidc!.roleMap).flat()).toEqual(ALL_ROLES);
    });

    it("when OIDC_MATCH, OIDC_SCOPES or OIDC_PROVIDER_ID are odd then they are named", () => {
      expect(loadConfig({ DATA_DIR: tmp(), ...sso, OIDC_MATCH: "email" }).oidc?.match).toEqual(["email"]);
      expect(loadConfig({ DATA_DIR: tmp(), ...sso, OIDC_MATCH: "" }).oidc?.match).toEqual([]);
      expect(() => loadConfig({ DATA_DIR: tmp(), ...sso, OIDC_MATCH: "nik" })).toThrow(/OIDC_MATCH/);
      expect(() => loadConfig({ DATA_DIR: tmp(), ...sso, OIDC_SCOPES: "email profile" })).toThrow(/OIDC_SCOPES: harus memuat openid/);
      expect(() => loadConfig({ DATA_DIR: tmp(), ...sso, OIDC_PROVIDER_ID: "SSO Kota" })).toThrow(/OIDC_PROVIDER_ID/);
      expect(loadConfig({ DATA_DIR: tmp(), ...sso }).oidc?.timeoutSeconds).toBe(5);
      expect(() => loadConfig({ DATA_DIR: tmp(), ...sso, OIDC_TIMEOUT_SECONDS: "0" })).toThrow(/OIDC_TIMEOUT_SECONDS/);
    });
  });
});
