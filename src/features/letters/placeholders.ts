// The placeholders a letter template may use, each defined once with what it
// means (the admin page lists them) and where its value comes from. A template
// that names anything else is refused when uploaded.
import type { Prisma } from "../../generated/prisma/client.js";
import { formatRupiah } from "../../core/case-data/rupiah.js";
import { RECOMMENDATIONS, type Recommendation } from "../../core/sop/item-bank.js";
import { periodLabel } from "../../core/sop/periods.js";
import { listObligations, describeTarget } from "../obligations/obligation-service.js";
import { formatIsoDate } from "../../platform/time.js";
import { fromDbDate, todayJakarta } from "../../core/calendar/calendar.js";
import { kindOf, naskahLabel } from "../../core/sop/kinds.js";
import { naskahAt } from "../../core/sop/sop.js";
import { TELAAH_OCCASIONS } from "./occasions.js";
import { getSigners } from "../../core/settings/settings-service.js";

type Tx = Prisma.TransactionClient;
const BLANK = "……………";

/** A case's simple placeholders: {name}. */
export const PLACEHOLDERS = {
  tanggal: "Tanggal hari ini, mis. 27 November 2026",
  tahun: "Tahun berjalan",
  nomor_surat: "Nomor surat: nomor SRIKANDI bila sudah dicatat pada kasus, selain itu titik-titik untuk diisi Tata Usaha",
  nomor_kasus: "Nomor kasus di aplikasi, mis. #12",
  judul: "Judul usulan kerja sama",
  judul_kapital: "Judul dalam huruf kapital (untuk judul naskah)",
  jenis: "Jenis kerja sama, mis. KSDPK: Kerja sama dengan pihak ketiga",
  jenis_singkat: "Singkatan jenis kerja sama, mis. KSDPK",
  kerja_sama_judul: 'Judul sebagai frasa yang diawali "kerja sama", mis. kerja sama pengelolaan sampah (untuk Hal dan kalimat)',
  naskah: "Naskah pada langkah ini: MoU/Nota Kesepakatan (langkah 11–15) atau PKS/Rencana Kerja (langkah 16–21)",
  naskah_kapital: "Judul naskah dalam huruf kapital, mis. NOTA KESEPAHAMAN, PERJANJIAN KERJA SAMA",
  nomor_naskah: "Nomor register Pemkot untuk naskah pada langkah ini (titik-titik bila belum ada)",
  nomor_mou: "Nomor register MoU/Nota Kesepakatan yang berlaku",
  nomor_pks: "Nomor register PKS/Rencana Kerja yang berlaku",
  nomor_mitra: "Nomor naskah dari pihak mitra",
  skpd: "Nama SKPD pengusul",
  urusan: "Urusan pemerintahan",
  bidang: "Bidang kerja sama",
  objek: "Objek kerja sama",
  ruang_lingkup: "Ruang lingkup kerja sama",
  manfaat: "Manfaat kerja sama",
  pembiayaan: "Sumber pembiayaan",
  nilai: "Perkiraan nilai (Rp)",
  jangka_waktu: "Jangka waktu, mis. 24 bulan",
  mulai: "Tanggal mulai berlaku naskah pada langkah ini",
  berakhir: "Tanggal berakhir naskah pada langkah ini",
  mitra: "Nama mitra",
  mitra_kapital: "Nama mitra dalam huruf kapital",
  mitra_jenis: "Jenis mitra (pemerintah daerah lain, badan usaha, ...)",
  mitra_alamat: "Alamat mitra",
  mitra_kontak: "Kontak mitra",
  ppksd: "Nama PPKSD (penghubung SKPD)",
  ppksd_telepon: "Telepon PPKSD",
  penandatangan: "Penandatangan pihak Pemkot (Walikota, atau yang diberi kuasa)",
  walikota: "Nama Walikota Yogyakarta (Pengaturan → Penandatangan surat)",
  sekda: "Nama Sekretaris Daerah",
  sekda_nip: "NIP Sekretaris Daerah",
  kabag: "Nama Kepala Bagian Kerjasama (Pengaturan, atau pengguna berperan Kabag)",
  kabag_nip: "NIP Kepala Bagian Kerjasama",
  lampiran: "Lampiran surat pada langkah ini, mis. 1 (satu) berkas",
  telaah_hal: "Hal telaah staf pada langkah ini (langkah 5: data potensi; langkah 8: rencana kerja sama dan draf surat penawaran)",
  telaah_persoalan: "Telaah staf: persoalan, sesuai langkahnya",
  telaah_fakta: "Telaah staf: fakta yang mempengaruhi, sesuai langkahnya",
  telaah_saran: "Telaah staf: saran kepada Walikota, sesuai langkahnya",
  pembuat: "Nama pengguna yang membuat dokumen",
  evaluasi_periode: "Periode evaluasi terakhir yang selesai",
  evaluasi_skor: "Nilai rata-rata evaluasi terakhir (1–5)",
  evaluasi_rekomendasi: "Rekomendasi evaluasi terakhir",
  evaluasi_kendala: "Kendala dan temuan evaluasi terakhir",
} as const;
export type Placeholder = keyof typeof PLACEHOLDERS;

