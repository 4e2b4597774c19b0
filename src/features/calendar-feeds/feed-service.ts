// Private calendar feeds (ICS): each user may turn on one URL that a calendar
// program subscribes to. It lists, in the user's own scope: the due dates of the
// tasks they hold, the evaluation windows of the running agreements, and the end
// dates of agreements. The URL's token is the only key, so only its SHA-256 is
// stored; a new URL replaces the old one, and turning the feed off deletes it.
import { createHash, randomBytes } from "node:crypto";
import ical, { ICalCalendarMethod } from "ical-generator";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { loadRequestUser } from "../auth/request-user.js";
import type { PlainSql } from "../../platform/db/client.js";
import { heldDueTasks } from "../inbox/inbox-service.js";
import { addDays } from "../../platform/http/dates.js";
import { forbidden } from "../../platform/errors.js";
import { periodLabel, periodsOfYear } from "../../core/sop/periods.js";
import { admin as adminPolicy, agreement as agreementPolicy } from "../../core/policies/index.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { fromDbDate, todayJakarta, toDbDate } from "../../core/calendar/calendar.js";
import { naskahLabel } from "../../core/sop/kinds.js";
import { requireRowFor } from "../../core/sop/sop.js";

const hash = (token: string) => createHash("sha256").update(token).digest("hex");
export const FEED_TOKEN = /^[A-Za-z0-9_-]{32}$/;
export const feedUrl = (appUrl: string, token: string) => `${appUrl.replace(/\/+$/, "")}/kalender/${token}.ics`;
/** How far back the feed looks (tasks and ends); ahead it has everything, soonest first, up to the cap. */
const BACK_DAYS = 60;
/** A calendar program fetches the whole feed every time: it stays bounded whatever the data. */
export const MAX_EVENTS_PER_SECTION = 500;

export async function feedOf(prisma: PrismaClient, userId: number) {
  return prisma.calendarFeed.findUnique({ where: { userId } });
}

/** Makes (or remakes) the user's feed; returns the new token, shown once. The old URL stops working. */
export async function turnOnFeed(prisma: PrismaClient, user: CurrentUser): Promise<string> {
  const token = randomBytes(24).toString("base64url");
  await prisma.calendarFeed.upsert({
    where: { userId: user.id },
    create: { userId: user.id, tokenHash: hash(token) },
    update: { tokenHash: hash(token), createdAt: new Date(), lastUsedAt: null },
  });
  return token;
}

/** Turns a feed off: the user their own, ADMIN anyone's (written to the admin log). Null when it was off already. */
export async function turnOffFeed(prisma: PrismaClient, user: CurrentUser, feedUserId: number) {
  const isAdmin = adminPolicy.can(user, "manage", "calendarFeed");
  if (feedUserId !== user.id && !isAdmin) throw forbidden("Hanya pemiliknya atau administrator yang dapat mematikan kalender ini.");
  return prisma.$transaction(async (tx) => {
    const feed = await tx.calendarFeed.findUnique({ where: { userId: feedUserId }, include: { user: { select: { username: true } } } });
    // Already off (a second tab, a replayed form): nothing to do.
    if (!feed) return null;
    await tx.calendarFeed.delete({ where: { id: feed.id } });
    if (feedUserId !== user.id) {
      await tx.adminLog.create({
        data: { actorId: user.id, action: "kalender.cabut", target: feed.user.username, detail: { createdAt: feed.createdAt.toISOString() } },
      });
    }
    return feed;
  });
}

/** ADMIN's list: whose feeds exist, since when, last fetched when. */
export async function listFeeds(prisma: PrismaClient) {
  return prisma.calendarFeed.findMany({
    orderBy: { createdAt: "desc" },
    include: { user: { select: { id: true, username: true, fullName: true, roles: true, active: true } } },
  });
}

/** The feed's owner, as they are today (with acting positions), or null for an unknown or revoked token or an inactive user. */
export async function feedOwner(prisma: PrismaClient, sql: PlainSql, token: string, now = new Date()): Promise<CurrentUser | null> {
  if (!FEED_TOKEN.test(token)) return null;
  const feed = await prisma.calendarFeed.findUnique({ where: { tokenHash: hash(token) } });
  if (!feed) return null;
  const { user } = await loadRequestUser(sql, feed.userId, now);
  if (!user) return null;
  // Written at most every 10 minutes: a calendar polling often does not write each time.
  if (!feed.lastUsedAt || now.getTime() - feed.lastUsedAt.getTime() > 10 * 60_000) {
    await prisma.calendarFeed.updateMany({ where: { id: feed.id }, data: { lastUsedAt: now } });
  }
  return user;
}

