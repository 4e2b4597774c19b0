// The register of MoU and PKS numbers: one sequence per series (domestic, foreign)
// and year, shared by MoU and PKS as in a register book, with no gaps and no
// duplicates even under concurrent requests. The counter row is incremented with one
// atomic upsert inside the caller's transaction: a rollback gives the number back,
// and PostgreSQL's row lock makes concurrent transactions wait their turn. A unique
// index on the formatted number makes a duplicate impossible whatever the formats.
import type { Prisma } from "../../generated/prisma/client.js";
import type { Jenis, NumberKind } from "../../generated/prisma/enums.js";
import { AppError, notFound } from "../../platform/errors.js";
import { getSettings } from "../../core/settings/settings-service.js";
import { kindOf } from "../../core/sop/kinds.js";
import dayjs, { ZONE } from "../../platform/time.js";
import { must } from "../../platform/must.js";
import { toDbDate } from "../../platform/time.js";

const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];
export const romanMonth = (month1to12: number): string => must(ROMAN[month1to12 - 1], `the Roman numeral of month ${month1to12}`);

export const FORMAT_TOKENS = ["{seq}", "{unit}", "{roman month}", "{month}", "{year}"];

export function formatNumber(template: string, v: { seq: number; unit: string; month: number; year: number }): string {
  return template
    .replaceAll("{seq}", String(v.seq))
    .replaceAll("{unit}", v.unit)
    .replaceAll("{roman month}", romanMonth(v.month))
    .replaceAll("{month}", String(v.month).padStart(2, "0"))
    .replaceAll("{year}", String(v.year));
}

export type Series = "domestic" | "foreign";
/** Foreign cooperation (KSDPL, KSDLL) is registered under 100.3.7.2, the rest under 100.3.7.1. */
export const seriesOf = (jenis: Jenis): Series => (kindOf(jenis)?.foreign ? "foreign" : "domestic");
export const SERIES_SETTING: Record<Series, "numbering.format.domestic" | "numbering.format.foreign"> = {
  domestic: "numbering.format.domestic",
  foreign: "numbering.format.foreign",
};

/** A format must contain {seq} and {year}, so numbers stay unique across years. */
export function formatProblem(template: string): string | null {
  if (!template.includes("{seq}")) return "Format wajib memuat {seq}";
  if (!template.includes("{year}")) return "Format wajib memuat {year}";
  const unknown = template.match(/\{[^}]*\}/g)?.filter((t) => !FORMAT_TOKENS.includes(t));
  if (unknown?.length) return `Penanda tidak dikenal: ${unknown.join(", ")}`;
  return null;
}

/**
 * Why a pair of formats could ever give one number twice, or null when it cannot:
 * both series render every (seq, month) of a year differently from each other, and
 * the next numbers of this year are not in the register already.
 */
export async function formatsProblem(
  tx: Pick<Prisma.TransactionClient, "registerNumber" | "numberCounter" | "agreement">,
  formats: Record<Series, string>,
  unit: string,
  now = new Date(),
): Promise<{ series: Series; message: string } | null> {
  const year = dayjs(now).tz(ZONE).year();
  const rendered = new Map<string, Series>();
  for (const series of ["domestic", "foreign"] as const) {
    for (let seq = 1; seq <= 150; seq++) {
      for (let month = 1; month <= 12; month++) {
        const n = formatNumber(formats[series], { seq, unit, month, year });
        const other = rendered.get(n);
        if (other && other !== series) {
          return { series, message: `Format dalam negeri dan luar negeri dapat menghasilkan nomor yang sama (${n}); bedakan kode klasifikasinya` };
        }
        rendered.set(n, series);
      }
    }
  }
  // The numbers the next documents of this year would get must not be taken already.
  for (const series of ["domestic", "foreign"] as const) {
    const last = (await tx.numberCounter.findUnique({ where: { series_year: { series, year } } }))?.last ?? 0;
    const next = Array.from({ length: 50 }, (_, i) =>
      Array.from({ length: 12 }, (_, m) => formatNumber(formats[series], { seq: last + 1 + i, unit, month: m + 1, year })),
    ).flat();
    // Numbers given by the workflow, and numbers of agreements entered as legacy.
    const taken =
      (await tx.registerNumber.findFirst({ where: { number: { in: next } }, select: { number: true } }))?.number ??
      (await tx.agreement.findFirst({ where: { cityNumber: { in: next } }, select: { cityNumber: true } }))?.cityNumber;
    if (taken) return { series, message: `Format ini akan menghasilkan nomor yang sudah ada di register (${taken})` };
  }
  return null;
}

export async function allocateNumber(
  tx: Prisma.TransactionClient,
  input: { kind: NumberKind; caseId: number; jenis: Jenis; userId: number; partnerNumber?: string | null; now?: Date },
) {
  const at = dayjs(input.now ?? new Date()).tz(ZONE);
  const year = at.year();
  const series = seriesOf(input.jenis);
  const rows = await tx.$queryRaw<{ last: number }[]>`INSERT INTO "NumberCounter" ("series", "year", "last") VALUES (${series}, ${year}, 1)
     ON CONFLICT ("series", "year") DO UPDATE SET "last" = "NumberCounter"."last" + 1
     RETURNING "last"`;
  const seq = must(rows[0], "the counter row the upsert returns").last;
  const settings = await getSettings(tx);
  const template = settings[SERIES_SETTING[series]];
  const number = formatNumber(template, { seq, unit: settings["numbering.unit"], month: at.month() + 1, year });
  // A number recorded from SRIKANDI (or entered as legacy) that the counter now reaches: said plainly, nothing used.
  if (await numberTaken(tx, number))
    throw new AppError(
      409,
      `Nomor register berikutnya (${number}) sudah tercatat di register. Tidak ada nomor yang dipakai; minta Administrator menyesuaikan format penomoran.`,
      "NUMBER_TAKEN",
    );
  return tx.registerNumber.create({
    data: {
      kind: input.kind,
      series,
      year,
      seq,
      number,
      caseId: input.caseId,
      createdById: input.userId,
      partnerNumber: input.partnerNumber || null,
      createdAt: at.toDate(),
    },
  });
}

