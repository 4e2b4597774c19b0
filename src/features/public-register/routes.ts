// The public register: a page with search and counts, open data as CSV and JSON,
// and the numbered copies marked public. No login; rate-limited; cached per data
// revision (and for a minute by proxies). ADMIN sets what an agreement shows.
import { Router, type Request } from "express";
import { z } from "zod";
import { RevisionCache, REVISION_SQL, revisionOf } from "../../platform/cache/revision.js";
import type { Config } from "../../platform/config.js";
import type { PlainSql } from "../../platform/db/client.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { hasBlob, sendBlob } from "../../platform/files/blob-store.js";
import { notFound } from "../../platform/errors.js";
import { flash } from "../../platform/http/flash.js";
import { publicPage as publicGuard } from "../../platform/http/public-page.js";
import { form, idParams, optionalChoice, optionalInt, pageNo, route, text } from "../../platform/http/validate.js";
import { allow } from "../../core/policies/index.js";
import { userOf } from "../../platform/http/current-user.js";
import { agreement as agreementPolicy } from "../../core/policies/index.js";
import { todayJakarta } from "../../core/calendar/calendar.js";
import { KIND_IDS, KIND_LABELS } from "../../core/sop/kinds.js";
import { datasetDates, datasetHead, datasetMetadata, LICENSE, OPEN_DATA_PATHS, toOpenCsv } from "./open-data.js";
import {
  PUBLIC_MODES,
  publicCopy,
  publicUrusanList,
  publicCounts,
  publicDataset,
  publicPage,
  setPublication,
  type PublicFilter,
  type PublicMode,
} from "./register-service.js";
import { must } from "../../platform/must.js";

// The page the internet sees is lenient: links shared with tracking parameters still
// open, and a filter it cannot read is left out and named on the page (never a 400).
const FILTER_LABELS = { q: "pencarian", jenis: "jenis kerja sama", urusan: "urusan", tahun: "tahun", halaman: "halaman" } as const;
const filters = z.object({
  q: text(100).optional().catch(undefined),
  jenis: optionalChoice(KIND_IDS).catch(undefined),
  urusan: optionalInt(1, 1_000_000).catch(undefined),
  tahun: optionalInt(1945, 2200).catch(undefined),
  halaman: pageNo.catch(undefined),
});
/** The filters that were given but could not be read (they are ignored). */
const ignoredFilters = (raw: Record<string, unknown>, parsed: Record<string, unknown>) =>
  (Object.keys(FILTER_LABELS) as (keyof typeof FILTER_LABELS)[])
    .filter((k) => raw[k] !== undefined && raw[k] !== "" && parsed[k] === undefined)
    .map((k) => FILTER_LABELS[k]);