const dayAfter = (iso: string) => toDbDate(addDays(iso, 1));

/**
 * The part after "@" in every event id: the host of APP_URL (with its port), so that a
 * test server and the real one, both in one person's calendar, never share an event id
 * (a calendar program would merge or overwrite them).
 */
export const uidDomain = (appUrl: string) => new URL(appUrl).host.toLowerCase();

/** The ICS text of the user's calendar on `today`. */
export async function buildFeed(prisma: PrismaClient, user: CurrentUser, appUrl: string, today = todayJakarta()): Promise<string> {
  const base = appUrl.replace(/\/+$/, "");
  const at = uidDomain(appUrl);
  const cal = ical({
    name: `Kerjasama Daerah: ${user.fullName}`,
    prodId: { company: "Pemerintah Kota Yogyakarta", product: "Kerjasama Daerah", language: "ID" },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 3600,
  });
  const from = addDays(today, -BACK_DAYS);

  // 1. Due dates of the tasks the user's roles hold (as in the inbox).
  for (const t of await heldDueTasks(prisma, user, from, MAX_EVENTS_PER_SECTION)) {
    const what =
      t.kind === "EVALUATION"
        ? `Evaluasi ${t.part ? periodLabel(t.part.replace(/:mandiri$/, "")) : ""}${t.part?.endsWith(":mandiri") ? " (laporan mandiri SKPD)" : ""}`
        : `Langkah ${t.rowNo}: ${requireRowFor(t.jenis, t.rowNo).kegiatan}`;
    cal.createEvent({
      id: `tugas-${t.id}@${at}`,
      allDay: true,
      start: t.dueOn,
      end: dayAfter(fromDbDate(t.dueOn)),
      summary: `Tenggat ${what} · ${t.title}`,
      description: `Kasus #${t.caseId} (${t.title}). ${what}.${t.pausedSince ? " Jam tugas sedang ditunda; tenggat bergeser saat dilanjutkan." : ""}`,
      url: `${base}/kasus/${t.caseId}`,
    });
  }

  // 2. Agreements in the user's scope that end from 60 days ago on.
  const scope = agreementPolicy.scope(user);
  const ending = await prisma.agreement.findMany({
    where: { AND: [scope, { endedEarlyAt: null, endDate: { gte: toDbDate(from) } }] },
    orderBy: [{ endDate: "asc" }, { id: "asc" }],
    take: MAX_EVENTS_PER_SECTION,
    select: { id: true, kind: true, endDate: true, cityNumber: true, case: { select: { id: true, title: true, jenis: true, partnerName: true } } },
  });
  for (const a of ending) {
    const end = fromDbDate(a.endDate);
    cal.createEvent({
      id: `berakhir-${a.id}@${at}`,
      allDay: true,
      start: a.endDate,
      end: dayAfter(end),
      summary: `Berakhir: ${naskahLabel(a.case.jenis, a.kind)} ${a.case.title}`,
      description: `${naskahLabel(a.case.jenis, a.kind)} ${a.cityNumber ?? "(tanpa nomor)"} dengan ${a.case.partnerName ?? "mitra"} berlaku sampai tanggal ini.`,
      url: `${base}/perjanjian/${a.id}`,
    });
  }

  // 3. Evaluation windows (semester I and year end) with the running agreements they cover.
  const year = Number(today.slice(0, 4));
  for (const p of [...periodsOfYear(year), ...periodsOfYear(year + 1)]) {
    if (p.end < from) continue;
    const covered = await prisma.agreement.count({
      where: { AND: [scope, { endedEarlyAt: null, startDate: { lte: toDbDate(p.end) }, endDate: { gte: toDbDate(p.start) } }] },
    });
    if (!covered) continue;
    cal.createEvent({
      id: `evaluasi-${p.key}@${at}`,
      allDay: true,
      start: toDbDate(p.opensOn),
      end: dayAfter(p.end),
      summary: `Jendela evaluasi ${p.label} (${covered} perjanjian)`,
      description: `Evaluasi ${p.label} dibuka ${p.opensOn} dan jatuh tempo ${p.end}: ${covered} perjanjian berjalan dalam cakupan Anda.`,
      url: `${base}/perjanjian`,
    });
  }
  return cal.toString();
}
