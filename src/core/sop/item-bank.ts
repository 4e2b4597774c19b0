// The evaluation item bank (row 21): one list of items from which both forms are
// built, the P3ADK assessment and the SKPD's self-report. Each item says which
// forms ask it, how it is answered (a 1-5 scale whose every level is described,
// a text, or a choice) and, for two items, where its score comes from when the
// agreement has obligations due (their realisation against target). Forms, the
// printable report, validation and the stored answers all read this list.
// Keys are stored in Evaluation.answers/selfAnswers: never rename one.

export type EvaluationForm = "P3ADK" | "SKPD";

export const FORM_LABELS: Record<EvaluationForm, string> = {
  P3ADK: "Penilaian Bagian Kerjasama",
  SKPD: "Laporan mandiri SKPD",
};

export const RECOMMENDATIONS = {
  LANJUT: "Dilanjutkan",
  PERLUAS: "Diperluas",
  PERPANJANG: "Diperpanjang",
  HENTIKAN: "Dihentikan",
} as const;
export type Recommendation = keyof typeof RECOMMENDATIONS;

/** Which obligations an item's score reads from: all of them, or the partner's only. */
export type ObligationSource = "all" | "MITRA";

export type Item =
  | {
      key: string;
      label: string;
      question: string;
      forms: EvaluationForm[];
      kind: "score";
      levels: [string, string, string, string, string];
      fromObligations?: ObligationSource;
    }
  | { key: string; label: string; question: string; forms: EvaluationForm[]; kind: "text"; min: number; max: number }
  | { key: string; label: string; question: string; forms: EvaluationForm[]; kind: "choice"; options: Record<string, string> };

const BOTH: EvaluationForm[] = ["P3ADK", "SKPD"];

export const ITEMS: Item[] = [
  {
    key: "kesesuaian_tujuan",
    label: "Kesesuaian dengan tujuan",
    forms: BOTH,
    kind: "score",
    question: "Sejauh mana kegiatan kerja sama sesuai dengan maksud, tujuan dan ruang lingkup dalam perjanjian?",
    levels: ["Tidak sesuai", "Sebagian kecil sesuai", "Sebagian besar sesuai", "Sesuai", "Sesuai dan memperkuat tujuan"],
  },
  {
    key: "ketepatan_waktu",
    label: "Ketepatan waktu",
    forms: BOTH,
    kind: "score",
    question: "Apakah kegiatan dilaksanakan sesuai jadwal dalam perjanjian dan rencana kerja?",
    levels: ["Sebagian besar terlambat lebih dari 3 bulan", "Banyak yang terlambat", "Sebagian kecil terlambat", "Tepat waktu", "Tepat waktu atau lebih cepat"],
  },
  {
    key: "kontribusi_mitra",
    label: "Kontribusi mitra",
    forms: BOTH,
    kind: "score",
    fromObligations: "MITRA",
    question: "Sejauh mana mitra memenuhi kewajiban dan kontribusinya (dana, barang, tenaga, keahlian)?",
    levels: ["Tidak dipenuhi (di bawah 25%)", "Sebagian kecil (25–49%)", "Sebagian (50–74%)", "Sebagian besar (75–89%)", "Dipenuhi (90% atau lebih)"],
  },
  {
    key: "koordinasi",
    label: "Koordinasi",
    forms: BOTH,
    kind: "score",
    question: "Bagaimana koordinasi dan komunikasi antara para pihak selama pelaksanaan?",
    levels: ["Tidak berjalan", "Jarang dan lambat", "Berjalan bila diminta", "Rutin dan lancar", "Rutin, lancar dan terdokumentasi"],
  },
  {
    key: "capaian_indikator",
    label: "Capaian indikator output/outcome",
    forms: BOTH,
    kind: "score",
    fromObligations: "all",
    question: "Seberapa jauh target indikator output dan outcome tercapai?",
    levels: ["Di bawah 25% target", "25–49% target", "50–74% target", "75–89% target", "90% target atau lebih"],
  },
  {
    key: "dampak_layanan",
    label: "Dampak pada pelayanan publik",
    forms: BOTH,
    kind: "score",
    question: "Apa dampak kerja sama pada pelayanan kepada masyarakat?",
    levels: ["Tidak ada dampak", "Dampak belum terasa", "Dampak terbatas", "Dampak nyata", "Dampak nyata dan terukur bagi masyarakat luas"],
  },
  {
    key: "kelengkapan_dokumen",
    label: "Kelengkapan dokumen",
    forms: ["P3ADK"],
    kind: "score",
    question: "Apakah dokumen pelaksanaan (perjanjian bernomor, laporan, bukti kegiatan dan keuangan) lengkap dan tertib?",
    levels: ["Sebagian besar tidak ada", "Banyak yang kurang", "Sebagian kurang", "Lengkap", "Lengkap dan tertib"],
  },
  {
    key: "keteraturan_laporan",
    label: "Keteraturan pelaporan",
    forms: ["P3ADK"],
    kind: "score",
    question: "Apakah SKPD menyampaikan laporan kemajuan sesuai jadwal?",
    levels: ["Tidak pernah melapor", "Jarang dan terlambat", "Kadang terlambat", "Sesuai jadwal", "Sesuai jadwal dan lengkap dengan bukti"],
  },
  {
    key: "kendala",
    label: "Kendala dan temuan",
    forms: BOTH,
    kind: "text",
    min: 10,
    max: 4000,
    question: "Kendala, temuan dan upaya penyelesaiannya.",
  },
  {
    key: "rekomendasi",
    label: "Rekomendasi",
    forms: BOTH,
    kind: "choice",
    options: RECOMMENDATIONS,
    question: "Apa rekomendasi untuk kerja sama ini?",
  },
];

