// One search over cases, agreements (by their numbers) and the text of documents,
// with PostgreSQL full-text search ('simple' configuration, as the GIN indexes of
// migration document_search) and the user's access as SQL (policies/case.ts
// scopeSql). Snippets come from ts_headline, escaped here before the marks go in.
import type { PrismaClient } from "../generated/prisma/client.js";
import { casePolicy } from "../policies/index.js";
import type { CurrentUser } from "../users/roles.js";
import { naskahLabel } from "../workflow/kinds.js";

export const CASE_TEXT = `coalesce(c."title", '') || ' ' || coalesce(c."partnerName", '') || ' ' || coalesce(c."objek", '') || ' ' || coalesce(c."ruangLingkup", '') || ' ' || coalesce(c."bidang", '') || ' ' || coalesce(c."manfaat", '')`;
const CASE_VECTOR = `to_tsvector('simple', ${CASE_TEXT})`;
const TEXT_VECTOR = `to_tsvector('simple', coalesce(bt."text", ''))`;
const MARK_ON = "\u0001";
const MARK_OFF = "\u0002";
const HEADLINE = `'StartSel=${MARK_ON}, StopSel=${MARK_OFF}, MaxFragments=2, MinWords=6, MaxWords=20, FragmentDelimiter=" … "'`;
export const SEARCH_LIMIT = 20;

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
/** A ts_headline snippet as safe HTML: the text escaped, then the matches marked. */
export const snippetHtml = (s: string | null) => (s ? escapeHtml(s.replace(/\s+/g, " ")).replaceAll(MARK_ON, "<mark>").replaceAll(MARK_OFF, "</mark>") : "");
const like = (q: string) => `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

export type SearchResults = Awaited<ReturnType<typeof searchAll>>;

export async function searchAll(prisma: PrismaClient, user: CurrentUser, raw: string) {
  const q = raw.trim().slice(0, 200);
  if (q.length < 2) return { q, cases: [], agreements: [], documents: [], pendingTexts: 0 };
  // Each query's own parameters first ($1, $2), then those of the access rule.
  const scoped = (first: unknown[] = [q, like(q)]) => {
    const params: unknown[] = [...first];
    return { params, scope: casePolicy.scopeSql(user, params, "c") };
  };

  const cs = scoped();
  const cases = await prisma.$queryRawUnsafe<{ id: number; title: string; partnerName: string | null; status: string; currentRow: number | null; skpd: string; snippet: string | null }[]>(
    `SELECT m.*, ts_headline('simple', coalesce(m."objek", '') || ' · ' || coalesce(m."ruangLingkup", ''), websearch_to_tsquery('simple', $1), ${HEADLINE}) AS snippet
       FROM (SELECT c."id", c."title", c."partnerName", c."status"::text AS "status", c."currentRow", c."objek", c."ruangLingkup", s."name" AS "skpd",
                    ts_rank(${CASE_VECTOR}, websearch_to_tsquery('simple', $1)) AS rank
               FROM "Case" c JOIN "Skpd" s ON s."id" = c."skpdId"
              WHERE (${CASE_VECTOR} @@ websearch_to_tsquery('simple', $1) OR c."title" ILIKE $2 OR c."partnerName" ILIKE $2) AND ${cs.scope}
              ORDER BY rank DESC, c."id" DESC LIMIT ${SEARCH_LIMIT}) m
      ORDER BY m.rank DESC, m."id" DESC`,
    ...cs.params,
  );

  const as = scoped([like(q)]);
  const agreements = await prisma.$queryRawUnsafe<{ id: number; kind: string; cityNumber: string | null; partnerNumber: string | null; caseId: number; title: string; jenis: string | null }[]>(
    `SELECT a."id", a."kind"::text AS "kind", a."cityNumber", a."partnerNumber", c."id" AS "caseId", c."title", c."jenis"::text AS "jenis"
       FROM "Agreement" a JOIN "Case" c ON c."id" = a."caseId"
      WHERE (a."cityNumber" ILIKE $1 OR a."partnerNumber" ILIKE $1) AND ${as.scope}
      ORDER BY a."id" DESC LIMIT ${SEARCH_LIMIT}`,
    ...as.params,
  );

  const ds = scoped();
  const documents = await prisma.$queryRawUnsafe<{ id: number; originalName: string; kind: string; version: number; caseId: number; title: string; status: string | null; snippet: string | null }[]>(
    `SELECT m."id", m."originalName", m."kind", m."version", m."caseId", m."title", m."status",
            CASE WHEN m."status" = 'DONE' AND m.hit THEN ts_headline('simple', bt."text", websearch_to_tsquery('simple', $1), ${HEADLINE}) END AS snippet
       FROM (SELECT d."id", d."originalName", d."kind", d."version", d."caseId", c."title", bt."status", d."sha256",
                    (bt."status" = 'DONE' AND ${TEXT_VECTOR} @@ websearch_to_tsquery('simple', $1)) AS hit,
                    CASE WHEN bt."status" = 'DONE' THEN ts_rank(${TEXT_VECTOR}, websearch_to_tsquery('simple', $1)) ELSE 0 END AS rank
               FROM "Document" d JOIN "Case" c ON c."id" = d."caseId" LEFT JOIN "BlobText" bt ON bt."sha256" = d."sha256"
              WHERE ((bt."status" = 'DONE' AND ${TEXT_VECTOR} @@ websearch_to_tsquery('simple', $1)) OR d."originalName" ILIKE $2) AND ${ds.scope}
              ORDER BY rank DESC, d."id" DESC LIMIT ${SEARCH_LIMIT}) m
       LEFT JOIN "BlobText" bt ON bt."sha256" = m."sha256"
      ORDER BY m.rank DESC, m."id" DESC`,
    ...ds.params,
  );
  const pendingTexts = await prisma.blobText.count({ where: { status: { in: ["PENDING", "WORKING"] } } });

  return {
    q,
    cases: cases.map((c) => ({ ...c, id: Number(c.id), snippet: snippetHtml(c.snippet) })),
    agreements: agreements.map((a) => ({ ...a, id: Number(a.id), caseId: Number(a.caseId), label: naskahLabel(a.jenis, a.kind) })),
    documents: documents.map((d) => ({ ...d, id: Number(d.id), caseId: Number(d.caseId), version: Number(d.version), snippet: snippetHtml(d.snippet) })),
    pendingTexts,
  };
}
