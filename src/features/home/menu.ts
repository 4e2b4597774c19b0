// What each user may open: the navigation and the home page read this list.
// Each entry asks the policy of its resource; no role names here.
import { admin, agreement, casePolicy, dashboard, delegation, documentPolicy, report, signature, tkksd } from "../../core/policies/index.js";
import { integration } from "../../core/policies/index.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { webhook } from "../../core/policies/index.js";

/** `account`: the user's own settings, linked beside their name rather than in the main navigation. */
export type MenuItem = { href: string; label: string; description: string; visible: (u: CurrentUser) => boolean; badge?: number; account?: boolean };

const always = () => true;
const isAdmin = (u: CurrentUser) => admin.can(u, "manage", "user");

export const MENU: MenuItem[] = [
  { href: "/", label: "Beranda", description: "Ringkasan akun dan pekerjaan Anda.", visible: always },
  { href: "/inbox", label: "Kotak tugas", description: "Kasus yang sedang dipegang peran Anda, urut tenggat.", visible: dashboard.hasInbox },
  { href: "/usulan/baru", label: "Usulan baru", description: "Isi data potensi kerja sama unit Anda.", visible: (u) => casePolicy.can(u, "propose") },
  { href: "/cari", label: "Cari", description: "Satu kotak pencarian untuk kasus, nomor perjanjian dan isi dokumen (PDF dan Word).", visible: always },
  { href: "/kasus", label: "Semua kasus", description: "Cari dan lihat kasus kerja sama beserta riwayatnya.", visible: (u) => casePolicy.can(u, "list") },
  {
    href: "/perjanjian",
    label: "Register perjanjian",
    description: "MoU dan PKS yang berjalan, akan berakhir dan berakhir; ekspor Excel/CSV.",
    visible: (u) => agreement.can(u, "list"),
  },
  {
    href: "/dashboard",
    label: "Dasbor",
    description: "Angka dan grafik: kasus per langkah, keterlambatan, perjanjian, evaluasi, kepatuhan SOP.",
    visible: dashboard.canSeeDashboard,
  },
  {
    href: "/laporan/kemendagri",
    label: "Laporan",
    description: "Laporan semester dan tahunan ke Kemendagri dan Gubernur: isi, kelengkapan, .xlsx dan PDF, arsip yang terkirim.",
    visible: (u) => report.can(u, "read"),
  },
  {
    href: "/tkksd",
    label: "Rapat TKKSD",
    description: "Agenda, kehadiran dan keputusan rapat TKKSD; undangan dan berita acara bernomor.",
    visible: (u) => tkksd.can(u, "read"),
  },
  { href: "/notifikasi", label: "Notifikasi", description: "Tugas baru, pengingat tenggat, perjanjian yang akan berakhir.", visible: always },
  {
    href: "/akun/kalender",
    label: "Kalender saya",
    description: "Tenggat tugas, jendela evaluasi dan akhir perjanjian di aplikasi kalender Anda (ICS).",
    visible: always,
    account: true,
  },
  { href: "/sop", label: "SOP", description: "Tabel SOP beserta waktu nyata tiap langkah.", visible: always },
  {
    href: "/plh",
    label: "Pejabat pengganti",
    description: "Catat Plh/Plt yang memegang jabatan pejabat yang berhalangan, dengan surat perintahnya.",
    visible: (u) => delegation.can(u, "manage"),
  },
  {
    href: "/admin/pengguna",
    label: "Pengguna",
    description: "Tambah pengguna, atur peran dan SKPD, nonaktifkan, atau atur ulang kata sandi.",
    visible: isAdmin,
  },
  {
    href: "/admin/sso",
    label: "Tautan SSO",
    description: "Akun yang masuk lewat SSO kota: lihat dan lepas tautan, atur pembuatan akun saat pertama masuk.",
    visible: isAdmin,
  },
  { href: "/admin/skpd", label: "Daftar SKPD", description: "Kelola daftar perangkat daerah Kota Yogyakarta.", visible: (u) => admin.can(u, "manage", "skpd") },
  {
    href: "/admin/urusan",
    label: "Urusan pemerintahan",
    description: "Daftar urusan pemerintahan untuk usulan kerja sama.",
    visible: (u) => admin.can(u, "manage", "urusan"),
  },
  {
    href: "/admin/arsip",
    label: "Klasifikasi dan retensi arsip",
    description: "Kode klasifikasi, jadwal retensi dan klasifikasi akses setiap jenis dokumen.",
    visible: (u) => documentPolicy.canRecords(u, "manageKinds"),
  },
  {
    href: "/admin/arsip/retensi",
    label: "Laporan retensi arsip",
    description: "Dokumen yang masa aktif atau inaktifnya berakhir per tahun, dan keputusan penyusutannya.",
    visible: (u) => documentPolicy.canRecords(u, "viewRetention"),
  },
  {
    href: "/admin/libur",
    label: "Hari libur",
    description: "Libur nasional dan cuti bersama untuk menghitung hari kerja.",
    visible: (u) => admin.can(u, "manage", "holiday"),
  },
  { href: "/admin/pengaturan", label: "Penomoran", description: "Format nomor MoU dan PKS.", visible: (u) => admin.can(u, "manage", "settings") },
  {
    href: "/admin/cadangan",
    label: "Cadangan",
    description: "Cadangan basis data dan dokumen: kapan terakhir dibuat, unduh.",
    visible: (u) => admin.can(u, "manage", "backup"),
  },
  {
    href: "/admin/templat",
    label: "Templat surat",
    description: "Templat telaah staf, surat penawaran, draf naskah, tanda terima dan laporan evaluasi; ganti dengan .docx sendiri.",
    visible: (u) => admin.can(u, "manage", "letterTemplate"),
  },
  {
    href: "/admin/kalender",
    label: "Langganan kalender",
    description: "Siapa yang mengaktifkan kalender pribadi, kapan terakhir diambil; cabut bila perlu.",
    visible: (u) => admin.can(u, "manage", "calendarFeed"),
  },
  {
    href: "/admin/faktor-kedua",
    label: "Faktor kedua",
    description: "Peran yang wajib memakai kode dari aplikasi autentikator saat masuk, dan siapa yang sudah mengaturnya.",
    visible: (u) => admin.can(u, "manage", "settings"),
  },
  {
    href: "/admin/tanda-tangan",
    label: "Tanda tangan elektronik",
    description: "Penyedia tanda tangan (BSrE atau CA lokal), akar kepercayaan, dan penandatanganan yang hasilnya belum diketahui.",
    visible: (u) => admin.can(u, "manage", "signatures"),
  },
  {
    href: "/admin/integrasi",
    label: "Token integrasi",
    description: "Token API untuk sistem lain Pemerintah Kota: cakupan, masa berlaku, panggilan terakhir; cabut bila perlu.",
    visible: (u) => integration.can(u, "manage"),
  },
  {
    href: "/admin/webhook",
    label: "Webhook",
    description: "Kirim peristiwa perjanjian (ditandatangani, diberi nomor, akan berakhir, berakhir, dievaluasi) ke sistem lain; log pengiriman.",
    visible: (u) => webhook.can(u, "manage"),
  },
  {
    href: "/admin/log",
    label: "Log administrasi",
    description: "Siapa mengubah pengguna, SKPD, hari libur dan penomoran, dan siapa mengunduh cadangan, kapan.",
    visible: isAdmin,
  },
  {
    href: "/akun/keamanan",
    label: "Keamanan akun",
    description: "Faktor kedua, kode pemulihan, dan sesi Anda di perangkat lain.",
    visible: always,
    account: true,
  },
  {
    href: "/akun/tanda-tangan",
    label: "Tanda tangan elektronik",
    description: "Sertifikat dan status tanda tangan elektronik Anda.",
    visible: (u) => signature.signsDocuments(u),
    account: true,
  },
  { href: "/akun/password", label: "Ganti kata sandi", description: "Ganti kata sandi akun Anda.", visible: always, account: true },
];

/** The entries `user` may open, without their `visible` test (the views get plain data). */
export const menuFor = (user: CurrentUser) =>
  MENU.filter((m) => m.visible(user)).map((m) => {
    const entry: Omit<MenuItem, "visible"> & Partial<Pick<MenuItem, "visible">> = { ...m };
    delete entry.visible;
    return entry;
  });