export const itemsOf = (form: EvaluationForm) => ITEMS.filter((i) => i.forms.includes(form));
export const itemByKey = (key: string) => ITEMS.find((i) => i.key === key);

/** Realisation against target, as a share (0-1, capped at 1). */
export const realisationShare = (o: { realised: number; target: number }) => (o.target > 0 ? Math.min(1, Math.max(0, o.realised / o.target)) : 0);

/** The 1-5 level of an average realisation share, on the bands the levels above describe. */
export function levelOfShare(share: number): number {
  const pct = share * 100;
  return pct >= 90 ? 5 : pct >= 75 ? 4 : pct >= 50 ? 3 : pct >= 25 ? 2 : 1;
}

export type ObligationSnapshot = {
  id: number;
  party: "PEMKOT" | "MITRA";
  description: string;
  indicator: string;
  target: number;
  unit: string;
  realised: number;
  dueOn: string;
  share: number;
};

/**
 * The scores the obligations give, per item that reads from them: the mean
 * realisation share of the obligations it covers, as a level. Items whose
 * obligations are none are left to the evaluator.
 */
export function derivedScores(obligations: ObligationSnapshot[]): Record<string, { score: number; share: number; count: number }> {
  const out: Record<string, { score: number; share: number; count: number }> = {};
  for (const item of ITEMS) {
    if (item.kind !== "score" || !item.fromObligations) continue;
    const covered = obligations.filter((o) => item.fromObligations === "all" || o.party === item.fromObligations);
    if (!covered.length) continue;
    const share = covered.reduce((s, o) => s + o.share, 0) / covered.length;
    out[item.key] = { score: levelOfShare(share), share, count: covered.length };
  }
  return out;
}

/** The mean of an answer set's scored items (null when none). */
export function meanScore(form: EvaluationForm, answers: Record<string, unknown>): number | null {
  const scores = itemsOf(form)
    .filter((i) => i.kind === "score")
    .map((i) => answers[i.key])
    .filter((v): v is number => typeof v === "number");
  return scores.length ? Math.round((scores.reduce((s, v) => s + v, 0) / scores.length) * 100) / 100 : null;
}

/** Checks the bank's own consistency (run by a unit test). */
export function checkItemBank(): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const i of ITEMS) {
    if (keys.has(i.key)) problems.push(`duplicate key ${i.key}`);
    keys.add(i.key);
    if (!i.forms.length) problems.push(`${i.key}: in no form`);
  }
  for (const f of Object.keys(FORM_LABELS) as EvaluationForm[]) {
    if (!itemsOf(f).some((i) => i.key === "rekomendasi")) problems.push(`${f}: no recommendation`);
  }
  return problems;
}
