// Renders the case page; used by the case routes and by the forms on it that live
// in other features (progress reports), so a failed form comes back with its values.
import type { Request, Response } from "express";
import { DOCUMENT_KINDS } from "../documents/kinds.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { soonLimit } from "../holidays/holiday-service.js";
import { canUpload, caseDetail, RECIPIENT_TYPES } from "./case-service.js";
import { buildCaseView } from "./case-view.js";

export async function renderCasePage(
  prisma: PrismaClient,
  req: Request,
  res: Response,
  id: number,
  status = 200,
  extra: { actionError?: string; actionValues?: Record<string, unknown> } = {},
) {
  const d = await caseDetail(prisma, req.user!, id);
  res.status(status).render("cases/show", {
    title: d.c.title,
    v: buildCaseView(d, req.user!, await soonLimit(prisma)),
    canUpload: await canUpload(prisma, req.user!, d.c),
    docKinds: DOCUMENT_KINDS,
    recipientTypes: RECIPIENT_TYPES,
    actionError: extra.actionError ?? null,
    actionValues: extra.actionValues ?? {},
  });
}
