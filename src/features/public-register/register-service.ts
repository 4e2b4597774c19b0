// The public register (/publik): agreements the city shows the public, without a
// login. What may leave is a fixed list of fields (PUBLIC_FIELDS): the queries
// select only those columns, plus the value and the numbered copy when ADMIN marked
// the agreement for it. By default an agreement is public while it runs.
import { Prisma, type PrismaClient } from "../../generated/prisma/client.js";
import { AppError, notFound } from "../../platform/errors.js";
import { agreement as agreementPolicy } from "../../core/policies/index.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { fromDbDate, todayJakarta, toDbDate } from "../../core/calendar/calendar.js";
import { KIND_LABELS, KINDS, kindOf, naskahLabel, type KindId } from "../../core/sop/kinds.js";
import { orNull, REGION, stableIdentifier, type OpenRow } from "./open-data.js";
import { loadRegions, type Region } from "../../core/case-data/regions.js";

/** The government affairs in use, for the public register's filter. */
export const publicUrusanList = (prisma: PrismaClient) =>
  prisma.urusan.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { id: true, name: true } });

export const PUBLIC_MODES = {
  AUTO: "Tampil selama berlaku (bawaan)",
  ALWAYS: "Selalu tampil, juga setelah berakhir",
  HIDDEN: "Tidak ditampilkan",
} as const;
export type PublicMode = keyof typeof PUBLIC_MODES;

/** A row of the page; `nilai` and `dokumen` only when marked (the open data's rows: open-data.ts). */
export type PublicRow = {
  id: number;
  naskah: string;
  jenis: string;
  judul: string;
  mitra: string;
  skpd: string;
  urusan: string;
  mulai: string;
  berakhir: string;
  status: "Berlaku" | "Berakhir";
  nilai: number | null;
  dokumen: string | null;
};

export type PublicFilter = { q?: string; jenis?: KindId; urusanId?: number; year?: number };
export const PUBLIC_PAGE = 25;
/** The open-data files hold at most this many rows (soonest end first). */
export const DATASET_MAX = 20_000;

/** The agreements the public may see on `today`. */
export function publicWhere(today: string): Prisma.AgreementWhereInput {
  return { OR: [{ publicMode: "ALWAYS" }, { publicMode: "AUTO", endedEarlyAt: null, endDate: { gte: toDbDate(today) } }] };
}

function filterWhere(f: PublicFilter, today: string): Prisma.AgreementWhereInput {
  const and: Prisma.AgreementWhereInput[] = [publicWhere(today)];
  if (f.jenis) and.push({ case: { jenis: f.jenis } });
  if (f.urusanId) and.push({ case: { urusanId: f.urusanId } });
  if (f.year) and.push({ startDate: { lte: toDbDate(`${f.year}-12-31`) }, endDate: { gte: toDbDate(`${f.year}-01-01`) } });
  if (f.q) {
    and.push({ OR: [{ case: { title: { contains: f.q, mode: "insensitive" } } }, { case: { partnerName: { contains: f.q, mode: "insensitive" } } }] });
  }
  return { AND: and };
}

/** Only these columns are ever read for the public. */
const SELECT = {
  id: true,
  caseId: true,
  kind: true,
  startDate: true,
  endDate: true,
  endedEarlyAt: true,
  value: true,
  publicValue: true,
  publicDocument: true,
  case: {
    select: {
      title: true,
      jenis: true,
      partnerName: true,
      partnerRegionCode: true,
      skpd: { select: { name: true, code: true } },
      urusan: { select: { name: true, code: true } },
    },
  },
} satisfies Prisma.AgreementSelect;
type Selected = Prisma.AgreementGetPayload<{ select: typeof SELECT }>;

