// The SOP "Monitoring dan Evaluasi Kerjasama Daerah" as data: defined once.
// Inboxes, forms, deadlines, the /sop page and the reports all read this file.
//
// Source: docs/sop.md and docs/sop-source.txt (Pemkot Yogyakarta, Bagian Kerjasama). Two honest quirks:
//  - there is no row 14 in the source; official numbers are kept (1–13, 15–21);
//  - the source's Pelaksana (executor) columns are blank, so `holders` below is
//    an inferred, configurable mapping (see docs/assumptions.md).
import { createHash } from "node:crypto";
import { naskahText } from "./kinds.js";
import type { DocKind } from "../documents/kinds.js";
import type { RoleName } from "../users/roles.js";

export const ROW_NUMBERS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 21] as const;
export type RowNo = (typeof ROW_NUMBERS)[number];
export const MISSING_ROWS = [14] as const;

export type TimeStandard = { kind: "days"; days: number; label: string } | { kind: "endOfYear"; label: string } | { kind: "agreementEnd"; label: string };

export type EndStatus = "REJECTED" | "REFUSED" | "DECLINED" | "WITHDRAWN" | "DONE";

/**
 * The values actions ask for; each name is the Case column it is stored in
 * (partnerNumber goes to the register; pksSignedBy decides what the signing asks and is not stored).
 */
export const ACTION_FIELD_NAMES = [
  "signedMouOn",
  "mouEnd",
  "signedPksOn",
  "agreementStart",
  "agreementEnd",
  "partnerNumber",
  "pksSignedBy",
  "pksSignatory",
  "suratKuasaNumber",
  "suratKuasaDate",
] as const;
export type ActionFieldName = (typeof ACTION_FIELD_NAMES)[number];
/** Fields that steer an action and are not written to the case. */
export const UNSTORED_FIELDS: ActionFieldName[] = ["partnerNumber", "pksSignedBy"];

/** A condition on another field of the same form: "when pksSignedBy is KUASA". */
export type FieldCondition = { field: ActionFieldName; is: string };

/** A value the holder enters with an action. */
export type ActionField = {
  name: ActionFieldName;
  label: string;
  type: "date" | "text" | "choice";
  /** The values of a choice, with their labels. */
  options?: Record<string, string>;
  required: boolean;
  /** Required when the condition holds, and refused when it does not (the form would say two things). */
  onlyWhen?: FieldCondition;
  /** Values a choice stands for: choosing the Walikota records the Walikota as the signatory. */
  fills?: Record<string, Partial<Record<ActionFieldName, string>>>;
  /** A date that has happened (a signing): not later than today. */
  past?: boolean;
};

export type ActionDef = {
  id: string;
  label: string;
  /** advance/return: go to `to`; end: close the case; part: finish one parallel task. */
  effect: "advance" | "return" | "end" | "part";
  to?: RowNo;
  endStatus?: EndStatus;
  /** Who may take it; defaults to the row's holders. */
  roles?: RoleName[];
  reason?: "required" | "optional";
  /** Documents that must have been uploaded at this row (in its current visit). */
  docs?: DocKind[];
  /** Documents offered with the action but not always required (the PKS's surat kuasa: see docsWhen). */
  optionalDocs?: DocKind[];
  /** Documents required when a field of the form has a value (the surat kuasa's scan when another official signs). */
  docsWhen?: (FieldCondition & { docs: DocKind[] })[];
  fields?: ActionField[];
  /** Allocate a register number in the same transaction. */
  numbering?: "MOU" | "PKS";
  /** At least one recorded recipient with a receipt. */
  distribution?: "MOU" | "PKS";
  /** The proposal form must be complete and valid (row 1). */
  requiresProposal?: boolean;
  /** A signing (rows 12 and 17): refused until every approval that applies is recorded (kinds.ts GATES). */
  signs?: "MOU" | "PKS";
  /**
   * Row 21's closing: before the agreement's end it is an early termination (reason
   * and confirmation required; the register says "berakhir lebih awal"); after it,
   * every evaluation that was due must be filled in or the reason given.
   */
  closesCooperation?: boolean;
  /** A milestone the proposing SKPD is told about (ends and returns are always told). */
  informSkpd?: string;
  /** Case columns set by the action itself (signing method). */
  sets?: { signingMethodMou?: string; signingMethodPks?: string };
  part?: string;
  tone?: "primary" | "danger" | "default";
};