const s = {
  page: { query: filters },
  data: { query: filters.omit({ halaman: true }) },
  document: { params: idParams },
  publish: {
    params: idParams,
    body: form({
      mode: z.enum(Object.keys(PUBLIC_MODES) as [PublicMode, ...PublicMode[]], { error: "pilih cara tampil" }),
      value: z.literal("ya").optional(),
      document: z.literal("ya").optional(),
    }),
  },
};
type Filters = z.output<typeof filters>;
const toFilter = (f: Omit<Filters, "halaman">): PublicFilter => ({ q: f.q?.trim() || undefined, jenis: f.jenis, urusanId: f.urusan, year: f.tahun });
export function publicRegisterRoutes(prisma: PrismaClient, sql: PlainSql, config: Pick<Config, "appUrl" | "publicPerMinute">): Router {
  const { appUrl } = config;
  const r = Router();
  const cache = new RevisionCache(500);
  const guard = publicGuard({ perMinute: config.publicPerMinute, maxAge: 60 });
  /** Cached per data revision: the internet's page costs one small query while nothing changed. */
  const cached = async <T>(req: Request, key: string, compute: () => Promise<T>) => {
    const [row] = await sql<{ rev: bigint | number | string }>(REVISION_SQL);
    return cache.get(revisionOf(must(row, "the revision row").rev), key, compute);
  };
  const canPublish = allow((u) => agreementPolicy.can(u, "publish"));

  r.get(
    "/publik",
    guard,
    route(s.page, async (req, res, { query: q }) => {
      const f = toFilter(q);
      const page = q.halaman ?? 1;
      const key = JSON.stringify(["page", f, page]);
      const [list, counts, urusan] = await Promise.all([
        cached(req, key, () => publicPage(prisma, f, page)),
        cached(req, "counts", () => publicCounts(prisma)),
        cached(req, "urusan", () => publicUrusanList(prisma)),
      ]);
      const params = new URLSearchParams(
        Object.entries({ q: f.q, jenis: f.jenis, urusan: f.urusanId, tahun: f.year })
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, String(v)]),
      );
      const ignored = ignoredFilters(req.query, q);
      res.render("public-register/index", {
        title: "Register kerja sama daerah",
        list,
        counts,
        urusan,
        f,
        page,
        params: params.toString(),
        kindLabels: KIND_LABELS,
        ignored,
        openData: OPEN_DATA_PATHS,
        license: LICENSE,
      });
    }),
  );

  // Open data (open-data.ts): the same rows as an RFC 4180 CSV and as JSON, and the dataset's metadata.
  const dataset = (req: Request, f: PublicFilter) => {
    const today = todayJakarta();
    return cached(req, JSON.stringify(["open-data", f, today]), () => publicDataset(prisma, f, appUrl, today));
  };
  const dates = (req: Request) => {
    const today = todayJakarta();
    return cached(req, JSON.stringify(["open-data-dates", today]), () => datasetDates(prisma, today));
  };
  /** The filters given, for the JSON to say which part of the dataset it holds (null: all of it). */
  const filterOf = (f: PublicFilter) => {
    const given = Object.entries({ q: f.q, jenis: f.jenis, urusan: f.urusanId, tahun: f.year }).filter(([, v]) => v !== undefined);
    return given.length ? Object.fromEntries(given) : null;
  };

  r.get(
    OPEN_DATA_PATHS.csv,
    guard,
    route(s.data, async (req, res, { query: q }) => {
      const rows = await dataset(req, toFilter(q));
      res.attachment("register-kerjasama-kota-yogyakarta.csv");
      res.type("text/csv; charset=utf-8; header=present").send(Buffer.from(toOpenCsv(rows), "utf8"));
    }),
  );

  r.get(
    OPEN_DATA_PATHS.json,
    guard,
    route(s.data, async (req, res, { query: q }) => {
      const f = toFilter(q);
      const [rows, d] = await Promise.all([dataset(req, f), dates(req)]);
      res.json({ ...datasetHead(d, appUrl), filter: filterOf(f), count: rows.length, data: rows });
    }),
  );

  r.get(
    OPEN_DATA_PATHS.metadata,
    guard,
    route(s.data, async (req, res) => {
      res.json(datasetMetadata(await dates(req), appUrl));
    }),
  );

  r.get(
    "/publik/dokumen/:id",
    guard,
    route(s.document, async (req, res, { params }) => {
      const copy = await publicCopy(prisma, params.id);
      if (!copy || !(await hasBlob(prisma, copy.sha256))) throw notFound("Dokumen ini tidak dibuka untuk umum.");
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.attachment(copy.originalName);
      res.setHeader("Content-Type", copy.mime);
      res.setHeader("Content-Length", String(copy.size));
      await sendBlob(prisma, copy.sha256, res);
    }),
  );

  r.post(
    "/perjanjian/:id/publikasi",
    canPublish,
    route(s.publish, async (req, res, { params, body }) => {
      await setPublication(prisma, userOf(req), params.id, { mode: body.mode, value: body.value === "ya", document: body.document === "ya" });
      flash(req, "success", "Pengaturan register publik disimpan.");
      res.redirect(`/perjanjian/${params.id}#publik`);
    }),
  );
  return r;
}
