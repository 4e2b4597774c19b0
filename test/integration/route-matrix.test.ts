// Every route × every identity. The expectations below are written by hand from
// the SOP and the access rules, independently of src/core/policies, and the list of
// routes is read from the app: a route added without an entry here fails.
//
// "ok" means the identity got past access control (any status but 401/403/404
// and no redirect to the login page: a 409 or 422 about the case's state is
// fine). 403 and 404 must be exactly those; "login" is a redirect to /login.
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scheduleEvaluations } from "../../src/features/monitoring/monitoring-service.js";
import { buildTestApp, csrfFrom, login, makeUser, type TestApp } from "../helpers/app.js";
import { routeTable } from "../helpers/routes.js";
import { turnOnFeed } from "../../src/features/calendar-feeds/feed-service.js";
import { loadCurrentUser } from "../../src/features/auth/passport.js";
import { buildCase, demoActors, PDF, type Actors } from "../helpers/workflow.js";
import { yearJakarta } from "../helpers/time.js";
import { must } from "../../src/platform/must.js";

// "pending": an administrator who gave the right password but not yet the second factor.
const IDENTITIES = ["anon", "pending", "admin", "penatalaksana", "penelaah", "kasubbag", "kabag", "tkksd", "pimpinan", "owner", "other"] as const;
type Who = (typeof IDENTITIES)[number];
type Outcome = "ok" | 401 | 403 | 404 | "login";
const USERNAMES: Record<Exclude<Who, "anon" | "pending">, string> = {
  admin: "admin",
  penatalaksana: "penatalaksana",
  penelaah: "penelaah",
  kasubbag: "kasubbag",
  kabag: "kabag",
  tkksd: "tkksd",
  pimpinan: "pimpinan",
  owner: "skpd.pariwisata",
  other: "skpd.kesehatan",
};

/** Signed out, or half-way through a sign-in: nothing but the public pages (and the second-factor page) opens. */
const OUTSIDE: readonly Who[] = ["anon", "pending"];
const LOGGED_IN = IDENTITIES.filter((w): w is Exclude<Who, "anon" | "pending"> => !OUTSIDE.includes(w));
const SKPD: Who[] = ["owner", "other"];

/** Outcomes: `ok` get through, `hidden` get 404, every other logged-in identity 403, anonymous goes to login. */
function rule(ok: readonly Who[], hidden: readonly Who[] = []): Record<Who, Outcome> {
  return Object.fromEntries(IDENTITIES.map((w) => [w, OUTSIDE.includes(w) ? "login" : ok.includes(w) ? "ok" : hidden.includes(w) ? 404 : 403])) as Record<
    Who,
    Outcome
  >;
}
const everyone = () => rule(LOGGED_IN);
const publicRoute = () => Object.fromEntries(IDENTITIES.map((w) => [w, "ok"])) as Record<Who, Outcome>;
/** Readers of a DISPAR case that has been sent: everyone but another unit's SKPD, who is told it does not exist. */
const readers = (except: Who[] = []) =>
  rule(
    LOGGED_IN.filter((w) => w !== "other" && !except.includes(w)),
    ["other"],
  );
const adminOnly = () => rule(["admin"]);
/** The integration API (features/api): a bearer token is its only key; a session cookie is none (401 for everyone). api.test.ts has the token × endpoint matrix. */
const apiNoToken = () => Object.fromEntries(IDENTITIES.map((w) => [w, 401])) as Record<Who, Outcome>;
const registerManagers = () => rule(["penatalaksana", "admin"]);

type Fixture = {
  caseId: number;
  version: () => Promise<number>;
  taskId: number;
  docId: number;
  numberId: number;
  verifyToken: string;
  feedToken: string;
  reportId: number;
  caseWithNumber: number;
  agreementId: number;
  evaluationId: number;
  notificationId: number;
  userId: number;
  skpdId: number;
  delegationId: number;
  obligationId: number;
  meetingId: number;
  signatureRequestId: number;
  signatureToken: string;
  webhookId: number;
};
type Spec = {
  expect: Record<Who, Outcome>;
  body?: (f: Fixture) => Promise<Record<string, string>> | Record<string, string>;
  file?: string;
  path?: (f: Fixture) => string;
};

