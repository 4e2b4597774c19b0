// Renders the case page; used by the case routes and by the forms on it that live
// in other features (progress reports), so a failed form comes back with its values.
// This file loads; the page's view model is built in case-view.ts (buildCasePage).
import type { Request, Response } from "express";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { soonLimit } from "../../core/calendar/holiday-service.js";
import { canUpload, caseDetail } from "../cases/case-service.js";
import { isOpen } from "../../core/policies/case-actions.js";
import { loadGateLines } from "../gates/gate-service.js";
import { agendaOf, waitingSubject } from "../tkksd/agenda.js";
import { checksOf } from "../signatures/check-pdfs.js";
import { todayJakarta } from "../../core/calendar/calendar.js";
import { closingState } from "../../core/workflow/transition-service.js";
import { buildCasePage, closesCooperation } from "./case-view.js";
import { userOf } from "../../platform/http/current-user.js";
import { srikandiPanel } from "../srikandi/panel.js";

export async function renderCasePage(
  prisma: PrismaClient,
  req: Request,
  res: Response,
  id: number,
  status = 200,
  extra: { actionError?: string; actionValues?: Record<string, unknown> } = {},
) {
  const user = userOf(req);
  const d = await caseDetail(prisma, user, id, req.cached);
  const today = todayJakarta();
  const page = buildCasePage(
    {
      d,
      today,
      soonLimit: await req.cached("soonLimit", () => soonLimit(prisma)),
      // Approvals before signing (kinds.ts): which apply, which are recorded, which may be recorded now.
      gates: await req.cached(`gates:${id}`, () => loadGateLines(prisma, d.c)),
      // Waiting for the TKKSD (row 4, a final draft): the meeting that has it on its agenda, or none yet (tkksd/agenda.ts).
      tkksdWait: await req.cached(`tkksdWait:${id}`, async () => {
        const subject = isOpen(d.c) ? await waitingSubject(prisma, d.c, d.c.currentRow) : null;
        return subject ? { subject: subject.label, subjectId: subject.id, meeting: await agendaOf(prisma, id) } : null;
      }),
      closing: closesCooperation(d, user) ? await req.cached(`closing:${id}`, () => closingState(prisma, id, today)) : null,
      canUpload: await canUpload(prisma, user, d.c, d.tasks),
      // Documents whose content search cannot read: scans without a text layer, files too large (search/extract-job.ts).
      // Kept per revision like the rest of the page (BlobText moves no revision: a new verdict shows within MAX_AGE_MS).
      unreadable: new Map(
        await req.cached(`unreadable:${id}`, () =>
          unreadableDocuments(
            prisma,
            d.documents.map((x) => x.sha256),
          ),
        ),
      ),
      // The signatures found in each PDF (signatures/check-pdfs.ts): checked after upload, so a new file may not have one yet.
      signatureChecks: new Map([
        ...(await req.cached(`sigchecks:${id}`, async () =>
          [
            ...(
              await checksOf(
                prisma,
                d.documents.filter((x) => x.mime === "application/pdf").map((x) => x.sha256),
              )
            ).entries(),
          ].map(([k, v]) => [k, v.conclusion] as [string, string | null]),
        )),
      ]),
      fromRegister: /\/perjanjian(\/|\?|$)/.test(req.get("referer") ?? ""),
      actionError: extra.actionError ?? null,
      actionValues: extra.actionValues ?? {},
    },
    user,
  );
  // Numbers from SRIKANDI: the numbering step's other way, and the letters' numbers (features/srikandi).
  const srikandi = await srikandiPanel(prisma, user, d.c, today, req.cached);
  res.status(status).render("cases/show", { title: page.title, page, srikandi });
}

/** What the page says of a document search cannot read: a scan, a file too large, or one that could not be read (with the reason). */
async function unreadableDocuments(prisma: PrismaClient, sha256s: string[]): Promise<[string, string][]> {
  const rows = await prisma.blobText.findMany({
    where: { sha256: { in: sha256s }, status: { in: ["NO_TEXT", "SKIPPED", "FAILED"] } },
    select: { sha256: true, status: true, error: true },
  });
  return rows.map((x) => [
    x.sha256,
    x.status === "NO_TEXT"
      ? "pindaian tanpa teks"
      : x.status === "SKIPPED"
        ? "terlalu besar untuk dicari isinya"
        : `isinya tidak dapat dibaca: ${x.error ?? "berkas rusak"}`,
  ]);
}
