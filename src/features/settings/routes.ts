// ADMIN: numbering formats for MoU and PKS, reminder days, when the DPRD must approve, and the daily upload budget.
import { Router, type Response } from "express";
import type { Config } from "../../platform/config.js";
import { sendBlob } from "../../platform/files/blob-store.js";
import { filesOf, upload } from "../../platform/http/upload.js";
import { installEmblem } from "./install-emblem.js";
import { form, route, text } from "../../platform/http/validate.js";
import { adminOnly } from "../../core/policies/index.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { flash } from "../../platform/http/flash.js";
import { userOf } from "../../platform/http/current-user.js";
import { formatNumber, formatProblem, formatsProblem, openCollisions } from "../numbering/numbering-service.js";
import {
  getSettings,
  parseReminderDays,
  reminderDaysProblem,
  changeSettings,
  SETTING_DEFAULTS,
  SIGNER_FIELDS,
  signerProblem,
} from "../../core/settings/settings-service.js";

const s = {
  show: {},
  save: { body: form({ domestic: text(400).optional(), foreign: text(400).optional(), unit: text(100).optional() }) },
  reminders: { body: form({ days: text(200).optional() }) },
  dprd: { body: form({ months: text(20).optional() }) },
  uploads: { body: form({ mb: text(20).optional() }) },
  signers: { body: form(Object.fromEntries(SIGNER_FIELDS.map((f) => [f.field, text(400).optional()]))) },
  emblem: { body: form({}) },
};

