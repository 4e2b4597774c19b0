// A user's second factor: setting it up, checking a code at sign-in, renewing the
// recovery codes, turning it off where no role requires it, and an administrator's
// reset. Knows nothing of HTTP. The rule of who must have one is in
// core/policies/second-factor.ts; the codes themselves in totp.ts and recovery-codes.ts.
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { notFound } from "../../platform/errors.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { getSettings } from "../../core/settings/settings-service.js";
import { secondFactorRequired, secondFactorRoles } from "../../core/policies/second-factor.js";
import type { SecondFactorNeed } from "../auth/complete-login.js";
import { notify } from "../notifications/notification-service.js";
import dayjs from "../../platform/time.js";
import { hashRecoveryCode, newRecoveryCodes, normaliseRecoveryCode } from "./recovery-codes.js";
import { open, seal } from "../../platform/secret-box.js";
import { acceptedStep, normaliseCode } from "./totp.js";

export type Factor = "totp" | "recovery";
export type CheckResult = { ok: true; factor: Factor; recoveryLeft?: number; unreadable?: true } | { ok: false; message: string; unreadable?: true };

/** Wrong codes within one sign-in before it is dropped and the password is asked again. */
export const MAX_PENDING_FAILURES = 5;
/** With this many recovery codes left or fewer, the user is told to make new ones. */
export const FEW_RECOVERY_CODES = 3;

/** Wrong codes a user may send in FAILURE_WINDOW_S before they wait (an attacker with the password gets a handful of guesses, not a million). */
export const MAX_CODE_FAILURES = 10;
const FAILURE_WINDOW_S = 15 * 60;

export const CODE_FORMAT = "Masukkan 6 angka dari aplikasi autentikator, atau salah satu kode pemulihan (contoh: abcde-12345).";

/** Is the second factor required of this user by their roles (the settings' list, ADMIN always)? */
export async function requiredFor(prisma: PrismaClient, roles: readonly string[]): Promise<boolean> {
  const settings = await getSettings(prisma);
  return secondFactorRequired(roles as Parameters<typeof secondFactorRequired>[0], secondFactorRoles(settings["secondFactor.roles"]));
}

/** What a sign-in of `userId` asks after the first factor (auth/complete-login.ts). */
export async function secondFactorNeed(prisma: PrismaClient, userId: number): Promise<SecondFactorNeed> {
  const u = await prisma.user.findUnique({ where: { id: userId }, select: { roles: true, totpEnabledAt: true } });
  if (!u) return "none";
  if (u.totpEnabledAt) return "verify";
  return (await requiredFor(prisma, u.roles)) ? "enroll" : "none";
}

/** The account name an authenticator app shows beside the codes (the username). */
export const accountName = async (prisma: PrismaClient, userId: number) =>
  (await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { username: true } })).username;

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** A change to the user's own factor, told to them (in the app, and by e-mail where they have an address), in the change's transaction. */
export const tellOwner = (tx: Tx, userId: number, what: string) =>
  notify(tx, [userId], { kind: "SECURITY", title: `${what} Bila itu bukan Anda, segera ganti kata sandi dan hubungi administrator.`, link: "/akun/keamanan" });

/** The budget of wrong codes is spent: someone who knows the password is guessing codes. */
const warnOfGuessing = (prisma: PrismaClient, userId: number) =>
  notify(prisma, [userId], {
    kind: "SECURITY",
    title: `Kode faktor kedua akun Anda salah ${MAX_CODE_FAILURES} kali setelah kata sandi yang benar. Bila itu bukan Anda, kata sandi Anda diketahui orang lain: segera ganti kata sandi.`,
    link: "/akun/keamanan",
  });

export class SecondFactor {
  private readonly failures: RateLimiterPrisma;

  constructor(
    private readonly prisma: PrismaClient,
    /** SESSION_SECRET: the key of the stored TOTP secrets (secret-box.ts). */
    private readonly appSecret: string,
  ) {
    this.failures = new RateLimiterPrisma({
      storeClient: prisma,
      tableName: "loginLimit",
      clearExpiredByTimeout: false,
      keyPrefix: "2fa",
      points: MAX_CODE_FAILURES,
      duration: FAILURE_WINDOW_S,
    });
  }

  /** A new secret to set up, sealed for keeping in the session until it is confirmed. */
  sealForSession = (secret: string) => seal(this.appSecret, secret);
  openFromSession = (sealed: string | undefined) => (sealed ? open(this.appSecret, sealed) : null);

  /**
   * Checks a code typed at sign-in (or before a change to the factor): a TOTP code, or an
   * unused recovery code, each good once. A point of the account's budget of wrong codes is
   * taken before the check (atomic, so parallel guesses cannot outrun it) and given back
   * when the code was right or could not be checked; the guess that spends the budget
   * tells the user, in the app and by e-mail.
   */
  async check(userId: number, input: string, now = Date.now()): Promise<CheckResult> {
    return this.budgeted(userId, now, () => this.checkOnce(userId, input, now));
  }