export type PartDef = { id: string; label: string; roles: RoleName[] };

export type RowDef = {
  no: RowNo;
  kegiatan: string;
  /** The executor as shown in the SOP table (inferred; see file header). */
  pelaksana: string;
  holders: RoleName[];
  inputs: string[];
  time: TimeStandard;
  outputs: string[];
  notes?: string;
  /** Rows 2, 3, 5 and 6 are collective in practice: many cases, one shared record. (Row 4 is decided in TKKSD meetings, /tkksd.) */
  collective?: boolean;
  /** The holder may pause the clock while waiting on someone outside the city. */
  pausable?: boolean;
  /**
   * What a holder who takes no action here contributes (rows 11 and 16: the SKPD
   * drafts with the partner while the Penelaah confirms the final draft).
   */
  expects?: { role: RoleName; text: string; docs: DocKind[] }[];
  /** Row 7: parallel tasks; the row is done when every part is done. */
  parts?: PartDef[];
  actions: ActionDef[];
  /** Who is told, level by level, while the row's task stays overdue (jobs/escalation.ts). */
  escalation: EscalationLevel[];
  /** At a row shared by staff and the SKPD (21): the chain for the SKPD's own tasks (its self-report). */
  skpdEscalation?: EscalationLevel[];
};

/** After `afterDays` working days past the due date, the task escalates to `to` (told once). */
export type EscalationLevel = { afterDays: number; to: RoleName[] };

/*
 * Escalation chains, up the line of Bagian Kerjasama to the Pimpinan (an assumption:
 * the SOP sets time standards but not who chases a late step). The first level is
 * told on the first working day overdue, so no task sits late without someone above
 * its holder knowing.
 */
const UP_FROM_STAFF: EscalationLevel[] = [
  { afterDays: 1, to: ["KASUBBAG"] },
  { afterDays: 3, to: ["KABAG"] },
  { afterDays: 5, to: ["PIMPINAN"] },
];
const UP_FROM_KABAG: EscalationLevel[] = [{ afterDays: 1, to: ["PIMPINAN"] }];
/** An SKPD's late step: the cooperation section chases it, then its heads. */
const UP_FROM_SKPD: EscalationLevel[] = [
  { afterDays: 1, to: ["PENATALAKSANA"] },
  { afterDays: 3, to: ["KASUBBAG"] },
  { afterDays: 5, to: ["KABAG"] },
];
const UP_FROM_TKKSD: EscalationLevel[] = [
  { afterDays: 1, to: ["KABAG"] },
  { afterDays: 5, to: ["PIMPINAN"] },
];

const days = (n: number, label: string): TimeStandard => ({ kind: "days", days: n, label });
const weeks = (n: number): TimeStandard => ({ kind: "days", days: 5 * n, label: `${n} minggu` });

const returnTo = (to: RowNo, label = "Kembalikan untuk perbaikan"): ActionDef => ({
  id: "kembalikan",
  label,
  effect: "return",
  to,
  reason: "required",
  tone: "default",
});
const reject = (label: string, endStatus: EndStatus = "REJECTED"): ActionDef => ({
  id: "tolak",
  label,
  effect: "end",
  endStatus,
  reason: "required",
  tone: "danger",
});

/** Rows 12 and 17: ordinary or ceremonial signing (the latter handled by Bagian Protokol). */
const signing = (
  doc: "MoU" | "PKS",
  to: RowNo,
  signed: DocKind,
  column: "signingMethodMou" | "signingMethodPks",
  fields: ActionField[],
  extra: Pick<ActionDef, "optionalDocs" | "docsWhen"> = {},
): ActionDef[] => [
  {
    id: "ttd_biasa",
    label: `${doc} ditandatangani (biasa)`,
    effect: "advance",
    to,
    docs: [signed],
    ...extra,
    fields,
    sets: { [column]: "BIASA" },
    signs: doc === "MoU" ? "MOU" : "PKS",
    informSkpd: `${doc} telah ditandatangani`,
    tone: "primary",
  },
  {
    id: "ttd_seremonial",
    label: `${doc} ditandatangani (seremonial, Bagian Protokol)`,
    effect: "advance",
    to,
    docs: [signed],
    ...extra,
    fields,
    sets: { [column]: "SEREMONIAL" },
    signs: doc === "MoU" ? "MOU" : "PKS",
    informSkpd: `${doc} telah ditandatangani`,
  },
];

