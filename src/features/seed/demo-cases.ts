// A few demo cases at different rows, made through the real services, so that a
// new user sees inboxes, the register and the dashboard with something in them.
// Outside production only, and only on a database that has no case yet.
import { romanMonth } from "../numbering/numbering-service.js";
import { SAMPLE_PDF } from "./sample-pdf.js";
import { loadCurrentUser } from "../auth/passport.js";
import { createLegacy } from "../agreements/agreement-service.js";
import { recordObligation } from "../obligations/obligation-service.js";
import { recordGate } from "../gates/gate-service.js";
import { addProgressReport } from "../monitoring/monitoring-service.js";
import { createDraft } from "../cases/case-service.js";
import type { ProposalInput } from "../../core/case-data/schema.js";
import { checkUpload } from "../../platform/files/blob-store.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import dayjs from "../../platform/time.js";
import type { CurrentUser, RoleName } from "../../core/users/roles.js";
import { todayJakarta } from "../../core/calendar/calendar.js";
import { stepForward } from "./driver.js";
import { must } from "../../platform/must.js";

/** A one-page PDF that says it is an example. */
const DEMO_PDF = SAMPLE_PDF;

const proposal = (p: Partial<ProposalInput> & Pick<ProposalInput, "title" | "jenis" | "partnerName" | "urusanId">): ProposalInput => ({
  bidang: "Pelayanan publik",
  objek: p.title,
  ruangLingkup: "Kegiatan bersama sesuai rencana kerja yang disepakati para pihak.",
  partnerKind: "Badan usaha",
  partnerAddress: "Yogyakarta",
  partnerContact: "Sekretariat mitra, 0274 000 000",
  manfaat: "Meningkatkan mutu layanan kepada warga Kota Yogyakarta.",
  pembiayaan: "Mitra",
  estimatedCost: 100_000_000,
  durationMonths: 24,
  burdensPublic: false,
  outsideApbd: false,
  naskahStatus: "BARU" as const,
  rpjmdLink: "Misi pelayanan publik",
  liaisonName: "PPKSD unit",
  liaisonPhone: "0274 515865",
  ...p,
});

/** Set when every demo case is in place; until then a start resumes the seeding. */
export const DEMO_DONE_KEY = "demo.cases.done";

/**
 * Creates the demo cases through the real services. Resumable: a start killed
 * half-way leaves some cases behind, and the next start drives each one on to its
 * row (found by title) and creates the missing ones, then marks the seeding done.
 */
