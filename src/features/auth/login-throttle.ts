// Login throttling that a stranger cannot turn against an account's owner:
// failures are counted per (username, source address) and per source address,
// in the database (so every instance sees the same counts), and each new block
// of the same pair lasts twice as long as the one before. The account itself is
// never locked: its owner logging in from another address is not affected, nor from
// the same address with a device cookie (device-cookie.ts), which has its own limit.
import { RateLimiterPrisma, type RateLimiterRes } from "rate-limiter-flexible";
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";

export type ThrottlePolicy = { maxFailures: number; lockMinutes: number };

const DAY = 24 * 3600;
/** Failures from one address, over all usernames, before it is blocked. */
export const FAILURES_PER_ADDRESS_FACTOR = 10;

export class LoginThrottle {
  private readonly pair: RateLimiterPrisma;
  private readonly address: RateLimiterPrisma;
  private readonly blocks: RateLimiterPrisma;
  private readonly device: RateLimiterPrisma;

  constructor(
    prisma: PrismaClient,
    private readonly policy: ThrottlePolicy,
  ) {
    const base = { storeClient: prisma, tableName: "loginLimit", clearExpiredByTimeout: false };
    this.pair = new RateLimiterPrisma({ ...base, keyPrefix: "fail", points: policy.maxFailures, duration: DAY });
    this.address = new RateLimiterPrisma({ ...base, keyPrefix: "addr", points: policy.maxFailures * FAILURES_PER_ADDRESS_FACTOR, duration: 3600 });
    this.blocks = new RateLimiterPrisma({ ...base, keyPrefix: "blocks", points: 10_000, duration: DAY });
    this.device = new RateLimiterPrisma({ ...base, keyPrefix: "device", points: policy.maxFailures, duration: DAY });
  }

  private static pairKey = (username: string, ip: string) => `${username.trim().toLowerCase().slice(0, 100)}|${ip}`;

  /** Until when this pair or this address may not try again; null when they may. */
  async blockedUntil(username: string, ip: string): Promise<Date | null> {
    const [p, a] = await Promise.all([this.pair.get(LoginThrottle.pairKey(username, ip)), this.address.get(ip)]);
    const until = [blockedTill(p, this.policy.maxFailures), blockedTill(a, this.policy.maxFailures * FAILURES_PER_ADDRESS_FACTOR)]
      .filter((d): d is Date => d !== null)
      .sort((x, y) => y.getTime() - x.getTime());
    return until[0] ?? null;
  }

  /** Counts a failure; returns the end of the block it caused, if any. */
  async failed(username: string, ip: string): Promise<Date | null> {
    const key = LoginThrottle.pairKey(username, ip);
    const [p, a] = await Promise.all([retry(() => this.pair.penalty(key)), retry(() => this.address.penalty(ip))]);
    let until: Date | null = null;
    if (p.consumedPoints >= this.policy.maxFailures) until = await this.block(this.pair, key);
    if (a.consumedPoints >= this.policy.maxFailures * FAILURES_PER_ADDRESS_FACTOR) {
      const u = await this.block(this.address, ip);
      if (!until || u > until) until = u;
    }
    return until;
  }

  /** A successful login clears the pair's failures (the address's stay counted). */
  async succeeded(username: string, ip: string): Promise<void> {
    await this.pair.delete(LoginThrottle.pairKey(username, ip));
  }

  /**
   * Is this device cookie locked out? A locked-out cookie counts as none: its attempts
   * are throttled by address like any browser's (OWASP's "untrusted client").
   */
  async deviceLocked(nonce: string): Promise<boolean> {
    return blockedTill(await this.device.get(nonce), this.policy.maxFailures) !== null;
  }

  /** Counts a failure of a device cookie; at maxFailures the cookie is locked out (doubling, as for pairs). */
  async deviceFailed(nonce: string): Promise<void> {
    const r = await retry(() => this.device.penalty(nonce));
    if (r.consumedPoints >= this.policy.maxFailures) await this.block(this.device, nonce);
  }

  /** A successful login with a device cookie clears that cookie's failures (the address's and pairs' stay counted). */
  async deviceSucceeded(nonce: string): Promise<void> {
    await this.device.delete(nonce);
  }

  /** Blocks a key for lockMinutes, doubled for every earlier block of it in the last day (at most a day). */
  private async block(limiter: RateLimiterPrisma, key: string): Promise<Date> {
    const n = (await retry(() => this.blocks.penalty(`${limiter.keyPrefix}:${key}`))).consumedPoints;
    const seconds = Math.min(DAY, this.policy.lockMinutes * 60 * 2 ** Math.min(n - 1, 10));
    await retry(() => limiter.block(key, seconds));
    return new Date(Date.now() + seconds * 1000);
  }
}

function blockedTill(r: RateLimiterRes | null, points: number): Date | null {
  return r && r.consumedPoints > points && r.msBeforeNext > 0 ? new Date(Date.now() + r.msBeforeNext) : null;
}

/** Two first failures at once may both try to create the row: the loser retries once. */
async function retry<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof Error) return fn();
    throw e;
  }
}

/** After an administrator resets a password: the user's failures from every address are forgotten. */
export async function clearLoginFailures(tx: Prisma.TransactionClient, username: string): Promise<void> {
  const name = username.trim().toLowerCase();
  await tx.loginLimit.deleteMany({ where: { OR: [{ key: { startsWith: `fail:${name}|` } }, { key: { startsWith: `blocks:fail:${name}|` } }] } });
}