/** Who signs the PKS for the city: the Walikota, or another official under the Walikota's power of attorney (surat kuasa). */
export const PKS_SIGNED_BY = { WALIKOTA: "Walikota", KUASA: "Pejabat lain atas surat kuasa Walikota" } as const;
const UNDER_POWER: FieldCondition = { field: "pksSignedBy", is: "KUASA" };

export const SOP: RowDef[] = [
  {
    no: 1,
    kegiatan: "Penyusunan data potensi kerjasama",
    pelaksana: "SKPD Terkait",
    holders: ["SKPD"],
    escalation: UP_FROM_SKPD,
    inputs: ["Surat", "Undangan rapat"],
    time: days(2, "2 hari"),
    outputs: ["Data potensi kerjasama dari masing-masing SKPD"],
    notes: "Dapat dilakukan pertemuan apabila hasil penyampaian surat belum seperti yang diharapkan",
    actions: [{ id: "kirim", label: "Kirim data potensi ke Bagian Kerjasama", effect: "advance", to: 2, requiresProposal: true, tone: "primary" }],
  },
  {
    no: 2,
    kegiatan: "Kompilasi data-data potensi kerjasama dari SKPD",
    pelaksana: "Penatalaksana Kerjasama",
    holders: ["PENATALAKSANA"],
    escalation: UP_FROM_STAFF,
    inputs: ["Surat"],
    time: weeks(1),
    outputs: ["Data potensi kerjasama dari masing-masing SKPD"],
    collective: true,
    actions: [
      { id: "lanjut", label: "Masukkan ke kompilasi dan teruskan untuk ditelaah", effect: "advance", to: 3, tone: "primary" },
      returnTo(1, "Kembalikan ke SKPD untuk dilengkapi"),
    ],
  },
  {
    no: 3,
    kegiatan: "Menelaah data-data potensi kerjasama dari SKPD",
    pelaksana: "Penelaah Kerjasama (diperiksa Ka.Subbag Kerjasama)",
    holders: ["PENELAAH", "KASUBBAG"],
    escalation: UP_FROM_STAFF,
    inputs: ["Data potensi kerjasama dari masing-masing SKPD"],
    time: weeks(1),
    outputs: ["Data potensi kerjasama dari SKPD yang sudah diverifikasi"],
    notes: "Dilakukan pemilahan dan klarifikasi atas data yang disampaikan oleh SKPD",
    collective: true,
    actions: [
      { id: "lanjut", label: "Terverifikasi: ajukan ke TKKSD", effect: "advance", to: 4, reason: "optional", tone: "primary" },
      returnTo(1, "Minta klarifikasi SKPD"),
      reject("Tidak layak dilanjutkan"),
    ],
  },
  {
    no: 4,
    kegiatan: "TKKSD menetapkan data potensi kerjasama",
    pelaksana: "TKKSD",
    holders: ["TKKSD"],
    escalation: UP_FROM_TKKSD,
    inputs: ["Undangan rapat", "Data potensi kerjasama dari SKPD yang sudah diverifikasi"],
    time: weeks(1),
    outputs: ["Data potensi kerjasama Pemkot YK"],
    notes: "Diputuskan dalam rapat TKKSD (menu Rapat TKKSD): keputusan diterapkan dan berita acara bernomor dilampirkan pada setiap kasus",
    actions: [
      { id: "lanjut", label: "Tetapkan sebagai potensi kerja sama Pemkot", effect: "advance", to: 5, docs: ["notulen"], tone: "primary" },
      returnTo(1, "Kembalikan ke SKPD untuk klarifikasi"),
      { ...reject("Tidak ditetapkan"), docs: ["notulen"] },
    ],
  },
  {
    no: 5,
    kegiatan: "Menyampaikan data potensi kerjasama kepada Walikota",
    pelaksana: "Kabag (disiapkan Ka.Subbag Kerjasama)",
    holders: ["KABAG", "KASUBBAG"],
    escalation: UP_FROM_KABAG,
    inputs: ["Daftar prioritas kerjasama"],
    time: weeks(1),
    outputs: ["Telaah"],
    collective: true,
    actions: [{ id: "lanjut", label: "Telaah disampaikan kepada Walikota", effect: "advance", to: 6, docs: ["telaah"], tone: "primary" }],
  },
  {
    no: 6,
    kegiatan: "Disposisi Walikota",
    pelaksana: "Walikota (dicatat oleh Kabag)",
    holders: ["KABAG"],
    escalation: UP_FROM_KABAG,
    inputs: ["Telaah"],
    time: weeks(2),
    outputs: ["Disposisi Walikota tentang persetujuan adanya kerjasama"],
    notes: "Waktu tergantung jadwal Walikota",
    collective: true,
    pausable: true,
    actions: [
      { id: "setuju", label: "Walikota menyetujui", effect: "advance", to: 7, docs: ["disposisi"], tone: "primary" },
      { id: "revisi", label: "Walikota meminta perbaikan", effect: "return", to: 5, docs: ["disposisi"], reason: "required" },
      { id: "tolak", label: "Walikota tidak menyetujui", effect: "end", endStatus: "REFUSED", docs: ["disposisi"], reason: "required", tone: "danger" },
    ],
  },
  {
    no: 7,
    kegiatan: "Menyiapkan rencana kerjasama",
    pelaksana: "SKPD Teknis (rencana kerja sama) dan Penatalaksana Kerjasama (draft surat penawaran), bersamaan",
    holders: ["SKPD", "PENATALAKSANA"],
    escalation: UP_FROM_STAFF,
    inputs: ["Disposisi Walikota"],
    time: weeks(1),
    outputs: ["Rencana kerjasama", "Draft surat penawaran kerjasama"],
    notes: "Rencana KS oleh SKPD teknis; surat penawaran oleh Bagian Kerjasama",
    parts: [
      { id: "rencana", label: "Rencana kerja sama (SKPD)", roles: ["SKPD"] },
      { id: "penawaran", label: "Draft surat penawaran (Bagian Kerjasama)", roles: ["PENATALAKSANA"] },
    ],
    actions: [
      { id: "rencana_selesai", label: "Rencana kerja sama selesai", effect: "part", part: "rencana", roles: ["SKPD"], docs: ["rencana_ks"], tone: "primary" },
      {
        id: "penawaran_selesai",
        label: "Draft surat penawaran selesai",
        effect: "part",
        part: "penawaran",
        roles: ["PENATALAKSANA"],
        docs: ["draft_surat_penawaran"],
        tone: "primary",
      },
    ],
  },
  {
    no: 8,
    kegiatan: "Melaporkan kepada Walikota",
    pelaksana: "Kabag",
    holders: ["KABAG"],
    escalation: UP_FROM_KABAG,
    inputs: ["Rencana kerjasama", "Draft surat penawaran"],
    time: days(2, "2 hari"),
    outputs: ["Telaah", "Draft surat penawaran"],
    actions: [
      { id: "lanjut", label: "Telaah dan draft surat penawaran disampaikan", effect: "advance", to: 9, docs: ["telaah"], tone: "primary" },
      returnTo(7, "Kembalikan rencana/draft untuk diperbaiki"),
    ],
  },
  {
    no: 9,
    kegiatan: "Disposisi Walikota",
    pelaksana: "Walikota (dicatat oleh Kabag)",
    holders: ["KABAG"],
    escalation: UP_FROM_KABAG,
    inputs: ["Telaah", "Draft surat penawaran"],
    time: weeks(2),
    outputs: ["Disposisi Walikota", "Draft surat penawaran"],
    notes: "Waktu tergantung jadwal Walikota",
    pausable: true,
    actions: [
      { id: "setuju", label: "Walikota menyetujui penawaran", effect: "advance", to: 10, docs: ["disposisi"], tone: "primary" },
      { id: "revisi", label: "Walikota meminta perbaikan", effect: "return", to: 7, docs: ["disposisi"], reason: "required" },
      { id: "tolak", label: "Walikota tidak menyetujui", effect: "end", endStatus: "REFUSED", docs: ["disposisi"], reason: "required", tone: "danger" },
    ],
  },
  {
    no: 10,
    kegiatan: "Menawarkan objek kerjasama",
    pelaksana: "Penatalaksana Kerjasama",
    holders: ["PENATALAKSANA"],
    escalation: UP_FROM_STAFF,
    inputs: ["Surat penawaran kerjasama"],
    time: { kind: "endOfYear", label: "Sepanjang tahun" },
    outputs: ["Tanda terima", "Tanda kirim"],
    pausable: true,
    actions: [
      {
        id: "diterima",
        label: "Calon mitra menerima (surat jawaban diterima)",
        effect: "advance",
        to: 11,
        docs: ["surat_penawaran", "tanda_kirim", "surat_jawaban"],
        tone: "primary",
      },
      {
        id: "ditolak_mitra",
        label: "Calon mitra menolak",
        effect: "end",
        endStatus: "DECLINED",
        docs: ["surat_penawaran", "tanda_kirim"],
        reason: "required",
        tone: "danger",
      },
      {
        id: "tidak_dijawab",
        label: "Tidak ada jawaban sampai akhir tahun",
        effect: "end",
        endStatus: "DECLINED",
        docs: ["surat_penawaran", "tanda_kirim"],
        reason: "required",
        tone: "danger",
      },
    ],
  },
  {
    no: 11,
    kegiatan: "Menyusun MoU dengan calon Mitra Kerjasama",
    pelaksana: "SKPD Terkait bersama Penelaah Kerjasama",
    holders: ["SKPD", "PENELAAH"],
    escalation: UP_FROM_STAFF,
    inputs: ["Surat jawaban dari calon mitra", "Draf MoU"],
    time: weeks(2),
    outputs: ["Draft final MoU"],
    notes: "Waktu tergantung kesepakatan kedua belah pihak atas isi MoU",
    pausable: true,
    expects: [
      {
        role: "SKPD",
        text: "Susun draf MoU bersama calon mitra dan unggah setiap versinya di sini. Penelaah Kerjasama memeriksanya dan menyatakan draf final disepakati.",
        docs: ["draft_mou"],
      },
    ],
    actions: [{ id: "lanjut", label: "Draft final MoU disepakati", effect: "advance", to: 12, roles: ["PENELAAH"], docs: ["mou_final"], tone: "primary" }],
  },
  {
    no: 12,
    kegiatan: "Penandatanganan MoU",
    pelaksana: "Kabag (ditandatangani Walikota dan mitra)",
    holders: ["KABAG"],
    escalation: UP_FROM_KABAG,
    inputs: ["Draf final MoU"],
    time: weeks(1),
    outputs: ["MoU yang sudah ditandatangani"],
    notes: "Tergantung jadwal Walikota dan mitra; penandatanganan seremonial ditangani Bagian Protokol",
    pausable: true,
    actions: [
      ...signing("MoU", 13, "mou_signed", "signingMethodMou", [
        { name: "signedMouOn", label: "Tanggal penandatanganan", type: "date", required: true, past: true },
        { name: "mouEnd", label: "MoU berlaku sampai", type: "date", required: true },
      ]),
      returnTo(11, "Kembalikan: isi MoU perlu diubah"),
    ],
  },
  {
    no: 13,
    kegiatan: "Penomoran MoU",
    pelaksana: "Penatalaksana Kerjasama",
    holders: ["PENATALAKSANA"],
    escalation: UP_FROM_STAFF,
    inputs: ["MoU yang sudah ditandatangani"],
    time: days(1, "1 hari"),
    outputs: ["MoU yang sudah dinomori"],
    actions: [
      {
        id: "beri_nomor",
        label: "Beri nomor MoU",
        effect: "advance",
        to: 15,
        numbering: "MOU",
        informSkpd: "MoU telah diberi nomor",
        fields: [{ name: "partnerNumber", label: "Nomor MoU dari pihak mitra (jika ada)", type: "text", required: false }],
        tone: "primary",
      },
    ],
  },
  {
    no: 15,
    kegiatan: "Distribusi salinan MoU",
    pelaksana: "Penatalaksana Kerjasama",
    holders: ["PENATALAKSANA"],
    escalation: UP_FROM_STAFF,
    inputs: ["MoU yang sudah dinomori"],
    time: days(2, "2 hari"),
    outputs: ["Tanda terima"],
    actions: [{ id: "lanjut", label: "Distribusi selesai", effect: "advance", to: 16, distribution: "MOU", tone: "primary" }],
  },
  {
    no: 16,
    kegiatan: "Menyusun naskah perjanjian kerjasama",
    pelaksana: "SKPD Terkait bersama Penelaah Kerjasama",
    holders: ["SKPD", "PENELAAH"],
    escalation: UP_FROM_STAFF,
    inputs: ["MoU", "Draft Perjanjian Kerjasama"],
    time: weeks(2),
    outputs: ["Draft Perjanjian Kerjasama"],
    pausable: true,
    expects: [
      {
        role: "SKPD",
        text: "Susun draf PKS bersama mitra (berdasarkan MoU) dan unggah setiap versinya di sini. Penelaah Kerjasama memeriksanya dan menyatakan draf final disepakati.",
        docs: ["draft_pks"],
      },
    ],
    actions: [{ id: "lanjut", label: "Draft final PKS disepakati", effect: "advance", to: 17, roles: ["PENELAAH"], docs: ["pks_final"], tone: "primary" }],
  },
  {
    no: 17,
    kegiatan: "Penandatanganan naskah perjanjian kerjasama",
    pelaksana: "Kabag (ditandatangani para pihak)",
    holders: ["KABAG"],
    escalation: UP_FROM_KABAG,
    inputs: ["Draft final PKS"],
    time: weeks(1),
    outputs: ["PKS yang sudah ditandatangani"],
    notes: "Penandatanganan seremonial ditangani Bagian Protokol; tergantung para penandatangan",
    pausable: true,
    actions: [
      ...signing(
        "PKS",
        18,
        "pks_signed",
        "signingMethodPks",
        [
          { name: "signedPksOn", label: "Tanggal penandatanganan", type: "date", required: true, past: true },
          { name: "agreementStart", label: "Berlaku mulai", type: "date", required: true },
          { name: "agreementEnd", label: "Berlaku sampai", type: "date", required: true },
          {
            name: "pksSignedBy",
            label: "Penandatangan pihak Pemkot",
            type: "choice",
            options: PKS_SIGNED_BY,
            required: true,
            fills: { WALIKOTA: { pksSignatory: "Walikota Yogyakarta" } },
          },
          { name: "pksSignatory", label: "Nama dan jabatan pejabat yang menandatangani", type: "text", required: false, onlyWhen: UNDER_POWER },
          { name: "suratKuasaNumber", label: "Nomor surat kuasa Walikota", type: "text", required: false, onlyWhen: UNDER_POWER },
          { name: "suratKuasaDate", label: "Tanggal surat kuasa", type: "date", required: false, onlyWhen: UNDER_POWER, past: true },
        ],
        { optionalDocs: ["surat_kuasa"], docsWhen: [{ ...UNDER_POWER, docs: ["surat_kuasa"] }] },
      ),
      returnTo(16, "Kembalikan: isi PKS perlu diubah"),
    ],
  },
  {
    no: 18,
    kegiatan: "Penomoran naskah perjanjian kerjasama",
    pelaksana: "Penatalaksana Kerjasama",
    holders: ["PENATALAKSANA"],
    escalation: UP_FROM_STAFF,
    inputs: ["PKS yang sudah ditandatangani"],
    time: days(1, "1 hari"),
    outputs: ["PKS yang sudah dinomori"],
    actions: [
      {
        id: "beri_nomor",
        label: "Beri nomor PKS",
        effect: "advance",
        to: 19,
        numbering: "PKS",
        informSkpd: "PKS telah diberi nomor",
        fields: [{ name: "partnerNumber", label: "Nomor PKS dari pihak mitra (jika ada)", type: "text", required: false }],
        tone: "primary",
      },
    ],
  },
  {
    no: 19,
    kegiatan: "Distribusi salinan naskah perjanjian kerjasama",
    pelaksana: "Penatalaksana Kerjasama",
    holders: ["PENATALAKSANA"],
    escalation: UP_FROM_STAFF,
    inputs: ["PKS yang sudah dinomori"],
    time: days(2, "2 hari"),
    outputs: ["Tanda terima"],
    actions: [{ id: "lanjut", label: "Distribusi selesai", effect: "advance", to: 20, distribution: "PKS", tone: "primary" }],
  },
  {
    no: 20,
    kegiatan: "Pelaksanaan",
    pelaksana: "SKPD Terkait",
    holders: ["SKPD"],
    escalation: UP_FROM_SKPD,
    inputs: ["Perjanjian Kerjasama"],
    time: { kind: "agreementEnd", label: "Sesuai jangka waktu perjanjian" },
    outputs: ["Hasil pelaksanaan kerjasama"],
    actions: [{ id: "lanjut", label: "Laporkan hasil pelaksanaan untuk dievaluasi", effect: "advance", to: 21, docs: ["laporan"], tone: "primary" }],
  },
  {
    no: 21,
    kegiatan: "Monitoring dan evaluasi pelaksanaan Perjanjian Kerjasama",
    pelaksana: "SKPD Terkait (terus-menerus) dan Bagian Kerjasama (per semester dan akhir tahun)",
    holders: ["PENELAAH", "PENATALAKSANA", "SKPD"],
    escalation: UP_FROM_STAFF,
    skpdEscalation: UP_FROM_SKPD,
    expects: [
      {
        role: "SKPD",
        text: 'Pantau pelaksanaan terus-menerus dan laporkan kemajuannya sesuai jadwal dari Bagian Kerjasama, dengan formulir "Laporkan kemajuan" di bagian Monitoring dan evaluasi.',
        docs: [],
      },
    ],
    inputs: ["Perjanjian Kerjasama"],
    time: { kind: "agreementEnd", label: "Sesuai jangka waktu perjanjian" },
    outputs: ["Hasil evaluasi kerjasama"],
    notes: "Di SKPD terus-menerus; di Bagian Kerjasama setiap semester dan akhir tahun",
    actions: [
      {
        id: "selesai",
        label: "Evaluasi akhir selesai: tutup kerja sama",
        effect: "end",
        endStatus: "DONE",
        roles: ["PENELAAH", "PENATALAKSANA"],
        docs: ["laporan_evaluasi"],
        reason: "optional",
        closesCooperation: true,
        tone: "primary",
      },
      { ...returnTo(20, "Kembalikan ke pelaksanaan"), roles: ["PENELAAH", "PENATALAKSANA"] },
    ],
  },
];

