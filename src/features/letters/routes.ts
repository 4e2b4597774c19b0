// Letters from templates: generating one on a case, and ADMIN's templates page
// (download, replace with a checked .docx, restore the default).
import { Router, type Request } from "express";
import { z } from "zod";
import type { Config } from "../../platform/config.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { checkUpload } from "../../platform/files/blob-store.js";
import { AppError, notFound } from "../../platform/errors.js";
import { flash } from "../../platform/http/flash.js";
import { filesOf, upload } from "../../platform/http/upload.js";
import { form, id, route } from "../../platform/http/validate.js";
import { adminOnly, loggedIn } from "../../core/policies/index.js";
import { userOf } from "../../platform/http/current-user.js";
import { generateLetter } from "./generate-letter.js";
import { LETTER_KEYS, LETTERS } from "./letters.js";
import { PLACEHOLDER_SETS } from "./placeholders.js";
import { currentTemplate, listTemplates, replaceTemplate, restoreDefault } from "./template-store.js";

const key = z.enum(LETTER_KEYS);
const s = {
  generate: { params: z.strictObject({ id, key }) },
  list: {},
  download: { params: z.strictObject({ key }) },
  replace: { params: z.strictObject({ key }), body: form({}) },
  restore: { params: z.strictObject({ key }) },
};
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

export function letterRoutes(prisma: PrismaClient, config: Config): Router {
  const r = Router();

  r.post(
    "/kasus/:id/templat/:key",
    loggedIn,
    route(s.generate, async (req, res, { params }) => {
      let doc;
      try {
        doc = await generateLetter(prisma, userOf(req), params.id, params.key);
      } catch (e) {
        // A page left open while the case moved on: back to the case, saying why.
        if (!(e instanceof AppError) || e.status !== 409) throw e;
        flash(req, "error", e.userMessage);
        res.redirect(`/kasus/${params.id}`);
        return;
      }
      flash(
        req,
        "success",
        `${LETTERS[params.key].label} dibuat: ${doc.originalName} (versi ${doc.version}). Unduh, sunting bila perlu, lalu unggah versi akhirnya.`,
      );
      res.redirect(`/kasus/${params.id}#dokumen`);
    }),
  );

  const admin = adminOnly("letterTemplate");
  r.get(
    "/admin/templat",
    admin,
    route(s.list, async (req, res) => {
      res.render("letters/admin", { title: "Templat surat", templates: await listTemplates(prisma), sets: PLACEHOLDER_SETS });
    }),
  );
  r.get(
    "/admin/templat/:key.docx",
    admin,
    route(s.download, async (req, res, { params }) => {
      res
        .attachment(`${params.key}.docx`)
        .type(DOCX)
        .send(await currentTemplate(prisma, params.key));
    }),
  );
  // An unknown template is refused before its file is read.
  const knownKey = (req: Request) => {
    const key = req.params.key;
    if (typeof key !== "string" || !Object.hasOwn(LETTERS, key)) throw notFound("Templat surat tidak ditemukan.");
  };
  r.post(
    "/admin/templat/:key",
    admin,
    ...upload("/admin/templat/:key", config, knownKey),
    route(s.replace, async (req, res, { params }) => {
      const f = filesOf(req).find((x) => x.fieldname === "file");
      try {
        if (!f) throw new AppError(422, "Pilih berkas .docx templatnya.", "NO_FILE");
        await replaceTemplate(prisma, userOf(req), params.key, await checkUpload({ path: f.path }, f.originalname));
      } catch (e) {
        if (!(e instanceof AppError) || e.status !== 422) throw e;
        res.status(422);
        res.render("letters/admin", {
          title: "Templat surat",
          templates: await listTemplates(prisma),
          sets: PLACEHOLDER_SETS,
          error: { key: params.key, message: e.userMessage },
        });
        return;
      }
      flash(req, "success", `Templat "${LETTERS[params.key].label}" diganti.`);
      res.redirect("/admin/templat");
    }),
  );
  r.post(
    "/admin/templat/:key/bawaan",
    admin,
    route(s.restore, async (req, res, { params }) => {
      await restoreDefault(prisma, userOf(req), params.key);
      flash(req, "success", `Templat "${LETTERS[params.key].label}" kembali ke bawaan.`);
      res.redirect("/admin/templat");
    }),
  );
  return r;
}