const SPECS: Record<string, Spec> = {
  "GET /healthz": { expect: publicRoute() },
  // Open by address, not by identity: the test's requests come from loopback, on the default METRICS_ALLOW (metrics.test.ts covers the refusals).
  "GET /metrics": { expect: publicRoute() },
  "GET /login": { expect: publicRoute() },
  "POST /login": { expect: publicRoute(), body: () => ({ username: "nobody", password: "salah-sekali" }) },
  "POST /logout": { expect: publicRoute() },
  "GET /": { expect: everyone() },
  "GET /akun/password": { expect: everyone() },
  // Second factor (features/second-factor) and Keamanan akun (features/account-security).
  "GET /login/faktor-kedua": { expect: { ...everyone(), pending: "ok" } },
  "POST /login/faktor-kedua": { expect: { ...everyone(), pending: "ok" }, body: () => ({ code: "000000" }) },
  "GET /akun/kode-pemulihan": { expect: everyone() },
  "GET /akun/faktor-kedua/atur": { expect: everyone() },
  "POST /akun/faktor-kedua/atur": { expect: everyone(), body: () => ({ code: "000000" }) },
  "POST /akun/kode-pemulihan/baru": { expect: everyone(), body: () => ({ code: "000000" }) },
  "POST /akun/faktor-kedua/matikan": { expect: everyone(), body: () => ({ code: "000000" }) },
  "GET /akun/keamanan": { expect: everyone() },
  "POST /akun/sesi/:handle/akhiri": { expect: everyone(), path: () => "/akun/sesi/AAAAAAAAAAAAAAAAAAAAAA/akhiri" },
  "POST /akun/sesi/akhiri-lainnya": { expect: everyone() },
  "GET /admin/faktor-kedua": { expect: adminOnly() },
  "POST /admin/faktor-kedua": { expect: adminOnly(), body: () => ({ roles: "ADMIN" }) },
  "POST /admin/pengguna/:id/faktor-kedua/atur-ulang": { expect: adminOnly(), path: (f) => `/admin/pengguna/${f.userId}/faktor-kedua/atur-ulang` },
  "POST /admin/pengguna/:id/sesi/akhiri": { expect: adminOnly(), path: (f) => `/admin/pengguna/${f.userId}/sesi/akhiri` },
  // Security keys (WebAuthn)
  // JSON at sign-in: without a sign-in waiting for its factor a 401 with { redirect: "/login" } (logged in: { redirect: "/" }); the half-signed-in administrator has no key (422).
  "POST /login/faktor-kedua/kunci/opsi": { expect: publicRoute() },
  // A form body cannot carry a key's answer: a 400 for everyone (security-keys.test.ts covers the answers).
  "POST /login/faktor-kedua/kunci": { expect: publicRoute() },
  // Only with the app set up: 422 for these identities, who have none.
  "POST /akun/kunci-keamanan/opsi": { expect: everyone() },
  "POST /akun/kunci-keamanan": { expect: everyone() },
  // A key nobody here owns: not found for every logged-in identity.
  "POST /akun/kunci-keamanan/:id/hapus": { expect: rule([], LOGGED_IN), path: () => "/akun/kunci-keamanan/999999/hapus" },
  "POST /akun/password": { expect: everyone(), body: () => ({ current: "salah", next: "x", confirm: "y" }) },
  "GET /sop": { expect: everyone() },
  "GET /notifikasi": { expect: everyone() },
  "POST /notifikasi/baca-semua": { expect: everyone() },
  "POST /notifikasi/:id/buka": {
    expect: rule(
      ["penatalaksana"],
      LOGGED_IN.filter((w) => w !== "penatalaksana"),
    ),
    path: (f) => `/notifikasi/${f.notificationId}/buka`,
  },
  "GET /dashboard": { expect: rule(["kabag", "kasubbag", "pimpinan", "admin", "owner", "other"]) },

  "GET /inbox": { expect: rule(["penatalaksana", "penelaah", "kasubbag", "kabag", "tkksd", "owner", "other"]) },
  "POST /inbox/massal": {
    expect: rule(["penatalaksana", "penelaah", "kasubbag", "kabag", "tkksd", "owner", "other"]),
    body: async (f) => ({ row: "6", action: "tidak-ada", pick: `${f.caseId}:${await f.version()}` }),
  },

  "GET /kasus": { expect: everyone() },
  "GET /usulan/baru": { expect: rule(SKPD) },
  "POST /usulan": { expect: rule(SKPD), body: () => ({ title: "Usulan dari uji matriks", intent: "simpan" }), file: "doc_kak" },
  "GET /kasus/:id": { expect: readers(), path: (f) => `/kasus/${f.caseId}` },
  "GET /kasus/:id/ubah": { expect: readers(), path: (f) => `/kasus/${f.caseId}/ubah` },
  "POST /kasus/:id/ubah": {
    expect: rule(["owner"], ["other"]),
    path: (f) => `/kasus/${f.caseId}/ubah`,
    body: async (f) => ({ title: "Judul diubah oleh uji matriks", intent: "simpan", version: String(await f.version()) }),
    file: "doc_kak",
  },
  // Refused before the body is read unless the user holds the case's row (6: the Walikota's disposition, recorded by the Kabag) or may withdraw it (the proposing SKPD).
  "POST /kasus/:id/aksi": {
    expect: rule(["kabag", "owner"], ["other"]),
    path: (f) => `/kasus/${f.caseId}/aksi`,
    body: async (f) => ({ version: String(await f.version()), action: "tidak-ada" }),
    file: "doc_lainnya",
  },
  "POST /kasus/:id/dokumen": {
    // The cooperation section at any time, and the row's holder (row 6: the Kabag).
    expect: rule(["penatalaksana", "penelaah", "kasubbag", "kabag"], ["other"]),
    path: (f) => `/kasus/${f.caseId}/dokumen`,
    body: () => ({ kind: "lainnya" }),
    file: "file",
  },
  "POST /kasus/:id/komentar": {
    expect: readers(["pimpinan"]),
    path: (f) => `/kasus/${f.caseId}/komentar`,
    body: () => ({ body: "Komentar dari uji matriks" }),
  },
  "POST /kasus/:id/distribusi": {
    expect: rule(["penatalaksana"], ["other"]),
    path: (f) => `/kasus/${f.caseId}/distribusi`,
    body: () => ({ recipientType: "MITRA", recipientName: "Mitra uji", sentOn: "2026-01-05" }),
    file: "receipt",
  },
  "POST /kasus/:id/nomor-pengganti": {
    expect: rule(["penatalaksana"], ["other"]),
    path: (f) => `/kasus/${f.caseWithNumber}/nomor-pengganti`,
    body: () => ({ kind: "PKS" }),
  },
  "POST /kasus/:id/laporan-kemajuan": {
    expect: rule(["owner"], ["other"]),
    path: (f) => `/kasus/${f.caseWithNumber}/laporan-kemajuan`,
    body: () => ({ period: "x" }),
    file: "doc_bukti_kemajuan",
  },
  "POST /tugas/:id/tunda": {
    expect: rule(["kabag"], ["other"]),
    path: (f) => `/tugas/${f.taskId}/tunda`,
    body: () => ({ reason: "Menunggu jadwal Walikota" }),
  },
  "POST /tugas/:id/lanjutkan": { expect: rule(["kabag"], ["other"]), path: (f) => `/tugas/${f.taskId}/lanjutkan` },
  "GET /akun/kalender": { expect: everyone() },
  "POST /akun/kalender": { expect: everyone() },
  "POST /akun/kalender/matikan": { expect: everyone() },
  "GET /kalender/:token.ics": { expect: publicRoute(), path: (f) => `/kalender/${f.feedToken}.ics` },
  "GET /admin/kalender": { expect: adminOnly() },
  "POST /admin/kalender/:id/cabut": { expect: adminOnly(), path: (f) => `/admin/kalender/${f.userId}/cabut` },
  "GET /publik": { expect: publicRoute() },
  "GET /publik/data.csv": { expect: publicRoute() },
  "GET /publik/data.json": { expect: publicRoute() },
  "GET /publik/metadata.json": { expect: publicRoute() },
  // The fixture's agreement is marked with its numbered copy public (and the POST below keeps it so).
  "GET /publik/dokumen/:id": { expect: publicRoute(), path: (f) => `/publik/dokumen/${f.agreementId}` },
  "POST /perjanjian/:id/publikasi": {
    expect: adminOnly(),
    path: (f) => `/perjanjian/${f.agreementId}/publikasi`,
    body: () => ({ mode: "AUTO", document: "ya" }),
  },
  // Row 6 offers no letter: those who may add documents get past access (409 about the row).
  "POST /kasus/:id/templat/:key": {
    expect: rule(["penatalaksana", "penelaah", "kasubbag", "kabag"], ["other"]),
    path: (f) => `/kasus/${f.caseId}/templat/telaah_staf`,
  },
  // SRIKANDI (features/srikandi): at a numbering step only its holder (row 6 is none: everyone who may read is refused);
  // a letter's number, the Penatalaksana Kerjasama (who holds the numbering steps).
  "POST /kasus/:id/srikandi/penomoran": {
    expect: rule([], ["other"]),
    path: (f) => `/kasus/${f.caseId}/srikandi/penomoran`,
    body: async (f) => ({ version: String(await f.version()), number: "100.3.7.1/1/2026", date: "2026-01-05" }),
    file: "file",
  },
  "POST /kasus/:id/srikandi/surat": {
    expect: rule(["penatalaksana"], ["other"]),
    path: (f) => `/kasus/${f.caseId}/srikandi/surat`,
    body: async (f) => ({ version: String(await f.version()), letter: "tidak-ada", number: "1", date: "2026-01-05" }),
    file: "file",
  },
  "GET /admin/templat": { expect: adminOnly() },
  "GET /admin/templat/:key.docx": { expect: adminOnly(), path: () => "/admin/templat/telaah_staf.docx" },
  "POST /admin/templat/:key": { expect: adminOnly(), path: () => "/admin/templat/telaah_staf", file: "file" },
  "POST /admin/templat/:key/bawaan": { expect: adminOnly(), path: () => "/admin/templat/telaah_staf/bawaan" },
  "GET /laporan/kemendagri": { expect: rule(["admin", "penatalaksana", "penelaah", "kasubbag", "kabag", "pimpinan"]) },
  "GET /laporan/kemendagri/laporan.xlsx": { expect: rule(["admin", "penatalaksana", "penelaah", "kasubbag", "kabag", "pimpinan"]) },
  "GET /laporan/kemendagri/laporan.pdf": { expect: rule(["admin", "penatalaksana", "penelaah", "kasubbag", "kabag", "pimpinan"]) },
  // Readers reach the form; only the Penatalaksana, Kasubbag and Kabag may send (an empty form is a 422 for them).
  "POST /laporan/kemendagri/kirim": { expect: rule(["penatalaksana", "kasubbag", "kabag"]), body: () => ({ periode: "2026" }) },
  "GET /laporan/kemendagri/arsip/:id/:file": {
    expect: rule(["admin", "penatalaksana", "penelaah", "kasubbag", "kabag", "pimpinan"]),
    path: (f) => `/laporan/kemendagri/arsip/${f.reportId}/pdf`,
  },
  "GET /cari": { expect: everyone() },
  "GET /verifikasi/:token": { expect: publicRoute(), path: (f) => `/verifikasi/${f.verifyToken}` },
  "POST /nomor/:id/salinan": { expect: rule(["penatalaksana"], ["other"]), path: (f) => `/nomor/${f.numberId}/salinan` },
  "POST /nomor/:id/batal": { expect: rule(["penatalaksana", "admin"], ["other"]), path: (f) => `/nomor/${f.numberId}/batal`, body: () => ({ reason: "x" }) },
  "GET /dokumen/:id": { expect: readers(), path: (f) => `/dokumen/${f.docId}` },
  // Electronic signatures (features/signatures). The fixture's document (a letter) is not signed electronically:
  // readers reach its page and get a 409 when they send; the signing rules are covered by signatures.test.ts.
  "GET /dokumen/:id/tandatangan": { expect: readers(), path: (f) => `/dokumen/${f.docId}/tandatangan` },
  "POST /dokumen/:id/tandatangan": {
    expect: readers(),
    path: (f) => `/dokumen/${f.docId}/tandatangan`,
    body: () => ({ secretKind: "passphrase", secret: "x" }),
  },
  // An unknown outcome by the Penatalaksana on the fixture's document: settled by its signer, the Kabag or ADMIN.
  "POST /tandatangan/:id/selesaikan": {
    expect: rule(["penatalaksana", "kabag", "admin"], ["other"]),
    path: (f) => `/tandatangan/${f.signatureRequestId}/selesaikan`,
    body: () => ({ outcome: "not_signed", note: "diperiksa di aplikasi" }),
  },
  "GET /akun/tanda-tangan": { expect: everyone() },
  // Only those who sign get a certificate (the Kabag, the TKKSD, the Pimpinan).
  "POST /akun/tanda-tangan": {
    expect: rule(["kabag", "tkksd", "pimpinan"]),
    body: () => ({ passphrase: "passphrase-matriks", confirm: "passphrase-matriks" }),
  },
  "GET /admin/tanda-tangan": { expect: adminOnly() },
  "POST /admin/tanda-tangan/akar": { expect: adminOnly(), body: () => ({ name: "Akar uji", pem: "bukan sertifikat" }) },
  "POST /admin/tanda-tangan/akar/:id/hapus": { expect: { ...adminOnly(), admin: 404 }, path: () => "/admin/tanda-tangan/akar/999999/hapus" },
  "GET /verifikasi/ttd/:token": { expect: publicRoute(), path: (f) => `/verifikasi/ttd/${f.signatureToken}` },
  "GET /verifikasi": { expect: publicRoute() },
  "POST /verifikasi": { expect: publicRoute(), file: "file" },
  // Who may add a document to the case (its PDF version is one): as POST /kasus/:id/dokumen.
  "POST /dokumen/:id/pdf": { expect: rule(["penatalaksana", "penelaah", "kasubbag", "kabag"], ["other"]), path: (f) => `/dokumen/${f.docId}/pdf` },
  "GET /evaluasi/:id": { expect: readers(), path: (f) => `/evaluasi/${f.evaluationId}` },
  "GET /evaluasi/:id/laporan.pdf": { expect: readers(), path: (f) => `/evaluasi/${f.evaluationId}/laporan.pdf` },
  "POST /kasus/:id/evaluasi-insidentil": { expect: rule(["penelaah", "penatalaksana"]), path: (f) => `/kasus/${f.caseId}/evaluasi-insidentil` },
  "POST /kasus/:id/jadwal-laporan": {
    // P3ADK, on a running agreement: the matrix's row-6 case is not running, so they get a 403 too; the schedule test covers the allowed side.
    expect: rule([], ["other"]),
    path: (f) => `/kasus/${f.caseId}/jadwal-laporan`,
    body: () => ({ everyMonths: "6" }),
  },
  "POST /evaluasi/:id": { expect: rule(["penelaah", "penatalaksana"]), path: (f) => `/evaluasi/${f.evaluationId}`, body: () => ({ kendala: "singkat" }) },
  // The SKPD that runs the agreement (DISPAR); another unit does not see the case.
  "POST /evaluasi/:id/mandiri": {
    expect: rule(["owner"], ["other"]),
    path: (f) => `/evaluasi/${f.evaluationId}/mandiri`,
    body: () => ({ kendala: "singkat" }),
  },
  "POST /kasus/:id/kewajiban": {
    expect: rule(["penatalaksana", "penelaah", "kasubbag", "kabag"]),
    path: (f) => `/kasus/${f.caseWithNumber}/kewajiban`,
    body: () => ({ party: "MITRA", description: "x" }),
  },
  // From row 7 to 17 only: the matrix's case is at row 6, so the recorders get a 403 too (gates.test.ts covers the allowed side).
  "POST /kasus/:id/persetujuan": {
    expect: rule([]),
    path: (f) => `/kasus/${f.caseId}/persetujuan`,
    body: () => ({ gate: "DPRD", letterNumber: "x" }),
    file: "doc_persetujuan",
  },
  "GET /tkksd": { expect: rule(["admin", "penatalaksana", "penelaah", "kasubbag", "kabag", "tkksd", "pimpinan"]) },
  "POST /tkksd": { expect: rule(["penatalaksana", "penelaah", "kasubbag", "kabag", "tkksd"]), body: () => ({ place: "x" }) },
  "GET /tkksd/:id": { expect: rule(["admin", "penatalaksana", "penelaah", "kasubbag", "kabag", "tkksd", "pimpinan"]), path: (f) => `/tkksd/${f.meetingId}` },
  "POST /tkksd/:id": {
    expect: rule(["penatalaksana", "penelaah", "kasubbag", "kabag", "tkksd"]),
    path: (f) => `/tkksd/${f.meetingId}`,
    body: () => ({ attendance: "Ketua TKKSD" }),
  },
  // Only the TKKSD closes; the matrix's meeting has an empty agenda, so it is refused with 422.
  "POST /tkksd/:id/terapkan": { expect: rule(["tkksd"]), path: (f) => `/tkksd/${f.meetingId}/terapkan` },
  "GET /tkksd/:id/undangan.pdf": {
    expect: rule(["admin", "penatalaksana", "penelaah", "kasubbag", "kabag", "tkksd", "pimpinan"]),
    path: (f) => `/tkksd/${f.meetingId}/undangan.pdf`,
  },
  "GET /tkksd/:id/undangan.docx": {
    expect: rule(["admin", "penatalaksana", "penelaah", "kasubbag", "kabag", "tkksd", "pimpinan"]),
    path: (f) => `/tkksd/${f.meetingId}/undangan.docx`,
  },
  "GET /tkksd/:id/berita-acara.docx": {
    expect: rule(["admin", "penatalaksana", "penelaah", "kasubbag", "kabag", "tkksd", "pimpinan"]),
    path: (f) => `/tkksd/${f.meetingId}/berita-acara.docx`,
  },
  "GET /tkksd/:id/berita-acara.pdf": {
    expect: rule(["admin", "penatalaksana", "penelaah", "kasubbag", "kabag", "tkksd", "pimpinan"]),
    path: (f) => `/tkksd/${f.meetingId}/berita-acara.pdf`,
  },
  "POST /kewajiban/:id/tarik": {
    expect: rule(["penatalaksana", "penelaah", "kasubbag", "kabag"]),
    path: (f) => `/kewajiban/${f.obligationId}/tarik`,
    body: () => ({ reason: "x" }),
  },

  "GET /perjanjian": { expect: everyone() },
  "GET /perjanjian/ekspor.xlsx": { expect: everyone() },
  "GET /perjanjian/ekspor.csv": { expect: everyone() },
  "GET /perjanjian/templat-impor.xlsx": { expect: registerManagers() },
  "GET /perjanjian/baru": { expect: registerManagers() },
  "POST /perjanjian/baru": { expect: registerManagers(), body: () => ({ title: "x" }) },
  "GET /perjanjian/impor": { expect: registerManagers() },
  "POST /perjanjian/impor": { expect: registerManagers(), file: "file" },
  "POST /perjanjian/impor/konfirmasi": { expect: registerManagers(), body: () => ({ token: "tidak-ada" }) },
  "GET /perjanjian/:id": { expect: readers(), path: (f) => `/perjanjian/${f.agreementId}` },
  "POST /perjanjian/:id/akhiri": {
    expect: registerManagers(),
    path: (f) => `/perjanjian/${f.agreementId}/akhiri`,
    body: () => ({ on: "2026-01-01", reason: "x" }),
  },
  "POST /perjanjian/:id/biarkan-berakhir": {
    expect: registerManagers(),
    path: (f) => `/perjanjian/${f.agreementId}/biarkan-berakhir`,
    body: () => ({ note: "x" }),
  },
  "POST /perjanjian/:id/perpanjang": {
    // The implementing SKPD or the register's managers; the agreement is not expiring, so they get a 409.
    expect: rule(["owner", "penatalaksana", "admin"], ["other"]),
    path: (f) => `/perjanjian/${f.agreementId}/perpanjang`,
  },

  "GET /admin/pengguna": { expect: adminOnly() },
  "GET /admin/pengguna/baru": { expect: adminOnly() },
  "POST /admin/pengguna": { expect: adminOnly(), body: () => ({ username: "x" }) },
  "GET /admin/pengguna/:id": { expect: adminOnly(), path: (f) => `/admin/pengguna/${f.userId}` },
  "POST /admin/pengguna/:id": { expect: adminOnly(), path: (f) => `/admin/pengguna/${f.userId}`, body: () => ({ fullName: "x" }) },
  "POST /admin/pengguna/:id/nonaktifkan": { expect: adminOnly(), path: (f) => `/admin/pengguna/${f.userId}/nonaktifkan` },
  "POST /admin/pengguna/:id/aktifkan": { expect: adminOnly(), path: (f) => `/admin/pengguna/${f.userId}/aktifkan` },
  "POST /admin/pengguna/:id/reset-sandi": { expect: adminOnly(), path: (f) => `/admin/pengguna/${f.userId}/reset-sandi` },
  "GET /admin/log": { expect: adminOnly() },
  "GET /admin/cadangan": { expect: adminOnly() },
  // No backup of that name exists in the test's folder: admin gets past access control to a 404.
  "GET /admin/cadangan/:name": { expect: { ...adminOnly(), admin: 404 }, path: () => "/admin/cadangan/kerjasama-2026-01-01.kdbackup" },
  "GET /admin/skpd": { expect: adminOnly() },
  "GET /admin/skpd/baru": { expect: adminOnly() },
  "POST /admin/skpd": { expect: adminOnly(), body: () => ({ code: "x" }) },
  "GET /admin/skpd/:id": { expect: adminOnly(), path: (f) => `/admin/skpd/${f.skpdId}` },
  "POST /admin/skpd/:id": { expect: adminOnly(), path: (f) => `/admin/skpd/${f.skpdId}`, body: () => ({ code: "x" }) },
  "GET /admin/libur": { expect: adminOnly() },
  "POST /admin/libur": { expect: adminOnly(), body: () => ({ date: "x" }) },
  "POST /admin/libur/hapus": { expect: adminOnly(), body: () => ({ date: "2099-01-01" }) },
  // Webhooks (features/webhooks): ADMIN only. Bodies that change nothing lasting (a refused form, an unconfirmed removal).
  "GET /admin/webhook": { expect: adminOnly() },
  "POST /admin/webhook": { expect: adminOnly(), body: () => ({ url: "ftp://x" }) },
  "GET /admin/webhook/:id": { expect: adminOnly(), path: (f) => `/admin/webhook/${f.webhookId}` },
  "POST /admin/webhook/:id": { expect: adminOnly(), path: (f) => `/admin/webhook/${f.webhookId}`, body: () => ({ url: "ftp://x" }) },
  "POST /admin/webhook/:id/status": { expect: adminOnly(), path: (f) => `/admin/webhook/${f.webhookId}/status`, body: () => ({ active: "0" }) },
  "POST /admin/webhook/:id/rahasia": { expect: adminOnly(), path: (f) => `/admin/webhook/${f.webhookId}/rahasia` },
  "POST /admin/webhook/:id/hapus": { expect: adminOnly(), path: (f) => `/admin/webhook/${f.webhookId}/hapus` },
  "POST /admin/webhook/:id/ping": { expect: adminOnly(), path: (f) => `/admin/webhook/${f.webhookId}/ping` },
  "POST /admin/webhook/:id/kirim-ulang": { expect: adminOnly(), path: (f) => `/admin/webhook/${f.webhookId}/kirim-ulang`, body: () => ({ delivery: "1" }) },
  "GET /admin/pengaturan": { expect: adminOnly() },
  "POST /admin/pengaturan": { expect: adminOnly(), body: () => ({ unit: "!" }) },
  "POST /admin/pengaturan/pengingat": { expect: adminOnly(), body: () => ({ days: "x" }) },
  "GET /admin/urusan": { expect: adminOnly() },
  "POST /admin/urusan": { expect: adminOnly(), body: () => ({ name: "x" }) },
  "POST /admin/urusan/:id": { expect: adminOnly(), path: () => "/admin/urusan/1", body: () => ({ name: "x" }) },
  // Records (features/records): metadata per kind and disposals are ADMIN's; the retention report ADMIN's and the Kabag's.
  "GET /admin/arsip": { expect: adminOnly() },
  "POST /admin/arsip/jenis/:kind": { expect: adminOnly(), path: () => "/admin/arsip/jenis/surat", body: () => ({ classificationCode: "x" }) },
  "GET /admin/arsip/retensi": { expect: rule(["admin", "kabag"]) },
  "GET /admin/arsip/retensi/ekspor.xlsx": { expect: rule(["admin", "kabag"]) },
  "POST /admin/arsip/retensi/dokumen/:id/keputusan": {
    expect: adminOnly(),
    path: (f) => `/admin/arsip/retensi/dokumen/${f.docId}/keputusan`,
    body: () => ({ decision: "x" }),
  },
  // One document's access class: ADMIN and the Kabag, among the case's readers (a bad choice comes back to the case page).
  "POST /dokumen/:id/kelas-akses": {
    expect: rule(["admin", "kabag"], ["other"]),
    path: (f) => `/dokumen/${f.docId}/kelas-akses`,
    body: () => ({ accessClass: "x" }),
  },
  "POST /admin/pengaturan/dprd": { expect: adminOnly(), body: () => ({ months: "x" }) },
  "POST /admin/pengaturan/unggah": { expect: adminOnly(), body: () => ({ mb: "x" }) },
  "POST /admin/pengaturan/penandatangan": { expect: adminOnly(), body: () => ({ sekdaNip: "x" }) },
  "POST /admin/pengaturan/lambang": { expect: adminOnly(), file: "file" },
  "GET /admin/pengaturan/lambang": { expect: adminOnly() },
  "POST /admin/pengaturan/lambang/hapus": { expect: adminOnly() },
  // Acting officials: ADMIN and the Kabag (in their own right).
  "GET /plh": { expect: rule(["admin", "kabag"]) },
  "POST /plh": { expect: rule(["admin", "kabag"]), file: "scan" },
  "POST /plh/:id/akhiri": { expect: rule(["admin", "kabag"]), path: (f) => `/plh/${f.delegationId}/akhiri`, body: () => ({ reason: "x" }) },
  "GET /plh/:id/surat": { expect: rule(["admin", "kabag"]), path: (f) => `/plh/${f.delegationId}/surat` },
  // Single sign-on (features/sso)
  // Not configured here: the login through the provider is "not found" for everyone, with a page that says so.
  "GET /login/sso": { expect: Object.fromEntries(IDENTITIES.map((w) => [w, 404])) as Record<Who, Outcome> },
  "GET /login/sso/callback": { expect: Object.fromEntries(IDENTITIES.map((w) => [w, 404])) as Record<Who, Outcome> },
  "GET /admin/sso": { expect: adminOnly() },
  // A link that does not exist: ADMIN is told it is gone already.
  "POST /admin/sso/:id/lepas": { expect: adminOnly(), path: () => "/admin/sso/999999/lepas" },
  "POST /admin/sso/buat-pengguna": { expect: adminOnly(), body: () => ({ allow: "x" }) },
  // Integration API (features/api) and its tokens' ADMIN pages.
  "GET /api/v1/openapi.json": { expect: publicRoute() },
  "GET /api/v1/docs": { expect: publicRoute() },
  "GET /api/v1/cases": { expect: apiNoToken() },
  "GET /api/v1/cases/:id": { expect: apiNoToken(), path: (f) => `/api/v1/cases/${f.caseId}` },
  "GET /api/v1/agreements": { expect: apiNoToken() },
  "GET /api/v1/agreements/:id": { expect: apiNoToken(), path: (f) => `/api/v1/agreements/${f.agreementId}` },
  "GET /api/v1/obligations": { expect: apiNoToken() },
  "GET /api/v1/evaluations": { expect: apiNoToken() },
  "GET /admin/integrasi": { expect: adminOnly() },
  // An empty form: 422 for ADMIN.
  "POST /admin/integrasi": { expect: adminOnly(), body: () => ({ name: "" }) },
  // No such token: ADMIN gets past access control to a 404.
  "GET /admin/integrasi/:id": { expect: { ...adminOnly(), admin: 404 }, path: () => "/admin/integrasi/999999" },
  "POST /admin/integrasi/:id/cabut": { expect: { ...adminOnly(), admin: 404 }, path: () => "/admin/integrasi/999999/cabut" },
};

