// Open data of the public register, for portals (CKAN, Satu Data Indonesia) and anyone
// who reads it with a program: a CSV by RFC 4180 (comma, UTF-8 without BOM, CRLF,
// quoted as needed) and a JSON with the same values, codes beside labels, an empty
// value as null (an empty field in the CSV), and a metadata document in the shape of
// DCAT (identifier, title, licence, publisher, issued, modified, distributions, and
// the fields with their types as a Frictionless table schema).
//
// The CSV here is data, not a spreadsheet: its cells are exactly the JSON's values, so
// a title starting with "=" stays as typed. Staff's Excel CSV (src/platform/http/csv.ts: ";",
// a BOM, formulas neutralised) is the register's export at /perjanjian.
import type { PrismaClient } from "../../generated/prisma/client.js";

/**
 * Bumped when a field is added, removed or changes meaning. 2.0: codes, nulls, metadata (issue 21).
 * 2.1: Satu Data Indonesia (issue 27): a stable identifier, the SKPD's code, the partner region's
 * Kemendagri code, the city's Kemendagri code, and the metadata's producer, steward and period.
 */
export const SCHEMA_VERSION = "2.1";
export const PUBLISHER = "Pemerintah Kota Yogyakarta";
/** The city publishes under CC BY 4.0, the licence Satu Data Indonesia's portal offers first (an assumption: see README). */
export const LICENSE = { url: "https://creativecommons.org/licenses/by/4.0/", name: "Creative Commons Attribution 4.0 International (CC BY 4.0)" } as const;
export const OPEN_DATA_PATHS = { csv: "/publik/data.csv", json: "/publik/data.json", metadata: "/publik/metadata.json" } as const;
/** The region the data belongs to, in the codes of BPS as Satu Data Indonesia datasets carry them. */
export const REGION = {
  kode_provinsi: "34",
  nama_provinsi: "Daerah Istimewa Yogyakarta",
  kode_kabupaten_kota: "3471",
  nama_kabupaten_kota: "Kota Yogyakarta",
  kode_wilayah_kemendagri: "34.71",
} as const;

/**
 * Satu Data Indonesia (Perpres 39/2019) names who produces a dataset and who, as the
 * region's data steward (walidata), publishes it. Assumed for Kota Yogyakarta: the
 * Bagian Kerjasama produces it; Diskominfosan is the walidata (docs/assumptions.md).
 */
export const PRODUCER = "Bagian Kerjasama Sekretariat Daerah Kota Yogyakarta";
export const DATA_STEWARD = "Dinas Komunikasi, Informatika dan Persandian Kota Yogyakarta";
/** The prefix of every agreement's stable identifier: "KS-3471-12". */
export const IDENTIFIER_PREFIX = `KS-${REGION.kode_kabupaten_kota}-`;
export const stableIdentifier = (id: number) => `${IDENTIFIER_PREFIX}${id}`;

type FieldType = "integer" | "string" | "date";
type FieldDef = { name: string; title: string; type: FieldType; description: string; required?: boolean };