/** The SKPD of a case may withdraw it before an MoU exists (rows up to and including 12). */
export const WITHDRAW = { id: "tarik", label: "Tarik usulan", lastRow: 12 as RowNo, roles: ["SKPD"] as RoleName[] };

export const SOP_VERSION = "2026.1-" + createHash("sha256").update(JSON.stringify(SOP)).digest("hex").slice(0, 8);

export const rowDef = (no: number): RowDef | undefined => SOP.find((r) => r.no === no);

/**
 * The SOP as a case of `jenis` reads it: the same rows and rules, with the texts of
 * rows 11-21 in the kind's naskah (Sinergi: Nota Kesepakatan and Rencana Kerja).
 */
const byKind = new Map<string, RowDef[]>();
export function sopFor(jenis: string | null | undefined): RowDef[] {
  const key = jenis ?? "";
  let rows = byKind.get(key);
  if (!rows) {
    const t = (s: string) => naskahText(jenis, s);
    rows = SOP.map((r) => ({
      ...r,
      kegiatan: t(r.kegiatan),
      pelaksana: t(r.pelaksana),
      inputs: r.inputs.map(t),
      outputs: r.outputs.map(t),
      ...(r.notes ? { notes: t(r.notes) } : {}),
      ...(r.expects ? { expects: r.expects.map((e) => ({ ...e, text: t(e.text) })) } : {}),
      actions: r.actions.map((a) => ({ ...a, label: t(a.label), ...(a.fields ? { fields: a.fields.map((f) => ({ ...f, label: t(f.label) })) } : {}) })),
    }));
    byKind.set(key, rows);
  }
  return rows;
}
export const rowDefFor = (jenis: string | null | undefined, no: number): RowDef | undefined => sopFor(jenis).find((r) => r.no === no);
export function requireRowFor(jenis: string | null | undefined, no: number): RowDef {
  const r = rowDefFor(jenis, no);
  if (!r) throw new Error(`SOP row ${no} is not defined`);
  return r;
}