export function settingsRoutes(prisma: PrismaClient, config: Config): Router {
  const r = Router();
  r.use("/admin/pengaturan", adminOnly("settings"));
  const example = (tpl: string, unit: string) => formatNumber(tpl, { seq: 12, unit, month: 11, year: 2026 });

  r.get(
    "/admin/pengaturan",
    route(s.show, async (req, res) => {
      const current = await getSettings(prisma);
      res.render("admin/settings", {
        signerFields: SIGNER_FIELDS,
        title: "Format penomoran",
        values: current,
        errors: {},
        defaults: SETTING_DEFAULTS,
        example,
        collisions: await openCollisions(prisma),
      });
    }),
  );
  r.post(
    "/admin/pengaturan",
    route(s.save, async (req, res, { body: b }) => {
      const values = {
        "numbering.format.domestic": (b.domestic ?? "").trim(),
        "numbering.format.foreign": (b.foreign ?? "").trim(),
        "numbering.unit": (b.unit ?? "").trim(),
      };
      const errors: Record<string, string> = {};
      const d = formatProblem(values["numbering.format.domestic"]);
      const f = formatProblem(values["numbering.format.foreign"]);
      if (d) errors.domestic = d;
      if (f) errors.foreign = f;
      if (values["numbering.format.domestic"].length > 120) errors.domestic = "Format paling banyak 120 karakter";
      if (values["numbering.format.foreign"].length > 120) errors.foreign = "Format paling banyak 120 karakter";
      if (!/^[A-Za-z0-9.-]{1,20}$/.test(values["numbering.unit"])) errors.unit = "Kode unit 1–20 karakter: huruf, angka, titik atau strip";
      if (!Object.keys(errors).length) {
        const clash = await formatsProblem(
          prisma,
          { domestic: values["numbering.format.domestic"], foreign: values["numbering.format.foreign"] },
          values["numbering.unit"],
        );
        if (clash) errors[clash.series] = clash.message;
      }
      if (Object.keys(errors).length) {
        res.status(422).render("admin/settings", {
          signerFields: SIGNER_FIELDS,
          title: "Format penomoran",
          values,
          errors,
          defaults: SETTING_DEFAULTS,
          example,
          collisions: await openCollisions(prisma),
        });
        return;
      }
      await changeSettings(prisma, userOf(req).id, values, { action: "settings.numbering", target: "numbering", detail: values });
      flash(req, "success", "Format penomoran disimpan. Berlaku untuk nomor berikutnya; nomor yang sudah ada tidak berubah.");
      res.redirect("/admin/pengaturan");
    }),
  );
  r.post(
    "/admin/pengaturan/pengingat",
    route(s.reminders, async (req, res, { body }) => {
      const raw = (body.days ?? "").trim();
      const problem = reminderDaysProblem(raw);
      if (problem) {
        const values = { ...(await getSettings(prisma)), "expiry.reminderDays": raw };
        res.status(422).render("admin/settings", {
          signerFields: SIGNER_FIELDS,
          title: "Format penomoran",
          values,
          errors: { reminderDays: problem },
          defaults: SETTING_DEFAULTS,
          example,
          collisions: await openCollisions(prisma),
        });
        return;
      }
      const value = parseReminderDays(raw).join(", ");
      await changeSettings(
        prisma,
        userOf(req).id,
        { "expiry.reminderDays": value },
        { action: "settings.reminders", target: "expiry.reminderDays", detail: { value } },
      );
      flash(req, "success", `Pengingat disimpan: ${value} hari sebelum perjanjian berakhir.`);
      res.redirect("/admin/pengaturan#pengingat");
    }),
  );
  r.post(
    "/admin/pengaturan/dprd",
    route(s.dprd, async (req, res, { body }) => {
      const raw = (body.months ?? "").trim();
      if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > 360) {
        const values = { ...(await getSettings(prisma)), "gates.dprdMonths": raw };
        res.status(422).render("admin/settings", {
          signerFields: SIGNER_FIELDS,
          title: "Format penomoran",
          values,
          errors: { dprdMonths: "Tulis jumlah bulan, bilangan bulat 1–360" },
          defaults: SETTING_DEFAULTS,
          example,
          collisions: await openCollisions(prisma),
        });
        return;
      }
      const value = String(Number(raw));
      await changeSettings(prisma, userOf(req).id, { "gates.dprdMonths": value }, { action: "settings.dprd", target: "gates.dprdMonths", detail: { value } });
      flash(
        req,
        "success",
        `Persetujuan DPRD kini diperlukan untuk kerja sama lebih dari ${value} bulan (selain bila membebani masyarakat/daerah atau di luar APBD).`,
      );
      res.redirect("/admin/pengaturan#dprd");
    }),
  );
  r.post(
    "/admin/pengaturan/unggah",
    route(s.uploads, async (req, res, { body }) => {
      const raw = (body.mb ?? "").trim();
      if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1 || Number(raw) > 100_000) {
        const values = { ...(await getSettings(prisma)), "uploads.dailyMb": raw };
        res.status(422).render("admin/settings", {
          signerFields: SIGNER_FIELDS,
          title: "Format penomoran",
          values,
          errors: { uploadsDailyMb: "Tulis jumlah megabita, bilangan bulat 1–100.000" },
          defaults: SETTING_DEFAULTS,
          example,
          collisions: await openCollisions(prisma),
        });
        return;
      }
      const value = String(Number(raw));
      await changeSettings(prisma, userOf(req).id, { "uploads.dailyMb": value }, { action: "settings.uploads", target: "uploads.dailyMb", detail: { value } });
      flash(req, "success", `Batas unggah kini ${value} MB per pengguna per hari.`);
      res.redirect("/admin/pengaturan#unggah");
    }),
  );
  r.post(
    "/admin/pengaturan/penandatangan",
    route(s.signers, async (req, res, { body }) => {
      const b = body as Record<string, string | undefined>;
      const values: Record<string, string> = {};
      const errors: Record<string, string> = {};
      for (const f of SIGNER_FIELDS) {
        const raw = (b[f.field] ?? "").trim().replace(/ {2,}/g, " ");
        values[f.key] = f.nip ? raw.replace(/ /g, "") : raw;
        const problem = signerProblem(raw, f.nip);
        if (problem) errors[f.field] = problem;
      }
      if (Object.keys(errors).length) {
        res.status(422).render("admin/settings", {
          signerFields: SIGNER_FIELDS,
          title: "Format penomoran",
          values: { ...(await getSettings(prisma)), ...values },
          errors,
          defaults: SETTING_DEFAULTS,
          example,
          collisions: await openCollisions(prisma),
        });
        return;
      }
      await changeSettings(prisma, userOf(req).id, values, { action: "settings.signers", target: "signer", detail: values });
      flash(req, "success", "Penandatangan disimpan. Berlaku untuk surat yang dibuat berikutnya.");
      res.redirect("/admin/pengaturan#penandatangan");
    }),
  );
  // The emblem on letterheads: the upload's size and first bytes are checked here, the image itself in a parsing process.
  const refuseEmblem = async (res: Response, message: string) =>
    res.status(422).render("admin/settings", {
      signerFields: SIGNER_FIELDS,
      title: "Format penomoran",
      values: await getSettings(prisma),
      errors: { emblem: message },
      defaults: SETTING_DEFAULTS,
      example,
      collisions: await openCollisions(prisma),
    });
  r.post(
    "/admin/pengaturan/lambang",
    ...upload("/admin/pengaturan/lambang", config),
    route(s.emblem, async (req, res) => {
      const f = filesOf(req).find((x) => x.fieldname === "file");
      if (!f) return refuseEmblem(res, "Pilih berkas gambar lambang (PNG atau JPEG).");
      const installed = await installEmblem(prisma, userOf(req), f);
      if (!installed.ok) return refuseEmblem(res, installed.problem);
      const size = installed;
      flash(req, "success", `Lambang dipasang (${size.width} × ${size.height} piksel). Surat yang dibuat berikutnya memuatnya di kop.`);
      res.redirect("/admin/pengaturan#lambang");
    }),
  );
  r.get(
    "/admin/pengaturan/lambang",
    route(s.show, async (req, res) => {
      const v = (await getSettings(prisma))["letters.emblem"].split(" ");
      const sha256 = v[0] ?? "";
      // None yet: the settings section that uploads one.
      if (!/^[0-9a-f]{64}$/.test(sha256)) {
        res.redirect("/admin/pengaturan#lambang");
        return;
      }
      res.set({ "Content-Type": v[1], "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'" });
      await sendBlob(prisma, sha256, res);
    }),
  );
  r.post(
    "/admin/pengaturan/lambang/hapus",
    route(s.emblem, async (req, res) => {
      await changeSettings(
        prisma,
        userOf(req).id,
        { "letters.emblem": "" },
        { action: "settings.emblem", target: "letters.emblem", detail: { removed: true } },
      );
      flash(req, "success", "Lambang dilepas. Kop surat berikutnya dicetak tanpa lambang.");
      res.redirect("/admin/pengaturan#lambang");
    }),
  );
  return r;
}
