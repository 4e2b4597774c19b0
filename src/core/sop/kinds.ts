// The kinds of regional cooperation and the approvals (gates) each needs before
// signing, as data: defined once. The proposal form, the row-1 check, the case
// page, the transition service (signing refused until every gate is passed) and
// /sop read this file.
//
// Sources: PP 28/2018 on regional cooperation; Permendagri 22/2020 (procedure) and
// 25/2020 (foreign cooperation); Bagian Kerjasama's guide for SKPDs.
import type { DocKind } from "../documents/kinds.js";
import type { RoleName } from "../users/roles.js";

export type KindId = "KSDD" | "KSDPK" | "SINERGI" | "KSDPL" | "KSDLL";
export type GateId = "TKKSD_MOU" | "TKKSD_PKS" | "DPRD" | "KEMENDAGRI" | "KEMENLU";
/** When a gate applies to a case of a kind: always, or when one of the DPRD conditions holds. */
export type GateWhen = "always" | "dprdConditions";

/** The two documents a cooperation is signed in: usually an MoU, then a PKS implementing it. */
export type Naskah = { first: string; second: string; secondLong: string };
export const MOU_PKS: Naskah = { first: "MoU", second: "PKS", secondLong: "perjanjian kerjasama" };
/** Sinergi: a Nota Kesepakatan with its Rencana Kerja instead of an MoU followed by a PKS. */
export const NK_RENCANA_KERJA: Naskah = { first: "Nota Kesepakatan", second: "Rencana Kerja", secondLong: "rencana kerja" };

export type KindDef = {
  id: KindId;
  /** The naskah chain: the SOP's rows 11-19, their documents and the register read it. */
  naskah: Naskah;
  short: string;
  label: string;
  partners: string;
  /** The types of partner a proposal of this kind may name (PARTNER_TYPES). */
  partnerTypes: PartnerType[];
  /** Registered under the foreign numbering series. */
  foreign: boolean;
  /** Documents the proposal must carry before it is sent (row 1). */
  proposalDocs: DocKind[];
  /** KSDD: compulsory (wajib) or voluntary (sukarela). */
  asksNature?: boolean;
  gates: { gate: GateId; when: GateWhen }[];
};

export type GateDef = {
  id: GateId;
  label: string;
  /** Who issues the letter. */
  body: string;
  /** The signing rows it must be passed before. */
  before: number[];
  /** A gate that must be recorded first (foreign approvals go DPRD, then Kemendagri, then Kemenlu). */
  after?: GateId;
  /** The final draft it approves: an approval older than the latest version of that draft no longer counts. */
  approves?: DocKind;
  /** Who records it on the case (the letter arrives at Bagian Kerjasama; the TKKSD's own come from its meetings). */
  recordedBy: RoleName[];
  /** How it is obtained, for whoever waits on it (the Kabag before signing). */
  obtained: string;
  /** Given in a TKKSD meeting and recorded by closing it, with its numbered minutes (never typed on the case). */
  viaMeeting?: true;
};

const STAFF: RoleName[] = ["PENATALAKSANA", "PENELAAH", "KASUBBAG", "KABAG"];

/**
 * The types of partner, as stored on a proposal (the label is the value). Each kind
 * names the ones it is made with (KINDS[k].partnerTypes): PP 28/2018 Art. 2 and 5,
 * Permendagri 22/2020 (Sinergi with ministries, agencies and vertical institutions),
 * Permendagri 25/2020 (foreign cooperation).
 */
export const PARTNER_TYPES = [
  "Pemerintah daerah",
  "Kementerian/lembaga",
  "Instansi vertikal",
  "Perguruan tinggi negeri",
  "BUMN/BUMD",
  "Badan usaha",
  "Perguruan tinggi",
  "Organisasi kemasyarakatan / LSM",
  "Perorangan",
  "Pemerintah daerah luar negeri",
  "Lembaga luar negeri",
  "Lainnya",
] as const;
export type PartnerType = (typeof PARTNER_TYPES)[number];

/** May a proposal of this kind name a partner of this type? */
export const partnerTypeFits = (jenis: string | null | undefined, type: string | null | undefined): boolean => {
  const k = kindOf(jenis);
  return !k || !type || (k.partnerTypes as readonly string[]).includes(type);
};