/** The escalation chain of a task: its row's, or the row's SKPD chain when only the SKPD holds it. */
export function escalationChain({ rowNo, roles: holders }: { rowNo: number; roles: readonly string[] }): EscalationLevel[] {
  const row = rowDef(rowNo);
  if (!row) return [];
  // The task's holders (data of the task, not a user's roles).
  return row.skpdEscalation && holders.length > 0 && holders.every((r) => r === "SKPD") ? row.skpdEscalation : row.escalation;
}

export function requireRow(no: number): RowDef {
  const r = rowDef(no);
  if (!r) throw new Error(`SOP row ${no} does not exist`);
  return r;
}

export const actionRoles = (row: RowDef, a: ActionDef): RoleName[] => a.roles ?? row.holders;

/*
 * Facts about rows that the rest of the app asks by name, derived from the rows'
 * own data above: no caller compares a row number with a literal (test/unit/sop-literals.test.ts).
 */
const rowsWhere = (pick: (r: RowDef) => boolean): RowNo[] => SOP.filter(pick).map((r) => r.no);
const only = (nos: RowNo[], what: string): RowNo => {
  const no = nos.at(0);
  if (nos.length !== 1 || no === undefined) throw new Error(`SOP: expected exactly one ${what}, found ${nos.join(",") || "none"}`);
  return no;
};
const first = (nos: RowNo[], what: string): RowNo => {
  const no = nos.at(0);
  if (no === undefined) throw new Error(`SOP: expected at least one ${what}, found none`);
  return no;
};
const isOneOf = (rows: readonly number[], no: number | null | undefined): boolean => no !== null && no !== undefined && rows.includes(no);