type NumberTables = Pick<Prisma.TransactionClient, "registerNumber" | "agreement" | "srikandiLetterNumber">;

/**
 * Is this number taken: given by the counter or recorded from SRIKANDI for a MoU/PKS,
 * an agreement's entered as legacy, or a letter's from SRIKANDI?
 */
export async function numberTaken(tx: NumberTables, number: string): Promise<boolean> {
  return (
    (await tx.registerNumber.count({ where: { number } })) > 0 ||
    (await tx.agreement.count({ where: { cityNumber: number } })) > 0 ||
    (await tx.srikandiLetterNumber.count({ where: { number } })) > 0
  );
}

/** Why a number from SRIKANDI cannot be recorded (taken, or one the counter could give), or null. */
export async function externalNumberProblem(tx: NumberTables & Pick<Prisma.TransactionClient, "setting">, number: string): Promise<string | null> {
  if (await numberTaken(tx, number)) return `Nomor SRIKANDI ${number} sudah tercatat; satu nomor hanya dipakai untuk satu naskah.`;
  const settings = await getSettings(tx);
  const formats = { domestic: settings["numbering.format.domestic"], foreign: settings["numbering.format.foreign"] };
  if (counterCouldGive(number, formats, settings["numbering.unit"]))
    return `Nomor ${number} berbentuk nomor register aplikasi, sehingga dapat bertabrakan dengan nomor berikutnya dari register. Periksa kembali nomor dari SRIKANDI.`;
  return null;
}

/** Would the register's counter ever give this number (either series' format, any sequence and month)? */
export function counterCouldGive(number: string, formats: Record<Series, string>, unit: string): boolean {
  const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return (["domestic", "foreign"] as const).some((series) => {
    const pattern = formats[series]
      .split(/(\{seq\}|\{unit\}|\{roman month\}|\{month\}|\{year\})/)
      .map((part) => {
        switch (part) {
          case "{seq}":
            return "[0-9]+";
          case "{unit}":
            return esc(unit);
          case "{roman month}":
            return `(?:${ROMAN.join("|")})`;
          case "{month}":
            return "(?:0[1-9]|1[0-2])";
          case "{year}":
            return "[0-9]{4}";
          default:
            return esc(part);
        }
      })
      .join("");
    return new RegExp(`^${pattern}$`).test(number);
  });
}

/**
 * A number SRIKANDI gave (the national records application): recorded in the register
 * as it is, with its source and date; no counter moves. Refused (422, nothing written)
 * when the number is in the register already or is one the counter could give.
 */
export async function recordExternalNumber(
  tx: Prisma.TransactionClient,
  input: { kind: NumberKind; caseId: number; jenis: Jenis; userId: number; number: string; date: string; partnerNumber?: string | null; now?: Date },
) {
  const problem = await externalNumberProblem(tx, input.number);
  if (problem) throw new AppError(422, problem, "NUMBER_TAKEN");
  return tx.registerNumber.create({
    data: {
      kind: input.kind,
      series: seriesOf(input.jenis),
      year: Number(input.date.slice(0, 4)),
      seq: null,
      number: input.number,
      source: "SRIKANDI",
      sourceDate: toDbDate(input.date),
      caseId: input.caseId,
      createdById: input.userId,
      partnerNumber: input.partnerNumber || null,
      createdAt: input.now ?? new Date(),
    },
  });
}

/** Voids a number: it is never reused; the reason is kept and the case's audit trail records it. */
export async function voidNumber(tx: Prisma.TransactionClient, input: { id: number; userId: number; reason: string }) {
  const n = await tx.registerNumber.findUnique({ where: { id: input.id } });
  if (!n) throw notFound("Nomor tidak ditemukan.");
  if (n.voidedAt) throw new AppError(409, `Nomor ${n.number} sudah dibatalkan.`, "ALREADY_VOID");
  return tx.registerNumber.update({
    where: { id: n.id },
    data: { voidedAt: new Date(), voidReason: input.reason, voidedById: input.userId },
  });
}

/**
 * Duplicate numbers found when numbers were made unique whose document still has no
 * valid replacement: ADMIN sees these on the numbering page.
 */
export async function openCollisions(prisma: Pick<Prisma.TransactionClient, "numberCollision" | "registerNumber" | "case">) {
  const rows = await prisma.numberCollision.findMany({ orderBy: { id: "asc" } });
  const out: { number: string; caseId: number; title: string; kind: NumberKind; detectedAt: Date }[] = [];
  for (const r of rows) {
    const voided = await prisma.registerNumber.findUnique({ where: { id: r.voidedId }, select: { kind: true } });
    if (!voided) continue;
    const valid = await prisma.registerNumber.count({ where: { caseId: r.caseId, kind: voided.kind, voidedAt: null } });
    if (valid) continue;
    const c = await prisma.case.findUnique({ where: { id: r.caseId }, select: { title: true } });
    out.push({ number: r.number, caseId: r.caseId, title: c?.title ?? `#${r.caseId}`, kind: voided.kind, detectedAt: r.detectedAt });
  }
  return out;
}
