// ADMIN: the holiday table (libur nasional, cuti bersama) used for working days.
import { Router } from "express";
import { z } from "zod";
import { isoDate, isRealIsoDate } from "../../platform/http/dates.js";
import { form, optionalInt, query, route, text } from "../../platform/http/validate.js";
import { adminOnly } from "../../core/policies/index.js";
import { userOf } from "../../platform/http/current-user.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { flash } from "../../platform/http/flash.js";
import { parseForm, requiredText } from "../../platform/http/forms.js";
import { todayJakarta } from "../../core/calendar/calendar.js";
import { listHolidays, removeHoliday, saveHoliday } from "../../core/calendar/holiday-service.js";

export const HOLIDAY_KIND_LABELS = { LIBUR_NASIONAL: "Libur nasional", CUTI_BERSAMA: "Cuti bersama" } as const;

const holidaySchema = z.object({
  date: isoDate("Tanggal"),
  name: requiredText(3, 120, "Keterangan"),
  kind: z.enum(["LIBUR_NASIONAL", "CUTI_BERSAMA"], { error: "Pilih jenis hari libur" }),
});

const s = {
  list: { query: query({ tahun: optionalInt(2000, 2100) }) },
  save: { body: form({ date: text(20).optional(), name: text(400).optional(), kind: text(40).optional() }) },
  remove: { body: form({ date: text(20).optional() }) },
};

export function holidayRoutes(prisma: PrismaClient): Router {
  const r = Router();
  r.use("/admin/libur", adminOnly("holiday"));

  const page = async (
    res: import("express").Response,
    year: number,
    status = 200,
    values: Record<string, string> = {},
    errors: Record<string, string> = {},
  ) => {
    const holidays = await listHolidays(prisma, year);
    res.status(status).render("admin/holidays", { title: `Hari libur ${year}`, year, holidays, kinds: HOLIDAY_KIND_LABELS, values, errors });
  };
  const yearOf = (v: unknown) => {
    const y = Number(v);
    return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : Number(todayJakarta().slice(0, 4));
  };

  r.get(
    "/admin/libur",
    route(s.list, (req, res, { query }) => page(res, yearOf(query.tahun))),
  );
  r.post(
    "/admin/libur",
    route(s.save, async (req, res, { body }) => {
      const values = { date: body.date ?? "", name: body.name ?? "", kind: body.kind ?? "" };
      const form = parseForm(holidaySchema, body);
      const year = yearOf(values.date.slice(0, 4));
      if (!form.ok) return page(res, year, 422, values, form.errors);
      await saveHoliday(prisma, userOf(req).id, form.data);
      flash(req, "success", `Hari libur ${form.data.date} disimpan. Tenggat baru memakai tabel ini.`);
      res.redirect(`/admin/libur?tahun=${year}`);
    }),
  );
  r.post(
    "/admin/libur/hapus",
    route(s.remove, async (req, res, { body }) => {
      const date = body.date ?? "";
      if (!isRealIsoDate(date)) {
        flash(req, "error", "Tanggal tidak valid.");
        res.redirect("/admin/libur");
        return;
      }
      const removed = await removeHoliday(prisma, userOf(req).id, date);
      flash(req, removed ? "success" : "error", removed ? `Hari libur ${date} dihapus.` : "Hari libur itu tidak ada.");
      res.redirect(`/admin/libur?tahun=${date.slice(0, 4)}`);
    }),
  );
  return r;
}
