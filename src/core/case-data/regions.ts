// The areas of Indonesia by Kemendagri's codes (Kepmendagri 100.1.1-6117/2022 and its
// updates): "34" a province, "34.71" a city or regency. A regional-government partner
// carries its code, so the open data, reports and exports can name it in the code
// other systems join on. The list is the `idn-area-data` package's (official sources,
// kept up to date there), loaded on first use: 38 provinces and 514 cities and
// regencies, about 15 KB.

/** The form of a code: a province ("33") or a city/regency ("33.74"). */
export const REGION_CODE = /^\d{2}(\.\d{2})?$/;

/** The partner type whose proposals carry a region code (core/sop/kinds.ts PARTNER_TYPES). */
export const REGIONAL_PARTNER_TYPE = "Pemerintah daerah";

export type Region = { code: string; name: string; province: string | null };
type Regions = { list: Region[]; byCode: Map<string, Region> };

let loading: Promise<Regions> | null = null;

/** Every province, then every city and regency under its province, in code order. */
export function loadRegions(): Promise<Regions> {
  loading ??= (async () => {
    const { getProvinces, getRegencies } = await import("idn-area-data");
    const [provinces, regencies] = await Promise.all([getProvinces(), getRegencies()]);
    const provinceName = new Map(provinces.map((p) => [p.code, p.name]));
    const list: Region[] = [
      ...provinces.map((p) => ({ code: p.code, name: p.name, province: null })),
      ...regencies.map((r) => ({ code: r.code, name: r.name, province: provinceName.get(r.province_code) ?? null })),
    ].sort((a, b) => a.code.localeCompare(b.code));
    return { list, byCode: new Map(list.map((r) => [r.code, r])) };
  })().catch((e: unknown) => {
    loading = null;
    throw e;
  });
  return loading;
}

/** The code typed or picked in a form: "33.74", or "33.74 Kota Semarang" from the list. */
export function readRegionCode(v: string | null | undefined): string | null {
  const s = (v ?? "").trim();
  if (!s) return null;
  return s.split(/\s+/)[0] ?? null;
}

/** A region by its code, or null when the code is not Kemendagri's. */
export async function findRegion(code: string | null | undefined): Promise<Region | null> {
  if (!code || !REGION_CODE.test(code)) return null;
  return (await loadRegions()).byCode.get(code) ?? null;
}

/** How a region reads on a page: "Kota Semarang (33.74), Jawa Tengah". */
export const regionLabel = (r: Region) => `${r.name} (${r.code})${r.province ? `, ${r.province}` : ""}`;

/**
 * Why a partner's region code is refused, in Indonesian; null when it is acceptable.
 * Empty is acceptable (the field is optional). Another type of partner carries no code:
 * one typed before the type changed is dropped when saved (cases/case-service.ts), not refused.
 */
export async function regionProblem(partnerType: string | null | undefined, code: string | null): Promise<string | null> {
  if (!code || partnerType !== REGIONAL_PARTNER_TYPE) return null;
  if (!REGION_CODE.test(code)) return "Tulis kode wilayah Kemendagri seperti 33.74 (kota/kabupaten) atau 33 (provinsi), atau pilih dari daftar";
  if (!(await findRegion(code))) return `Kode wilayah ${code} tidak ada dalam daftar wilayah Kemendagri`;
  return null;
}