export const GATES: Record<GateId, GateDef> = {
  TKKSD_MOU: {
    id: "TKKSD_MOU",
    label: "Persetujuan TKKSD atas draf final MoU",
    body: "TKKSD",
    before: [12],
    approves: "mou_final",
    recordedBy: ["TKKSD"],
    viaMeeting: true,
    obtained:
      "Diputuskan dalam rapat TKKSD: sekretariat TKKSD mengagendakan draf finalnya, TKKSD menutup rapat, dan persetujuan tercatat dengan nomor berita acaranya.",
  },
  TKKSD_PKS: {
    id: "TKKSD_PKS",
    label: "Persetujuan TKKSD atas draf final PKS",
    body: "TKKSD",
    before: [17],
    approves: "pks_final",
    recordedBy: ["TKKSD"],
    viaMeeting: true,
    obtained:
      "Diputuskan dalam rapat TKKSD: sekretariat TKKSD mengagendakan draf finalnya, TKKSD menutup rapat, dan persetujuan tercatat dengan nomor berita acaranya.",
  },
  DPRD: {
    id: "DPRD",
    label: "Persetujuan DPRD",
    body: "DPRD Kota Yogyakarta",
    before: [12, 17],
    recordedBy: STAFF,
    obtained: "Walikota mengajukan permohonan ke DPRD; surat persetujuan DPRD dicatat Bagian Kerjasama di kasus ini dengan pindaiannya.",
  },
  KEMENDAGRI: {
    id: "KEMENDAGRI",
    label: "Persetujuan Menteri Dalam Negeri",
    body: "Kementerian Dalam Negeri",
    before: [12, 17],
    after: "DPRD",
    recordedBy: STAFF,
    obtained: "Diajukan sesudah persetujuan DPRD; surat Menteri Dalam Negeri dicatat Bagian Kerjasama di kasus ini dengan pindaiannya.",
  },
  KEMENLU: {
    id: "KEMENLU",
    label: "Persetujuan Menteri Luar Negeri",
    body: "Kementerian Luar Negeri",
    before: [12, 17],
    after: "KEMENDAGRI",
    recordedBy: STAFF,
    obtained: "Diajukan sesudah persetujuan Menteri Dalam Negeri; surat Menteri Luar Negeri dicatat Bagian Kerjasama di kasus ini dengan pindaiannya.",
  },
};

const TKKSD_BOTH = [
  { gate: "TKKSD_MOU", when: "always" },
  { gate: "TKKSD_PKS", when: "always" },
] as const;
const FOREIGN_GATES = [...TKKSD_BOTH, { gate: "DPRD", when: "always" }, { gate: "KEMENDAGRI", when: "always" }, { gate: "KEMENLU", when: "always" }] as const;
const DOMESTIC_GATES = [...TKKSD_BOTH, { gate: "DPRD", when: "dprdConditions" }] as const;

export const KINDS: Record<KindId, KindDef> = {
  KSDD: {
    id: "KSDD",
    short: "KSDD",
    label: "KSDD: Kerja sama dengan daerah lain",
    partners: "provinsi, kabupaten atau kota lain",
    partnerTypes: ["Pemerintah daerah"],
    foreign: false,
    proposalDocs: ["kak", "sk_ppksd"],
    asksNature: true,
    gates: [...DOMESTIC_GATES],
    naskah: MOU_PKS,
  },
  KSDPK: {
    id: "KSDPK",
    short: "KSDPK",
    label: "KSDPK: Kerja sama dengan pihak ketiga",
    partners: "badan usaha, BUMN/BUMD, perorangan, organisasi kemasyarakatan, lembaga nonpemerintah",
    partnerTypes: ["Badan usaha", "BUMN/BUMD", "Perguruan tinggi", "Organisasi kemasyarakatan / LSM", "Perorangan", "Lainnya"],
    foreign: false,
    proposalDocs: ["kak", "studi_kelayakan", "sk_ppksd"],
    gates: [...DOMESTIC_GATES],
    naskah: MOU_PKS,
  },
  SINERGI: {
    id: "SINERGI",
    short: "Sinergi",
    label: "Sinergi: Kerja sama dengan kementerian/lembaga dan instansi vertikal",
    partners: "kementerian/lembaga, perguruan tinggi negeri, Bank Indonesia, TNI, Polri",
    partnerTypes: ["Kementerian/lembaga", "Instansi vertikal", "Perguruan tinggi negeri"],
    foreign: false,
    proposalDocs: ["kak", "sk_ppksd"],
    gates: [...DOMESTIC_GATES],
    naskah: NK_RENCANA_KERJA,
  },
  KSDPL: {
    id: "KSDPL",
    short: "KSDPL",
    label: "KSDPL: Kerja sama dengan pemerintah daerah di luar negeri",
    partners: "pemerintah daerah di luar negeri (mis. kota kembar)",
    partnerTypes: ["Pemerintah daerah luar negeri"],
    foreign: true,
    proposalDocs: ["kak", "sk_ppksd"],
    gates: [...FOREIGN_GATES],
    naskah: MOU_PKS,
  },
  KSDLL: {
    id: "KSDLL",
    short: "KSDLL",
    label: "KSDLL: Kerja sama dengan lembaga di luar negeri",
    partners: "lembaga luar negeri",
    partnerTypes: ["Lembaga luar negeri"],
    foreign: true,
    proposalDocs: ["kak", "sk_ppksd"],
    gates: [...FOREIGN_GATES],
    naskah: MOU_PKS,
  },
};

