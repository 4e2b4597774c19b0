// `npx tsx scripts/letter-templates.ts`: writes the default letter templates
// (views/letters/*.docx) from the texts below. Edit here, run, commit the .docx
// files. Staff may replace any of them in the app (Admin → Templat surat); the
// placeholders are those of src/features/letters/placeholders.ts.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import PizZip from "pizzip";
import type { LetterKey } from "../src/features/letters/letters.js";
import { VIEWS_DIR } from "../src/platform/paths.js";
import { must } from "../src/platform/must.js";

type Para = { text: string; bold?: boolean; center?: boolean; size?: number; indent?: boolean; gap?: boolean; rule?: boolean };
type Block = Para | { table: string[][] } | { kop: string[] };

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const run = (p: Para) =>
  `<w:r><w:rPr>${p.bold ? "<w:b/>" : ""}${p.size ? `<w:sz w:val="${p.size * 2}"/>` : ""}</w:rPr><w:t xml:space="preserve">${esc(p.text).replaceAll("\t", '</w:t><w:tab/><w:t xml:space="preserve">')}</w:t></w:r>`;
const para = (p: Para) =>
  `<w:p><w:pPr>${p.rule ? '<w:pBdr><w:bottom w:val="thickThinSmallGap" w:sz="24" w:space="1" w:color="000000"/></w:pBdr>' : ""}${p.center ? '<w:jc w:val="center"/>' : '<w:jc w:val="both"/>'}${p.text.includes("\t") ? '<w:tabs><w:tab w:val="left" w:pos="1701"/></w:tabs>' : ""}${p.indent ? '<w:ind w:left="567"/>' : ""}<w:spacing w:after="${p.gap ? 240 : 60}"/></w:pPr>${run(p)}</w:p>`;
const table = (rows: string[][]) => {
  const columns = must(rows[0], "a table's first row").length;
  return `<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/></w:tblPr><w:tblGrid>${`<w:gridCol w:w="${Math.floor(8787 / columns)}"/>`.repeat(columns)}</w:tblGrid>${rows
    .map(
      (r) =>
        `<w:tr>${r
          .map(
            (cell) =>
              `<w:tc><w:tcPr><w:tcW w:w="${Math.floor(5000 / r.length)}" w:type="pct"/></w:tcPr>${cell
                .split("\n")
                .map((line) => para({ text: line, center: true }))
                .join("")}</w:tc>`,
          )
          .join("")}</w:tr>`,
    )
    .join("")}</w:tbl>`;
};

// The emblem on the letterhead: a picture named "Lambang" whose image (word/media/lambang.png,
// a transparent pixel here) is replaced by the one ADMIN uploads, or removed when there is
// none (src/features/letters/render.ts). 2 cm high; its width follows the uploaded image.
const EMBLEM_EMU = 720000;
const EMBLEM_RUN = `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="${EMBLEM_EMU}" cy="${EMBLEM_EMU}"/><wp:docPr id="1" name="Lambang" descr="Lambang Kota Yogyakarta"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="Lambang"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdLambang"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${EMBLEM_EMU}" cy="${EMBLEM_EMU}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`;
const NO_BORDERS =
  '<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>';
/** The letterhead: the emblem on the left, the government's name, unit and address centred, a double rule under it. */
const kop = (lines: string[]) =>
  `<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/>${NO_BORDERS}</w:tblPr><w:tblGrid><w:gridCol w:w="1400"/><w:gridCol w:w="7387"/></w:tblGrid><w:tr>` +
  `<w:tc><w:tcPr><w:tcW w:w="1400" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:jc w:val="center"/></w:pPr>${EMBLEM_RUN}</w:p></w:tc>` +
  `<w:tc><w:tcPr><w:tcW w:w="7387" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>${lines.map((l, i) => para({ text: l, center: true, bold: i < 2, size: i === 0 ? 14 : i === 1 ? 13 : 9 })).join("")}</w:tc>` +
  `</w:tr></w:tbl>${para({ text: "", rule: true, gap: true })}`;
// A 1×1 transparent PNG.
const PIXEL = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

const FIXED = new Date("2026-01-01T00:00:00Z");