/** The ids of the rows marked for their document that have a numbered copy of a valid number (one query). */
async function withCopies(prisma: PrismaClient, rows: Selected[]) {
  const marked = rows.filter((r) => r.publicDocument);
  if (!marked.length) return new Set<number>();
  const numbers = await prisma.registerNumber.findMany({
    // Only a copy whose access class is biasa is ever public (docs/records.md).
    where: { caseId: { in: marked.map((r) => r.caseId) }, voidedAt: null, copyId: { not: null }, copy: { is: { accessClass: "biasa" } } },
    select: { caseId: true, kind: true },
  });
  const has = new Set(numbers.map((n) => `${n.caseId}:${n.kind}`));
  return new Set(marked.filter((r) => has.has(`${r.caseId}:${r.kind}`)).map((r) => r.id));
}

function toRow(a: Selected, today: string, copies: Set<number>): PublicRow {
  const end = fromDbDate(a.endDate);
  return {
    id: a.id,
    naskah: naskahLabel(a.case.jenis, a.kind),
    jenis: a.case.jenis ? KIND_LABELS[a.case.jenis] : "",
    judul: a.case.title,
    mitra: a.case.partnerName ?? "",
    skpd: a.case.skpd.name,
    urusan: a.case.urusan?.name ?? "",
    mulai: fromDbDate(a.startDate),
    berakhir: end,
    status: !a.endedEarlyAt && end >= today ? "Berlaku" : "Berakhir",
    nilai: a.publicValue && a.value !== null ? Number(a.value) : null,
    dokumen: copies.has(a.id) ? `/publik/dokumen/${a.id}` : null,
  };
}

export async function publicPage(prisma: PrismaClient, f: PublicFilter, page: number, today = todayJakarta()) {
  const where = filterWhere(f, today);
  const [total, rows] = await Promise.all([
    prisma.agreement.count({ where }),
    prisma.agreement.findMany({ where, select: SELECT, orderBy: [{ startDate: "desc" }, { id: "desc" }], skip: (page - 1) * PUBLIC_PAGE, take: PUBLIC_PAGE }),
  ]);
  const copies = await withCopies(prisma, rows);
  return { total, pages: Math.max(1, Math.ceil(total / PUBLIC_PAGE)), rows: rows.map((r) => toRow(r, today, copies)) };
}

/** The kind's label without its code in front ("KSDD: Kerja sama …" → "Kerja sama …"): the code is a field of its own. */
const kindName = (k: KindId) => KINDS[k].label.replace(new RegExp(`^(${KINDS[k].short}|${k}):\\s*`, "i"), "");

function toOpenRow(a: Selected, today: string, copies: Set<number>, appUrl: string, regions: ReadonlyMap<string, Region>): OpenRow {
  const end = fromDbDate(a.endDate);
  const region = a.case.partnerRegionCode ? regions.get(a.case.partnerRegionCode) : undefined;
  const kind = a.case.jenis && Object.hasOwn(KINDS, a.case.jenis) ? a.case.jenis : null;
  return {
    id: a.id,
    pengenal: stableIdentifier(a.id),
    kode_naskah: a.kind,
    naskah: naskahLabel(a.case.jenis, a.kind),
    kode_jenis: kind,
    jenis: kind ? kindName(kind) : null,
    judul: a.case.title,
    mitra: orNull(a.case.partnerName),
    kode_wilayah_mitra: orNull(a.case.partnerRegionCode),
    nama_wilayah_mitra: region?.name ?? null,
    kode_skpd: a.case.skpd.code,
    skpd: a.case.skpd.name,
    kode_urusan: orNull(a.case.urusan?.code),
    urusan: orNull(a.case.urusan?.name),
    tanggal_mulai: fromDbDate(a.startDate),
    tanggal_berakhir: end,
    status: !a.endedEarlyAt && end >= today ? "Berlaku" : "Berakhir",
    nilai_rupiah: a.publicValue && a.value !== null ? Number(a.value) : null,
    url_salinan: copies.has(a.id) ? `${appUrl.replace(/\/+$/, "")}/publik/dokumen/${a.id}` : null,
    ...REGION,
  };
}

