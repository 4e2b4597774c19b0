// The pieces of the second factor that need no database: the sealed secret, recovery
// codes as typed, and the rule of which roles must.
import { describe, expect, it } from "vitest";
import { open, seal } from "../../src/platform/secret-box.js";
import { hashRecoveryCode, newRecoveryCodes, normaliseRecoveryCode } from "../../src/features/second-factor/recovery-codes.js";
import { normaliseCode } from "../../src/features/second-factor/totp.js";
import { alwaysNeedsSecondFactor, secondFactorRequired, secondFactorRoles } from "../../src/core/policies/second-factor.js";

const KEY = "a-session-secret-of-at-least-32-characters";

describe("sealed TOTP secrets", () => {
  it("when a secret is sealed then only the same key opens it, and an altered box opens to nothing", () => {
    const box = seal(KEY, "JBSWY3DPEHPK3PXP");
    expect(box).not.toContain("JBSWY3DPEHPK3PXP");
    expect(open(KEY, box)).toBe("JBSWY3DPEHPK3PXP");
    expect(seal(KEY, "JBSWY3DPEHPK3PXP")).not.toBe(box);
    expect(open(`${KEY}-rotated`, box)).toBeNull();
    const parts = box.split(".");
    const body = parts[3] ?? "";
    const flipped = [...parts.slice(0, 3), (body[0] === "A" ? "B" : "A") + body.slice(1)].join(".");
    expect(open(KEY, flipped)).toBeNull();
    expect(open(KEY, "not-a-box")).toBeNull();
  });
});

describe("recovery codes as typed", () => {
  it("when codes are made then there are ten, all different, and each reads back however it is typed", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) {
      expect(c).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
      const stored = hashRecoveryCode(normaliseRecoveryCode(c) ?? "");
      expect(hashRecoveryCode(normaliseRecoveryCode(` ${c.toUpperCase().replace("-", " ")} `) ?? "")).toBe(stored);
    }
  });

  it("when a code is typed with letters that look like digits then it is read as the digits; anything else is not a code", () => {
    expect(normaliseRecoveryCode("1o2ab-cdefg")).toBe(normaliseRecoveryCode("1o2ab-cdefg".replace("o", "0")));
    expect(normaliseRecoveryCode("l0000-00000")).toBe("1000000000");
    expect(normaliseRecoveryCode("abc")).toBeNull();
    expect(normaliseRecoveryCode("uuuuu-uuuuu")).toBeNull();
    expect(normaliseCode("123 456")).toBe("123456");
    expect(normaliseCode("12345")).toBeNull();
    expect(normaliseCode("abcdef")).toBeNull();
  });
});

describe("who must give a second factor", () => {
  it("when the setting names roles then those and ADMIN must; unknown names are ignored; ADMIN cannot be left out", () => {
    expect(secondFactorRoles("")).toEqual(["ADMIN"]);
    expect(secondFactorRoles("kabag, raja ,PENELAAH")).toEqual(expect.arrayContaining(["ADMIN", "KABAG", "PENELAAH"]));
    expect(secondFactorRoles("kabag, raja ,PENELAAH")).toHaveLength(3);
    const required = secondFactorRoles("KABAG");
    expect(secondFactorRequired(["SKPD"], required)).toBe(false);
    expect(secondFactorRequired(["PENELAAH", "KABAG"], required)).toBe(true);
    expect(alwaysNeedsSecondFactor(["ADMIN"])).toBe(true);
    expect(alwaysNeedsSecondFactor(["KABAG"])).toBe(false);
  });
});
