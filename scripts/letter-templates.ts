// `npx tsx scripts/letter-templates.ts`: writes the default letter templates
// (views/letters/*.docx) from the texts below. Edit here, run, commit the .docx
// files. Staff may replace any of them in the app (Admin → Templat surat); the
// placeholders are those of src/letters/placeholders.ts.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import PizZip from "pizzip";
import type { LetterKey } from "../src/letters/letters.js";
import { VIEWS_DIR } from "../src/paths.js";

type Para = { text: string; bold?: boolean; center?: boolean; size?: number; indent?: boolean; gap?: boolean };
type Block = Para | { table: string[][] };

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const run = (p: Para) =>
  `<w:r><w:rPr>${p.bold ? "<w:b/>" : ""}${p.size ? `<w:sz w:val="${p.size * 2}"/>` : ""}</w:rPr><w:t xml:space="preserve">${esc(p.text).replaceAll("\t", '</w:t><w:tab/><w:t xml:space="preserve">')}</w:t></w:r>`;
const para = (p: Para) =>
  `<w:p><w:pPr>${p.center ? '<w:jc w:val="center"/>' : '<w:jc w:val="both"/>'}${p.text.includes("\t") ? '<w:tabs><w:tab w:val="left" w:pos="1701"/></w:tabs>' : ""}${p.indent ? '<w:ind w:left="567"/>' : ""}<w:spacing w:after="${p.gap ? 240 : 60}"/></w:pPr>${run(p)}</w:p>`;
const table = (rows: string[][]) =>
  `<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/></w:tblPr><w:tblGrid>${rows[0].map(() => `<w:gridCol w:w="${Math.floor(8787 / rows[0].length)}"/>`).join("")}</w:tblGrid>${rows
    .map((r) => `<w:tr>${r.map((cell) => `<w:tc><w:tcPr><w:tcW w:w="${Math.floor(5000 / r.length)}" w:type="pct"/></w:tcPr>${cell.split("\n").map((line) => para({ text: line, center: true })).join("")}</w:tc>`).join("")}</w:tr>`)
    .join("")}</w:tbl>`;

const FIXED = new Date("2026-01-01T00:00:00Z");

function docx(blocks: Block[]): Buffer {
  const zip = new PizZip();
  // Fixed dates: the same texts give the same bytes.
  const file = (name: string, xml: string) => zip.file(name, xml, { date: FIXED });
  file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>`,
  );
  file("_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`);
  file("word/_rels/document.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`);
  file(
    "word/styles.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:sz w:val="22"/><w:lang w:val="id-ID"/></w:rPr></w:rPrDefault></w:docDefaults></w:styles>`,
  );
  const body = blocks.map((b) => ("table" in b ? table(b.table) : para(b))).join("");
  file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1418" w:right="1418" w:bottom="1418" w:left="1701" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr></w:body></w:document>`,
  );
  return zip.generate({ type: "nodebuffer", compression: "DEFLATE" });
}

const KOP: Para[] = [
  { text: "PEMERINTAH KOTA YOGYAKARTA", bold: true, center: true, size: 14 },
  { text: "SEKRETARIAT DAERAH", bold: true, center: true, size: 12 },
  { text: "Jl. Kenari No. 56 Yogyakarta 55165", center: true, size: 9, gap: true },
];
const loop = (name: string, line: string): Para[] => [{ text: `{#${name}}` }, { text: line, indent: true }, { text: `{/${name}}` }];

