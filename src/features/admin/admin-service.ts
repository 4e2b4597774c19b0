// Managing users and the SKPD master list. Knows nothing of HTTP.
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Prisma } from "../../generated/prisma/client.js";
import { uniqueViolation, violatesUnique } from "../../platform/db/errors.js";
import { clearLoginFailures } from "../auth/login-throttle.js";
import { endSessionsIfNowRequired } from "../second-factor/admin-service.js";
import { hashPassword, temporaryPassword } from "../auth/password.js";
import { AppError, notFound } from "../../platform/errors.js";
import type { CreateUserInput, SkpdInput, UpdateUserInput } from "./schema.js";
import { isAdminAccount } from "../../core/policies/admin.js";
import { needsSkpd, type RoleName } from "../../core/users/roles.js";
import { must } from "../../platform/must.js";

export class FieldError extends AppError {
  constructor(
    public readonly field: string,
    message: string,
  ) {
    super(422, message, "FIELD");
  }
}

async function log(tx: Prisma.TransactionClient, actorId: number, action: string, target: string, detail?: object) {
  await tx.adminLog.create({ data: { actorId, action, target, detail: detail ?? undefined } });
}

export async function listUsers(prisma: PrismaClient) {
  return prisma.user.findMany({ orderBy: [{ active: "desc" }, { username: "asc" }], include: { skpd: true } });
}

export async function getUser(prisma: PrismaClient, id: number) {
  const u = await prisma.user.findUnique({ where: { id }, include: { skpd: true } });
  if (!u) throw notFound("Pengguna tidak ditemukan.");
  return u;
}

/** What the user's page shows of their sign-in: running sessions and links to the city's single sign-on. */
export async function accountSecurityOf(prisma: PrismaClient, id: number) {
  const [sessions, identities] = await Promise.all([
    prisma.session.count({ where: { userId: id, expiresAt: { gt: new Date() } } }),
    prisma.userIdentity.findMany({ where: { userId: id }, orderBy: { createdAt: "asc" } }),
  ]);
  return { sessions, identities };
}

async function checkSkpd(prisma: PrismaClient, input: { roles: string[]; skpdId: number | null }) {
  if (!needsSkpd(input.roles as RoleName[])) return null;
  // The form's schema asks for it already; a caller that skipped the schema gets the same answer.
  if (input.skpdId === null) throw new FieldError("skpdId", "Pengguna dengan peran SKPD wajib memilih satu SKPD");
  const s = await prisma.skpd.findUnique({ where: { id: input.skpdId } });
  if (!s || !s.active) throw new FieldError("skpdId", "SKPD tidak ditemukan atau tidak aktif");
  return s.id;
}

export async function createUser(prisma: PrismaClient, actorId: number, input: CreateUserInput) {
  const skpdId = await checkSkpd(prisma, input);
  const passwordHash = await hashPassword(input.password);
  try {
    return await prisma.$transaction(async (tx) => {
      const u = await tx.user.create({
        data: {
          username: input.username,
          fullName: input.fullName,
          email: input.email ?? null,
          nip: input.nip ?? null,
          roles: input.roles,
          skpdId,
          passwordHash,
          // The administrator chose this password: the user picks their own at first login.
          mustChangePassword: true,
        },
      });
      await log(tx, actorId, "user.create", u.username, { roles: input.roles, skpdId });
      return u;
    });
  } catch (e) {
    const taken = uniqueViolation(e);
    if (taken?.includes("nip")) throw new FieldError("nip", "NIP ini sudah dipakai pengguna lain");
    if (taken !== null) throw new FieldError("username", "Nama pengguna sudah dipakai");
    throw e;
  }
}

