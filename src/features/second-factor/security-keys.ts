// Security keys and passkeys (WebAuthn) as a second way to give the second factor, for
// those who have one: added from "Keamanan akun" by a user who already has the
// authenticator app (the app and the recovery codes stay the way back in), and offered
// at sign-in beside the code field. The ceremonies are @simplewebauthn/server's; the
// challenge of each lives in the session and is taken by the first answer. Knows
// nothing of HTTP.
import type {
  AuthenticationResponseJSON,
  AuthenticatorTransportFuture,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";

/** @simplewebauthn/server (about 30 MB with its certificate libraries) is loaded when a key is first used, not at start (docs/architecture.md#memory). */
const webauthn = () => import("@simplewebauthn/server");
import type { PrismaClient } from "../../generated/prisma/client.js";
import { notFound } from "../../platform/errors.js";
import { tellOwner, type SecondFactor } from "./second-factor-service.js";

/** Keys one user may keep. */
export const MAX_KEYS = 10;
/** A registration's challenge is good this long (a sign-in's lives as long as the pending sign-in). */
export const REGISTRATION_CHALLENGE_MS = 5 * 60_000;

const TRANSPORTS = new Set<string>(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"]);
const transportsOf = (list: readonly string[]) => list.filter((t): t is AuthenticatorTransportFuture => TRANSPORTS.has(t));

/** The relying party: the host of APP_URL (a key answers for that name only) and its origin. */
export function relyingParty(appUrl: string): { rpID: string; origin: string } {
  const u = new URL(appUrl);
  return { rpID: u.hostname, origin: u.origin };
}

export type KeyResult = { ok: true } | { ok: false; message: string; limited?: true };

const REFUSED = "Kunci keamanan tidak dikenali atau jawabannya tidak sah. Coba lagi, atau masukkan kode dari aplikasi autentikator.";

export class SecurityKeys {
  private readonly rp: { rpID: string; origin: string };

  constructor(
    private readonly prisma: PrismaClient,
    private readonly factor: SecondFactor,
    appUrl: string,
  ) {
    this.rp = relyingParty(appUrl);
  }

  /** Does the user have a key to offer at sign-in? */
  async has(userId: number): Promise<boolean> {
    return (await this.prisma.securityKey.count({ where: { userId } })) > 0;
  }

  /** May the user add a key: the app must be set up first (it and the recovery codes stay the way back in). */
  private async mayAdd(userId: number): Promise<{ ok: true; username: string; fullName: string } | { ok: false; message: string }> {
    const u = await this.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { username: true, fullName: true, totpEnabledAt: true } });
    if (!u.totpEnabledAt) return { ok: false, message: "Atur dulu faktor kedua dengan aplikasi autentikator; kunci keamanan dapat ditambahkan sesudahnya." };
    if ((await this.prisma.securityKey.count({ where: { userId } })) >= MAX_KEYS) {
      return { ok: false, message: `Anda sudah punya ${MAX_KEYS} kunci keamanan. Hapus salah satu dulu.` };
    }
    return { ok: true, username: u.username, fullName: u.fullName };
  }

  /** The options for the browser to make a new credential; the caller keeps `options.challenge` in the session. */
  async registrationOptions(userId: number): Promise<{ ok: true; options: PublicKeyCredentialCreationOptionsJSON } | { ok: false; message: string }> {
    const may = await this.mayAdd(userId);
    if (!may.ok) return may;
    const existing = await this.prisma.securityKey.findMany({ where: { userId }, select: { credentialId: true, transports: true } });
    const options = await (
      await webauthn()
    ).generateRegistrationOptions({
      rpName: "Kerjasama Daerah Kota Yogyakarta",
      rpID: this.rp.rpID,
      userName: may.username,
      userDisplayName: may.fullName,
      userID: new TextEncoder().encode(`user:${userId}`),
      attestationType: "none",
      // The same key is not added twice.
      excludeCredentials: existing.map((k) => ({ id: k.credentialId, transports: transportsOf(k.transports) })),
      authenticatorSelection: { residentKey: "discouraged", userVerification: "preferred" },
    });
    return { ok: true, options };
  }

  /** Checks the browser's new credential against the challenge sent, and keeps it under the user's label. */
  async register(userId: number, expectedChallenge: string, response: RegistrationResponseJSON, name: string): Promise<KeyResult> {
    const may = await this.mayAdd(userId);
    if (!may.ok) return may;
    let info;
    try {
      const v = await (
        await webauthn()
      ).verifyRegistrationResponse({
        response,
        expectedChallenge,
        expectedOrigin: this.rp.origin,
        expectedRPID: this.rp.rpID,
        requireUserVerification: false,
      });
      if (!v.verified) return { ok: false, message: "Kunci keamanan belum tersimpan: jawabannya tidak sah. Coba lagi." };
      info = v.registrationInfo;
    } catch {
      return { ok: false, message: "Kunci keamanan belum tersimpan: jawabannya tidak sah atau permintaannya sudah kedaluwarsa. Coba lagi." };
    }
    const cred = info.credential;
    if (await this.prisma.securityKey.findUnique({ where: { credentialId: cred.id }, select: { id: true } })) {
      return { ok: false, message: "Kunci keamanan ini sudah terdaftar." };
    }
    const label = name.trim() || "Kunci keamanan";
    await this.prisma.$transaction(async (tx) => {
      const key = await tx.securityKey.create({
        data: {
          userId,
          credentialId: cred.id,
          publicKey: Buffer.from(cred.publicKey),
          counter: BigInt(cred.counter),
          transports: cred.transports ?? [],
          name: label,
        },
      });
      await tx.adminLog.create({
        data: { actorId: userId, action: "second-factor.key-added", target: `user:${userId}`, detail: { keyId: key.id, name: label } },
      });
      await tellOwner(tx, userId, `Kunci keamanan "${label}" ditambahkan ke akun Anda.`);
    });
    return { ok: true };
  }

  /** Removes one of the user's own keys (another user's is not found). */
  async remove(userId: number, keyId: number): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const key = await tx.securityKey.findFirst({ where: { id: keyId, userId }, select: { name: true } });
      if (!key) throw notFound("Kunci keamanan tidak ditemukan.");
      await tx.securityKey.delete({ where: { id: keyId } });
      await tx.adminLog.create({ data: { actorId: userId, action: "second-factor.key-removed", target: `user:${userId}`, detail: { keyId, name: key.name } } });
      await tellOwner(tx, userId, `Kunci keamanan "${key.name}" dihapus dari akun Anda.`);
    });
  }

  /** The options for the browser to ask one of the user's keys; the caller keeps `options.challenge` in the pending sign-in. */
  async signInOptions(userId: number): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
    const keys = await this.prisma.securityKey.findMany({ where: { userId }, select: { credentialId: true, transports: true } });
    if (!keys.length) return null;
    return (await webauthn()).generateAuthenticationOptions({
      rpID: this.rp.rpID,
      allowCredentials: keys.map((k) => ({ id: k.credentialId, transports: transportsOf(k.transports) })),
      userVerification: "preferred",
    });
  }

  /**
   * Checks a key's answer at sign-in against the challenge sent, within the account's
   * budget of failures (the same as wrong codes'). A key's use is taken once: two
   * requests carrying the same answer at the same moment do not both pass.
   */
  async signIn(userId: number, expectedChallenge: string | undefined, response: AuthenticationResponseJSON, now = Date.now()): Promise<KeyResult> {
    return this.factor.budgeted(userId, now, async (): Promise<KeyResult> => {
      if (!expectedChallenge) return { ok: false, message: "Permintaan ke kunci keamanan sudah kedaluwarsa atau sudah dipakai. Coba lagi." };
      const key = await this.prisma.securityKey.findUnique({ where: { credentialId: response.id } });
      if (key?.userId !== userId) return { ok: false, message: REFUSED };
      let newCounter: number;
      try {
        const v = await (
          await webauthn()
        ).verifyAuthenticationResponse({
          response,
          expectedChallenge,
          expectedOrigin: this.rp.origin,
          expectedRPID: this.rp.rpID,
          credential: {
            id: key.credentialId,
            publicKey: new Uint8Array(key.publicKey),
            counter: Number(key.counter),
            transports: transportsOf(key.transports),
          },
          requireUserVerification: false,
        });
        if (!v.verified) return { ok: false, message: REFUSED };
        newCounter = v.authenticationInfo.newCounter;
      } catch {
        return { ok: false, message: REFUSED };
      }
      const taken = await this.prisma.securityKey.updateMany({
        where: { id: key.id, counter: key.counter, lastUsedAt: key.lastUsedAt },
        data: { counter: BigInt(newCounter), lastUsedAt: new Date(now) },
      });
      return taken.count === 1 ? { ok: true } : { ok: false, message: "Jawaban kunci keamanan ini sudah dipakai. Coba lagi." };
    });
  }
}
