// The report to Kemendagri and the Governor for a semester or a year: every
// agreement in force during the period, by kind, partner, urusan, term and value,
// with its evaluations and the realisation of its obligations, and what is missing
// from each before the report is sent.
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import { formatRupiah } from "../../core/case-data/rupiah.js";
import { badRequest } from "../../platform/errors.js";
import { RECOMMENDATIONS, type Recommendation } from "../../core/sop/item-bank.js";
import { periodLabel, periodsOfYear } from "../../core/sop/periods.js";
import { withStates } from "../obligations/obligation-service.js";
import { fromDbDate, todayJakarta, toDbDate } from "../../core/calendar/calendar.js";
import { KIND_LABELS, naskahLabel } from "../../core/sop/kinds.js";

export type ReportPeriod = { key: string; label: string; start: string; end: string };

/** "2026-S1", "2026-S2" or "2026"; null when the text is none of these. */
export function parsePeriod(key: string): ReportPeriod | null {
  const m = /^(\d{4})(?:-(S1|S2))?$/.exec(key);
  if (!m) return null;
  const y = Number(m[1]);
  if (y < 1990 || y > 2200) return null;
  if (m[2] === "S1") return { key, label: `Semester I ${y}`, start: `${y}-01-01`, end: `${y}-06-30` };
  if (m[2] === "S2") return { key, label: `Semester II ${y}`, start: `${y}-07-01`, end: `${y}-12-31` };
  return { key, label: `Tahun ${y}`, start: `${y}-01-01`, end: `${y}-12-31` };
}

/** The semester we are in (the default), and the choices offered: this year and the two before, semesters and years. */
export function periodChoices(today = todayJakarta()): ReportPeriod[] {
  const y = Number(today.slice(0, 4));
  return [y, y - 1, y - 2].flatMap((year) => [`${year}-S2`, `${year}-S1`, `${year}`].flatMap((k) => parsePeriod(k) ?? [])).filter((p) => p.start <= today);
}
export const currentPeriodKey = (today = todayJakarta()) => `${today.slice(0, 4)}-${today.slice(5, 7) <= "06" ? "S1" : "S2"}`;

export type ReportRow = {
  agreementId: number;
  caseId: number;
  naskah: string;
  jenis: string;
  number: string;
  partnerNumber: string;
  title: string;
  partner: string;
  partnerKind: string;
  skpd: string;
  urusan: string;
  signedOn: string;
  start: string;
  end: string;
  value: number | null;
  status: string;
  evaluations: string;
  obligations: string;
  missing: string[];
};