let t: TestApp;
let a: Actors;
let f: Fixture;
const agents = new Map<Who, request.Agent>();

beforeAll(async () => {
  t = await buildTestApp();
  a = await demoActors(t.prisma);
  const c = await buildCase(t.prisma, a, { row: 6, title: "Kasus matriks akses" });
  const running = await buildCase(t.prisma, a, { row: 20, title: "Kasus matriks berjalan" });
  const year = yearJakarta();
  const [ev] = await scheduleEvaluations(t.prisma, `${year}-12-20`);
  const target = await makeUser(t.prisma, { roles: ["PENELAAH"], username: "sasaran.matriks" });
  const penatalaksana = await t.prisma.user.findUniqueOrThrow({ where: { username: "penatalaksana" } });
  const n = await t.prisma.notification.create({ data: { userId: penatalaksana.id, kind: "TASK", title: "Uji matriks", link: `/kasus/${c.id}` } });
  f = {
    caseId: c.id,
    version: async () => (await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).version,
    taskId: (await t.prisma.task.findFirstOrThrow({ where: { caseId: c.id, status: "OPEN", rowNo: 6 } })).id,
    docId: 0,
    numberId: (await t.prisma.registerNumber.findFirstOrThrow({ where: { caseId: running.id } })).id,
    // A feed of a user outside the identities, so that no identity's own calendar actions replace it.
    reportId: 0,
    feedToken: await turnOnFeed(
      t.prisma,
      (await loadCurrentUser(t.prisma, (await makeUser(t.prisma, { roles: ["PENELAAH"], username: "kalender.matriks" })).id))!,
    ),
    verifyToken: (await t.prisma.registerNumber.findFirstOrThrow({ where: { caseId: running.id } })).verifyToken!,
    caseWithNumber: running.id,
    agreementId: (await t.prisma.agreement.findFirstOrThrow({ where: { caseId: running.id } })).id,
    evaluationId: (await t.prisma.evaluation.findFirstOrThrow({ where: { caseId: ev?.caseId ?? running.id } })).id,
    notificationId: n.id,
    userId: target.id,
    skpdId: (await t.prisma.skpd.findUniqueOrThrow({ where: { code: "DLH" } })).id,
    delegationId: 0,
    meetingId: (
      await t.prisma.tkksdMeeting.create({
        data: { heldOn: new Date("2026-12-03T00:00:00Z"), startsAt: "09.00", place: "Ruang rapat", createdById: a.admin.id },
      })
    ).id,
    obligationId: (
      await t.prisma.obligation.create({
        data: {
          caseId: running.id,
          party: "MITRA",
          description: "Menyediakan armada",
          indicator: "Armada",
          target: 5,
          unit: "unit",
          dueOn: new Date("2027-06-30T00:00:00Z"),
          createdById: a.penatalaksana.id,
        },
      })
    ).id,
    signatureRequestId: 0,
    signatureToken: "",
    webhookId: 0,
  };
  await t.prisma.agreement.update({ where: { id: f.agreementId }, data: { publicDocument: true } });
  // A report as sent, with its file stored.
  {
    const { writeBlob, checkUpload } = await import("../../src/platform/files/blob-store.js");
    const sentPdf = await checkUpload(PDF, "laporan.pdf");
    await t.prisma.$transaction((tx) => writeBlob(tx, sentPdf));
    f.reportId = (
      await t.prisma.reportSubmission.create({
        data: {
          period: "2026",
          recipient: "Kemendagri",
          sentOn: new Date("2026-07-01T00:00:00Z"),
          agreements: 1,
          incomplete: 0,
          xlsxSha256: sentPdf.sha256,
          pdfSha256: sentPdf.sha256,
          sentById: a.penatalaksana.id,
        },
      })
    ).id;
  }
  // An acting official who starts next month (so that nobody's roles change in this test).
  const { writeBlob, checkUpload } = await import("../../src/platform/files/blob-store.js");
  const { addDays } = await import("../../src/platform/http/dates.js");
  const { todayJakarta, toDbDate } = await import("../../src/core/calendar/calendar.js");
  const decree = await checkUpload(PDF, "sprint.pdf");
  await t.prisma.$transaction((tx) => writeBlob(tx, decree));
  f.delegationId = (
    await t.prisma.delegation.create({
      data: {
        kind: "PLH",
        actingId: a.penelaah.id,
        absentId: a.kasubbag.id,
        fromDay: toDbDate(addDays(todayJakarta(), 30)),
        untilDay: toDbDate(addDays(todayJakarta(), 35)),
        decreeNumber: "800/1/2026",
        decreeSha256: decree.sha256,
        decreeName: "sprint.pdf",
        createdById: a.admin.id,
      },
    })
  ).id;
  agents.set("anon", request.agent(t.app));
  agents.set("pending", await pendingAgent());
  for (const w of LOGGED_IN) agents.set(w, (await login(t.app, USERNAMES[w])).agent);
  // A document whose file is in this app's storage, uploaded as a user would.
  const uploader = agents.get("penatalaksana")!;
  const token = await csrfFrom(uploader, `/kasus/${c.id}`);
  await uploader.post(`/kasus/${c.id}/dokumen`).field("_csrf", token).field("kind", "surat").attach("file", PDF, "surat.pdf");
  f.docId = (await t.prisma.document.findFirstOrThrow({ where: { caseId: c.id, kind: "surat" }, orderBy: { id: "desc" } })).id;
  const unknown = await t.prisma.signatureRequest.create({
    data: {
      caseId: c.id,
      documentId: f.docId,
      openFor: f.docId,
      userId: a.penatalaksana.id,
      purpose: "ttd",
      signerAs: "Uji matriks",
      provider: "local",
      status: "UNKNOWN",
      verifyToken: "matriks-tanda-tangan01",
    },
  });
  f.signatureRequestId = unknown.id;
  f.signatureToken = unknown.verifyToken;
  // A paused webhook endpoint: its ping is refused without a network call.
  f.webhookId = (
    await t.prisma.webhookEndpoint.create({
      data: { url: "https://contoh.go.id/webhook", events: ["agreement.signed"], active: false, secretSealed: "v1.x.x.x" },
    })
  ).id;
}, 120_000);
afterAll(() => t.close());