const TEMPLATES: Record<LetterKey, Block[]> = {
  telaah_staf: [
    ...KOP,
    { text: "TELAAH STAF", bold: true, center: true, size: 13, gap: true },
    { text: "Kepada\t: Yth. Walikota Yogyakarta" },
    { text: "Dari\t: Kepala Bagian Kerjasama ({kabag})" },
    { text: "Tanggal\t: {tanggal}" },
    { text: "Nomor\t: {nomor_surat}" },
    { text: "Perihal\t: Usulan kerja sama {judul} (kasus {nomor_kasus})", gap: true },
    { text: "I. Persoalan", bold: true },
    { text: "{skpd} mengusulkan kerja sama {jenis} dengan {mitra} ({mitra_jenis}) tentang {judul}, urusan {urusan}, bidang {bidang}.", indent: true, gap: true },
    { text: "II. Praanggapan", bold: true },
    { text: "Objek kerja sama: {objek}. Ruang lingkup: {ruang_lingkup}.", indent: true, gap: true },
    { text: "III. Fakta yang mempengaruhi", bold: true },
    { text: "Manfaat yang diharapkan: {manfaat}. Pembiayaan: {pembiayaan}, dengan perkiraan nilai {nilai}. Jangka waktu yang direncanakan: {jangka_waktu}.", indent: true, gap: true },
    { text: "IV. Analisis", bold: true },
    { text: "(Diisi oleh Penelaah Kerjasama.)", indent: true, gap: true },
    { text: "V. Kesimpulan dan saran", bold: true },
    { text: "Mohon arahan dan disposisi Bapak Walikota atas usulan kerja sama tersebut.", indent: true, gap: true },
    { table: [["", "Kepala Bagian Kerjasama\n\n\n\n{kabag}"]] },
  ],
  surat_penawaran: [
    ...KOP,
    { text: "Yogyakarta, {tanggal}" },
    { text: "Nomor\t: {nomor_surat}" },
    { text: "Sifat\t: Biasa" },
    { text: "Lampiran\t: 1 (satu) berkas" },
    { text: "Hal\t: Penawaran kerja sama {judul}", gap: true },
    { text: "Yth. Pimpinan {mitra}" },
    { text: "{mitra_alamat}", gap: true },
    { text: "Dengan hormat," },
    {
      text: "Pemerintah Kota Yogyakarta melalui {skpd} bermaksud menjalin kerja sama ({jenis}) dengan {mitra} di bidang {bidang}, dengan objek {objek} dan ruang lingkup: {ruang_lingkup}.",
      gap: true,
    },
    { text: "Kerja sama ini diharapkan memberi manfaat berupa {manfaat}. Pembiayaan direncanakan dari {pembiayaan}, dengan jangka waktu {jangka_waktu}.", gap: true },
    { text: "Kami mohon kesediaan Saudara untuk menyampaikan jawaban atas penawaran ini. Untuk keterangan lebih lanjut dapat menghubungi {ppksd} ({ppksd_telepon}).", gap: true },
    { text: "Atas perhatian dan kerja samanya kami ucapkan terima kasih.", gap: true },
    { table: [["", "WALIKOTA YOGYAKARTA\n\n\n\n{penandatangan}"]] },
    { text: "Tembusan:", bold: true },
    ...loop("tembusan", "{no}. {nama}"),
  ],
  draft_naskah: [
    { text: "{naskah_kapital}", bold: true, center: true, size: 13 },
    { text: "ANTARA", bold: true, center: true },
    { text: "PEMERINTAH KOTA YOGYAKARTA", bold: true, center: true },
    { text: "DENGAN", bold: true, center: true },
    { text: "{mitra_kapital}", bold: true, center: true },
    { text: "TENTANG", bold: true, center: true },
    { text: "{judul_kapital}", bold: true, center: true, gap: true },
    { text: "Nomor Pemerintah Kota Yogyakarta: {nomor_naskah}", center: true },
    { text: "Nomor {mitra}: {nomor_mitra}", center: true, gap: true },
    { text: "Pada hari ini ……………, tanggal ……………, bertempat di Yogyakarta, yang bertanda tangan di bawah ini:", gap: true },
    { text: "I. {penandatangan}, dalam hal ini bertindak untuk dan atas nama Pemerintah Kota Yogyakarta, berkedudukan di Jl. Kenari No. 56 Yogyakarta, selanjutnya disebut PIHAK PERTAMA;", indent: true },
    { text: "II. ……………, dalam hal ini bertindak untuk dan atas nama {mitra} ({mitra_jenis}), berkedudukan di {mitra_alamat}, selanjutnya disebut PIHAK KEDUA.", indent: true, gap: true },
    { text: "PIHAK PERTAMA dan PIHAK KEDUA, selanjutnya disebut PARA PIHAK, sepakat mengadakan {naskah} dengan ketentuan sebagai berikut.", gap: true },
    { text: "Pasal 1 — Maksud dan Tujuan", bold: true, center: true },
    { text: "{naskah} ini dimaksudkan untuk {manfaat}", gap: true },
    { text: "Pasal 2 — Objek dan Ruang Lingkup", bold: true, center: true },
    { text: "Objek {naskah} ini adalah {objek}, dengan ruang lingkup: {ruang_lingkup}.", gap: true },
    { text: "Pasal 3 — Pelaksanaan", bold: true, center: true },
    { text: "Di pihak Pemerintah Kota Yogyakarta, {naskah} ini dilaksanakan oleh {skpd} (urusan {urusan}); penghubung: {ppksd}, {ppksd_telepon}.", gap: true },
    { text: "Pasal 4 — Pembiayaan", bold: true, center: true },
    { text: "Biaya pelaksanaan {naskah} ini bersumber dari {pembiayaan}, dengan perkiraan nilai {nilai}.", gap: true },
    { text: "Pasal 5 — Jangka Waktu", bold: true, center: true },
    { text: "{naskah} ini berlaku {jangka_waktu}, sejak {mulai} sampai dengan {berakhir}, dan dapat diperpanjang atas kesepakatan PARA PIHAK.", gap: true },
    { text: "Pasal 6 — Penutup", bold: true, center: true },
    { text: "{naskah} ini dibuat dalam rangkap 2 (dua), masing-masing bermeterai cukup dan mempunyai kekuatan hukum yang sama.", gap: true },
    { table: [["PIHAK KEDUA\n{mitra}\n\n\n\n……………", "PIHAK PERTAMA\nPemerintah Kota Yogyakarta\n\n\n\n{penandatangan}"]] },
  ],
  tanda_terima: [
    ...KOP,
    { text: "TANDA TERIMA", bold: true, center: true, size: 13, gap: true },
    { text: "Telah diterima dari Bagian Kerjasama Sekretariat Daerah Kota Yogyakarta:", gap: true },
    { text: "Salinan {naskah} nomor {nomor_naskah} (nomor mitra: {nomor_mitra})", indent: true },
    { text: "tentang {judul}", indent: true },
    { text: "antara Pemerintah Kota Yogyakarta dan {mitra},", indent: true },
    { text: "sebanyak 1 (satu) eksemplar salinan bernomor. Keaslian salinan dapat diperiksa dengan memindai kode QR pada salinan tersebut.", indent: true, gap: true },
    { text: "Yogyakarta, ……………", gap: true },
    { table: [["Yang menyerahkan\n\n\n\n{pembuat}", "Yang menerima\n\n\n\n(nama dan tanda tangan)"]] },
  ],
  laporan_evaluasi: [
    ...KOP,
    { text: "LAPORAN EVALUASI PELAKSANAAN KERJA SAMA", bold: true, center: true, size: 13, gap: true },
    { text: "Judul\t: {judul}" },
    { text: "Jenis\t: {jenis}" },
    { text: "Mitra\t: {mitra}" },
    { text: "SKPD pelaksana\t: {skpd}" },
    { text: "Nomor {naskah}\t: {nomor_pks}" },
    { text: "Masa berlaku\t: {mulai} s.d. {berakhir}", gap: true },
    { text: "A. Hasil evaluasi", bold: true },
    { text: "Periode: {evaluasi_periode}. Nilai rata-rata: {evaluasi_skor} (skala 1–5).", indent: true },
    { text: "Rekomendasi: {evaluasi_rekomendasi}.", indent: true, gap: true },
    { text: "B. Kendala dan temuan", bold: true },
    { text: "{evaluasi_kendala}", indent: true, gap: true },
    { text: "C. Kewajiban para pihak dan realisasinya", bold: true },
    ...loop("kewajiban", "{no}. {pihak}: {uraian}; target {target}, realisasi {realisasi}."),
    { text: "", gap: true },
    { table: [["", "Yogyakarta, {tanggal}\nKepala Bagian Kerjasama\n\n\n\n{kabag}"]] },
  ],
  undangan_tkksd: [
    ...KOP,
    { text: "TIM KOORDINASI KERJA SAMA DAERAH (TKKSD)", bold: true, center: true },
    { text: "UNDANGAN RAPAT", bold: true, center: true, size: 13, gap: true },
    { text: "Yogyakarta, {tanggal}", gap: true },
    { text: "Dengan hormat, kami mengundang Bapak/Ibu anggota TKKSD Kota Yogyakarta untuk menghadiri rapat pada:", gap: true },
    { text: "Hari, tanggal\t: {hari_tanggal}", indent: true },
    { text: "Pukul\t: {jam} WIB", indent: true },
    { text: "Tempat\t: {tempat}", indent: true, gap: true },
    { text: "Acara:", bold: true },
    ...loop("acara", "{no}. {pokok}: {judul} ({skpd})"),
    { text: "Mengingat pentingnya acara tersebut, kehadiran Bapak/Ibu sangat kami harapkan.", gap: true },
    { table: [["", "Sekretariat TKKSD Kota Yogyakarta\n\n\n\n……………"]] },
  ],
  berita_acara_tkksd: [
    ...KOP,
    { text: "BERITA ACARA RAPAT TKKSD", bold: true, center: true, size: 13 },
    { text: "Nomor: {nomor_berita_acara}", center: true, gap: true },
    { text: "Pada hari {hari_tanggal}, pukul {jam} WIB, bertempat di {tempat}, Tim Koordinasi Kerja Sama Daerah Kota Yogyakarta telah melaksanakan rapat dengan hasil sebagai berikut.", gap: true },
    { text: "Hadir:", bold: true },
    ...loop("hadir", "{no}. {nama}"),
    { text: "Keputusan:", bold: true },
    ...loop("keputusan", "{no}. {judul} ({skpd}). Pokok bahasan: {pokok}. Keputusan: {keputusan}. {alasan}"),
    { text: "Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya.", gap: true },
    { table: [["", "Ditutup oleh\n\n\n\n{ditutup_oleh}"]] },
  ],
};

const dir = path.join(VIEWS_DIR, "letters");
mkdirSync(dir, { recursive: true });
for (const [key, blocks] of Object.entries(TEMPLATES)) {
  writeFileSync(path.join(dir, `${key}.docx`), docx(blocks));
  console.log(`views/letters/${key}.docx`);
}
