// Passport wiring: the local strategy, and loading the current user on each request.
import passport from "passport";
import { Strategy as LocalStrategy } from "passport-local";
import type { Config } from "../../platform/config.js";
import type { PlainSql } from "../../platform/db/client.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Revision } from "../../platform/cache/revision.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { checkLogin, WRONG } from "./auth-service.js";
import { deviceTokensOf } from "./device-cookie.js";
import { LoginThrottle } from "./login-throttle.js";
import { loadRequestUser } from "./request-user.js";
import { preloadedUser } from "./session-store.js";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends CurrentUser {}
    interface Request {
      /** The data revision this request reads at (logged-in requests; see cache/revision.ts). */
      revision?: Revision;
      /** `compute()`, or its value cached at this request's revision. */
      cached: <T>(key: string, compute: () => Promise<T>) => Promise<T>;
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

export function buildPassport(prisma: PrismaClient, config: Config, sql: PlainSql): passport.PassportStatic {
  const p = new passport.Passport();
  const throttle = new LoginThrottle(prisma, { maxFailures: config.loginMaxFailures, lockMinutes: config.loginLockMinutes });
  p.use(
    new LocalStrategy({ passReqToCallback: true }, (req, username, password, done) => {
      // Passport calls this and ignores what it returns: every failure goes to done().
      void (async () => {
        try {
          const r = await checkLogin(prisma, throttle, config.sessionSecret, {
            username,
            password,
            ip: req.ip ?? "unknown",
            deviceTokens: deviceTokensOf(req.headers.cookie),
          });
          if (!r.ok) {
            done(null, false, { message: r.message });
            return;
          }
          // Deactivated in the meantime: answered like a wrong password too.
          const user = await loadCurrentUser(prisma, r.userId);
          if (user) done(null, user);
          else done(null, false, { message: WRONG });
        } catch (e) {
          done(e);
        }
      })();
    }),
  );
  p.serializeUser((user, done) => done(null, user.id));
  p.deserializeUser((incoming: import("node:http").IncomingMessage, id: number, done: (err: unknown, user?: Express.User | false) => void) => {
    const req = incoming as unknown as Express.Request;
    void (async () => {
      try {
        // A deactivated or deleted user is logged out on their next request. Usually read
        // with the session already (session-store.ts); otherwise on its own.
        const { user, revision } = preloadedUser(incoming, id) ?? (await loadRequestUser(sql, id));
        req.revision = revision;
        done(null, user ?? false);
      } catch (e) {
        done(e);
      }
    })();
  });
  return p as unknown as passport.PassportStatic;
}
