// One search over cases, agreements (by their numbers) and the text of documents,
// with PostgreSQL full-text search ('indonesian' configuration, as the GIN indexes of
// migration search_indonesian) and the user's access as SQL (policies/case.ts
// scopeSql). Snippets come from ts_headline, split here into marked and plain parts.
import { Prisma, type PrismaClient } from "../../generated/prisma/client.js";
import { casePolicy, documentPolicy } from "../../core/policies/index.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { naskahLabel } from "../../core/sop/kinds.js";
import { must } from "../../platform/must.js";

/**
 * The Snowball stemmer for Indonesian (in PostgreSQL and PGlite alike): "pengangkutan",
 * "mengangkut" and "angkutan" are all 'angkut'. The index expressions (migration
 * search_indonesian) and these must stay identical, or the indexes go unused.
 */
const CONFIG = Prisma.sql`'indonesian'`;
export const CASE_TEXT = Prisma.sql`coalesce(c."title", '') || ' ' || coalesce(c."partnerName", '') || ' ' || coalesce(c."objek", '') || ' ' || coalesce(c."ruangLingkup", '') || ' ' || coalesce(c."bidang", '') || ' ' || coalesce(c."manfaat", '')`;
const CASE_VECTOR = Prisma.sql`to_tsvector(${CONFIG}, ${CASE_TEXT})`;
const TEXT_VECTOR = Prisma.sql`to_tsvector(${CONFIG}, coalesce(bt."text", ''))`;
/** File names as words ("kajian-parkir.pdf" → kajian parkir pdf), as the index Document_name_fts. */
const NAME_VECTOR = Prisma.sql`to_tsvector(${CONFIG}, regexp_replace(d."originalName", '[^[:alnum:]]+', ' ', 'g'))`;
/** The search as a tsquery; `tsq` (from prefixQuery) is a parameter. */
const query = (tsq: string) => Prisma.sql`to_tsquery(${CONFIG}, ${tsq})`;
/** The expressions, for the test that checks each one is served by its index. */
export const SEARCH_SQL = { caseVector: CASE_VECTOR, textVector: TEXT_VECTOR, nameVector: NAME_VECTOR, query } as const;
const MARK_ON = "\u0001";
const MARK_OFF = "\u0002";
const HEADLINE = Prisma.sql`${`StartSel=${MARK_ON}, StopSel=${MARK_OFF}, MaxFragments=2, MinWords=6, MaxWords=20, FragmentDelimiter=" … "`}::text`;
export const SEARCH_LIMIT = 20;
/** Matches are taken newest first up to this many (index scans), then ranked: a word every case has stays fast. */
const CANDIDATES = 200;

export type SnippetPart = { text: string; mark: boolean };
/**
 * A ts_headline snippet as parts, the matched words flagged: the view prints each part
 * escaped (and a flagged one inside <mark>), so document text never reaches the page raw.
 */