/** Lists: {#name}…{/name}, with the fields of each item. */
export const LOOPS = {
  tembusan: { label: "Daftar tembusan", fields: { no: "Nomor urut", nama: "Penerima tembusan" } },
  kewajiban: {
    label: "Kewajiban para pihak dan realisasinya",
    fields: { no: "Nomor urut", pihak: "Pemkot atau mitra", uraian: "Kewajiban", target: "Target dan satuan", realisasi: "Realisasi sejauh ini" },
  },
} as const;
export type Loop = keyof typeof LOOPS;

/** A TKKSD meeting's placeholders (the invitation and the minutes). */
export const MEETING_PLACEHOLDERS = {
  tanggal: "Tanggal hari ini",
  hari_tanggal: "Hari dan tanggal rapat, mis. Kamis, 3 Desember 2026",
  jam: "Jam mulai rapat, mis. 09.00",
  tempat: "Tempat rapat",
  nomor_berita_acara: "Nomor berita acara (n/BA-TKKSD/tahun; titik-titik sebelum rapat ditutup)",
  ditutup_oleh: "Yang menutup rapat",
  ketua: "Nama Ketua TKKSD (Sekretaris Daerah, dari Pengaturan)",
  ketua_nip: "NIP Ketua TKKSD",
  sekretaris: "Nama Sekretaris TKKSD (Kepala Bagian Kerjasama, dari Pengaturan)",
  sekretaris_nip: "NIP Sekretaris TKKSD",
} as const;
export const MEETING_LOOPS = {
  acara: { label: "Acara rapat", fields: { no: "Nomor urut", judul: "Judul kasus", skpd: "SKPD", pokok: "Pokok bahasan" } },
  hadir: { label: "Daftar hadir", fields: { no: "Nomor urut", nama: "Nama dan jabatan" } },
  keputusan: {
    label: "Keputusan per kasus",
    fields: { no: "Nomor urut", judul: "Judul kasus", skpd: "SKPD", pokok: "Pokok bahasan", keputusan: "Keputusan", alasan: "Alasan (bila ada)" },
  },
} as const;

export type LetterScope = "case" | "meeting";
/** What a template of each scope may name: the admin page lists these, and an upload naming anything else is refused. */
export const PLACEHOLDER_SETS: Record<
  LetterScope,
  { simple: Record<string, string>; loops: Record<string, { label: string; fields: Record<string, string> }> }
> = {
  case: { simple: PLACEHOLDERS, loops: LOOPS },
  meeting: { simple: MEETING_PLACEHOLDERS, loops: MEETING_LOOPS },
};

export type MeetingLetterData = Record<keyof typeof MEETING_PLACEHOLDERS, string> & {
  acara: { no: number; judul: string; skpd: string; pokok: string }[];
  hadir: { no: number; nama: string }[];
  keputusan: { no: number; judul: string; skpd: string; pokok: string; keputusan: string; alasan: string }[];
};

export type LetterData = Record<Placeholder, string> & {
  tembusan: { no: number; nama: string }[];
  kewajiban: { no: number; pihak: string; uraian: string; target: string; realisasi: string }[];
};