/** The row where the SKPD writes and sends its proposal (row 1): the one whose action requires a complete proposal. */
export const PROPOSAL_ROW: RowNo = only(
  rowsWhere((r) => r.actions.some((a) => a.requiresProposal)),
  "proposal row",
);
/** Is the case at its proposal row (the proposal form can still be edited)? */
export const isProposalRow = (no: number | null | undefined) => no === PROPOSAL_ROW;

/**
 * The rows while the agreement runs (Pelaksanaan and Monitoring dan evaluasi, rows 20-21):
 * those whose time standard is the agreement's own term.
 */
export const RUNNING_ROWS: RowNo[] = rowsWhere((r) => r.time.kind === "agreementEnd");
/** Is the case at a row where its agreement is being carried out (progress reports, evaluations, obligations)? */
export const isRunningRow = (no: number | null | undefined) => isOneOf(RUNNING_ROWS, no);
/** The first running row (20): where an agreement that already runs enters the app (legacy import). */
export const FIRST_RUNNING_ROW: RowNo = first(RUNNING_ROWS, "running row");
/** The monitoring and evaluation row (21): the one whose action closes the cooperation; evaluation tasks belong to it. */
export const EVALUATION_ROW: RowNo = only(
  rowsWhere((r) => r.actions.some((a) => a.closesCooperation)),
  "evaluation row",
);