function docx(blocks: Block[]): Buffer {
  const zip = new PizZip();
  // Fixed dates: the same texts give the same bytes.
  const file = (name: string, xml: string) => zip.file(name, xml, { date: FIXED });
  file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>`,
  );
  file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  file(
    "word/_rels/document.xml.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdLambang" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/lambang.png"/></Relationships>`,
  );
  zip.file("word/media/lambang.png", PIXEL, { date: FIXED, binary: true });
  file(
    "word/styles.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:sz w:val="22"/><w:lang w:val="id-ID"/></w:rPr></w:rPrDefault></w:docDefaults></w:styles>`,
  );
  const body = blocks.map((b) => ("table" in b ? table(b.table) : "kop" in b ? kop(b.kop) : para(b))).join("");
  file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1418" w:right="1418" w:bottom="1418" w:left="1701" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr></w:body></w:document>`,
  );
  return zip.generate({ type: "nodebuffer", compression: "DEFLATE" });
}

// The letterhead of the Sekretariat Daerah (Permendagri 1/2023, tata naskah dinas).
const KOP: Block[] = [{ kop: ["PEMERINTAH KOTA YOGYAKARTA", "SEKRETARIAT DAERAH", "Jl. Kenari No. 56 Yogyakarta 55165, Telepon (0274) 515865"] }];
const loop = (name: string, line: string): Para[] => [{ text: `{#${name}}` }, { text: line, indent: true }, { text: `{/${name}}` }];
/** A signature block on the right: office lines, room to sign, the name (and NIP). */
const signed = (office: string, name: string, nip?: string): Block => ({ table: [["", `${office}\n\n\n\n${name}${nip ? `\nNIP ${nip}` : ""}`]] });