/** An administrator of its own, signed in with the password only: the second factor is asked and never given. */
async function pendingAgent(): Promise<request.Agent> {
  if (!(await t.prisma.user.findUnique({ where: { username: "admin.tertunda" } }))) await makeUser(t.prisma, { roles: ["ADMIN"], username: "admin.tertunda" });
  const agent = request.agent(t.app);
  // The token first: an agent's request takes the cookies it has when it is made.
  const token = await csrfFrom(agent);
  const res = await agent.post("/login").type("form").send({ _csrf: token, username: "admin.tertunda", password: "kerjasama-demo" });
  expect(res.headers.location).toBe("/login/faktor-kedua");
  return agent;
}

/**
 * Each agent's form token, read once from a page with a form and kept while its session
 * lasts (a token belongs to the session): reading a page before every POST was half of
 * this file's requests.
 */
const tokens = new Map<request.Agent, string>();
const STALE_FORM = "Formulir sudah kedaluwarsa";
async function freshToken(client: request.Agent, who: Who): Promise<string> {
  const token = await csrfFrom(client, who === "anon" ? "/login" : who === "pending" ? "/login/faktor-kedua" : "/akun/password");
  tokens.set(client, token);
  return token;
}

async function outcome(who: Who, key: string, spec: Spec): Promise<{ got: Outcome; status: number }> {
  const [method, pattern] = key.split(" ");
  const agent = agents.get(who)!;
  const url = spec.path ? spec.path(f) : must(pattern, `the path in "${key}"`);
  let res: request.Response;
  if (method === "GET") {
    res = await agent.get(url);
  } else {
    // Logging out would end the identity's session for the following routes: use a fresh one.
    const client = key === "POST /logout" && who !== "anon" ? (who === "pending" ? await pendingAgent() : (await login(t.app, USERNAMES[who])).agent) : agent;
    const fields = spec.body ? await spec.body(f) : {};
    const send = async (token: string) => {
      const body = { _csrf: token, ...fields };
      if (!spec.file) return client.post(url).type("form").send(body);
      let req = client.post(url);
      for (const [k, v] of Object.entries(body)) req = req.field(k, v);
      return req.attach(spec.file, PDF, "matriks.pdf");
    };
    const cached = tokens.get(client);
    res = await send(cached ?? (await freshToken(client, who)));
    // A session renewed by an earlier route (a sign-in) has a new token: the form is sent
    // again with it, as a person would after reloading. Refused again, the refusal stands.
    if (cached && res.status === 403 && res.text.includes(STALE_FORM)) res = await send(await freshToken(client, who));
  }
  const loc = res.headers.location ?? "";
  // Only the API answers 401 (elsewhere a 401 is a JSON answer past access control, e.g. a security key's options).
  if (res.status === 401 && key.startsWith("GET /api/")) return { got: 401, status: 401 };
  const got: Outcome =
    res.status === 302 && /^\/login(\?|$)/.test(loc) && key !== "POST /logout" ? "login" : res.status === 403 || res.status === 404 ? res.status : "ok";
  return { got, status: res.status };
}

