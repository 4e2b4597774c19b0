import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/platform/config.js";
import { mappedRoles, nipOf } from "../../src/features/sso/link-service.js";
import { redactUrl } from "../../src/platform/logger.js";

const oidc = (extra: Record<string, string> = {}) =>
  loadConfig({ DATA_DIR: "/tmp/kd-sso-claims", SESSION_SECRET: "x".repeat(40), OIDC_ISSUER: "https://sso.test", OIDC_CLIENT_ID: "kd", ...extra }).oidc!;

describe("claims of the city's provider", () => {
  it("when a NIP claim has spaces or is a number then it is read; anything but 18 digits is no NIP", () => {
    expect(nipOf({ nip: "19800101 200501 1 001" }, "nip")).toBe("198001012005011001");
    expect(nipOf({ pegawai: 198001012005011 }, "pegawai")).toBeUndefined();
    expect(nipOf({ nip: "1980010120050110" }, "nip")).toBeUndefined();
    expect(nipOf({ nip: ["198001012005011001"] }, "nip")).toBeUndefined();
    expect(nipOf({}, "nip")).toBeUndefined();
  });

  it("when no roles claim is configured then roles are not taken from the provider", () => {
    expect(mappedRoles(oidc(), { groups: ["kerjasama-admin"] })).toBeNull();
  });

  it("when a roles claim is configured then its values map to roles, once each, and unknown values give none", () => {
    const cfg = oidc({ OIDC_ROLES_CLAIM: "groups", OIDC_ROLE_MAP: "a=ADMIN;b=PENELAAH,ADMIN;c=KABAG" });
    expect(mappedRoles(cfg, { groups: ["a", "b", "lain"] })).toEqual(["ADMIN", "PENELAAH"]);
    expect(mappedRoles(cfg, { groups: "c" })).toEqual(["KABAG"]);
    expect(mappedRoles(cfg, { groups: ["lain"] })).toEqual([]);
    expect(mappedRoles(cfg, {})).toEqual([]);
  });

  it("when a URL carries a code, state, nonce or token then the log's copy hides them and keeps the rest", () => {
    expect(redactUrl("/login/sso/callback?code=abc&state=def&iss=https%3A%2F%2Fsso.test")).toBe(
      "/login/sso/callback?code=%5Bdisembunyikan%5D&state=%5Bdisembunyikan%5D&iss=https%3A%2F%2Fsso.test",
    );
    expect(redactUrl("https://sso.test/auth?client_id=kd&nonce=n&state=s")).toBe(
      "https://sso.test/auth?client_id=kd&nonce=%5Bdisembunyikan%5D&state=%5Bdisembunyikan%5D",
    );
    expect(redactUrl("/kasus?hal=2")).toBe("/kasus?hal=2");
    expect(redactUrl("/kasus")).toBe("/kasus");
  });
});
