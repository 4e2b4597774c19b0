// Amounts of money as people in the city write them: "25.000.000", "Rp 25.000.000,00",
// "25 juta", "1,5 miliar", "Rp25jt", "750 ribu", "Rp 1.500.000,-". Indonesian style: "." groups
// thousands and "," marks decimals. public/js/rupiah.js is the same parser for the
// form's live preview; a unit test keeps the two in step.

const MULTIPLIERS: [RegExp, number][] = [
  [/^(triliun|t)$/, 1e12],
  [/^(miliar|milyar|m)$/, 1e9],
  [/^(juta|jt)$/, 1e6],
  [/^(ribu|rb)$/, 1e3],
];

/** Whole rupiah, or null when the text is not an amount we can read without guessing. */
export function parseRupiah(input: string): number | null {
  let s = input
    .trim()
    .toLowerCase()
    .replace(/^rp\.?\s*/, "")
    .replace(/,[-\u2013]$/, "")
    .replace(/\s+/g, " ")
    .trim();
  if (!s) return null;
  let mult = 1;
  const word = /^([\d.,]+)\s*([a-z]+)$/.exec(s);
  // Both groups are there whenever the pattern matches.
  const digits = word?.at(1);
  const unit = word?.at(2);
  if (digits !== undefined && unit !== undefined) {
    const m = MULTIPLIERS.find(([re]) => re.test(unit));
    if (!m) return null;
    mult = m[1];
    s = digits;
  }
  if (!/^\d[\d.,]*$/.test(s)) return null;
  // "25,000" or "1,500 juta": a comma before exactly three digits may be an English
  // thousands separator; it is not read either way.
  if (/^\d+,\d{3}$/.test(s)) return null;
  let value: number;
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(s) || /^\d+(,\d+)?$/.test(s)) {
    // 25.000.000 / 25.000.000,00 / 25000000 / 1,5
    value = Number(s.replaceAll(".", "").replace(",", "."));
  } else if (mult !== 1 && /^\d+\.\d{1,2}$/.test(s)) {
    // 1.5 miliar: a decimal point before a word
    value = Number(s);
  } else {
    return null;
  }
  const rupiah = value * mult;
  // Sen are not used: an amount with a fraction of a rupiah left is not understood.
  if (!Number.isFinite(rupiah) || Math.abs(rupiah - Math.round(rupiah)) > 1e-6) return null;
  return Math.round(rupiah);
}

/**
 * An amount from a spreadsheet cell or a form field: a number must be whole rupiah,
 * not negative (a cell holding 1234.5 is not guessed at); text is read by parseRupiah.
 * Null when it cannot be read without doubt.
 */
export function readRupiah(v: unknown): number | null {
  if (typeof v === "number") return Number.isSafeInteger(v) && v >= 0 ? v : null;
  if (typeof v === "string") return parseRupiah(v);
  return null;
}

/** "Rp 25.000.000" */
export const formatRupiah = (n: number | bigint) => `Rp ${Number(n).toLocaleString("id-ID", { maximumFractionDigits: 0 })}`;

export const RUPIAH_HELP = "Tulis jumlah rupiah, misalnya 25.000.000, 25 juta atau 1,5 miliar";
