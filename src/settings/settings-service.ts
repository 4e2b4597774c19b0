// Settings an administrator may change in the app, with their defaults.
import type { PrismaClient } from "../generated/prisma/client.js";

export const SETTING_DEFAULTS = {
  "numbering.format.domestic": "100.3.7.1/{seq}/{unit}/{roman month}/{year}",
  "numbering.format.foreign": "100.3.7.2/{seq}/{unit}/{roman month}/{year}",
  "numbering.unit": "P3ADK",
} as const;

export type SettingKey = keyof typeof SETTING_DEFAULTS;
type Db = Pick<PrismaClient, "setting">;

export async function getSettings(prisma: Db): Promise<Record<SettingKey, string>> {
  const rows = await prisma.setting.findMany();
  const out = { ...SETTING_DEFAULTS } as Record<SettingKey, string>;
  for (const r of rows) if (r.key in out) out[r.key as SettingKey] = r.value;
  return out;
}

export async function saveSettings(prisma: Db, values: Partial<Record<SettingKey, string>>): Promise<void> {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    await prisma.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
  }
}
