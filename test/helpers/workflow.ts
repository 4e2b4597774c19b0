// Builders for workflow tests: users of every role, a complete proposal, and a
// driver that takes a case to any row through the real transition service.
import { afterAll, beforeAll } from "vitest";
import { SAMPLE_PDF } from "../../src/features/seed/sample-pdf.js";
import { loadCurrentUser } from "../../src/features/auth/passport.js";
import { createDraft } from "../../src/features/cases/case-service.js";
import { wireFeatures } from "../../src/wiring.js";
import { stepForward as driverStep } from "../../src/features/seed/driver.js";
import type { DocKind } from "../../src/core/documents/kinds.js";
import { checkUpload } from "../../src/platform/files/blob-store.js";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import type { CurrentUser, RoleName } from "../../src/core/users/roles.js";
import { kindOf } from "../../src/core/sop/kinds.js";
import { buildTestApp, type TestApp } from "./app.js";

export const PDF = SAMPLE_PDF;
export const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001", "hex");

/** A complete proposal; a kind given without a partner type gets the first its kind allows (workflow/kinds.ts). */
export const fullProposal = (over: Record<string, unknown> = {}) => ({
  ...proposalBase(),
  ...(typeof over.jenis === "string" && over.partnerKind === undefined ? { partnerKind: kindOf(over.jenis)?.partnerTypes[0] } : {}),
  ...over,
});

const proposalBase = () => ({
  title: "Pengembangan wisata heritage Kotagede",
  jenis: "KSDPK" as const,
  bidang: "Pariwisata",
  objek: "Paket wisata heritage",
  ruangLingkup: "Promosi bersama, pelatihan pemandu, dan pengelolaan paket wisata heritage.",
  partnerName: "PT Wisata Nusantara",
  partnerKind: "Badan usaha" as const,
  partnerAddress: "Jl. Malioboro 1, Yogyakarta",
  partnerContact: "Budi, 0274 555 123",
  manfaat: "Meningkatkan kunjungan wisatawan dan pendapatan pelaku usaha lokal.",
  pembiayaan: "Mitra" as const,
  estimatedCost: 150_000_000,
  durationMonths: 24,
  burdensPublic: false,
  outsideApbd: false,
  naskahStatus: "BARU" as const,
  rpjmdLink: "Misi 3: pariwisata berbasis budaya",
  liaisonName: "Sri Rahayu",
  liaisonPhone: "0274 515865",
});

export type Actors = Record<"skpd" | "otherSkpd" | "penatalaksana" | "penelaah" | "kasubbag" | "kabag" | "tkksd" | "pimpinan" | "admin", CurrentUser>;

export async function demoActors(prisma: PrismaClient): Promise<Actors> {
  const load = async (username: string) => (await loadCurrentUser(prisma, (await prisma.user.findUniqueOrThrow({ where: { username } })).id))!;
  return {
    skpd: await load("skpd.pariwisata"),
    otherSkpd: await load("skpd.kesehatan"),
    penatalaksana: await load("penatalaksana"),
    penelaah: await load("penelaah"),
    kasubbag: await load("kasubbag"),
    kabag: await load("kabag"),
    tkksd: await load("tkksd"),
    pimpinan: await load("pimpinan"),
    admin: await load("admin"),
  };
}

/**
 * A test file's app on its own database, and the demo users as actors: filled in
 * before the file's tests run, closed after them. The objects are returned at once
 * and filled in place, so `t.prisma` and `a.kabag` read naturally in the tests.
 */
export function useWorkflowApp(opts: Parameters<typeof buildTestApp>[0] = {}): { t: TestApp; a: Actors } {
  const t = {} as TestApp;
  const a = {} as Actors;
  beforeAll(async () => {
    Object.assign(t, await buildTestApp(opts));
    Object.assign(a, await demoActors(t.prisma));
  }, 120_000);
  afterAll(() => t.close());
  return { t, a };
}

export const actorFor = (a: Actors, role: RoleName): CurrentUser =>
  ({
    SKPD: a.skpd,
    PENATALAKSANA: a.penatalaksana,
    PENELAAH: a.penelaah,
    KASUBBAG: a.kasubbag,
    KABAG: a.kabag,
    TKKSD: a.tkksd,
    PIMPINAN: a.pimpinan,
    ADMIN: a.admin,
  })[role];

export const file = (name = "dokumen.pdf", buf: Buffer = PDF) => checkUpload(buf, name);

export async function uploadsFor(kinds: DocKind[] = []) {
  return Promise.all(kinds.map(async (kind) => ({ kind, file: await file(`${kind}.pdf`) })));
}

/**
 * Takes one step forward at the case's current row, as the row's (first) holder would.
 * The features listen first (wireFeatures is idempotent): a test that opens a database
 * without building the app (crash.test.ts) still moves cases with their numbers and notices.
 */
export function stepForward(prisma: PrismaClient, a: Actors, caseId: number) {
  wireFeatures();
  return driverStep(
    prisma,
    (role) => actorFor(a, role),
    caseId,
    (name) => file(name),
  );
}

/** A submitted-or-draft case driven forward until it sits at `row`. */
export async function caseAtRow(prisma: PrismaClient, a: Actors, row: number, over: Record<string, unknown> = {}) {
  const c = await createDraft(prisma, a.skpd, fullProposal(over));
  let at: number | null = 1;
  while (at !== row) {
    at = await stepForward(prisma, a, c.id);
    if (at === null) throw new Error(`case ended before row ${row}`);
  }
  return prisma.case.findUniqueOrThrow({ where: { id: c.id } });
}

// A case written at its row without driving each step (the fast way, for tests that only need it there).
export { buildCase, type BuildCaseInput } from "./build-case.js";