  /**
   * Runs one check of a factor (a code, or a security key's answer: security-keys.ts) within
   * the account's budget of failures: a point is taken before it and given back when it
   * succeeded or could not be checked; the failure that spends the budget tells the user.
   */
  async budgeted<R extends { ok: boolean; unreadable?: true }>(
    userId: number,
    now: number,
    run: () => Promise<R>,
  ): Promise<R | { ok: false; message: string; limited: true }> {
    const key = String(userId);
    let spent: number;
    try {
      spent = (await this.failures.consume(key)).consumedPoints;
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      const until = dayjs(now + e.msBeforeNext)
        .tz()
        .format("HH.mm");
      return { ok: false, limited: true, message: `Terlalu banyak percobaan yang salah. Coba lagi setelah pukul ${until} WIB, atau hubungi administrator.` };
    }
    const r = await run();
    if (r.ok || r.unreadable) await this.failures.reward(key, 1);
    else if (spent === MAX_CODE_FAILURES) await warnOfGuessing(this.prisma, userId);
    return r;
  }

  /** Can the stored secret be read with today's SESSION_SECRET (false after it changed)? null: no factor. */
  async secretReadable(userId: number): Promise<boolean | null> {
    const u = await this.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { totpSecret: true } });
    return u.totpSecret === null ? null : open(this.appSecret, u.totpSecret) !== null;
  }

  private async checkOnce(userId: number, input: string, now: number): Promise<CheckResult> {
    const u = await this.prisma.user.findUnique({ where: { id: userId }, select: { totpSecret: true, totpLastStep: true } });
    if (!u?.totpSecret) return { ok: false, message: "Faktor kedua akun ini belum diatur." };
    const code = normaliseCode(input);
    if (code) {
      const secret = open(this.appSecret, u.totpSecret);
      if (secret === null) {
        return {
          ok: false,
          unreadable: true,
          message:
            "Kode aplikasi tidak dapat diperiksa untuk akun ini (kunci server berganti). Masuk dengan salah satu kode pemulihan, lalu atur ulang aplikasi autentikator; atau minta administrator mengatur ulang faktor kedua.",
        };
      }
      const step = await acceptedStep(secret, code, u.totpLastStep, now);
      if (step === null) {
        const reused = u.totpLastStep !== null && (await acceptedStep(secret, code, null, now)) !== null;
        return {
          ok: false,
          message: reused
            ? "Kode ini sudah dipakai. Tunggu kode berikutnya di aplikasi, lalu coba lagi."
            : "Kode salah. Periksa bahwa jam ponsel tepat, lalu masukkan kode yang sedang tampil.",
        };
      }
      // Taken once even when two requests carry the same code at the same moment.
      const taken = await this.prisma.user.updateMany({
        where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
        data: { totpLastStep: step },
      });
      return taken.count === 1
        ? { ok: true, factor: "totp" }
        : { ok: false, message: "Kode ini sudah dipakai. Tunggu kode berikutnya di aplikasi, lalu coba lagi." };
    }
    const recovery = normaliseRecoveryCode(input);
    if (!recovery) return { ok: false, message: CODE_FORMAT };
    const used = await this.prisma.recoveryCode.updateMany({
      where: { userId, codeHash: hashRecoveryCode(recovery), usedAt: null },
      data: { usedAt: new Date(now) },
    });
    if (used.count !== 1) return { ok: false, message: "Kode pemulihan salah atau sudah pernah dipakai." };
    const recoveryLeft = await this.prisma.recoveryCode.count({ where: { userId, usedAt: null } });
    // The app's secret cannot be read any more: the user sets the app up again next (second-factor/routes.ts).
    return { ok: true, factor: "recovery", recoveryLeft, ...(open(this.appSecret, u.totpSecret) === null ? { unreadable: true as const } : {}) };
  }

  /**
   * Confirms a new secret with a code from the app, then keeps it (sealed) with ten new
   * recovery codes, which are returned to be shown once.
   */
  async enrol(
    userId: number,
    secret: string,
    input: string,
    o: { now?: number; tell?: boolean } = {},
  ): Promise<{ ok: true; codes: string[] } | { ok: false; message: string; alreadySet?: true }> {
    const now = o.now ?? Date.now();
    const code = normaliseCode(input);
    if (!code) return { ok: false, message: "Masukkan 6 angka yang tampil di aplikasi autentikator." };
    const step = await acceptedStep(secret, code, null, now);
    if (step === null) return { ok: false, message: "Kode belum cocok. Pastikan jam ponsel tepat, lalu masukkan kode yang sedang tampil." };
    const codes = newRecoveryCodes();
    const set = await this.prisma.$transaction(async (tx) => {
      // Only over no factor, or over one whose secret can no longer be read (SESSION_SECRET changed):
      // a second browser setting one up at the same time does not replace the first's.
      const current = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { totpSecret: true } });
      if (current.totpSecret !== null && open(this.appSecret, current.totpSecret) !== null) return false;
      const taken = await tx.user.updateMany({
        where: { id: userId, totpSecret: current.totpSecret },
        data: { totpSecret: seal(this.appSecret, secret), totpEnabledAt: new Date(now), totpLastStep: step },
      });
      if (taken.count !== 1) return false;
      await tx.recoveryCode.deleteMany({ where: { userId } });
      await tx.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashRecoveryCode(normaliseRecoveryCode(c) ?? c) })) });
      await tx.adminLog.create({ data: { actorId: userId, action: "second-factor.enrol", target: `user:${userId}`, detail: { recoveryCodes: codes.length } } });
      if (o.tell) await tellOwner(tx, userId, "Faktor kedua akun Anda diaktifkan dengan aplikasi autentikator baru.");
      return true;
    });
    if (!set) {
      return {
        ok: false,
        alreadySet: true,
        message: "Faktor kedua akun ini sudah diatur dari perangkat lain. Masuk lagi, lalu masukkan kode dari aplikasi yang dipakai saat itu.",
      };
    }
    return { ok: true, codes };
  }

  /** Ten new recovery codes (the old ones stop working), after a good code. */
  async renewRecoveryCodes(userId: number, input: string): Promise<{ ok: true; codes: string[] } | { ok: false; message: string }> {
    const checked = await this.check(userId, input);
    if (!checked.ok) return checked;
    const codes = newRecoveryCodes();
    await this.prisma.$transaction(async (tx) => {
      await tx.recoveryCode.deleteMany({ where: { userId } });
      await tx.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashRecoveryCode(normaliseRecoveryCode(c) ?? c) })) });
      await tx.adminLog.create({
        data: { actorId: userId, action: "second-factor.recovery-codes", target: `user:${userId}`, detail: { recoveryCodes: codes.length } },
      });
      await tellOwner(tx, userId, "Kode pemulihan baru dibuat untuk akun Anda; kode yang lama tidak berlaku lagi.");
    });
    return { ok: true, codes };
  }

  /** Turns the second factor off, after a good code; refused where the user's roles require one. */
  async turnOff(userId: number, input: string): Promise<{ ok: true } | { ok: false; message: string }> {
    const u = await this.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { roles: true } });
    if (await requiredFor(this.prisma, u.roles)) return { ok: false, message: "Peran Anda mewajibkan faktor kedua: faktor kedua tidak dapat dimatikan." };
    const checked = await this.check(userId, input);
    if (!checked.ok) return checked;
    await this.prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id: userId }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } });
      await tx.recoveryCode.deleteMany({ where: { userId } });
      // Security keys go with the app: they are offered only beside it (security-keys.ts).
      await tx.securityKey.deleteMany({ where: { userId } });
      await tx.adminLog.create({ data: { actorId: userId, action: "second-factor.off", target: `user:${userId}` } });
      await tellOwner(tx, userId, "Faktor kedua akun Anda dimatikan: akun kini hanya dilindungi kata sandi.");
    });
    return { ok: true };
  }
}