const TEMPLATES: Record<LetterKey, Block[]> = {
  telaah_staf: [
    ...KOP,
    { text: "TELAAH STAF", bold: true, center: true, size: 13, gap: true },
    { text: "Kepada\t: Yth. Walikota Yogyakarta" },
    { text: "Dari\t: Kepala Bagian Kerjasama" },
    { text: "Tanggal\t: {tanggal}" },
    { text: "Nomor\t: {nomor_surat}" },
    { text: "Lampiran\t: {lampiran}" },
    { text: "Hal\t: {telaah_hal}", gap: true },
    { text: "I. Persoalan", bold: true },
    { text: "{telaah_persoalan}", indent: true, gap: true },
    { text: "II. Praanggapan", bold: true },
    {
      text: "Kerja sama ini sejalan dengan urusan {urusan} dan bidang {bidang}, dengan objek {objek} dan ruang lingkup: {ruang_lingkup}.",
      indent: true,
      gap: true,
    },
    { text: "III. Fakta yang mempengaruhi", bold: true },
    { text: "{telaah_fakta}", indent: true, gap: true },
    { text: "IV. Analisis", bold: true },
    { text: "(Diisi oleh Penelaah Kerjasama.)", indent: true, gap: true },
    { text: "V. Kesimpulan", bold: true },
    { text: "(Diisi oleh Penelaah Kerjasama.)", indent: true, gap: true },
    { text: "VI. Saran", bold: true },
    { text: "{telaah_saran}", indent: true, gap: true },
    signed("Kepala Bagian Kerjasama,", "{kabag}", "{kabag_nip}"),
  ],
  surat_penawaran: [
    ...KOP,
    { text: "Yogyakarta, {tanggal}", gap: true },
    { text: "Nomor\t: {nomor_surat}" },
    { text: "Sifat\t: Biasa" },
    { text: "Lampiran\t: {lampiran}" },
    { text: "Hal\t: Penawaran {kerja_sama_judul}", gap: true },
    { text: "Yth. Pimpinan {mitra}" },
    { text: "{mitra_alamat}", gap: true },
    { text: "Dengan hormat," },
    {
      text: "Pemerintah Kota Yogyakarta melalui {skpd} bermaksud menjalin {kerja_sama_judul} ({jenis}) dengan {mitra} di bidang {bidang}, dengan objek {objek} dan ruang lingkup: {ruang_lingkup}.",
      gap: true,
    },
    {
      text: "Kerja sama ini diharapkan memberi manfaat berupa {manfaat}. Pembiayaan direncanakan dari {pembiayaan}, dengan jangka waktu {jangka_waktu}. Rincian rencana kerja sama kami sampaikan terlampir.",
      gap: true,
    },
    {
      text: "Kami mohon kesediaan Saudara untuk menyampaikan jawaban atas penawaran ini. Untuk keterangan lebih lanjut dapat menghubungi {ppksd} ({ppksd_telepon}).",
      gap: true,
    },
    { text: "Atas perhatian dan kerja samanya kami ucapkan terima kasih.", gap: true },
    signed("WALIKOTA YOGYAKARTA,", "{walikota}"),
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
    {
      text: "I. {penandatangan}, dalam hal ini bertindak untuk dan atas nama Pemerintah Kota Yogyakarta, berkedudukan di Jl. Kenari No. 56 Yogyakarta, selanjutnya disebut PIHAK PERTAMA;",
      indent: true,
    },
    {
      text: "II. ……………, dalam hal ini bertindak untuk dan atas nama {mitra} ({mitra_jenis}), berkedudukan di {mitra_alamat}, selanjutnya disebut PIHAK KEDUA.",
      indent: true,
      gap: true,
    },
    { text: "PIHAK PERTAMA dan PIHAK KEDUA, selanjutnya disebut PARA PIHAK, sepakat mengadakan {naskah} dengan ketentuan sebagai berikut.", gap: true },
    { text: "Pasal 1 — Maksud dan Tujuan", bold: true, center: true },
    { text: "{naskah} ini dimaksudkan sebagai landasan {kerja_sama_judul}, dengan tujuan: {manfaat}.", gap: true },
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
    {
      text: "sebanyak 1 (satu) eksemplar salinan bernomor. Keaslian salinan dapat diperiksa dengan memindai kode QR pada salinan tersebut.",
      indent: true,
      gap: true,
    },
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
    signed("Yogyakarta, {tanggal}\nKepala Bagian Kerjasama,", "{kabag}", "{kabag_nip}"),
  ],
  undangan_tkksd: [
    ...KOP,
    { text: "Yogyakarta, {tanggal}", gap: true },
    { text: "Nomor\t: ……………" },
    { text: "Sifat\t: Segera" },
    { text: "Lampiran\t: -" },
    { text: "Hal\t: Undangan Rapat Tim Koordinasi Kerja Sama Daerah", gap: true },
    { text: "Yth. Anggota Tim Koordinasi Kerja Sama Daerah Kota Yogyakarta" },
    { text: "di Yogyakarta", gap: true },
    { text: "Dengan hormat, kami mengundang Bapak/Ibu anggota TKKSD Kota Yogyakarta untuk menghadiri rapat pada:", gap: true },
    { text: "Hari, tanggal\t: {hari_tanggal}", indent: true },
    { text: "Pukul\t: {jam} WIB", indent: true },
    { text: "Tempat\t: {tempat}", indent: true, gap: true },
    { text: "Acara:", bold: true },
    ...loop("acara", "{no}. {pokok}: {judul} ({skpd})"),
    { text: "Mengingat pentingnya acara tersebut, kehadiran Bapak/Ibu sangat kami harapkan.", gap: true },
    signed("Ketua Tim Koordinasi Kerja Sama Daerah\nSekretaris Daerah Kota Yogyakarta,", "{ketua}", "{ketua_nip}"),
  ],
  berita_acara_tkksd: [
    ...KOP,
    { text: "Yogyakarta, {tanggal}", gap: true },
    { text: "Nomor\t: {nomor_berita_acara}" },
    { text: "Sifat\t: Biasa" },
    { text: "Lampiran\t: -" },
    { text: "Hal\t: Berita Acara Rapat TKKSD tanggal {hari_tanggal}", gap: true },
    { text: "Yth. Walikota Yogyakarta" },
    { text: "di Yogyakarta", gap: true },
    { text: "BERITA ACARA RAPAT TIM KOORDINASI KERJA SAMA DAERAH", bold: true, center: true, size: 13, gap: true },
    {
      text: "Pada hari {hari_tanggal}, pukul {jam} WIB, bertempat di {tempat}, Tim Koordinasi Kerja Sama Daerah Kota Yogyakarta telah melaksanakan rapat dengan hasil sebagai berikut.",
      gap: true,
    },
    { text: "Hadir:", bold: true },
    ...loop("hadir", "{no}. {nama}"),
    { text: "Keputusan:", bold: true },
    ...loop("keputusan", "{no}. {judul} ({skpd}). Pokok bahasan: {pokok}. Keputusan: {keputusan}. {alasan}"),
    { text: "Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya. Rapat ditutup oleh {ditutup_oleh}.", gap: true },
    {
      table: [
        [
          "Sekretaris TKKSD,\nKepala Bagian Kerjasama\n\n\n\n{sekretaris}\nNIP {sekretaris_nip}",
          "Ketua TKKSD,\nSekretaris Daerah Kota Yogyakarta\n\n\n\n{ketua}\nNIP {ketua_nip}",
        ],
      ],
    },
  ],
};

const dir = path.join(VIEWS_DIR, "letters");
mkdirSync(dir, { recursive: true });
for (const [key, blocks] of Object.entries(TEMPLATES)) {
  writeFileSync(path.join(dir, `${key}.docx`), docx(blocks));
  console.log(`views/letters/${key}.docx`);
}
