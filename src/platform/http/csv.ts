// CSV for Excel in Indonesian settings: fields separated by ";" (Excel with the
// Indonesian locale reads "," as the decimal mark and would open everything in one
// column), a UTF-8 BOM so names keep their letters, fields quoted as needed.
export type CsvCell = string | number | null;

export function toCsv(header: string[], rows: CsvCell[][]): string {
  const esc = (v: CsvCell) => {
    const s = v === null ? "" : String(v);
    // Cells starting with = + - @ are neutralised so a spreadsheet never runs them as formulas.
    const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
    return /[",;\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [header.map(esc).join(";")];
  for (const r of rows) lines.push(r.map(esc).join(";"));
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}
