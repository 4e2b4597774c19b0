// What each role may use: the navigation and the home page read this list.
// Features add their entry here; nothing else decides what a role sees in menus.
import { hasRole, type CurrentUser, type RoleName } from "../users/roles.js";

export type MenuItem = { href: string; label: string; description: string; roles: RoleName[] | "all"; badge?: number };

export const MENU: MenuItem[] = [
  { href: "/", label: "Beranda", description: "Ringkasan akun dan pekerjaan Anda.", roles: "all" },
  {
    href: "/inbox",
    label: "Kotak tugas",
    description: "Kasus yang sedang dipegang peran Anda, urut tenggat.",
    roles: ["SKPD", "PENATALAKSANA", "PENELAAH", "KASUBBAG", "KABAG", "TKKSD"],
  },
  { href: "/usulan/baru", label: "Usulan baru", description: "Isi data potensi kerja sama unit Anda.", roles: ["SKPD"] },
  {
    href: "/kasus",
    label: "Semua kasus",
    description: "Cari dan lihat kasus kerja sama beserta riwayatnya.",
    roles: ["SKPD", "PENATALAKSANA", "PENELAAH", "KASUBBAG", "KABAG", "TKKSD", "PIMPINAN", "ADMIN"],
  },
  {
    href: "/perjanjian",
    label: "Register perjanjian",
    description: "MoU dan PKS yang berjalan, akan berakhir dan berakhir; ekspor Excel/CSV.",
    roles: ["SKPD", "PENATALAKSANA", "PENELAAH", "KASUBBAG", "KABAG", "TKKSD", "PIMPINAN", "ADMIN"],
  },
  {
    href: "/dashboard",
    label: "Dasbor",
    description: "Angka dan grafik: kasus per langkah, keterlambatan, perjanjian, evaluasi, kepatuhan SOP.",
    roles: ["KABAG", "KASUBBAG", "PIMPINAN", "ADMIN", "SKPD"],
  },
  { href: "/notifikasi", label: "Notifikasi", description: "Tugas baru, pengingat tenggat, perjanjian yang akan berakhir.", roles: "all" },
  { href: "/sop", label: "SOP", description: "Tabel SOP beserta waktu nyata tiap langkah.", roles: "all" },
  {
    href: "/admin/pengguna",
    label: "Pengguna",
    description: "Tambah pengguna, atur peran dan SKPD, nonaktifkan, atau atur ulang kata sandi.",
    roles: ["ADMIN"],
  },
  {
    href: "/admin/skpd",
    label: "Daftar SKPD",
    description: "Kelola daftar perangkat daerah Kota Yogyakarta.",
    roles: ["ADMIN"],
  },
  { href: "/admin/libur", label: "Hari libur", description: "Libur nasional dan cuti bersama untuk menghitung hari kerja.", roles: ["ADMIN"] },
  { href: "/admin/pengaturan", label: "Penomoran", description: "Format nomor MoU dan PKS.", roles: ["ADMIN"] },
  { href: "/admin/log", label: "Log administrasi", description: "Siapa mengubah pengguna, SKPD, hari libur dan penomoran, kapan.", roles: ["ADMIN"] },
  { href: "/akun/password", label: "Ganti kata sandi", description: "Ganti kata sandi akun Anda.", roles: "all" },
];

export const menuFor = (user: CurrentUser) =>
  MENU.filter((m) => m.roles === "all" || hasRole(user, ...m.roles));