export const KIND_IDS = Object.keys(KINDS) as [KindId, ...KindId[]];
export const KIND_LABELS = Object.fromEntries(KIND_IDS.map((k) => [k, KINDS[k].label])) as Record<KindId, string>;
export const kindOf = (jenis: string | null | undefined): KindDef | null => (jenis && Object.hasOwn(KINDS, jenis) ? KINDS[jenis as KindId] : null);

/** A text of the SOP or of a document kind in a kind's naskah ("Penandatanganan MoU" becomes "Penandatanganan Nota Kesepakatan"). */
export function naskahText(jenis: string | null | undefined, text: string): string {
  const n = kindOf(jenis)?.naskah;
  if (!n || n === MOU_PKS) return text;
  return text
    .replace(/\bMoU\b/g, n.first)
    .replace(/\bPKS\b/g, n.second)
    .replace(/naskah perjanjian kerjasama/g, n.secondLong)
    .replace(/Perjanjian Kerja ?sama/g, n.second);
}

/** "MoU"/"PKS", or the kind's own names for its two documents. */
export const naskahLabel = (jenis: string | null | undefined, kind: string) => {
  const n = kindOf(jenis)?.naskah ?? MOU_PKS;
  return kind === "MOU" ? n.first : n.second;
};

export const KSDD_NATURES = { WAJIB: "Wajib", SUKARELA: "Sukarela" } as const;

/** The DPRD conditions: a burden on the public or the region, funding outside this year's APBD, or a term over the threshold. */
export type GateFacts = {
  jenis: string | null;
  burdensPublic: boolean | null;
  outsideApbd: boolean | null;
  durationMonths: number | null;
  /** False for cases begun before approvals were required: they keep their definition. */
  approvalsRequired?: boolean;
};

export function dprdReasons(c: GateFacts, thresholdMonths: number): string[] {
  const reasons: string[] = [];
  if (c.burdensPublic) reasons.push("membebani masyarakat atau daerah");
  if (c.outsideApbd) reasons.push("pendanaannya belum dianggarkan dalam APBD tahun berjalan");
  if (c.durationMonths !== null && c.durationMonths > thresholdMonths) reasons.push(`jangka waktunya lebih dari ${thresholdMonths} bulan`);
  return reasons;
}

/** The gates that apply to a case, in the order they are passed, each with why. */
export function applicableGates(c: GateFacts, thresholdMonths: number): { gate: GateDef; why: string }[] {
  const kind = kindOf(c.jenis);
  if (!kind || c.approvalsRequired === false) return [];
  const out: { gate: GateDef; why: string }[] = [];
  for (const g of kind.gates) {
    // Worded in the kind's naskah ("draf final Nota Kesepakatan" for Sinergi).
    const gate = { ...GATES[g.gate], label: naskahText(c.jenis, GATES[g.gate].label) };
    if (g.when === "always") {
      out.push({ gate, why: g.gate.startsWith("TKKSD") ? "Naskah disetujui TKKSD sebelum ditandatangani Walikota" : `Wajib untuk ${kind.short}` });
      continue;
    }
    const reasons = dprdReasons(c, thresholdMonths);
    if (reasons.length) out.push({ gate, why: `Kerja sama ini ${reasons.join(", ")}` });
  }
  return out;
}

/** Checks the definitions' own consistency (run by a unit test). */
export function checkKinds(): string[] {
  const problems: string[] = [];
  for (const k of Object.values(KINDS)) {
    if (!k.proposalDocs.includes("sk_ppksd")) problems.push(`${k.id}: every proposal carries the SK penunjukan PPKSD`);
    if (!k.proposalDocs.includes("kak")) problems.push(`${k.id}: every proposal carries a KAK`);
    const ids = k.gates.map((g) => g.gate);
    for (const g of k.gates) {
      const after = GATES[g.gate].after;
      if (after && (!ids.includes(after) || ids.indexOf(after) > ids.indexOf(g.gate))) problems.push(`${k.id}: ${g.gate} needs ${after} before it`);
    }
    if (k.foreign && !["DPRD", "KEMENDAGRI", "KEMENLU"].every((x) => k.gates.some((g) => g.gate === x && g.when === "always"))) {
      problems.push(`${k.id}: foreign cooperation needs DPRD, Kemendagri and Kemenlu`);
    }
  }
  return problems;
}