/** The columns, in the CSV's order; the JSON's keys in the same order. */
export const OPEN_FIELDS = [
  { name: "id", title: "ID", type: "integer", required: true, description: "Nomor perjanjian di aplikasi; tetap untuk perjanjian yang sama." },
  {
    name: "pengenal",
    title: "Pengenal tetap",
    type: "string",
    required: true,
    description: "Pengenal tetap perjanjian lintas sistem: KS-<kode BPS kota>-<id>, mis. KS-3471-12; tidak berubah dan tidak dipakai ulang.",
  },
  {
    name: "kode_naskah",
    title: "Kode naskah",
    type: "string",
    required: true,
    description: "MOU = naskah pertama (MoU atau Nota Kesepakatan); PKS = naskah kedua (Perjanjian Kerja Sama atau Rencana Kerja).",
  },
  { name: "naskah", title: "Naskah", type: "string", required: true, description: "Nama naskah: MoU, PKS, Nota Kesepakatan, Rencana Kerja." },
  {
    name: "kode_jenis",
    title: "Kode jenis kerja sama",
    type: "string",
    description: "KSDD, KSDPK, SINERGI, KSDPL atau KSDLL (PP 28/2018); kosong bila belum diisi.",
  },
  { name: "jenis", title: "Jenis kerja sama", type: "string", description: "Nama jenis kerja sama." },
  { name: "judul", title: "Judul", type: "string", required: true, description: "Judul kerja sama." },
  { name: "mitra", title: "Mitra", type: "string", description: "Nama mitra kerja sama." },
  {
    name: "kode_wilayah_mitra",
    title: "Kode wilayah mitra",
    type: "string",
    description:
      "Untuk mitra pemerintah daerah: kode wilayah Kemendagri (Kepmendagri 100.1.1-6117/2022), mis. 33.74; kosong untuk mitra lain atau bila belum diisi.",
  },
  { name: "nama_wilayah_mitra", title: "Wilayah mitra", type: "string", description: "Nama wilayah mitra pemerintah daerah menurut kode Kemendagri." },
  {
    name: "kode_skpd",
    title: "Kode SKPD",
    type: "string",
    required: true,
    description: "Kode perangkat daerah pengusul pada daftar induk perangkat daerah, mis. DLH.",
  },
  { name: "skpd", title: "SKPD", type: "string", required: true, description: "Perangkat daerah pengusul." },
  { name: "kode_urusan", title: "Kode urusan", type: "string", description: "Kode urusan pemerintahan menurut Permendagri 90/2019, mis. 1.02." },
  { name: "urusan", title: "Urusan", type: "string", description: "Urusan pemerintahan (UU 23/2014)." },
  { name: "tanggal_mulai", title: "Mulai berlaku", type: "date", required: true, description: "Tanggal mulai berlaku (YYYY-MM-DD)." },
  { name: "tanggal_berakhir", title: "Berakhir", type: "date", required: true, description: "Tanggal berakhir (YYYY-MM-DD)." },
  { name: "status", title: "Status", type: "string", required: true, description: "Berlaku atau Berakhir, pada tanggal data dibaca (WIB)." },
  { name: "nilai_rupiah", title: "Nilai (Rp)", type: "integer", description: "Nilai kerja sama dalam rupiah; hanya bila dibuka untuk umum." },
  { name: "url_salinan", title: "Salinan bernomor", type: "string", description: "Alamat unduh salinan bernomor; hanya bila dibuka untuk umum." },
  { name: "kode_provinsi", title: "Kode provinsi", type: "string", required: true, description: "Kode wilayah BPS provinsi." },
  { name: "nama_provinsi", title: "Nama provinsi", type: "string", required: true, description: "Nama provinsi." },
  { name: "kode_kabupaten_kota", title: "Kode kabupaten/kota", type: "string", required: true, description: "Kode wilayah BPS kabupaten/kota." },
  { name: "nama_kabupaten_kota", title: "Nama kabupaten/kota", type: "string", required: true, description: "Nama kabupaten/kota." },
  {
    name: "kode_wilayah_kemendagri",
    title: "Kode wilayah Kemendagri",
    type: "string",
    required: true,
    description: "Kode wilayah Kemendagri kota penerbit data (34.71), untuk digabung dengan data yang memakai kode Kemendagri.",
  },
] as const satisfies readonly FieldDef[];
export type OpenField = (typeof OPEN_FIELDS)[number]["name"];
export const OPEN_FIELD_NAMES = OPEN_FIELDS.map<OpenField>((f) => f.name);
export type OpenRow = Record<OpenField, string | number | null>;

/** Empty is null, never "": a blank partner, a missing urusan. */
export const orNull = (v: string | null | undefined): string | null => (v === null || v === undefined || v.trim() === "" ? null : v);

