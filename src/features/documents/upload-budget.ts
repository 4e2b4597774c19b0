// How much one user may upload per day (Jakarta), a setting ADMIN keeps
// (uploads.dailyMb). Checked before a request's body is read (http/upload.ts) with
// the size the request declares; what arrived is counted after parsing.
import type { PrismaClient } from "../../generated/prisma/client.js";
import { AppError } from "../../platform/errors.js";
import { getSettings } from "../../core/settings/settings-service.js";
import { todayJakarta } from "../../core/calendar/calendar.js";
import dayjs, { ZONE } from "../../platform/time.js";

const MB = 1024 * 1024;

/** The budget in bytes (the setting, in MB). */
export async function dailyBudget(prisma: Pick<PrismaClient, "setting">): Promise<number> {
  const mb = Number((await getSettings(prisma))["uploads.dailyMb"]);
  return (Number.isFinite(mb) && mb > 0 ? mb : 500) * MB;
}

export async function usedToday(prisma: PrismaClient, userId: number, now = new Date()): Promise<number> {
  const row = (
    await prisma.$queryRaw<{ bytes: bigint | number }[]>`
    SELECT "bytes" FROM "UploadUsage" WHERE "userId" = ${userId} AND "day" = ${todayJakarta(now)}::date`
  ).at(0);
  return row ? Number(row.bytes) : 0;
}

/** Refuses (429, with when to try again) a request that would take the user past today's budget. */
export async function checkBudget(prisma: PrismaClient, userId: number, incoming: number, now = new Date()): Promise<void> {
  const [budget, used] = await Promise.all([dailyBudget(prisma), usedToday(prisma, userId, now)]);
  if (used + incoming <= budget) return;
  const left = Math.max(0, budget - used);
  const mb = (n: number) => (n / MB).toLocaleString("id-ID", { maximumFractionDigits: 1 });
  const tomorrow = dayjs(now).tz(ZONE).add(1, "day").startOf("day");
  const err = new AppError(
    429,
    `Batas unggah harian Anda (${mb(budget)} MB) akan terlampaui: hari ini sudah ${mb(used)} MB, sisa ${mb(left)} MB. ` +
      `Coba lagi besok, atau minta administrator menaikkan batasnya (Pengaturan). Tidak ada yang tersimpan.`,
    "UPLOAD_BUDGET",
  );
  throw Object.assign(err, { retryAfterSeconds: Math.max(60, tomorrow.diff(dayjs(now), "second")) });
}

/** Counts bytes that arrived for the user today. */
export async function recordUpload(prisma: PrismaClient, userId: number, bytes: number, now = new Date()): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO "UploadUsage" ("userId", "day", "bytes") VALUES (${userId}, ${todayJakarta(now)}::date, ${bytes})
    ON CONFLICT ("userId", "day") DO UPDATE SET "bytes" = "UploadUsage"."bytes" + EXCLUDED."bytes"`;
}