/**
 * ADMIN resets a user's second factor (a lost phone and no recovery code): the secret
 * and the recovery codes go, every session of the user ends, the change is logged and
 * the user is told (in the app and by e-mail). Their next sign-in sets it up again
 * where their roles require it.
 */
export async function resetSecondFactor(prisma: PrismaClient, actorId: number, userId: number): Promise<{ ok: true } | { ok: false; message: string }> {
  const u = await prisma.user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true, username: true } });
  if (!u) throw notFound("Pengguna tidak ditemukan.");
  if (!u.totpEnabledAt) return { ok: false, message: `Pengguna ${u.username} belum memakai faktor kedua: tidak ada yang diatur ulang.` };
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    // Security keys go with the app: they are offered only beside it (security-keys.ts).
    await tx.securityKey.deleteMany({ where: { userId } });
    await tx.session.deleteMany({ where: { userId } });
    await tx.adminLog.create({ data: { actorId, action: "second-factor.reset", target: `user:${userId}`, detail: { username: u.username } } });
    await notify(tx, [userId], {
      kind: "SECURITY",
      title:
        "Administrator mengatur ulang faktor kedua akun Anda dan mengakhiri semua sesi Anda. Saat masuk berikutnya, atur lagi aplikasi autentikator Anda. Bila Anda tidak memintanya, segera hubungi administrator.",
      link: "/akun/keamanan",
    });
  });
  return { ok: true };
}
