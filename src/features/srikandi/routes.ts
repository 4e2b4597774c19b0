// Numbers from SRIKANDI: at a numbering step (instead of the register's counter) and
// on a case's outgoing letter. Forms on the case page; a refusal brings the page back
// with the reason (the renderer comes from app.ts: features/cases/case-page-port.ts).
import { Router, type Request } from "express";
import type { Config } from "../../platform/config.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { AppError, forbidden } from "../../platform/errors.js";
import { flash } from "../../platform/http/flash.js";
import { checkUploadedFile, filesOf, upload } from "../../platform/http/upload.js";
import { route } from "../../platform/http/validate.js";
import { userOf } from "../../platform/http/current-user.js";
import { allowed, loggedIn } from "../../core/policies/index.js";
import type { RenderCasePage } from "../cases/case-page-port.js";
import { caseGuard } from "../cases/case-guard.js";
import { checkUpload } from "../../platform/files/blob-store.js";
import { checkNumbering, NOT_HOLDER, numberFromSrikandi } from "./record-numbering.js";
import { checkLetter, NOT_ALLOWED_LETTER, recordLetterNumber, SRIKANDI_LETTERS, isSrikandiLetter } from "./record-letter.js";
import { checkPdf } from "./srikandi-number.js";
import { routes as s } from "./schema.js";

/** The one file of the form (field "file"): its type read from its content first, stored only when it is a PDF. */
async function pdfOf(req: Request, required: boolean) {
  const f = filesOf(req).find((x) => x.fieldname === "file");
  if (!f) {
    checkPdf(null, required);
    return null;
  }
  checkPdf(await checkUpload({ path: f.path }, f.originalname), required);
  return checkUploadedFile(req, f);
}

const refused = (e: unknown) => e instanceof AppError && [403, 409, 422].includes(e.status);

export function srikandiRoutes(prisma: PrismaClient, config: Config, renderCasePage: RenderCasePage): Router {
  const r = Router();

  const numbering = caseGuard(
    prisma,
    (u, c) => allowed(u, "srikandi.holdsNumbering", c),
    () => forbidden(NOT_HOLDER),
  );
  r.post(
    "/kasus/:id/srikandi/penomoran",
    loggedIn,
    ...upload("/kasus/:id/srikandi/penomoran", config, numbering),
    route(s.numbering, async (req, res, { params, body }) => {
      const id = params.id;
      try {
        // Everything that can be refused before the file is stored: a refused form stores nothing.
        await checkNumbering(prisma, userOf(req), id, body);
        const file = await pdfOf(req, true);
        const result = await numberFromSrikandi(prisma, userOf(req), id, body, file, config.appUrl);
        flash(req, "success", `Nomor SRIKANDI ${result.number} dicatat sebagai nomor resmi; register aplikasi tidak memberi nomor baru.`);
        res.redirect(`/kasus/${id}#nomor`);
      } catch (e) {
        if (refused(e) && e instanceof AppError)
          return renderCasePage(prisma, req, res, id, e.status, { actionError: `Nomor SRIKANDI belum dicatat: ${e.userMessage}`, actionValues: body });
        throw e;
      }
    }),
  );

  const letters = caseGuard(
    prisma,
    (u, c) => allowed(u, "srikandi.recordLetter", c),
    () => forbidden(NOT_ALLOWED_LETTER),
  );
  r.post(
    "/kasus/:id/srikandi/surat",
    loggedIn,
    ...upload("/kasus/:id/srikandi/surat", config, letters),
    route(s.letter, async (req, res, { params, body }) => {
      const id = params.id;
      try {
        await checkLetter(prisma, userOf(req), id, body);
        const file = await pdfOf(req, false);
        const saved = await recordLetterNumber(prisma, userOf(req), id, body, file);
        const label = isSrikandiLetter(saved.letter) ? SRIKANDI_LETTERS[saved.letter].label : saved.letter;
        flash(req, "success", `${label} dicatat dengan nomor SRIKANDI ${saved.number}.`);
        res.redirect(`/kasus/${id}#srikandi`);
      } catch (e) {
        if (refused(e) && e instanceof AppError)
          return renderCasePage(prisma, req, res, id, e.status, { actionError: `Nomor SRIKANDI surat belum dicatat: ${e.userMessage}`, actionValues: body });
        throw e;
      }
    }),
  );

  return r;
}