export function snippetParts(s: string | null): SnippetPart[] {
  if (!s) return [];
  const parts: SnippetPart[] = [];
  for (const [i, piece] of s.replace(/\s+/g, " ").split(MARK_ON).entries()) {
    if (i === 0) {
      if (piece) parts.push({ text: piece.replaceAll(MARK_OFF, ""), mark: false });
      continue;
    }
    const [marked, rest = ""] = piece.split(MARK_OFF);
    if (marked) parts.push({ text: marked, mark: true });
    if (rest) parts.push({ text: rest, mark: false });
  }
  return parts;
}
const like = (q: string) => `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/**
 * The office writes "kerja sama", "kerjasama", "bekerja sama" and "bekerjasama" for the
 * same thing, and the stemmer does not join them ("kerjasama" becomes 'rjasama',
 * "bekerjasama" 'kerjasama', "kerja sama" two words). Any of them typed asks for all of
 * them; the indexed text is left as written, so headlines mark the words as they stand.
 */
const KERJASAMA = "(kerjasama:* | bekerjasama:* | kerja <-> sama)";
const JOINED = /^(be)?kerjasama$/;
const FIRST_HALF = /^(be)?kerja$/;

/**
 * The words of what was typed, each matched as the start of a word, all required:
 * "wisat kota" → 'wisat':* & 'kota':*; to_tsquery('indonesian', …) then stems each
 * ("pengangkutan" → 'angkut'). Only letters and digits reach to_tsquery, so no input
 * can be a syntax error there. Null when there is no word.
 */
export function prefixQuery(q: string): string | null {
  const words =
    q
      .normalize("NFC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms: string[] = [];
  for (let i = 0; i < words.length && terms.length < 8; i++) {
    const w = must(words[i], "a word of the query (within the loop's bound)");
    if (JOINED.test(w)) terms.push(KERJASAMA);
    else if (FIRST_HALF.test(w) && words[i + 1] === "sama") {
      terms.push(KERJASAMA);
      i++;
    } else terms.push(`${w}:*`);
  }
  return terms.length ? terms.join(" & ") : null;
}

export type SearchResults = Awaited<ReturnType<typeof searchAll>>;

export async function searchAll(prisma: PrismaClient, user: CurrentUser, raw: string) {
  const q = raw.trim().slice(0, 200);
  const tsq = q.length >= 2 ? prefixQuery(q) : null;
  const pendingTexts = () => prisma.blobText.count({ where: { status: { in: ["PENDING", "WORKING"] } } });
  if (!tsq) return { q, cases: [], agreements: [], documents: [], pendingTexts: await pendingTexts() };
  const scope = casePolicy.scopeSql(user, "c");
  // Documents: only those the user may open (their access class, core/policies/document.ts), so no text or name of another leaks.
  const mayOpen = documentPolicy.openSql(user, "d", "c");
  const QUERY = query(tsq);

  type CaseHit = { id: number; title: string; partnerName: string | null; status: string; currentRow: number | null; skpd: string; snippet: string | null };
  const cases = await prisma.$queryRaw<CaseHit[]>`WITH hits AS (
       SELECT c."id" FROM "Case" c WHERE ${CASE_VECTOR} @@ ${QUERY} AND ${scope} ORDER BY c."id" DESC LIMIT ${CANDIDATES}
     ), ranked AS (
       SELECT c."id", c."title", c."partnerName", c."status"::text AS "status", c."currentRow", c."objek", c."ruangLingkup", s."name" AS "skpd",
              ts_rank(${CASE_VECTOR}, ${QUERY}) AS rank
         FROM hits JOIN "Case" c ON c."id" = hits."id" JOIN "Skpd" s ON s."id" = c."skpdId"
        ORDER BY rank DESC, c."id" DESC LIMIT ${SEARCH_LIMIT}
     )
     SELECT r.*, ts_headline(${CONFIG}, coalesce(r."objek", '') || ' · ' || coalesce(r."ruangLingkup", ''), ${QUERY}, ${HEADLINE}) AS snippet
       FROM ranked r ORDER BY r.rank DESC, r."id" DESC`;

  const pattern = like(q);
  type AgreementHit = {
    id: number;
    kind: string;
    cityNumber: string | null;
    partnerNumber: string | null;
    caseId: number;
    title: string;
    jenis: string | null;
  };
  const agreements = await prisma.$queryRaw<
    AgreementHit[]
  >`SELECT a."id", a."kind"::text AS "kind", a."cityNumber", a."partnerNumber", c."id" AS "caseId", c."title", c."jenis"::text AS "jenis"
       FROM "Agreement" a JOIN "Case" c ON c."id" = a."caseId"
      WHERE (a."cityNumber" ILIKE ${pattern} OR a."partnerNumber" ILIKE ${pattern}) AND ${scope}
      ORDER BY a."id" DESC LIMIT ${SEARCH_LIMIT}`;

  type DocumentHit = {
    id: number;
    originalName: string;
    kind: string;
    version: number;
    caseId: number;
    title: string;
    status: string | null;
    snippet: string | null;
  };
  const documents = await prisma.$queryRaw<DocumentHit[]>`WITH hits AS (
       (SELECT d."id" FROM "BlobText" bt JOIN "Document" d ON d."sha256" = bt."sha256" JOIN "Case" c ON c."id" = d."caseId"
         WHERE bt."status" = 'DONE' AND ${TEXT_VECTOR} @@ ${QUERY} AND ${scope} AND ${mayOpen} ORDER BY d."id" DESC LIMIT ${CANDIDATES})
       UNION
       (SELECT d."id" FROM "Document" d JOIN "Case" c ON c."id" = d."caseId"
         WHERE ${NAME_VECTOR} @@ ${QUERY} AND ${scope} AND ${mayOpen} ORDER BY d."id" DESC LIMIT ${CANDIDATES})
     ), ranked AS (
       SELECT d."id", d."originalName", d."kind", d."version", d."caseId", c."title", bt."status", bt."text",
              (bt."status" = 'DONE' AND ${TEXT_VECTOR} @@ ${QUERY}) AS hit,
              CASE WHEN bt."status" = 'DONE' THEN ts_rank(${TEXT_VECTOR}, ${QUERY}) ELSE 0 END AS rank
         FROM hits JOIN "Document" d ON d."id" = hits."id" JOIN "Case" c ON c."id" = d."caseId" LEFT JOIN "BlobText" bt ON bt."sha256" = d."sha256"
        ORDER BY rank DESC, d."id" DESC LIMIT ${SEARCH_LIMIT}
     )
     SELECT r."id", r."originalName", r."kind", r."version", r."caseId", r."title", r."status",
            CASE WHEN r.hit THEN ts_headline(${CONFIG}, r."text", ${QUERY}, ${HEADLINE}) END AS snippet
       FROM ranked r ORDER BY r.rank DESC, r."id" DESC`;

  return {
    q,
    cases: cases.map((c) => ({ ...c, snippet: snippetParts(c.snippet) })),
    agreements: agreements.map((a) => ({ ...a, label: naskahLabel(a.jenis, a.kind) })),
    documents: documents.map((d) => ({ ...d, snippet: snippetParts(d.snippet) })),
    pendingTexts: await pendingTexts(),
  };
}