/** There must always be at least one active administrator. */
async function assertAnotherAdmin(tx: Prisma.TransactionClient, userId: number) {
  // Raw SQL: the PGlite adapter cannot bind enum-array filters (has/hasSome).
  const rows = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "User" WHERE "active" AND 'ADMIN' = ANY("roles") AND "id" <> ${userId}`;
  if (must(rows[0], "count(*) row").n === 0) {
    throw new AppError(409, "Harus tetap ada minimal satu administrator aktif.", "LAST_ADMIN");
  }
}

export async function updateUser(prisma: PrismaClient, actorId: number, id: number, input: UpdateUserInput) {
  const skpdId = await checkSkpd(prisma, input);
  try {
    return await prisma.$transaction(async (tx) => {
      const before = await tx.user.findUnique({ where: { id } });
      if (!before) throw notFound("Pengguna tidak ditemukan.");
      if (isAdminAccount(before.roles) && !isAdminAccount(input.roles)) await assertAnotherAdmin(tx, id);
      const u = await tx.user.update({
        where: { id },
        data: { fullName: input.fullName, email: input.email ?? null, nip: input.nip ?? null, roles: input.roles, skpdId },
      });
      await log(tx, actorId, "user.update", u.username, { roles: input.roles, skpdId, nip: input.nip ?? null });
      // A role that needs a second factor: sessions begun without one end now, not at their idle timeout.
      await endSessionsIfNowRequired(tx, id, input.roles);
      return u;
    });
  } catch (e) {
    if (uniqueViolation(e)?.includes("nip")) throw new FieldError("nip", "NIP ini sudah dipakai pengguna lain");
    throw e;
  }
}

export async function setUserActive(prisma: PrismaClient, actorId: number, id: number, active: boolean) {
  if (!active && actorId === id) {
    throw new AppError(409, "Anda tidak dapat menonaktifkan akun Anda sendiri.", "SELF");
  }
  return prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id } });
    if (!before) throw notFound("Pengguna tidak ditemukan.");
    if (!active && isAdminAccount(before.roles)) await assertAnotherAdmin(tx, id);
    const u = await tx.user.update({ where: { id }, data: { active } });
    // A deactivated user's sessions end now.
    if (!active) await tx.session.deleteMany({ where: { userId: id } });
    await log(tx, actorId, active ? "user.activate" : "user.deactivate", u.username);
    return u;
  });
}

/** Sets a one-time password that the user must change at next login; returns it once. */
export async function resetPassword(prisma: PrismaClient, actorId: number, id: number) {
  const temp = temporaryPassword();
  const passwordHash = await hashPassword(temp);
  const u = await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id } });
    if (!before) throw notFound("Pengguna tidak ditemukan.");
    const u = await tx.user.update({
      where: { id },
      data: { passwordHash, mustChangePassword: true },
    });
    await tx.session.deleteMany({ where: { userId: id } });
    await clearLoginFailures(tx, u.username);
    await log(tx, actorId, "user.resetPassword", u.username);
    return u;
  });
  return { user: u, temporaryPassword: temp };
}

export async function listSkpd(prisma: PrismaClient, opts: { activeOnly?: boolean } = {}) {
  return prisma.skpd.findMany({
    where: opts.activeOnly ? { active: true } : undefined,
    orderBy: { name: "asc" },
    include: { _count: { select: { users: true } } },
  });
}

export async function getSkpd(prisma: PrismaClient, id: number) {
  const s = await prisma.skpd.findUnique({ where: { id } });
  if (!s) throw notFound("SKPD tidak ditemukan.");
  return s;
}

export async function saveSkpd(prisma: PrismaClient, actorId: number, id: number | null, input: SkpdInput) {
  try {
    return await prisma.$transaction(async (tx) => {
      if (id !== null && !(await tx.skpd.findUnique({ where: { id } }))) throw notFound("SKPD tidak ditemukan.");
      const s = id === null ? await tx.skpd.create({ data: input }) : await tx.skpd.update({ where: { id }, data: input });
      await log(tx, actorId, id === null ? "skpd.create" : "skpd.update", s.code, input);
      return s;
    });
  } catch (e) {
    if (violatesUnique(e, "name")) throw new FieldError("name", "Nama SKPD sudah dipakai");
    if (violatesUnique(e, "code")) throw new FieldError("code", "Kode SKPD sudah dipakai");
    throw e;
  }
}

export const ADMIN_ACTIONS: Record<string, string> = {
  "user.create": "Pengguna dibuat",
  "user.update": "Pengguna diubah",
  "user.activate": "Pengguna diaktifkan",
  "user.deactivate": "Pengguna dinonaktifkan",
  "user.resetPassword": "Kata sandi diatur ulang",
  "skpd.create": "SKPD ditambahkan",
  "skpd.update": "SKPD diubah",
  "holiday.save": "Hari libur disimpan",
  "holiday.delete": "Hari libur dihapus",
  "settings.numbering": "Format penomoran diubah",
  "settings.reminders": "Hari pengingat perjanjian diubah",
  "settings.dprd": "Batas persetujuan DPRD diubah",
  "settings.uploads": "Batas unggah harian diubah",
  "templat.ganti": "Templat surat diganti",
  "templat.bawaan": "Templat surat dikembalikan ke bawaan",
  "backup.download": "Cadangan basis data diunduh",
  "delegation.create": "Pejabat pengganti dicatat",
  "delegation.end": "Penunjukan pejabat pengganti diakhiri",
  "user.sessions-ended": "Semua sesi pengguna diakhiri",
  "second-factor.enrol": "Faktor kedua diatur",
  "second-factor.recovery-codes": "Kode pemulihan baru dibuat",
  "second-factor.off": "Faktor kedua dimatikan",
  "second-factor.reset": "Faktor kedua diatur ulang",
  "second-factor.key-added": "Kunci keamanan ditambahkan",
  "second-factor.key-removed": "Kunci keamanan dihapus",
  "second-factor.roles": "Peran wajib faktor kedua diubah",
  "sso.link": "Akun SSO ditautkan",
  "sso.unlink": "Tautan SSO dilepas",
  "sso.create": "Pengguna dibuat dari SSO",
  "sso.roles": "Peran/SKPD diubah dari klaim SSO",
  "settings.ssoCreateUsers": "Pembuatan akun dari SSO diubah",
  "signature.anchor-add": "Akar kepercayaan tanda tangan dipasang",
  "signature.anchor-remove": "Akar kepercayaan tanda tangan dilepas",
  "signature.enrol": "Sertifikat tanda tangan lokal dibuat",
  "signature.settle": "Hasil penandatanganan yang tidak diketahui diselesaikan",
  // Webhooks (features/webhooks).
  "webhook.add": "Endpoint webhook ditambahkan",
  "webhook.update": "Endpoint webhook diubah",
  "webhook.pause": "Endpoint webhook dijeda",
  "webhook.resume": "Endpoint webhook diaktifkan",
  "webhook.rotate-secret": "Rahasia webhook diganti",
  "webhook.remove": "Endpoint webhook dihapus",
  "webhook.ping": "Ping webhook dikirim",
  "webhook.resend": "Pengiriman webhook dikirim ulang",
};

/** What administrators changed, newest first, with the actor's name. */
export async function adminLog(prisma: PrismaClient, page: number, pageSize: number) {
  const [total, logs] = await Promise.all([
    prisma.adminLog.count(),
    prisma.adminLog.findMany({ orderBy: { id: "desc" }, skip: (page - 1) * pageSize, take: pageSize }),
  ]);
  const actors = new Map(
    (await prisma.user.findMany({ where: { id: { in: logs.map((l) => l.actorId ?? -1) } }, select: { id: true, fullName: true } })).map((u) => [
      u.id,
      u.fullName,
    ]),
  );
  return {
    total,
    rows: logs.map((l) => ({ ...l, actor: l.actorId ? (actors.get(l.actorId) ?? `#${l.actorId}`) : "Sistem", label: ADMIN_ACTIONS[l.action] ?? l.action })),
  };
}
