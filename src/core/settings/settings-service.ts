// Settings an administrator may change in the app, with their defaults.
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";

export const SETTING_DEFAULTS = {
  "numbering.format.domestic": "100.3.7.1/{seq}/{unit}/{roman month}/{year}",
  "numbering.format.foreign": "100.3.7.2/{seq}/{unit}/{roman month}/{year}",
  "numbering.unit": "P3ADK",
  /** Days before an agreement ends on which its SKPD and Bagian Kerjasama are reminded (0: the last day). */
  "expiry.reminderDays": "90,60,30,7,0",
  /** A cooperation longer than this many months needs the DPRD's approval (with the proposal's two questions). */
  "gates.dprdMonths": "60",
  /** Megabytes one user may upload per day (documents/upload-budget.ts). */
  "uploads.dailyMb": "500",
  /** Who signs the documents the app writes (letters, TKKSD invitation and minutes): empty leaves a blank to fill by hand. */
  "signer.walikota.name": "",
  /** The Sekretaris Daerah, who also chairs the TKKSD (Ketua). */
  "signer.sekda.name": "",
  "signer.sekda.nip": "",
  /** The Kepala Bagian Kerjasama, who is also the TKKSD's Sekretaris. */
  "signer.kabag.name": "",
  "signer.kabag.nip": "",
  /** The city's emblem on the letterhead: "<sha256> <mime> <width> <height>" of a checked image in Blob; empty: a letterhead without it. */
  "letters.emblem": "",
  /** Roles whose users need a second factor (features/second-factor), comma-separated; ADMIN always does. */
  "secondFactor.roles": "ADMIN",
  /** "1": a first single sign-on of someone with no account here makes one (features/sso); "0": refused. */
  "sso.createUsers": "0",
} as const;

/** The signers' fields, as the settings page names them. */
export const SIGNER_FIELDS = [
  { key: "signer.walikota.name", field: "walikota", label: "Nama Walikota Yogyakarta", nip: false },
  { key: "signer.sekda.name", field: "sekda", label: "Nama Sekretaris Daerah (Ketua TKKSD)", nip: false },
  { key: "signer.sekda.nip", field: "sekdaNip", label: "NIP Sekretaris Daerah", nip: true },
  { key: "signer.kabag.name", field: "kabag", label: "Nama Kepala Bagian Kerjasama (Sekretaris TKKSD)", nip: false },
  { key: "signer.kabag.nip", field: "kabagNip", label: "NIP Kepala Bagian Kerjasama", nip: true },
] as const;

/** Why a signer's name or NIP is refused, in Indonesian; null when it is acceptable (empty is: a blank is left to fill by hand). */
export function signerProblem(value: string, nip: boolean): string | null {
  if (!value) return null;
  if (nip) return /^\d{18}$/.test(value.replace(/ /g, "")) ? null : "NIP terdiri atas 18 angka (spasi boleh)";
  if (value.length > 120) return "Nama paling banyak 120 karakter";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f<>{}]/.test(value)) return "Nama tidak boleh berisi baris baru atau tanda < > { }";
  return null;
}

/** The signers as the documents print them. */
export type Signers = { walikota: string; sekda: string; sekdaNip: string; kabag: string; kabagNip: string };
export async function getSigners(prisma: Db): Promise<Signers> {
  const s = await getSettings(prisma);
  return {
    walikota: s["signer.walikota.name"],
    sekda: s["signer.sekda.name"],
    sekdaNip: s["signer.sekda.nip"],
    kabag: s["signer.kabag.name"],
    kabagNip: s["signer.kabag.nip"],
  };
}

/** The reminder days of a setting, largest first; an empty list when it cannot be read. */
export const parseReminderDays = (v: string): number[] =>
  [
    ...new Set(
      v
        .split(/[\s,;]+/)
        .filter(Boolean)
        .map(Number),
    ),
  ]
    .filter((n) => Number.isInteger(n) && n >= 0)
    .sort((a, b) => b - a);

/** Why a reminder-days setting is refused, in Indonesian; null when it is acceptable. */
export function reminderDaysProblem(v: string): string | null {
  const parts = v.split(/[\s,;]+/).filter(Boolean);
  if (!parts.length) return "Isi minimal satu hari, misalnya 90, 60, 30, 7, 0";
  if (parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 730)) return "Hanya bilangan bulat 0–730, dipisah koma";
  if (new Set(parts.map(Number)).size !== parts.length) return "Ada hari yang ditulis dua kali";
  if (parts.length > 10) return "Paling banyak 10 pengingat";
  return null;
}

export type SettingKey = keyof typeof SETTING_DEFAULTS;
type Db = Pick<PrismaClient, "setting">;

export async function getSettings(prisma: Db): Promise<Record<SettingKey, string>> {
  const rows = await prisma.setting.findMany();
  const out = { ...SETTING_DEFAULTS } as Record<SettingKey, string>;
  for (const r of rows) if (r.key in out) out[r.key as SettingKey] = r.value;
  return out;
}

export async function saveSettings(prisma: Db, values: Partial<Record<SettingKey, string>>): Promise<void> {
  for (const [key, value] of Object.entries<string | undefined>(values)) {
    if (value === undefined) continue;
    await prisma.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
  }
}

/** ADMIN changes settings: the values and the admin log's entry commit together. */
export async function changeSettings(
  prisma: PrismaClient,
  actorId: number,
  values: Partial<Record<SettingKey, string>>,
  log: { action: string; target: string; detail: Prisma.InputJsonObject },
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await saveSettings(tx, values);
    await tx.adminLog.create({ data: { actorId, action: log.action, target: log.target, detail: log.detail } });
  });
}
