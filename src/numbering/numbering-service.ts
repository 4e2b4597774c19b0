// The register of MoU and PKS numbers: no gaps and no duplicates per kind and year,
// even under concurrent requests. The counter row is incremented with one atomic
// upsert inside the caller's transaction: a rollback gives the number back, and
// PostgreSQL's row lock makes concurrent transactions wait their turn.
import type { Prisma } from "../generated/prisma/client.js";
import type { Jenis, NumberKind } from "../generated/prisma/enums.js";
import { AppError, notFound } from "../http/errors.js";
import { getSettings } from "../settings/settings-service.js";
import dayjs, { ZONE } from "../time.js";

const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];
export const romanMonth = (month1to12: number) => ROMAN[month1to12 - 1];

export const FORMAT_TOKENS = ["{seq}", "{unit}", "{roman month}", "{month}", "{year}"];

export function formatNumber(template: string, v: { seq: number; unit: string; month: number; year: number }): string {
  return template
    .replaceAll("{seq}", String(v.seq))
    .replaceAll("{unit}", v.unit)
    .replaceAll("{roman month}", romanMonth(v.month))
    .replaceAll("{month}", String(v.month).padStart(2, "0"))
    .replaceAll("{year}", String(v.year));
}

/** A format must contain {seq} and {year}, so numbers stay unique across years. */
export function formatProblem(template: string): string | null {
  if (!template.includes("{seq}")) return "Format wajib memuat {seq}";
  if (!template.includes("{year}")) return "Format wajib memuat {year}";
  const unknown = template.match(/\{[^}]*\}/g)?.filter((t) => !FORMAT_TOKENS.includes(t));
  if (unknown?.length) return `Penanda tidak dikenal: ${unknown.join(", ")}`;
  return null;
}

export async function allocateNumber(
  tx: Prisma.TransactionClient,
  input: { kind: NumberKind; caseId: number; jenis: Jenis; userId: number; partnerNumber?: string | null; now?: Date },
) {
  const at = dayjs(input.now ?? new Date()).tz(ZONE);
  const year = at.year();
  const rows = await tx.$queryRawUnsafe<{ last: number }[]>(
    `INSERT INTO "NumberCounter" ("kind", "year", "last") VALUES ($1::"NumberKind", $2, 1)
     ON CONFLICT ("kind", "year") DO UPDATE SET "last" = "NumberCounter"."last" + 1
     RETURNING "last"`,
    input.kind,
    year,
  );
  const seq = Number(rows[0].last);
  const settings = await getSettings(tx);
  const template = input.jenis === "KSDPL" ? settings["numbering.format.foreign"] : settings["numbering.format.domestic"];
  const number = formatNumber(template, { seq, unit: settings["numbering.unit"], month: at.month() + 1, year });
  return tx.registerNumber.create({
    data: {
      kind: input.kind,
      year,
      seq,
      number,
      caseId: input.caseId,
      createdById: input.userId,
      partnerNumber: input.partnerNumber || null,
    },
  });
}

/** Voids a number: it is never reused; the reason is kept and the case's audit trail records it. */
export async function voidNumber(
  tx: Prisma.TransactionClient,
  input: { id: number; userId: number; reason: string },
) {
  const n = await tx.registerNumber.findUnique({ where: { id: input.id } });
  if (!n) throw notFound("Nomor tidak ditemukan.");
  if (n.voidedAt) throw new AppError(409, `Nomor ${n.number} sudah dibatalkan.`, "ALREADY_VOID");
  return tx.registerNumber.update({
    where: { id: n.id },
    data: { voidedAt: new Date(), voidReason: input.reason, voidedById: input.userId },
  });
}