/** One field by RFC 4180: quoted when it holds a comma, a quote, CR or LF; quotes doubled. Null is an empty field. */
function csvField(v: string | number | null): string {
  if (v === null) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The CSV: a header of the field names, a record per row, every line ending in CRLF. */
export function toOpenCsv(rows: OpenRow[]): string {
  const lines = [OPEN_FIELD_NAMES.join(",")];
  for (const r of rows) lines.push(OPEN_FIELD_NAMES.map((k) => csvField(r[k])).join(","));
  return lines.join("\r\n") + "\r\n";
}

const IDENTIFIER = "kota-yogyakarta-register-kerja-sama-daerah";
const TITLE = "Register Kerja Sama Daerah Kota Yogyakarta";
const DESCRIPTION =
  "Perjanjian kerja sama daerah Pemerintah Kota Yogyakarta (MoU/Nota Kesepakatan dan PKS/Rencana Kerja) yang dibuka untuk umum: " +
  "judul, jenis, mitra, perangkat daerah, urusan pemerintahan dan masa berlaku; nilai dan salinan bernomor bila dibuka. " +
  "Secara bawaan sebuah perjanjian tampil selama berlaku.";

/** `period`: the first start and the last end among the agreements the public sees (null: none). */
export type DatasetDates = { issued: string; modified: string; period: { start: string; end: string } | null };

/**
 * When the dataset was first published and last changed. A change is a row the
 * triggers of migration open_data wrote (any write to a column the open data carries),
 * or the end of a day on which a shown agreement ended (it then leaves the data, or
 * its status becomes "Berakhir"), at midnight WIB.
 */
export async function datasetDates(prisma: PrismaClient, today: string): Promise<DatasetDates> {
  const row = (
    await prisma.$queryRaw<{ first: Date | null; last: Date | null; ended: string | null; start: string | null; end: string | null }[]>`
    SELECT (SELECT min("at") FROM "PublicDataChange") AS "first",
           (SELECT max("at") FROM "PublicDataChange") AS "last",
           (SELECT to_char(max("endDate") + 1, 'YYYY-MM-DD') FROM "Agreement"
             WHERE "publicMode" <> 'HIDDEN' AND "endedEarlyAt" IS NULL AND "endDate" < ${today}::date) AS "ended",
           p."start", p."end"
      FROM (SELECT to_char(min("startDate"), 'YYYY-MM-DD') AS "start", to_char(max("endDate"), 'YYYY-MM-DD') AS "end" FROM "Agreement"
             WHERE "publicMode" = 'ALWAYS' OR ("publicMode" = 'AUTO' AND "endedEarlyAt" IS NULL AND "endDate" >= ${today}::date)) p`
  ).at(0);
  const times = [row?.last, row?.ended ? new Date(`${row.ended}T00:00:00+07:00`) : null].filter((d): d is Date => d instanceof Date);
  const modified = times.length ? new Date(Math.max(...times.map((d) => d.getTime()))) : new Date(0);
  const issued = row?.first ?? modified;
  const period = row?.start && row.end ? { start: row.start, end: row.end } : null;
  return { issued: issued.toISOString(), modified: modified.toISOString(), period };
}

/** What every JSON file and the metadata say about the dataset. */
export function datasetHead(dates: DatasetDates, appUrl: string) {
  return {
    identifier: IDENTIFIER,
    title: TITLE,
    schemaVersion: SCHEMA_VERSION,
    license: LICENSE.url,
    publisher: PUBLISHER,
    issued: dates.issued,
    modified: dates.modified,
    metadata: `${base(appUrl)}${OPEN_DATA_PATHS.metadata}`,
  };
}

const base = (appUrl: string) => appUrl.replace(/\/+$/, "");

/** The reference code lists the data's code columns follow. */
export const REFERENCE_CODES = [
  { kolom: "kode_naskah", sumber: "MOU: naskah pertama (MoU/Nota Kesepakatan); PKS: naskah kedua (PKS/Rencana Kerja), Permendagri 22/2020" },
  { kolom: "kode_jenis", sumber: "Jenis kerja sama daerah menurut PP 28/2018" },
  { kolom: "kode_urusan", sumber: "Kode urusan pemerintahan, Permendagri 90/2019" },
  { kolom: "kode_skpd", sumber: "Daftar induk perangkat daerah Pemerintah Kota Yogyakarta (aplikasi Kerjasama Daerah)" },
  { kolom: "kode_wilayah_mitra", sumber: "Kode wilayah administrasi pemerintahan, Kepmendagri 100.1.1-6117/2022 (data idn-area-data)" },
  { kolom: "kode_provinsi, kode_kabupaten_kota", sumber: "Kode wilayah Badan Pusat Statistik" },
  { kolom: "kode_wilayah_kemendagri", sumber: "Kode wilayah administrasi pemerintahan, Kepmendagri 100.1.1-6117/2022" },
] as const;

/** The metadata document (DCAT terms, the fields as a Frictionless table schema). */
export function datasetMetadata(dates: DatasetDates, appUrl: string) {
  const root = base(appUrl);
  return {
    "@type": "dcat:Dataset",
    identifier: IDENTIFIER,
    title: TITLE,
    description: DESCRIPTION,
    keyword: ["kerja sama daerah", "MoU", "perjanjian kerja sama", "Kota Yogyakarta"],
    language: ["id"],
    license: LICENSE.url,
    licenseName: LICENSE.name,
    publisher: PUBLISHER,
    creator: PRODUCER,
    contactPoint: { fn: PRODUCER },
    spatial: `${REGION.nama_kabupaten_kota} (BPS ${REGION.kode_kabupaten_kota}, Kemendagri ${REGION.kode_wilayah_kemendagri})`,
    ...(dates.period ? { temporal: { startDate: dates.period.start, endDate: dates.period.end } } : {}),
    landingPage: `${root}/publik`,
    issued: dates.issued,
    modified: dates.modified,
    accrualPeriodicity: "Setiap ada perubahan data",
    schemaVersion: SCHEMA_VERSION,
    // The metadata items of Satu Data Indonesia (Perpres 39/2019), in its own words.
    satuData: {
      judul: TITLE,
      definisi: DESCRIPTION,
      produsenData: PRODUCER,
      walidata: DATA_STEWARD,
      periode: dates.period ? { awal: dates.period.start, akhir: dates.period.end } : null,
      frekuensiPemutakhiran: "Harian: setiap ada perubahan data, dan setiap hari sebuah perjanjian berakhir",
      lisensi: LICENSE.name,
      cakupanWilayah: `${REGION.nama_kabupaten_kota}, ${REGION.nama_provinsi}`,
      pengenalPerjanjian: `Kolom pengenal: ${IDENTIFIER_PREFIX}<id>, tetap untuk perjanjian yang sama`,
      kodeReferensi: REFERENCE_CODES,
    },
    distribution: [
      {
        title: `${TITLE} (CSV)`,
        format: "CSV",
        mediaType: "text/csv",
        downloadURL: `${root}${OPEN_DATA_PATHS.csv}`,
        dialect: { delimiter: ",", quoteChar: '"', doubleQuote: true, lineTerminator: "\r\n", header: true, encoding: "utf-8" },
      },
      {
        title: `${TITLE} (JSON)`,
        format: "JSON",
        mediaType: "application/json",
        downloadURL: `${root}${OPEN_DATA_PATHS.json}`,
        description: 'Baris data di kunci "data".',
      },
    ],
    schema: {
      fields: OPEN_FIELDS.map((f) => ({
        name: f.name,
        title: f.title,
        type: f.type,
        ...(f.type === "date" ? { format: "%Y-%m-%d" } : {}),
        description: f.description,
        constraints: { required: "required" in f && f.required },
      })),
      primaryKey: ["id"],
      missingValues: [""],
    },
  };
}
