// Who a login through the city's provider is here: the user linked to its subject; else,
// once, the one active user whose NIP or verified e-mail the provider vouches for (then
// linked); else a new user when ADMIN allowed it; else nobody. Roles and SKPD stay as
// ADMIN set them unless the city maps a claim (OIDC_ROLES_CLAIM, OIDC_SKPD_CLAIM).
// Knows nothing of HTTP.
import { randomBytes } from "node:crypto";
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import type { OidcConfig } from "../../platform/config.js";
import { isAdminAccount } from "../../core/policies/admin.js";
import { needsSkpd, type RoleName } from "../../core/users/roles.js";
import { changeSettings, getSettings } from "../../core/settings/settings-service.js";
import { hashPassword } from "../auth/password.js";
import { must } from "../../platform/must.js";

export type LinkedBy = "nip" | "email" | "created";

export type Resolved =
  { ok: true; userId: number; username: string; linked: LinkedBy | null } | { ok: false; status: number; reason: string; userMessage: string };

const refuse = (status: number, reason: string, userMessage: string): Resolved => ({ ok: false, status, reason, userMessage });

const DEACTIVATED = "Akun Anda di aplikasi Kerjasama Daerah sedang dinonaktifkan. Hubungi administrator Bagian Kerjasama.";
const UNKNOWN =
  "Akun SSO Anda belum terdaftar di aplikasi Kerjasama Daerah. Minta administrator Bagian Kerjasama membuatkan akun (sebutkan NIP Anda), lalu masuk lagi.";

/** A claim as text (a number too: some providers give the NIP as one). */
const claimText = (claims: Record<string, unknown>, name: string): string | undefined => {
  const v = claims[name];
  return typeof v === "string" ? v.trim() : typeof v === "number" && Number.isSafeInteger(v) ? String(v) : undefined;
};
/** An 18-digit NIP from a claim (spaces allowed), or undefined. */
export const nipOf = (claims: Record<string, unknown>, name: string): string | undefined => {
  const v = claimText(claims, name)?.replace(/\s/g, "");
  return v && /^\d{18}$/.test(v) ? v : undefined;
};
/** The e-mail the provider vouches for: only with email_verified true. */
const verifiedEmail = (claims: Record<string, unknown>): string | undefined => {
  const e = claimText(claims, "email");
  return e && claims.email_verified === true && e.length <= 200 ? e : undefined;
};

/** The roles a claim maps to (a claim is one value or a list); null when roles are not taken from the provider. */
export function mappedRoles(cfg: OidcConfig, claims: Record<string, unknown>): RoleName[] | null {
  if (!cfg.rolesClaim) return null;
  const raw = claims[cfg.rolesClaim];
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === "string");
  const out = new Set<RoleName>();
  for (const v of values) for (const r of cfg.roleMap[v] ?? []) out.add(r);
  return [...out];
}

type Tx = Prisma.TransactionClient;
const systemLog = (tx: Tx, action: string, target: string, detail: Prisma.InputJsonObject) =>
  tx.adminLog.create({ data: { actorId: null, action, target, detail } });

