// Passport wiring: the local strategy, and loading the current user on each request.
import passport from "passport";
import { Strategy as LocalStrategy } from "passport-local";
import type { Config } from "../config.js";
import type { PlainSql } from "../db/client.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { revisionOf, type Revision } from "../cache/revision.js";
import { DELEGABLE_ROLES, type Acting, type CurrentUser, type DelegationKind, type RoleName } from "../users/roles.js";
import { todayJakarta } from "../workflow/calendar.js";
import { checkLogin } from "./auth-service.js";
import { LoginThrottle } from "./login-throttle.js";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends CurrentUser {}
    interface Request {
      /** The data revision this request reads at (logged-in requests; see cache/revision.ts). */
      revision?: Revision;
      /** `compute()`, or its value cached at this request's revision. */
      cached<T>(key: string, compute: () => Promise<T>): Promise<T>;
    }
  }
}

declare module "express-session" {
  interface SessionData {
    flash?: { kind: "success" | "error" | "info"; message: string }[];
  }
}

export async function loadCurrentUser(prisma: PrismaClient, id: number): Promise<CurrentUser | null> {
  const u = await prisma.user.findUnique({ where: { id }, include: { skpd: true } });
  if (!u || !u.active) return null;
  return {
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    roles: u.roles,
    skpdId: u.skpdId,
    skpdName: u.skpd?.name ?? null,
    skpdCode: u.skpd?.code ?? null,
    mustChangePassword: u.mustChangePassword,
  };
}

type UserRow = {
  id: number | null;
  username: string;
  fullName: string;
  roles: string[] | string;
  skpdId: number | null;
  active: boolean;
  mustChangePassword: boolean;
  skpdName: string | null;
  skpdCode: string | null;
  rev: bigint | number | string;
  acting: { id: number; kind: DelegationKind; absentName: string; roles: string[] | string }[] | string | null;
};

const roleList = (v: string[] | string): RoleName[] => (Array.isArray(v) ? v : v.replace(/[{}]/g, "").split(",").filter(Boolean)) as RoleName[];

/**
 * Every logged-in request: the user and the data revision in one round trip. A
 * deactivated or deleted user comes back as null (and is logged out).
 */
export async function loadRequestUser(sql: PlainSql, id: number, now = new Date()): Promise<{ user: CurrentUser | null; revision: Revision }> {
  // The positions held today for someone away (Plh/Plt), with the absent holder's name and roles.
  const [u] = await sql<UserRow>(
    `SELECT u."id", u."username", u."fullName", u."roles"::text[] AS "roles", u."skpdId", u."active", u."mustChangePassword",
            s."name" AS "skpdName", s."code" AS "skpdCode", r."last_value" AS "rev",
            (SELECT json_agg(json_build_object('id', d."id", 'kind', d."kind", 'absentName', a."fullName", 'roles', a."roles"::text[]) ORDER BY d."id")
               FROM "Delegation" d JOIN "User" a ON a."id" = d."absentId"
              WHERE d."actingId" = u."id" AND d."endedAt" IS NULL AND a."active"
                AND d."fromDay" <= $2::date AND d."untilDay" >= $2::date) AS "acting"
       FROM "data_revision" r LEFT JOIN "User" u ON u."id" = $1 LEFT JOIN "Skpd" s ON s."id" = u."skpdId"`,
    [id, todayJakarta(now)],
  );
  const revision = revisionOf(u.rev);
  if (u.id === null || !u.active) return { user: null, revision };
  const ownRoles = roleList(u.roles);
  const rawActing = typeof u.acting === "string" ? JSON.parse(u.acting) : (u.acting ?? []);
  const acting: Acting[] = (rawActing as NonNullable<Exclude<UserRow["acting"], string>>).map((a) => ({
    id: Number(a.id),
    kind: a.kind,
    absentName: a.absentName,
    roles: roleList(a.roles).filter((r) => DELEGABLE_ROLES.includes(r)),
  }));
  const roles = [...new Set([...ownRoles, ...acting.flatMap((a) => a.roles)])];
  return {
    user: {
      ...(acting.length ? { acting, ownRoles } : {}),
      id: Number(u.id),
      username: u.username,
      fullName: u.fullName,
      roles,
      skpdId: u.skpdId === null ? null : Number(u.skpdId),
      skpdName: u.skpdName,
      skpdCode: u.skpdCode,
      mustChangePassword: u.mustChangePassword,
    },
    revision,
  };
}

export function buildPassport(prisma: PrismaClient, config: Config, sql: PlainSql): passport.PassportStatic {
  const p = new passport.Passport();
  const throttle = new LoginThrottle(prisma, { maxFailures: config.loginMaxFailures, lockMinutes: config.loginLockMinutes });
  p.use(
    new LocalStrategy({ passReqToCallback: true }, async (req, username, password, done) => {
      try {
        const r = await checkLogin(prisma, throttle, username, password, req.ip ?? "unknown");
        if (!r.ok) return done(null, false, { message: r.message });
        const user = await loadCurrentUser(prisma, r.userId);
        return user ? done(null, user) : done(null, false, { message: "Akun tidak dapat dipakai." });
      } catch (e) {
        return done(e);
      }
    }),
  );
  p.serializeUser((user, done) => done(null, (user as CurrentUser).id));
  p.deserializeUser(async (incoming: import("node:http").IncomingMessage, id: number, done: (err: unknown, user?: Express.User | false) => void) => {
    const req = incoming as unknown as Express.Request;
    try {
      // A deactivated or deleted user is logged out on their next request.
      const { user, revision } = await loadRequestUser(sql, id);
      req.revision = revision;
      done(null, user ?? false);
    } catch (e) {
      done(e);
    }
  });
  return p as unknown as passport.PassportStatic;
}
