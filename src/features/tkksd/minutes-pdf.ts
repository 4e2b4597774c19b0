// The meeting's documents as PDF, drawn from its data (src/platform/pdf: the app's fonts, A4):
// the invitation (undangan rapat) and the numbered minutes (berita acara), in the
// format of official letters (tata naskah dinas): letterhead, Nomor, Sifat, Lampiran,
// Hal, the addressee (Yth.), and the TKKSD's Ketua and Sekretaris by name and NIP.
import { BLANK, writer, type Writer } from "../../platform/pdf/writer.js";
import { withoutStop } from "./text.js";

const or = (v: string | undefined | null) => (v && v.trim() ? v.trim() : BLANK);

export type Official = { name: string; nip: string };
export type MeetingDoc = {
  number?: string;
  day: string; // "Kamis, 26 November 2026"
  startsAt: string;
  place: string;
  /** The date the document is made, e.g. "1 Desember 2026". */
  madeOn: string;
  attendance: string[];
  items: { title: string; skpd: string; subject: string; decision?: string; reason?: string | null }[];
  closedBy?: string;
  /** The Sekretaris Daerah (Ketua TKKSD) and the Kepala Bagian Kerjasama (Sekretaris TKKSD), from the settings. */
  ketua: Official;
  sekretaris: Official;
};

const KOP = { government: "PEMERINTAH KOTA YOGYAKARTA", unit: "SEKRETARIAT DAERAH", address: "Jl. Kenari No. 56 Yogyakarta 55165" };
const KETUA_OFFICE = ["Sekretaris Daerah Kota Yogyakarta", "selaku Ketua TKKSD"];
const SEKRETARIS_OFFICE = ["Kepala Bagian Kerjasama", "selaku Sekretaris TKKSD"];

const everything = (m: MeetingDoc) => JSON.stringify(m);

function heading(w: Writer, m: MeetingDoc, o: { number: string; sifat: string; lampiran: string; hal: string }) {
  w.kop(KOP);
  w.text(`Yogyakarta, ${m.madeOn}`, { x: 260, gap: 8 });
  w.fields(
    [
      ["Nomor", o.number],
      ["Sifat", o.sifat],
      ["Lampiran", o.lampiran],
      ["Hal", o.hal],
    ],
    { gap: 12 },
  );
}

export async function invitationPdf(m: MeetingDoc): Promise<Buffer> {
  const w = await writer(`Undangan Rapat TKKSD Kota Yogyakarta - ${m.day}`, everything(m));
  heading(w, m, { number: BLANK, sifat: "Segera", lampiran: "-", hal: "Undangan Rapat Tim Koordinasi Kerja Sama Daerah" });
  w.text("Yth. Anggota Tim Koordinasi Kerja Sama Daerah Kota Yogyakarta", { gap: 0 });
  w.text("di Yogyakarta", { gap: 12 });
  w.text("Dengan hormat, kami mengundang Bapak/Ibu anggota TKKSD Kota Yogyakarta untuk menghadiri rapat pada:", { gap: 8 });
  w.fields(
    [
      ["Hari, tanggal", m.day],
      ["Pukul", `${m.startsAt} WIB`],
      ["Tempat", m.place],
    ],
    { indent: 20, gap: 10 },
  );
  w.text("Acara:", { bold: true });
  w.list(
    m.items.map((it) => `${it.subject}: ${it.title} (${it.skpd})`),
    { indent: 20 },
  );
  w.text("Mengingat pentingnya acara tersebut, kehadiran Bapak/Ibu sangat kami harapkan.", { gap: 24 });
  w.signature({ office: ["Ketua Tim Koordinasi Kerja Sama Daerah", ...KETUA_OFFICE.slice(0, 1)], name: or(m.ketua.name), nip: or(m.ketua.nip) });
  return w.bytes();
}

export async function minutesPdf(m: MeetingDoc): Promise<Buffer> {
  const w = await writer(`Berita Acara Rapat TKKSD Kota Yogyakarta ${m.number ?? ""}`.trim(), everything(m));
  heading(w, m, { number: or(m.number), sifat: "Biasa", lampiran: "-", hal: `Berita Acara Rapat TKKSD tanggal ${m.day}` });
  w.text("Yth. Walikota Yogyakarta", { gap: 0 });
  w.text("di Yogyakarta", { gap: 12 });
  w.text("BERITA ACARA RAPAT TIM KOORDINASI KERJA SAMA DAERAH", { bold: true, center: true, size: 12, gap: 10 });
  w.text(
    `Pada hari ${m.day}, pukul ${m.startsAt} WIB, bertempat di ${withoutStop(m.place)}, Tim Koordinasi Kerja Sama Daerah Kota Yogyakarta telah melaksanakan rapat dengan hasil sebagai berikut.`,
    { gap: 10 },
  );
  w.text("Hadir:", { bold: true });
  w.list(m.attendance, { indent: 20 });
  w.text("Keputusan:", { bold: true });
  m.items.forEach((it, i) => {
    w.text(`${i + 1}. ${it.title}`, { indent: 20, bold: true, gap: 0 });
    w.text(`SKPD: ${withoutStop(it.skpd)}. Pokok bahasan: ${withoutStop(it.subject)}.`, { indent: 34, gap: 0 });
    const reason = it.reason && withoutStop(it.reason) ? `. Alasan: ${withoutStop(it.reason)}` : "";
    w.text(`Keputusan: ${withoutStop(it.decision ?? BLANK)}${reason}.`, { indent: 34, gap: 6 });
  });
  w.text(`Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya. Rapat ditutup oleh ${or(m.closedBy)}.`, { gap: 24 });
  w.signaturePair(
    { office: ["Sekretaris TKKSD,", ...SEKRETARIS_OFFICE.slice(0, 1)], name: or(m.sekretaris.name), nip: or(m.sekretaris.nip) },
    { office: ["Ketua TKKSD,", ...KETUA_OFFICE.slice(0, 1)], name: or(m.ketua.name), nip: or(m.ketua.nip) },
  );
  return w.bytes();
}