/** Every public row (filtered), for the open-data CSV and JSON. */
export async function publicDataset(prisma: PrismaClient, f: PublicFilter, appUrl: string, today = todayJakarta()): Promise<OpenRow[]> {
  const rows = await prisma.agreement.findMany({
    where: filterWhere(f, today),
    select: SELECT,
    orderBy: [{ startDate: "desc" }, { id: "desc" }],
    take: DATASET_MAX,
  });
  const [copies, regions] = await Promise.all([withCopies(prisma, rows), loadRegions()]);
  return rows.map((r) => toOpenRow(r, today, copies, appUrl, regions.byCode));
}

export type Count = { label: string; n: number };

/** Counts of the public agreements per kind, urusan and starting year (one grouped query each). */
export async function publicCounts(prisma: PrismaClient, today = todayJakarta()) {
  const base = Prisma.sql`FROM "Agreement" a JOIN "Case" c ON c."id" = a."caseId" LEFT JOIN "Urusan" u ON u."id" = c."urusanId"
    WHERE (a."publicMode" = 'ALWAYS' OR (a."publicMode" = 'AUTO' AND a."endedEarlyAt" IS NULL AND a."endDate" >= ${today}::date))`;
  const q = (expr: Prisma.Sql, order: Prisma.Sql) =>
    prisma.$queryRaw<{ label: string | null; n: number }[]>`SELECT ${expr} AS label, count(*)::int AS n ${base} GROUP BY 1 ORDER BY ${order}`;
  const [jenis, urusan, year] = await Promise.all([
    q(Prisma.sql`c."jenis"::text`, Prisma.sql`2 DESC, 1`),
    q(Prisma.sql`u."name"`, Prisma.sql`2 DESC, 1`),
    q(Prisma.sql`extract(year FROM a."startDate")::int::text`, Prisma.sql`1`),
  ]);
  const label = (rows: { label: string | null; n: number }[], name: (l: string) => string) =>
    rows.map((r) => ({ label: r.label === null ? "(belum diisi)" : name(r.label), n: r.n }));
  return {
    perJenis: label(jenis, (l) => kindOf(l)?.label ?? l),
    perUrusan: label(urusan, (l) => l),
    perYear: label(year, (l) => l),
  };
}

/** The numbered copy of a public agreement marked for it, or null. */
export async function publicCopy(prisma: PrismaClient, agreementId: number, today = todayJakarta()) {
  const a = await prisma.agreement.findFirst({
    where: { AND: [{ id: agreementId, publicDocument: true }, publicWhere(today)] },
    select: { caseId: true, kind: true },
  });
  if (!a) return null;
  const n = await prisma.registerNumber.findFirst({
    where: { caseId: a.caseId, kind: a.kind, voidedAt: null, copyId: { not: null }, copy: { is: { accessClass: "biasa" } } },
    orderBy: { id: "desc" },
    select: { copy: { select: { id: true, sha256: true, size: true, mime: true, originalName: true } } },
  });
  return n?.copy ?? null;
}

/** ADMIN marks what of an agreement is public; written to the admin log. */
export async function setPublication(
  prisma: PrismaClient,
  user: CurrentUser,
  agreementId: number,
  input: { mode: PublicMode; value: boolean; document: boolean },
) {
  if (!agreementPolicy.can(user, "publish")) throw new AppError(403, "Publikasi register diatur oleh administrator.", "FORBIDDEN");
  return prisma.$transaction(async (tx) => {
    const a = await tx.agreement.findUnique({
      where: { id: agreementId },
      select: { id: true, kind: true, cityNumber: true, publicMode: true, publicValue: true, publicDocument: true },
    });
    if (!a) throw notFound("Perjanjian tidak ditemukan.");
    const next = { publicMode: input.mode, publicValue: input.value, publicDocument: input.document };
    await tx.agreement.update({ where: { id: a.id }, data: next });
    await tx.adminLog.create({
      data: {
        actorId: user.id,
        action: "publik.atur",
        target: `${a.kind} ${a.cityNumber ?? `#${a.id}`}`,
        detail: { from: { publicMode: a.publicMode, publicValue: a.publicValue, publicDocument: a.publicDocument }, to: next },
      },
    });
    return a;
  });
}