describe("route × identity matrix", () => {
  it("when the app's route table is read then every route has an entry here, and every entry is a route", () => {
    const table = routeTable(t.app);
    expect(
      table.filter((r) => !(r in SPECS)),
      "routes without an access entry",
    ).toEqual([]);
    expect(
      Object.keys(SPECS).filter((k) => !table.includes(k)),
      "entries without a route",
    ).toEqual([]);
  });

  for (const [key, spec] of Object.entries(SPECS)) {
    it(`when each identity calls ${key} then access is as specified`, async () => {
      const wrong: string[] = [];
      for (const who of IDENTITIES) {
        const { got, status } = await outcome(who, key, spec);
        if (status >= 500) wrong.push(`${who}: ${status}`);
        else if (got !== spec.expect[who]) wrong.push(`${who}: expected ${spec.expect[who]}, got ${got} (${status})`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it("when the matrix ran then it covered every route for every identity", () => {
    expect(Object.keys(SPECS).length * IDENTITIES.length).toBeGreaterThanOrEqual(60 * 11);
  });
});

// The download of a document whose access class narrows its readers (core/policies/document.ts):
// a terbatas and a rahasia document on the fixture case, uploaded by the penatalaksana.
describe("access classes × identity for GET /dokumen/:id", () => {
  const docs: Partial<Record<"terbatas" | "rahasia", number>> = {};
  beforeAll(async () => {
    const { insertDocuments } = await import("../../src/core/documents/document-rows.js");
    const { checkUpload } = await import("../../src/platform/files/blob-store.js");
    for (const accessClass of ["terbatas", "rahasia"] as const) {
      const file = await checkUpload(PDF, `${accessClass}.pdf`);
      const [d] = await t.prisma.$transaction((tx) => insertDocuments(tx, f.caseId, 6, a.penatalaksana.id, [{ kind: "lainnya", file }], new Date()));
      docs[accessClass] = (await t.prisma.document.update({ where: { id: must(d, "the inserted document").id }, data: { accessClass } })).id;
    }
  });
  const EXPECT: Record<"terbatas" | "rahasia", Record<Who, Outcome>> = {
    // The staff of Bagian Kerjasama, TKKSD, pimpinan and the case's own SKPD; not ADMIN (metadata only); another SKPD does not see the case.
    terbatas: rule(["penatalaksana", "penelaah", "kasubbag", "kabag", "tkksd", "pimpinan", "owner"], ["other"]),
    // The Kabag, pimpinan and the uploader (the penatalaksana).
    rahasia: rule(["kabag", "pimpinan", "penatalaksana"], ["other"]),
  };
  for (const accessClass of ["terbatas", "rahasia"] as const) {
    it(`when each identity downloads a ${accessClass} document then access is as specified`, async () => {
      const id = must(docs[accessClass], "the fixture");
      const wrong: string[] = [];
      for (const who of IDENTITIES) {
        const { got, status } = await outcome(who, "GET /dokumen/:id", { expect: EXPECT[accessClass], path: () => `/dokumen/${id}` });
        if (status >= 500 || got !== EXPECT[accessClass][who]) wrong.push(`${who}: expected ${EXPECT[accessClass][who]}, got ${got} (${status})`);
      }
      expect(wrong).toEqual([]);
    });
  }
});
