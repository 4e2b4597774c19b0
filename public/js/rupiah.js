// Live preview of an amount typed in rupiah: "25 juta" shows "= Rp 25.000.000".
// The same parser as src/core/case-data/rupiah.ts (a unit test keeps them in step).
const MULTIPLIERS = [
  [/^(triliun|t)$/, 1e12],
  [/^(miliar|milyar|m)$/, 1e9],
  [/^(juta|jt)$/, 1e6],
  [/^(ribu|rb)$/, 1e3],
];

export function parseRupiah(input) {
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
  if (word) {
    const m = MULTIPLIERS.find(([re]) => re.test(word[2]));
    if (!m) return null;
    mult = m[1];
    s = word[1];
  }
  if (!/^\d[\d.,]*$/.test(s)) return null;
  if (/^\d+,\d{3}$/.test(s)) return null;
  let value;
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(s) || /^\d+(,\d+)?$/.test(s)) {
    value = Number(s.replaceAll(".", "").replace(",", "."));
  } else if (mult !== 1 && /^\d+\.\d{1,2}$/.test(s)) {
    value = Number(s);
  } else {
    return null;
  }
  const rupiah = value * mult;
  if (!Number.isFinite(rupiah) || Math.abs(rupiah - Math.round(rupiah)) > 1e-6) return null;
  return Math.round(rupiah);
}

export const formatRupiah = (n) => `Rp ${Number(n).toLocaleString("id-ID", { maximumFractionDigits: 0 })}`;

// Every input with data-rupiah gets a live line under it.
for (const input of document.querySelectorAll("input[data-rupiah]")) {
  const out = document.getElementById(input.dataset.rupiah);
  if (!out) continue;
  const show = () => {
    const v = input.value.trim();
    if (!v) {
      out.textContent = "";
      return;
    }
    const n = parseRupiah(v);
    out.textContent = n === null ? "Belum terbaca sebagai rupiah. Tulis misalnya 25.000.000, 25 juta atau 1,5 miliar." : `= ${formatRupiah(n)}`;
    out.classList.toggle("error-text", n === null);
  };
  input.addEventListener("input", show);
  show();
}