export async function seedDemoCases(prisma: PrismaClient, appUrl?: string): Promise<number> {
  if (await prisma.setting.findUnique({ where: { key: DEMO_DONE_KEY } })) return 0;
  // A database that has real cases of its own (no demo accounts made them) is left alone.
  if ((await prisma.user.count({ where: { username: "skpd.pariwisata" } })) === 0) return 0;
  const user = async (username: string) =>
    must(await loadCurrentUser(prisma, (await prisma.user.findUniqueOrThrow({ where: { username } })).id), `the active demo user ${username}`);
  const byRole: Partial<Record<RoleName, CurrentUser>> = {
    PENATALAKSANA: await user("penatalaksana"),
    PENELAAH: await user("penelaah"),
    KASUBBAG: await user("kasubbag"),
    KABAG: await user("kabag"),
    TKKSD: await user("tkksd"),
    ADMIN: await user("admin"),
  };
  const penatalaksana = must(byRole.PENATALAKSANA, "the demo Penatalaksana");
  const skpd = { DISPAR: await user("skpd.pariwisata"), DINKES: await user("skpd.kesehatan"), DLH: await user("skpd.lingkungan") };
  const makeFile = (name: string) => checkUpload(DEMO_PDF, name);

  const urusan = async (name: string) => (await prisma.urusan.findUniqueOrThrow({ where: { name } })).id;
  const [wisata, kesehatan, lingkungan, kebudayaan] = await Promise.all([
    urusan("Pariwisata"),
    urusan("Kesehatan"),
    urusan("Lingkungan hidup"),
    urusan("Kebudayaan"),
  ]);
  const plan: { unit: keyof typeof skpd; row: number; p: ProposalInput }[] = [
    {
      unit: "DISPAR",
      row: 1,
      p: proposal({
        title: "Festival kuliner Kotagede bersama asosiasi UMKM",
        jenis: "KSDPK",
        urusanId: wisata,
        partnerName: "Asosiasi UMKM Kuliner Yogyakarta",
        partnerKind: "Organisasi kemasyarakatan / LSM",
      }),
    },
    {
      unit: "DINKES",
      row: 3,
      p: proposal({ title: "Layanan kesehatan jemput bola bersama rumah sakit swasta", jenis: "KSDPK", urusanId: kesehatan, partnerName: "RS Mitra Sehat" }),
    },
    // Burdens the region: the DPRD's approval will be needed before signing.
    {
      unit: "DLH",
      row: 6,
      p: proposal({
        title: "Pengolahan sampah menjadi energi",
        jenis: "KSDPK",
        urusanId: lingkungan,
        partnerName: "PT Energi Hijau Nusantara",
        burdensPublic: true,
        durationMonths: 240,
      }),
    },
    {
      unit: "DISPAR",
      row: 11,
      p: proposal({
        title: "Promosi wisata bersama Kabupaten Sleman",
        jenis: "KSDD",
        urusanId: wisata,
        partnerName: "Pemerintah Kabupaten Sleman",
        partnerKind: "Pemerintah daerah",
        partnerRegionCode: "34.04",
        pembiayaan: "APBD dan mitra (bersama)",
      }),
    },
    {
      unit: "DINKES",
      row: 20,
      p: proposal({
        title: "Pelatihan kader posyandu bersama universitas",
        jenis: "SINERGI",
        urusanId: kesehatan,
        partnerName: "Universitas Gadjah Mada",
        partnerKind: "Perguruan tinggi negeri",
      }),
    },
    // Foreign: at the MoU signing, waiting for the ministers' approvals (the DPRD's is recorded below).
    {
      unit: "DISPAR",
      row: 12,
      p: proposal({
        title: "Kota kembar Yogyakarta dan Kyoto: pertukaran budaya",
        jenis: "KSDPL",
        urusanId: kebudayaan,
        partnerName: "Kyoto City Government",
        partnerKind: "Pemerintah daerah luar negeri",
        durationMonths: 60,
      }),
    },
    {
      unit: "DLH",
      row: 7,
      p: proposal({
        title: "Pengelolaan air limbah domestik bersama JICA",
        jenis: "KSDLL",
        urusanId: lingkungan,
        partnerName: "Japan International Cooperation Agency (JICA)",
        partnerKind: "Lembaga luar negeri",
      }),
    },
  ];
  for (const item of plan) {
    const owner = skpd[item.unit];
    const actorFor = (role: RoleName) => (role === "SKPD" ? owner : must(byRole[role], `a demo user for ${role}`));
    const c =
      (await prisma.case.findFirst({ where: { title: item.p.title, skpdId: must(owner.skpdId, "the demo SKPD user's unit") } })) ??
      (await createDraft(prisma, owner, item.p));
    for (let at: number | null = c.currentRow; at !== item.row && at !== null;) at = await stepForward(prisma, actorFor, c.id, makeFile, appUrl);
  }
  const today = dayjs.utc(todayJakarta());
  const sister = await prisma.case.findFirstOrThrow({ where: { title: must(plan[5], "the sister-city plan").p.title } });
  if ((await prisma.caseGate.count({ where: { caseId: sister.id } })) === 0) {
    await recordGate(
      prisma,
      penatalaksana,
      sister.id,
      { gate: "DPRD", letterNumber: `170/${today.year()}/DPRD`, letterDate: today.subtract(5, "day").format("YYYY-MM-DD") },
      await makeFile("persetujuan-dprd.pdf"),
    );
  }
  // The running PKS carries its parties' obligations: the partner's already late and short of target.
  const running = await prisma.case.findFirstOrThrow({ where: { title: must(plan[4], "the running-PKS plan").p.title } });
  if ((await prisma.obligation.count({ where: { caseId: running.id } })) === 0) {
    await recordObligation(prisma, penatalaksana, running.id, {
      party: "MITRA",
      description: "Melatih kader posyandu di 45 kelurahan",
      indicator: "Kader terlatih",
      target: 200,
      unit: "orang",
      dueOn: today.subtract(10, "day").format("YYYY-MM-DD"),
      contribution: 250_000_000,
    });
    const late = await prisma.obligation.findFirstOrThrow({ where: { caseId: running.id } });
    await addProgressReport(
      prisma,
      skpd.DINKES,
      running.id,
      {
        period: "Triwulan berjalan",
        progress: 55,
        indicator: "Kader terlatih",
        achievement: "120 kader dari 27 kelurahan telah dilatih",
        obstacle: "Jadwal pelatih dari universitas terbatas",
        solution: "Pelatihan gabungan dua kelurahan per sesi",
      },
      [await makeFile("daftar-hadir-pelatihan.pdf")],
      [{ obligationId: late.id, value: 120 }],
    );
    await recordObligation(prisma, penatalaksana, running.id, {
      party: "PEMKOT",
      description: "Menyediakan tempat dan konsumsi pelatihan",
      indicator: "Kegiatan pelatihan",
      target: 12,
      unit: "kegiatan",
      dueOn: today.add(120, "day").format("YYYY-MM-DD"),
      contribution: 90_000_000,
    });
  }
  const dlh = await prisma.skpd.findUniqueOrThrow({ where: { code: "DLH" } });
  const legacyTitle = "Pengangkutan sampah kawasan Malioboro";
  // Numbered in the month and year it was signed, as the register's format says.
  const legacySigned = today.subtract(2, "year");
  if (!(await prisma.case.findFirst({ where: { title: legacyTitle } })))
    await prisma.$transaction((tx) =>
      createLegacy(
        tx,
        penatalaksana,
        {
          kind: "PKS",
          title: "Pengangkutan sampah kawasan Malioboro",
          jenis: "KSDPK",
          skpdCode: "DLH",
          partnerName: "PT Bersih Lestari",
          cityNumber: `100.3.7.1/7/P3ADK/${romanMonth(legacySigned.month() + 1)}/${legacySigned.year()}`,
          partnerNumber: "BL/PKS/07",
          signedOn: legacySigned.format("YYYY-MM-DD"),
          startDate: today.subtract(2, "year").add(10, "day").format("YYYY-MM-DD"),
          endDate: today.add(60, "day").format("YYYY-MM-DD"),
          value: 450_000_000,
        },
        dlh.id,
      ),
    );
  await prisma.setting.create({ data: { key: DEMO_DONE_KEY, value: new Date().toISOString() } });
  return plan.length + 1;
}
