// Who may read /metrics: a request carrying the configured bearer token, or one whose
// connection comes from an allowed address. The address is the socket's own, never
// X-Forwarded-For nor req.ip (which follows `trust proxy`): behind a reverse proxy every
// request comes from the proxy, so leave the proxy's address out of METRICS_ALLOW unless
// the proxy itself refuses /metrics to the public, and use the token instead.
import { createHash, timingSafeEqual } from "node:crypto";
import { BlockList, isIPv4 } from "node:net";
import type { Request } from "express";

export type MetricsAccess = { token?: string; allow: readonly string[] };

const digest = (s: string) => createHash("sha256").update(s).digest();

/** The socket's address, with an IPv4 client on a dual-stack socket (::ffff:127.0.0.1) as plain IPv4. */
export function socketAddress(req: Request): string | undefined {
  const a = req.socket.remoteAddress;
  return a?.startsWith("::ffff:") && isIPv4(a.slice(7)) ? a.slice(7) : a;
}

/** A check of one request; built once per app. */
export function metricsAccess(opts: MetricsAccess): (req: Request) => boolean {
  const list = new BlockList();
  for (const entry of opts.allow) {
    const [addr = "", prefix] = entry.split("/");
    const type = isIPv4(addr) ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(prefix), type);
  }
  // Compared as digests: equal length whatever was sent, so the time says nothing about the token.
  const expected = opts.token ? digest(opts.token) : null;
  return (req) => {
    const auth = req.headers.authorization;
    if (expected && auth?.startsWith("Bearer ") && timingSafeEqual(digest(auth.slice(7).trim()), expected)) return true;
    const addr = socketAddress(req);
    return !!addr && list.check(addr, isIPv4(addr) ? "ipv4" : "ipv6");
  };
}
