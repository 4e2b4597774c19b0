// The search page: one box over cases, agreement numbers and document text.
import { Router } from "express";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { query, route, text } from "../../platform/http/validate.js";
import { loggedIn } from "../../core/policies/index.js";
import { userOf } from "../../platform/http/current-user.js";
import { DOCUMENT_KINDS } from "../../core/documents/kinds.js";
import { searchAll } from "./search-service.js";

const s = { search: { query: query({ q: text(200).optional() }) } };

export function searchRoutes(prisma: PrismaClient): Router {
  const r = Router();
  r.get(
    "/cari",
    loggedIn,
    route(s.search, async (req, res, { query: q }) => {
      const results = await searchAll(prisma, userOf(req), q.q ?? "");
      res.render("search/index", { title: results.q ? `Cari: ${results.q}` : "Cari", r: results, docKinds: DOCUMENT_KINDS });
    }),
  );
  return r;
}
