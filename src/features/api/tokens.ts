// Integration tokens: ADMIN makes one (shown once), lists them with their last use,
// revokes one (the admin log keeps both); the API finds the token a request carries.
// A token is "kd_" and 32 random bytes (base64url): high entropy, so its SHA-256 is
// enough to keep (no slow hash); its first characters (`prefix`) name it in lists.
import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { AppError, notFound } from "../../platform/errors.js";
import { addDays } from "../../platform/http/dates.js";
import { todayJakarta } from "../../platform/time.js";
import { integration } from "../../core/policies/index.js";
import type { ApiScope } from "../../core/policies/integration.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { MAX_TOKEN_DAYS } from "./schema.js";

export const TOKEN_PATTERN = /^kd_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = "kd_".length + 8;
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The first instant after the Jakarta day `iso`: a token "valid until 31 Dec" works through that whole day. */
export const endOfJakartaDay = (iso: string) => new Date(`${addDays(iso, 1)}T00:00:00+07:00`);

export type TokenInput = { name: string; purpose: string; scopes: ApiScope[]; skpdId: number | null; expiresOn: string };

const refused = (message: string) => new AppError(422, message, "BAD_INPUT");

/** Makes a token; returns it in clear, the only time it exists outside the caller's hands. */
export async function createToken(prisma: PrismaClient, user: CurrentUser, input: TokenInput, now = new Date()) {
  const today = todayJakarta(now);
  if (input.expiresOn < addDays(today, 1)) throw refused("Tanggal berakhir harus setelah hari ini.");
  if (input.expiresOn > addDays(today, MAX_TOKEN_DAYS))
    throw refused(`Token berlaku paling lama ${MAX_TOKEN_DAYS} hari: pilih tanggal berakhir paling lambat ${addDays(today, MAX_TOKEN_DAYS)}.`);
  const token = `kd_${randomBytes(32).toString("base64url")}`;
  return prisma.$transaction(async (tx) => {
    let skpdCode: string | null = null;
    if (input.skpdId !== null) {
      const skpd = await tx.skpd.findUnique({ where: { id: input.skpdId } });
      if (!skpd || !skpd.active) throw refused("SKPD yang dipilih tidak ada atau tidak aktif.");
      skpdCode = skpd.code;
    }
    const row = await tx.integrationToken.create({
      data: {
        name: input.name,
        purpose: input.purpose,
        prefix: token.slice(0, PREFIX_LENGTH),
        tokenHash: hashToken(token),
        scopes: input.scopes,
        skpdId: input.skpdId,
        expiresAt: endOfJakartaDay(input.expiresOn),
        createdById: user.id,
      },
    });
    await tx.adminLog.create({
      data: {
        actorId: user.id,
        action: "integrasi.buat",
        target: `${row.name} (${row.prefix}…)`,
        detail: { tokenId: row.id, scopes: input.scopes, skpd: skpdCode, expiresOn: input.expiresOn },
      },
    });
    return { token, row };
  });
}

/** Revokes a token at once (a second revoke changes nothing and returns null). */
export async function revokeToken(prisma: PrismaClient, user: CurrentUser, id: number, now = new Date()) {
  return prisma.$transaction(async (tx) => {
    const row = await tx.integrationToken.findUnique({ where: { id } });
    if (!row) throw notFound("Token itu tidak ada.");
    if (row.revokedAt) return null;
    const done = await tx.integrationToken.update({ where: { id }, data: { revokedAt: now, revokedById: user.id } });
    await tx.adminLog.create({ data: { actorId: user.id, action: "integrasi.cabut", target: `${row.name} (${row.prefix}…)`, detail: { tokenId: row.id } } });
    return done;
  });
}

export type TokenStatus = "AKTIF" | "KEDALUWARSA" | "DICABUT";
export const tokenStatus = (t: { revokedAt: Date | null; expiresAt: Date }, now = new Date()): TokenStatus =>
  t.revokedAt ? "DICABUT" : t.expiresAt <= now ? "KEDALUWARSA" : "AKTIF";

/** ADMIN's list: every token, newest first, with its SKPD's name. */
export async function listTokens(prisma: PrismaClient) {
  const [tokens, skpds] = await Promise.all([
    prisma.integrationToken.findMany({ orderBy: { id: "desc" } }),
    prisma.skpd.findMany({ orderBy: { name: "asc" }, select: { id: true, code: true, name: true, active: true } }),
  ]);
  const byId = new Map(skpds.map((s) => [s.id, s]));
  return { tokens: tokens.map((t) => ({ ...t, skpd: t.skpdId === null ? null : (byId.get(t.skpdId) ?? null) })), skpds: skpds.filter((s) => s.active) };
}

/** One token and its most recent calls, for its page. */
export async function tokenWithCalls(prisma: PrismaClient, id: number, take = 100) {
  const token = await prisma.integrationToken.findUnique({ where: { id } });
  if (!token) throw notFound("Token itu tidak ada.");
  const [calls, skpd] = await Promise.all([
    prisma.apiCall.findMany({ where: { tokenId: id }, orderBy: { id: "desc" }, take }),
    token.skpdId === null ? null : prisma.skpd.findUnique({ where: { id: token.skpdId }, select: { code: true, name: true } }),
  ]);
  return { token: { ...token, skpd }, calls };
}

export type Caller = { id: number; name: string; scopes: string[]; skpdId: number | null; skpd: { name: string; code: string } | null };
export type Authentication = { ok: true; caller: Caller } | { ok: false; reason: "missing" | "unknown" | "expired" | "revoked" };

/** The token a request's Authorization header carries, if it is one that works now. */
export async function authenticate(prisma: PrismaClient, header: string | undefined, now = new Date()): Promise<Authentication> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (!m?.[1]) return { ok: false, reason: "missing" };
  if (!TOKEN_PATTERN.test(m[1])) return { ok: false, reason: "unknown" };
  const row = await prisma.integrationToken.findUnique({ where: { tokenHash: hashToken(m[1]) } });
  if (!row) return { ok: false, reason: "unknown" };
  if (row.revokedAt) return { ok: false, reason: "revoked" };
  if (row.expiresAt <= now) return { ok: false, reason: "expired" };
  const skpd = row.skpdId === null ? null : await prisma.skpd.findUnique({ where: { id: row.skpdId }, select: { name: true, code: true } });
  // Written at most once a minute: a busy integration does not write on every call.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await prisma.integrationToken.updateMany({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { ok: true, caller: { id: row.id, name: row.name, scopes: row.scopes, skpdId: row.skpdId, skpd } };
}

/** The identity policies see for a caller. */
export const identityOf = (caller: Caller) => integration.tokenIdentity(caller);
