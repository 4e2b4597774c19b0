// Master data (always, when empty) and demo accounts (outside production only).
import { hashPassword } from "../auth/password.js";
import { correctSeededNamesOnce, seedHolidays, seedYears } from "../../core/calendar/holiday-service.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { RoleName } from "../../core/users/roles.js";
import { SKPD_LIST } from "./skpd-list.js";

export const DEMO_PASSWORD = "kerjasama-demo";

export const DEMO_ACCOUNTS: { username: string; fullName: string; roles: RoleName[]; skpdCode?: string }[] = [
  { username: "admin", fullName: "Administrator Sistem", roles: ["ADMIN"] },
  { username: "penatalaksana", fullName: "Rina Penatalaksana", roles: ["PENATALAKSANA"] },
  { username: "penelaah", fullName: "Budi Penelaah", roles: ["PENELAAH"] },
  { username: "kasubbag", fullName: "Sri Kasubbag Kerjasama", roles: ["KASUBBAG"] },
  { username: "kabag", fullName: "Agus Kepala Bagian", roles: ["KABAG"] },
  { username: "tkksd", fullName: "Sekretariat TKKSD", roles: ["TKKSD"] },
  { username: "pimpinan", fullName: "Kantor Walikota", roles: ["PIMPINAN"] },
  { username: "skpd.pariwisata", fullName: "PPKSD Dinas Pariwisata", roles: ["SKPD"], skpdCode: "DISPAR" },
  { username: "skpd.kesehatan", fullName: "PPKSD Dinas Kesehatan", roles: ["SKPD"], skpdCode: "DINKES" },
  { username: "skpd.lingkungan", fullName: "PPKSD Dinas Lingkungan Hidup", roles: ["SKPD"], skpdCode: "DLH" },
];

/** Fills the SKPD master list when the table is empty, and the holidays of this and next year. */
export async function seedMasterData(prisma: PrismaClient, now = new Date()): Promise<number> {
  await seedHolidays(prisma, seedYears(now));
  await correctSeededNamesOnce(prisma, seedYears(now));
  if ((await prisma.skpd.count()) > 0) return 0;
  const r = await prisma.skpd.createMany({ data: SKPD_LIST, skipDuplicates: true });
  return r.count;
}

/** Creates the demo accounts when there are no users at all. Returns true if it seeded. */
export async function seedDemo(prisma: PrismaClient): Promise<boolean> {
  if ((await prisma.user.count()) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const skpds = new Map((await prisma.skpd.findMany()).map((s) => [s.code, s.id]));
  for (const a of DEMO_ACCOUNTS) {
    const skpdId = a.skpdCode ? skpds.get(a.skpdCode) : undefined;
    if (a.skpdCode && !skpdId) throw new Error(`SKPD ${a.skpdCode} missing for demo account ${a.username}`);
    await prisma.user.create({
      data: { username: a.username, fullName: a.fullName, roles: a.roles, skpdId: skpdId ?? null, passwordHash },
    });
  }
  return true;
}