/** Applies the mapped roles and SKPD of the claims to a user; a refusal when the result cannot stand. */
async function applyClaims(tx: Tx, cfg: OidcConfig, userId: number, claims: Record<string, unknown>): Promise<Resolved | null> {
  const user = must(await tx.user.findUnique({ where: { id: userId } }), "the linked user");
  let roles = mappedRoles(cfg, claims) ?? user.roles;
  let skpdId = user.skpdId;
  if (cfg.skpdClaim) {
    const code = claimText(claims, cfg.skpdClaim);
    const skpd = code ? await tx.skpd.findFirst({ where: { code, active: true } }) : null;
    skpdId = skpd?.id ?? null;
  }
  // The last active administrator keeps the role: a group removed at the provider must not lock the city out of its own app.
  if (isAdminAccount(user.roles) && !isAdminAccount(roles)) {
    // Raw SQL: the PGlite adapter cannot bind enum-array filters (has/hasSome).
    const rows = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "User" WHERE "active" AND 'ADMIN' = ANY("roles") AND "id" <> ${userId}`;
    if (must(rows[0], "count(*) row").n === 0) roles = [...roles, "ADMIN"];
  }
  if (needsSkpd(roles) && skpdId === null) {
    return refuse(
      403,
      "role needs an SKPD the claims do not give",
      "Peran Anda memerlukan SKPD, tetapi SKPD dari SSO tidak dikenali aplikasi ini. Hubungi administrator Bagian Kerjasama.",
    );
  }
  const had = new Set(user.roles);
  const sameRoles = roles.length === had.size && roles.every((r) => had.has(r));
  if (!sameRoles || skpdId !== user.skpdId) {
    await tx.user.update({ where: { id: userId }, data: { roles, skpdId } });
    // A deactivated user cannot reach here; a changed user's other sessions keep their old roles until they end, as after ADMIN's edit.
    await systemLog(tx, "sso.roles", user.username, { provider: cfg.providerId, roles, skpdId });
  }
  return null;
}

/** A free username for a new user, from what the provider says of them. */
async function freeUsername(tx: Tx, claims: Record<string, unknown>, subject: string): Promise<string> {
  const fromClaim = (claimText(claims, "preferred_username") ?? verifiedEmail(claims)?.split("@")[0] ?? "")
    .toLowerCase()
    .replace(/[^a-z0-9._-]/g, "")
    .replace(/^[^a-z0-9]+/, "")
    .slice(0, 34);
  const base =
    fromClaim.length >= 3
      ? fromClaim
      : `sso.${
          subject
            .toLowerCase()
            .replace(/[^a-z0-9]/g, "")
            .slice(0, 20) || "pengguna"
        }`;
  for (let i = 1; i < 100; i++) {
    const name = i === 1 ? base : `${base}-${i}`;
    if (!(await tx.user.findUnique({ where: { username: name } }))) return name;
  }
  return `sso.${randomBytes(6).toString("hex")}`;
}

/**
 * The local user of a verified answer from the provider, linking or creating them when
 * the rules allow; a refusal with its reason (for the log) and message (for the page).
 */
export async function resolveUser(prisma: PrismaClient, cfg: OidcConfig, subject: string, claims: Record<string, unknown>): Promise<Resolved> {
  const provider = cfg.providerId;
  const email = claimText(claims, "email")?.slice(0, 200) ?? null;
  const name = claimText(claims, "name")?.slice(0, 200) ?? null;
  const seen = { email, name, lastLoginAt: new Date() };

  const linked = await prisma.userIdentity.findUnique({ where: { provider_subject: { provider, subject } }, include: { user: true } });
  if (linked) {
    if (!linked.user.active) return refuse(403, "linked user is deactivated", DEACTIVATED);
    return prisma.$transaction(async (tx) => {
      await tx.userIdentity.update({ where: { id: linked.id }, data: seen });
      return (await applyClaims(tx, cfg, linked.userId, claims)) ?? { ok: true, userId: linked.userId, username: linked.user.username, linked: null };
    });
  }

  // A first login: matched once, by the claims the city chose, to exactly one user.
  for (const by of cfg.match) {
    const value = by === "nip" ? nipOf(claims, cfg.nipClaim) : verifiedEmail(claims);
    if (!value) continue;
    // E-mail compared without case, exactly (an insensitive `equals` is an ILIKE, where _ and % would be wildcards).
    const ids =
      by === "nip"
        ? { nip: value }
        : { id: { in: (await prisma.$queryRaw<{ id: number }[]>`SELECT "id" FROM "User" WHERE lower("email") = lower(${value})`).map((r) => r.id) } };
    const candidates = await prisma.user.findMany({ where: ids, include: { identities: { where: { provider } } } });
    if (!candidates.length) continue;
    const active = candidates.filter((u) => u.active);
    if (!active.length) return refuse(403, `matched by ${by} to a deactivated user`, DEACTIVATED);
    if (active.length > 1) {
      return refuse(
        403,
        `several users match by ${by}`,
        "Lebih dari satu akun di aplikasi ini cocok dengan data SSO Anda. Minta administrator mengisi NIP Anda pada akun yang benar, lalu masuk lagi.",
      );
    }
    const user = must(active[0], "the matching user");
    if (user.identities.length) {
      return refuse(
        403,
        `matched by ${by} to a user already linked to another subject`,
        "Akun Anda di aplikasi ini sudah ditautkan ke akun SSO lain. Minta administrator melepas tautan itu bila memang perlu diganti.",
      );
    }
    return prisma.$transaction(async (tx) => {
      await tx.userIdentity.create({ data: { provider, subject, userId: user.id, linkedBy: by, ...seen } });
      await systemLog(tx, "sso.link", user.username, { provider, subject, by });
      return (await applyClaims(tx, cfg, user.id, claims)) ?? { ok: true, userId: user.id, username: user.username, linked: by };
    });
  }

  if ((await getSettings(prisma))["sso.createUsers"] !== "1") return refuse(403, "no matching user and creating users is off", UNKNOWN);
  return createFromClaims(prisma, cfg, subject, claims, seen);
}

async function createFromClaims(
  prisma: PrismaClient,
  cfg: OidcConfig,
  subject: string,
  claims: Record<string, unknown>,
  seen: { email: string | null; name: string | null; lastLoginAt: Date },
): Promise<Resolved> {
  const nip = nipOf(claims, cfg.nipClaim);
  // Nobody can log in with this password: the account is for the provider's logins (ADMIN may reset it for an outage).
  const passwordHash = await hashPassword(randomBytes(32).toString("base64url"));
  return prisma
    .$transaction(async (tx): Promise<Resolved> => {
      const username = await freeUsername(tx, claims, subject);
      const nipFree = nip && !(await tx.user.findUnique({ where: { nip } }));
      const u = await tx.user.create({
        data: {
          username,
          fullName: seen.name ?? username,
          email: verifiedEmail(claims) ?? null,
          nip: nipFree ? nip : null,
          roles: [],
          passwordHash,
        },
      });
      await tx.userIdentity.create({ data: { provider: cfg.providerId, subject, userId: u.id, linkedBy: "created", ...seen } });
      await systemLog(tx, "sso.create", u.username, { provider: cfg.providerId, subject });
      const refused = await applyClaims(tx, cfg, u.id, claims);
      // Nothing is kept of a user who cannot stand (their role needs an SKPD that is not known).
      if (refused) throw new RefusedCreation(refused);
      return { ok: true, userId: u.id, username: u.username, linked: "created" };
    })
    .catch((e: unknown) => {
      if (e instanceof RefusedCreation) return e.result;
      throw e;
    });
}

class RefusedCreation extends Error {
  constructor(public readonly result: Resolved) {
    super("refused creation");
  }
}

/** The links for the administrator's page, newest first. */
export async function listLinks(prisma: PrismaClient) {
  return prisma.userIdentity.findMany({
    orderBy: { id: "desc" },
    include: { user: { select: { id: true, username: true, fullName: true, nip: true, active: true } } },
  });
}

/** ADMIN removes a link: the next login through the provider is matched again (or refused). Null when it was already gone. */
export async function unlink(prisma: PrismaClient, actorId: number, id: number) {
  return prisma.$transaction(async (tx) => {
    const link = await tx.userIdentity.findUnique({ where: { id }, include: { user: { select: { username: true } } } });
    if (!link) return null;
    await tx.userIdentity.delete({ where: { id } });
    await tx.adminLog.create({
      data: { actorId, action: "sso.unlink", target: link.user.username, detail: { provider: link.provider, subject: link.subject, linkedBy: link.linkedBy } },
    });
    return link;
  });
}

/** Whether a first login of someone unknown makes an account ("sso.createUsers"). */
export async function createUsersAllowed(prisma: PrismaClient): Promise<boolean> {
  return (await getSettings(prisma))["sso.createUsers"] === "1";
}

/** ADMIN allows or forbids a first login of someone unknown to make an account; logged. */
export async function setCreateUsers(prisma: PrismaClient, actorId: number, allow: boolean): Promise<void> {
  await changeSettings(
    prisma,
    actorId,
    { "sso.createUsers": allow ? "1" : "0" },
    { action: "settings.ssoCreateUsers", target: "sso.createUsers", detail: { allow } },
  );
}
