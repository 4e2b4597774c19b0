// The holiday table: seeded from date-holidays (country ID) for the current and
// next year, then edited by ADMIN (cuti bersama, and corrections: Islamic holidays
// are fixed by government decree and a computed date can be off by a day).
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { HolidayKind } from "../../generated/prisma/enums.js";
import { DUE_SOON_WORKING_DAYS, fromDbDate, todayJakarta, toDbDate, WorkingCalendar, type IsoDate } from "./calendar.js";

type Db = Pick<PrismaClient, "holiday">;
type SeedDb = Pick<PrismaClient, "holiday" | "setting">;

/**
 * The library names 27 Rajab "Maulid Nabi Muhammad" (its rule is right, its name is
 * not): that day is Isra Mi'raj. Corrected by the rule, so the real Maulid (12 Rabi
 * al-awwal) keeps its name.
 */
const NAME_BY_RULE: Record<string, string> = { "27 Rajab": "Isra Mi'raj Nabi Muhammad SAW" };

/** The library's public holidays of a year (loaded on demand: computing them takes a moment, and most starts need none). */
export async function libraryHolidays(year: number): Promise<{ date: IsoDate; name: string }[]> {
  const { default: Holidays } = await import("date-holidays");
  const hd = new Holidays("ID");
  const out = new Map<IsoDate, string>();
  for (const h of hd.getHolidays(year)) {
    if (h.type !== "public") continue;
    const date = h.date.slice(0, 10);
    const name = NAME_BY_RULE[h.rule] ?? h.name;
    out.set(date, out.has(date) ? `${out.get(date)}; ${name}` : name);
  }
  return [...out].map(([date, name]) => ({ date, name }));
}

/** Renames holidays seeded from the library before its names were corrected (ADMIN's own edits are left alone). */
export async function correctSeededNames(prisma: Db, years: number[]): Promise<number> {
  let n = 0;
  for (const year of years) {
    for (const h of await libraryHolidays(year)) {
      n += (await prisma.holiday.updateMany({ where: { date: toDbDate(h.date), source: "date-holidays", NOT: { name: h.name } }, data: { name: h.name } }))
        .count;
    }
  }
  return n;
}

/** correctSeededNames once per year (remembered in Setting): later starts skip the computation. */
export async function correctSeededNamesOnce(prisma: SeedDb, years: number[]): Promise<number> {
  let n = 0;
  for (const year of years) {
    const key = `holidays.names-corrected.${year}`;
    if (await prisma.setting.findUnique({ where: { key } })) continue;
    n += await correctSeededNames(prisma, [year]);
    await prisma.setting.upsert({ where: { key }, create: { key, value: new Date().toISOString() }, update: {} });
  }
  return n;
}

/**
 * Adds the library's holidays for each year once (remembered in Setting), so a
 * holiday the administrator deleted or edited is never put back. Returns how many were added.
 */
export async function seedHolidays(prisma: SeedDb, years: number[]): Promise<number> {
  let added = 0;
  for (const year of years) {
    const key = `holidays.seeded.${year}`;
    if (await prisma.setting.findUnique({ where: { key } })) continue;
    const kind: HolidayKind = "LIBUR_NASIONAL";
    const rows = (await libraryHolidays(year)).map((h) => ({
      date: toDbDate(h.date),
      name: h.name,
      kind,
      source: "date-holidays",
    }));
    added += (await prisma.holiday.createMany({ data: rows, skipDuplicates: true })).count;
    await prisma.setting.upsert({ where: { key }, create: { key, value: new Date().toISOString() }, update: {} });
  }
  return added;
}

export function seedYears(now = new Date()): number[] {
  const y = Number(todayJakarta(now).slice(0, 4));
  return [y, y + 1];
}

export async function loadCalendar(prisma: Db): Promise<WorkingCalendar> {
  const rows = await prisma.holiday.findMany({ select: { date: true } });
  return new WorkingCalendar(new Set(rows.map((r) => fromDbDate(r.date))));
}

export async function listHolidays(prisma: Db, year: number) {
  return prisma.holiday.findMany({
    where: { date: { gte: toDbDate(`${year}-01-01`), lte: toDbDate(`${year}-12-31`) } },
    orderBy: { date: "asc" },
  });
}

/** The last date that counts as "due soon" today. */
export async function soonLimit(prisma: Db, today = todayJakarta()): Promise<IsoDate> {
  return (await loadCalendar(prisma)).addWorkingDays(today, DUE_SOON_WORKING_DAYS);
}

/** ADMIN sets a day off (new, or renamed); logged with it, in one transaction. */
export async function saveHoliday(prisma: PrismaClient, actorId: number, h: { date: IsoDate; name: string; kind: HolidayKind }): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.holiday.upsert({
      where: { date: toDbDate(h.date) },
      create: { date: toDbDate(h.date), name: h.name, kind: h.kind, source: "admin" },
      update: { name: h.name, kind: h.kind, source: "admin" },
    });
    await tx.adminLog.create({ data: { actorId, action: "holiday.save", target: h.date, detail: h } });
  });
}

/** ADMIN removes a day off; logged with it. False when there was none that day. */
export async function removeHoliday(prisma: PrismaClient, actorId: number, date: IsoDate): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const n = await tx.holiday.deleteMany({ where: { date: toDbDate(date) } });
    await tx.adminLog.create({ data: { actorId, action: "holiday.delete", target: date } });
    return n.count > 0;
  });
}
