// The evaluation report (row 21) as a PDF, with the same content as its page
// (views/monitoring/report.ejs): the agreement, the scores of both forms, the
// written findings, the obligations against target and the SKPD's progress reports,
// signed by the Kepala Bagian Kerjasama named in the settings. Drawn with the app's
// fonts (src/platform/pdf), so any partner's name prints.
import { BLANK, writer } from "../../platform/pdf/writer.js";
import { formatDate, formatDateTime, formatIsoDate } from "../../platform/time.js";
import { FORM_LABELS, ITEMS, RECOMMENDATIONS, type Item } from "../../core/sop/item-bank.js";

export type EvaluationPdfData = {
  periodLabel: string;
  title: string;
  kind: string;
  skpd: string;
  partner: string | null;
  agreements: { label: string; number: string | null; start: Date | null; end: Date | null }[];
  dueOn: Date;
  completedAt: Date | null;
  selfCompletedAt: Date | null;
  answers: Record<string, unknown> | null;
  selfAnswers: Record<string, unknown> | null;
  score: number | null;
  selfScore: number | null;
  recommendation: string | null;
  selfRecommendation: string | null;
  obligations: { party: string; description: string; indicator: string; dueOn: string; target: string; realised: string; share: number }[];
  reports: { period: string; progress: number; indicator: string; achievement: string; obstacle: string | null; solution: string | null }[];
  madeOn: string;
  kabag: { name: string; nip: string };
};

const shown = (item: Item, answers: Record<string, unknown> | null) => {
  const a = answers?.[item.key];
  if (a === undefined || a === null || a === "") return "—";
  // Stored answers are text or numbers; anything else is shown as the JSON it is.
  const text = typeof a === "string" || typeof a === "number" || typeof a === "boolean" ? String(a) : JSON.stringify(a);
  return item.kind === "choice" ? (item.options[text] ?? text) : text;
};
const rec = (r: string | null) => (r && Object.hasOwn(RECOMMENDATIONS, r) ? RECOMMENDATIONS[r as keyof typeof RECOMMENDATIONS] : "—");
const num = (n: number | null) => (n === null ? "—" : n.toLocaleString("id-ID"));

export async function evaluationPdf(d: EvaluationPdfData): Promise<Buffer> {
  const w = await writer(`Laporan Evaluasi ${d.periodLabel}: ${d.title}`, JSON.stringify(d));
  w.kop({ government: "PEMERINTAH KOTA YOGYAKARTA", unit: "SEKRETARIAT DAERAH", address: "Jl. Kenari No. 56 Yogyakarta 55165" });
  w.text("LAPORAN EVALUASI PELAKSANAAN KERJA SAMA", { bold: true, center: true, size: 12, gap: 0 });
  w.text(`Periode ${d.periodLabel}`, { center: true, gap: 12 });
  w.fields(
    [
      ["Kerja sama", d.title],
      ["Jenis", d.kind],
      ["SKPD pelaksana", d.skpd],
      ["Mitra", d.partner || "—"],
      ...d.agreements.map((a): [string, string] => [a.label, `${a.number || "—"} (${formatDate(a.start)} s.d. ${formatDate(a.end)})`]),
      ["Tenggat evaluasi", formatDate(d.dueOn)],
      [FORM_LABELS.P3ADK, d.completedAt ? `Diisi ${formatDateTime(d.completedAt)}` : "Belum diisi"],
      [FORM_LABELS.SKPD, d.selfCompletedAt ? `Diisi ${formatDateTime(d.selfCompletedAt)}` : "Belum diisi"],
    ],
    { size: 10, gap: 10 },
  );

  w.text("A. Penilaian (skala 1–5)", { bold: true });
  w.list(
    ITEMS.filter((i) => i.kind === "score").map((i) => {
      const p3 = i.forms.includes("P3ADK") ? shown(i, d.answers) : "tidak ditanyakan";
      const skpd = i.forms.includes("SKPD") ? shown(i, d.selfAnswers) : "tidak ditanyakan";
      return `${i.label}: Bagian Kerjasama ${p3}; SKPD ${skpd}`;
    }),
    { size: 10, indent: 14 },
  );
  w.fields(
    [
      ["Rata-rata", `Bagian Kerjasama ${num(d.score)}; SKPD ${num(d.selfScore)}`],
      ["Rekomendasi", `Bagian Kerjasama: ${rec(d.recommendation)}; SKPD: ${rec(d.selfRecommendation)}`],
    ],
    { size: 10, indent: 14, gap: 10 },
  );

  w.text("B. Temuan", { bold: true });
  for (const item of ITEMS.filter((i) => i.kind === "text" || i.kind === "choice")) {
    w.text(item.label, { bold: true, size: 10, indent: 14, gap: 0 });
    w.fields(
      [
        ["Bagian Kerjasama", shown(item, d.answers)],
        ["SKPD", shown(item, d.selfAnswers)],
      ],
      { size: 10, indent: 28, gap: 6 },
    );
  }

  w.text("C. Realisasi kewajiban terhadap target", { bold: true });
  if (d.obligations.length) {
    w.list(
      d.obligations.map(
        (o) =>
          `${o.party}: ${o.description} (${o.indicator}, tenggat ${formatIsoDate(o.dueOn)}); target ${o.target}, realisasi ${o.realised}, capaian ${Math.round(o.share * 100)}%`,
      ),
      { size: 10, indent: 14 },
    );
  } else w.text("Tidak ada kewajiban yang jatuh tempo sampai akhir periode.", { size: 10, indent: 14, gap: 8 });

  w.text("D. Laporan kemajuan SKPD", { bold: true });
  if (d.reports.length) {
    w.list(
      d.reports.map(
        (r) =>
          `${r.period}: progres ${r.progress}%; indikator ${r.indicator}; capaian ${r.achievement}; kendala ${r.obstacle || "—"}; solusi ${r.solution || "—"}`,
      ),
      { size: 10, indent: 14 },
    );
  } else w.text("Belum ada laporan.", { size: 10, indent: 14, gap: 8 });

  w.space(12);
  w.signature({
    place: `Yogyakarta, ${d.madeOn}`,
    office: ["Kepala Bagian Kerjasama", "Sekretariat Daerah Kota Yogyakarta"],
    name: d.kabag.name || BLANK,
    nip: d.kabag.nip || BLANK,
  });
  return w.bytes();
}
