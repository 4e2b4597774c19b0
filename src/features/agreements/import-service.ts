// Importing legacy agreements from .xlsx: every row is validated first; nothing is
// imported until the whole file is clean and the user confirms.
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { createLegacy } from "./agreement-service.js";
import type { ImportRow } from "./import-reader.js";
import { UntrustedFileError } from "../../platform/untrusted/errors.js";
import { runUntrusted, withSourceFile } from "../../platform/untrusted/sandbox.js";
import { readImportTask } from "./parse-tasks.js";
import { legacySchema, type LegacyInput } from "./schema.js";
import { must } from "../../platform/must.js";

export type CheckedRow = { line: number; input?: LegacyInput; skpdId?: number; errors: string[] };

export async function checkImport(prisma: PrismaClient, source: Buffer | { path: string }): Promise<{ rows: CheckedRow[]; fileError?: string }> {
  let raw: ImportRow[];
  try {
    // Read in a parsing process, within its budget, memory and time (untrusted/sandbox.ts).
    raw = await withSourceFile(source, "xlsx", (path) => runUntrusted(readImportTask, { path }));
  } catch (e) {
    if (!(e instanceof UntrustedFileError)) throw e;
    return { rows: [], fileError: `Berkas ${e.message}.` };
  }
  if (!raw.length) return { rows: [], fileError: "Berkas tidak berisi baris data (mulai baris 2)." };
  const skpds = new Map((await prisma.skpd.findMany({ where: { active: true } })).map((s) => [s.code, s.id]));
  const existing = new Set(
    (await prisma.agreement.findMany({ where: { cityNumber: { not: null } }, select: { cityNumber: true } })).flatMap((a) =>
      a.cityNumber === null ? [] : [a.cityNumber],
    ),
  );
  const seen = new Map<string, number>();
  const rows = raw.map(({ line, values, problems = {} }): CheckedRow => {
    // Every problem of a row is listed at once, not only the first kind found: the cells
    // that could not be read, then what the schema says of the others.
    const r = legacySchema.safeParse(values);
    const unreadable = Object.values(problems);
    const schemaErrors = r.success ? [] : r.error.issues.filter((i) => !Object.hasOwn(problems, String(i.path[0]))).map((i) => i.message);
    const errors = [...new Set([...unreadable, ...schemaErrors])];
    const code = String(values.skpdCode ?? "")
      .trim()
      .toUpperCase();
    const skpdId = skpds.get(code);
    if (code && !skpdId) errors.push(`Kode SKPD "${code}" tidak ada di daftar SKPD aktif`);
    const number = String(values.cityNumber ?? "").trim();
    if (number) {
      if (existing.has(number)) errors.push(`Nomor Pemkot ${number} sudah ada di register`);
      const dup = seen.get(number);
      if (dup) errors.push(`Nomor Pemkot sama dengan baris ${dup}`);
      else seen.set(number, line);
    }
    return { line, input: r.success && !unreadable.length ? r.data : undefined, skpdId, errors };
  });
  return { rows };
}

export async function commitImport(prisma: PrismaClient, user: CurrentUser, rows: CheckedRow[]): Promise<number> {
  if (!rows.length || rows.some((r) => r.errors.length || !r.input || !r.skpdId)) {
    throw new Error("Berkas masih memiliki kesalahan; tidak ada yang diimpor.");
  }
  await prisma.$transaction(
    async (tx) => {
      // Every row was checked complete just above.
      for (const r of rows) await createLegacy(tx, user, must(r.input, "a checked row's input"), must(r.skpdId, "a checked row's SKPD"));
    },
    { timeout: 120_000 },
  );
  return rows.length;
}