/** Every agreement in force at some time during the period, with what is missing from it. */
export async function ministryReport(prisma: PrismaClient, period: ReportPeriod, today = todayJakarta()) {
  if (period.start > today) throw badRequest("Periode laporan belum dimulai.");
  const inPeriod = {
    startDate: { lte: toDbDate(period.end) },
    endDate: { gte: toDbDate(period.start) },
    OR: [{ endedEarlyAt: null }, { endedEarlyAt: { gte: toDbDate(period.start) } }],
  } satisfies Prisma.AgreementWhereInput;
  // The cases' evaluations, obligations and signed scans by a join on the same condition
  // (not a list of thousands of ids), then grouped per case once.
  const ofTheseCases = { case: { agreements: { some: inPeriod } } };
  const [agreements, evaluations, obligations, signedDocs] = await Promise.all([
    prisma.agreement.findMany({
      where: inPeriod,
      orderBy: [{ startDate: "asc" }, { id: "asc" }],
      include: {
        case: {
          select: {
            id: true,
            title: true,
            jenis: true,
            partnerName: true,
            partnerKind: true,
            legacy: true,
            skpd: { select: { name: true } },
            urusan: { select: { name: true } },
          },
        },
      },
    }),
    prisma.evaluation.findMany({ where: ofTheseCases, orderBy: { period: "asc" } }),
    prisma.obligation.findMany({ where: ofTheseCases, orderBy: [{ dueOn: "asc" }, { id: "asc" }] }),
    prisma.document.groupBy({ by: ["caseId", "kind"], where: { ...ofTheseCases, kind: { in: ["mou_signed", "pks_signed"] } } }),
  ]);
  const byCase = <T extends { caseId: number }>(rows: T[]) => {
    const m = new Map<number, T[]>();
    for (const r of rows) {
      const list = m.get(r.caseId);
      if (list) list.push(r);
      else m.set(r.caseId, [r]);
    }
    return m;
  };
  const evaluationsOf = byCase(evaluations);
  const obligationsOf = byCase(obligations);
  const signed = new Set(signedDocs.map((d) => `${d.caseId}:${d.kind}`));
  const hasPks = new Set(agreements.filter((a) => a.kind === "PKS").map((a) => a.caseId));
  // The semesters of the period that have ended by today: each needs its evaluation.
  const years = [...new Set([period.start.slice(0, 4), period.end.slice(0, 4)])].map(Number);
  const duePeriods = years.flatMap(periodsOfYear).filter((p) => p.start >= period.start && p.end <= period.end && p.end < today);

  const rows: ReportRow[] = agreements.map((a) => {
    const c = a.case;
    const start = fromDbDate(a.startDate);
    const end = fromDbDate(a.endedEarlyAt ?? a.endDate);
    // Evaluations and obligations belong to the case; they are reported on its PKS (or its MoU when there is no PKS).
    const carries = a.kind === "PKS" || !hasPks.has(a.caseId);
    const caseEvaluations = evaluationsOf.get(a.caseId) ?? [];
    const evs = carries ? caseEvaluations.filter((e) => e.completedAt && periodInRange(e.period, period)) : [];
    const obs = carries ? withStates(obligationsOf.get(a.caseId) ?? [], today).filter((o) => !o.cancelledAt) : [];
    const missing: string[] = [];
    if (!c.urusan) missing.push("urusan pemerintahan");
    if (!a.cityNumber) missing.push("nomor register Pemkot");
    if (!a.signedOn) missing.push("tanggal penandatanganan");
    if (a.kind === "PKS" && a.value === null) missing.push("nilai perjanjian");
    if (!signed.has(`${a.caseId}:${a.kind === "MOU" ? "mou_signed" : "pks_signed"}`))
      missing.push(`pindaian ${naskahLabel(c.jenis, a.kind)} yang ditandatangani`);
    if (a.kind === "PKS" && !obs.length) missing.push("kewajiban para pihak");
    if (carries) {
      for (const p of duePeriods) {
        if (p.end < start || p.start > end) continue;
        if (!caseEvaluations.some((e) => e.period === p.key && e.completedAt)) missing.push(`evaluasi ${p.label}`);
      }
    }
    const met = obs.filter((o) => o.met).length;
    const meanShare = obs.length ? Math.round((obs.reduce((s, o) => s + Math.min(1, o.share), 0) / obs.length) * 100) : null;
    return {
      agreementId: a.id,
      caseId: a.caseId,
      naskah: naskahLabel(c.jenis, a.kind),
      jenis: c.jenis ? KIND_LABELS[c.jenis] : "",
      number: a.cityNumber ?? "",
      partnerNumber: a.partnerNumber ?? "",
      title: c.title,
      partner: c.partnerName ?? "",
      partnerKind: c.partnerKind ?? "",
      skpd: c.skpd.name,
      urusan: c.urusan?.name ?? "",
      signedOn: a.signedOn ? fromDbDate(a.signedOn) : "",
      start,
      end,
      value: a.value === null ? null : Number(a.value),
      status: a.endedEarlyAt ? "Diakhiri lebih awal" : fromDbDate(a.endDate) < today ? "Berakhir" : "Berlaku",
      evaluations: evs
        .map(
          (e) =>
            `${periodLabel(e.period)}: ${e.score !== null ? e.score.toFixed(2).replace(".", ",") : "-"}${e.recommendation && Object.hasOwn(RECOMMENDATIONS, e.recommendation) ? ` (${RECOMMENDATIONS[e.recommendation as Recommendation]})` : ""}`,
        )
        .join("; "),
      obligations: obs.length ? `${met} dari ${obs.length} tercapai; rata-rata ${meanShare}% dari target` : "",
      missing,
    };
  });
  return {
    period,
    rows,
    incomplete: rows.filter((r) => r.missing.length).length,
    totalValue: rows.reduce((s, r) => s + (r.value ?? 0), 0),
    perJenis: countBy(rows, (r) => r.jenis),
    perUrusan: countBy(rows, (r) => r.urusan || "(belum diisi)"),
  };
}
export type MinistryReport = Awaited<ReturnType<typeof ministryReport>>;

/** An evaluation period ("2026-S1", "2026-YE", "2026-03-14-IN") that falls in the report's period. */
function periodInRange(key: string, p: ReportPeriod) {
  const y = key.slice(0, 4);
  const end = key.endsWith("-S1") ? `${y}-06-30` : key.endsWith("-YE") ? `${y}-12-31` : key.slice(0, 10);
  return end >= p.start && end <= p.end;
}

function countBy(rows: ReportRow[], key: (r: ReportRow) => string) {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
  return [...m].map(([label, n]) => ({ label, n })).sort((a, b) => b.n - a.n || a.label.localeCompare(b.label));
}

export const rupiahOrDash = (v: number | null) => (v === null ? "—" : formatRupiah(v));