/** The values of every placeholder for a case, as of today, for the naskah of `rowNo`. */
export async function letterData(tx: Tx, caseId: number, rowNo: number, author: string, today = todayJakarta()): Promise<LetterData> {
  const c = await tx.case.findUniqueOrThrow({ where: { id: caseId }, include: { skpd: true, urusan: true } });
  const [numbers, kabag, evaluation, obligations] = await Promise.all([
    tx.registerNumber.findMany({ where: { caseId, voidedAt: null }, orderBy: { id: "asc" } }),
    // Raw SQL: the PGlite adapter cannot pass an enum-array filter (see inbox-service).
    tx.$queryRaw<{ fullName: string }[]>`SELECT "fullName" FROM "User" WHERE "active" AND 'KABAG' = ANY("roles") ORDER BY "id" LIMIT 1`.then(
      (r) => r.at(0) ?? null,
    ),
    tx.evaluation.findFirst({ where: { caseId, completedAt: { not: null } }, orderBy: { completedAt: "desc" } }),
    listObligations(tx, caseId, today),
  ]);
  const second = naskahAt(rowNo) === "PKS";
  const which = second ? "PKS" : "MOU";
  const number = (k: "MOU" | "PKS") => numbers.filter((n) => n.kind === k).at(-1)?.number ?? BLANK;
  const date = (d: Date | null) => (d ? formatIsoDate(fromDbDate(d)) : BLANK);
  const kind = kindOf(c.jenis);
  const label = naskahLabel(c.jenis, which);
  const bigTitle = second ? (label === "PKS" ? "PERJANJIAN KERJA SAMA" : label.toUpperCase()) : label === "MoU" ? "NOTA KESEPAHAMAN" : label.toUpperCase();
  const answers = (evaluation?.answers ?? {}) as Record<string, unknown>;
  const rec = evaluation?.recommendation as Recommendation | null | undefined;
  // A typed value on one line, without its own closing full stop: the templates end their sentences.
  const text = (v: string | null | undefined) => {
    const t = (v ?? "")
      .replace(/\s+/g, " ")
      .trim()
      .replace(/[\s.]+$/, "");
    return t || BLANK;
  };
  const signers = await getSigners(tx);
  // The offer letter's copies (tembusan): the Walikota signs it, so is not among them.
  const tembusan = [
    "Sekretaris Daerah Kota Yogyakarta",
    `Kepala ${c.skpd.name} Kota Yogyakarta`,
    ...(kind?.foreign
      ? ["Menteri Dalam Negeri c.q. Direktur Jenderal Bina Administrasi Kewilayahan", "Menteri Luar Negeri", "Gubernur Daerah Istimewa Yogyakarta"]
      : []),
  ];
  // "Kerja sama pengelolaan sampah" stays one phrase: "Penawaran kerja sama pengelolaan sampah", never "kerja sama Kerja sama".
  const title = text(c.title);
  const phrase = /^kerja ?sama\b/i.test(title) ? title.replace(/^kerja ?sama\b/i, "kerja sama") : `kerja sama ${title}`;
  const kindText = kind ? kind.label : text(c.jenis);
  const plan = `Objek kerja sama: ${text(c.objek)}. Ruang lingkup: ${text(c.ruangLingkup)}. Pembiayaan: ${text(c.pembiayaan)}, perkiraan nilai ${c.estimatedCost === null ? BLANK : formatRupiah(c.estimatedCost)}; jangka waktu ${c.durationMonths ? `${c.durationMonths} bulan` : BLANK}.`;
  const telaah =
    TELAAH_OCCASIONS[rowNo] === "penawaran"
      ? {
          hal: `Rencana ${phrase} dan draf surat penawaran kepada ${text(c.partnerName)}`,
          lampiran: "2 (dua) berkas: rencana kerja sama dan draf surat penawaran",
          persoalan: `Menindaklanjuti disposisi Walikota atas data potensi kerja sama, ${c.skpd.name} telah menyusun rencana ${phrase} dengan ${text(c.partnerName)}, dan Bagian Kerjasama telah menyiapkan draf surat penawaran kerja sama kepada calon mitra.`,
          fakta: `${plan} Manfaat yang diharapkan: ${text(c.manfaat)}.`,
          saran: `Mohon persetujuan Walikota atas rencana kerja sama tersebut dan berkenan menandatangani surat penawaran kerja sama terlampir, untuk selanjutnya disampaikan kepada ${text(c.partnerName)}.`,
        }
      : {
          hal: `Data potensi ${phrase}`,
          lampiran: "1 (satu) berkas: daftar prioritas kerja sama",
          persoalan: `${c.skpd.name} mengusulkan ${phrase} (${kindText}) dengan ${text(c.partnerName)} (${text(c.partnerKind)}), urusan ${text(c.urusan?.name)}, bidang ${text(c.bidang)}. Usulan tersebut telah dibahas Tim Koordinasi Kerja Sama Daerah dan ditetapkan sebagai data potensi kerja sama.`,
          fakta: `Manfaat yang diharapkan: ${text(c.manfaat)}. Usulan pembiayaan: ${text(c.pembiayaan)}, dengan jangka waktu yang direncanakan ${c.durationMonths ? `${c.durationMonths} bulan` : BLANK}.`,
          saran: `Mohon arahan dan disposisi Walikota agar data potensi kerja sama ini ditindaklanjuti dengan penyusunan rencana kerja sama oleh ${c.skpd.name} dan draf surat penawaran oleh Bagian Kerjasama.`,
        };
  return {
    tanggal: formatIsoDate(today),
    tahun: today.slice(0, 4),
    nomor_surat: BLANK,
    nomor_kasus: `#${c.id}`,
    judul: title,
    judul_kapital: title.toUpperCase(),
    // The kind's label already begins with its code ("KSDD: Kerja sama dengan daerah lain").
    jenis: kindText,
    jenis_singkat: kind ? kind.short : text(c.jenis),
    kerja_sama_judul: phrase,
    naskah: label,
    naskah_kapital: bigTitle,
    nomor_naskah: number(which),
    nomor_mou: number("MOU"),
    nomor_pks: number("PKS"),
    nomor_mitra: text(numbers.filter((n) => n.kind === which).at(-1)?.partnerNumber),
    skpd: c.skpd.name,
    urusan: text(c.urusan?.name),
    bidang: text(c.bidang),
    objek: text(c.objek),
    ruang_lingkup: text(c.ruangLingkup),
    manfaat: text(c.manfaat),
    pembiayaan: text(c.pembiayaan),
    nilai: c.estimatedCost === null ? BLANK : formatRupiah(c.estimatedCost),
    jangka_waktu: c.durationMonths ? `${c.durationMonths} bulan` : BLANK,
    mulai: date(second ? c.agreementStart : c.signedMouOn),
    berakhir: date(second ? c.agreementEnd : c.mouEnd),
    mitra: text(c.partnerName),
    mitra_kapital: text(c.partnerName).toUpperCase(),
    mitra_jenis: text(c.partnerKind),
    mitra_alamat: text(c.partnerAddress),
    mitra_kontak: text(c.partnerContact),
    ppksd: text(c.liaisonName),
    ppksd_telepon: text(c.liaisonPhone),
    penandatangan: text(c.pksSignatory ?? "Walikota Yogyakarta"),
    walikota: text(signers.walikota),
    sekda: text(signers.sekda),
    sekda_nip: text(signers.sekdaNip),
    kabag: text(signers.kabag || kabag?.fullName),
    kabag_nip: text(signers.kabagNip),
    lampiran: TELAAH_OCCASIONS[rowNo] ? telaah.lampiran : "1 (satu) berkas",
    telaah_hal: telaah.hal,
    telaah_persoalan: telaah.persoalan,
    telaah_fakta: telaah.fakta,
    telaah_saran: telaah.saran,
    pembuat: author,
    evaluasi_periode: evaluation ? periodLabel(evaluation.period) : BLANK,
    evaluasi_skor: evaluation?.score != null ? evaluation.score.toFixed(2).replace(".", ",") : BLANK,
    evaluasi_rekomendasi: rec && Object.hasOwn(RECOMMENDATIONS, rec) ? RECOMMENDATIONS[rec] : BLANK,
    evaluasi_kendala: typeof answers.kendala === "string" ? text(answers.kendala) : BLANK,
    tembusan: tembusan.map((nama, i) => ({ no: i + 1, nama })),
    kewajiban: obligations
      .filter((o) => !o.cancelledAt)
      .map((o, i) => ({
        no: i + 1,
        pihak: o.party === "MITRA" ? text(c.partnerName) : "Pemerintah Kota Yogyakarta",
        uraian: o.description,
        target: describeTarget(o),
        realisasi: `${o.realised} ${o.unit}`,
      })),
  };
}