/** The rows where signed copies are distributed (15 for the MoU, 19 for the PKS): those whose action asks for a distribution. */
export const DISTRIBUTION_ROWS: RowNo[] = rowsWhere((r) => r.actions.some((a) => a.distribution));
/** Which naskah's copies are distributed at this row ("MOU" at 15, "PKS" at 19), or null at any other row. */
export function distributionAt(no: number | null | undefined): "MOU" | "PKS" | null {
  if (no === null || no === undefined) return null;
  return rowDef(no)?.actions.find((a) => a.distribution)?.distribution ?? null;
}

/** The signing rows (12 for the MoU, 17 for the PKS): those whose actions sign. */
export const SIGNING_ROWS: RowNo[] = rowsWhere((r) => r.actions.some((a) => a.signs));
/** The row where a naskah is signed ("MOU": 12, "PKS": 17). */
export const signingRow = (naskah: "MOU" | "PKS"): RowNo =>
  only(
    rowsWhere((r) => r.actions.some((a) => a.signs === naskah)),
    `${naskah} signing row`,
  );

/**
 * Which naskah a row works on: "PKS" from the row after the MoU's copies are
 * distributed (row 16, drafting the PKS) on, "MOU" before it.
 */
const MOU_DISTRIBUTED_AT = ROW_NUMBERS.indexOf(
  only(
    rowsWhere((r) => r.actions.some((a) => a.distribution === "MOU")),
    "MoU distribution row",
  ),
);
export const naskahAt = (no: number): "MOU" | "PKS" => (ROW_NUMBERS.indexOf(no as RowNo) > MOU_DISTRIBUTED_AT ? "PKS" : "MOU");

/**
 * The rows at which approvals (kinds.ts GATES) are recorded, 7 to 17: once the case has
 * left the shared potensi stage (the collective rows 2-6, decided for many cases at once)
 * and until its last signing.
 */
export const APPROVAL_ROWS: RowNo[] = (() => {
  const idx = (no: number) => ROW_NUMBERS.indexOf(no as RowNo);
  const first = Math.max(...rowsWhere((r) => !!r.collective).map(idx)) + 1;
  const last = Math.max(...SIGNING_ROWS.map(idx));
  return ROW_NUMBERS.filter((_, i) => i >= first && i <= last);
})();
/** May approvals still be recorded at this row? */
export const collectsApprovals = (no: number | null | undefined) => isOneOf(APPROVAL_ROWS, no);

/** The row the TKKSD itself holds (row 4, where it adopts a cooperation potential in a meeting). */
export const TKKSD_ROW: RowNo = only(
  rowsWhere((r) => r.holders.includes("TKKSD")),
  "TKKSD row",
);
