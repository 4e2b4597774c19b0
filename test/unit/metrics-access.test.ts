// Who may read /metrics (platform/metrics/access.ts): the socket's address on the allow
// list, or the bearer token; nothing a client writes in a header counts as its address.
import type { Request } from "express";
import { describe, expect, it } from "vitest";
import { metricsAccess } from "../../src/platform/metrics/access.js";
import { routeLabel } from "../../src/platform/metrics/registry.js";

const req = (remoteAddress: string | undefined, headers: Record<string, string> = {}) => ({ socket: { remoteAddress }, headers }) as unknown as Request;
const TOKEN = "t".repeat(40);

describe("metrics access", () => {
  it("when the socket's address is on the list (an IPv4 client on a dual-stack socket included) then it is allowed", () => {
    const ok = metricsAccess({ allow: ["127.0.0.1", "::1", "10.1.0.0/16"] });
    expect(ok(req("127.0.0.1"))).toBe(true);
    expect(ok(req("::ffff:127.0.0.1"))).toBe(true);
    expect(ok(req("::1"))).toBe(true);
    expect(ok(req("10.1.200.3"))).toBe(true);
    expect(ok(req("10.2.0.1"))).toBe(false);
    expect(ok(req(undefined))).toBe(false);
  });

  it("when X-Forwarded-For names an allowed address then it does not count", () => {
    const ok = metricsAccess({ allow: ["127.0.0.1"] });
    expect(ok(req("203.0.113.9", { "x-forwarded-for": "127.0.0.1" }))).toBe(false);
  });

  it("when the token is configured then only that bearer token opens it; without one no token does", () => {
    const ok = metricsAccess({ allow: [], token: TOKEN });
    expect(ok(req("203.0.113.9", { authorization: `Bearer ${TOKEN}` }))).toBe(true);
    expect(ok(req("203.0.113.9", { authorization: `Bearer ${TOKEN.slice(1)}` }))).toBe(false);
    expect(ok(req("203.0.113.9", { authorization: `Basic ${TOKEN}` }))).toBe(false);
    expect(ok(req("203.0.113.9"))).toBe(false);
    expect(metricsAccess({ allow: [] })(req("203.0.113.9", { authorization: "Bearer " }))).toBe(false);
  });

  it("when a request matched no route then its label is fixed, never its address", () => {
    expect(routeLabel({ route: { path: "/kasus/:id" }, baseUrl: "", originalUrl: "/kasus/12" } as unknown as Request)).toBe("/kasus/:id");
    expect(routeLabel({ baseUrl: "", originalUrl: "/kasus/12/x" } as unknown as Request)).toBe("unmatched");
    expect(routeLabel({ baseUrl: "", originalUrl: "/public/app.css" } as unknown as Request)).toBe("/public");
  });
});
