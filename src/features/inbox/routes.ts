import { KIND_IDS } from "../../core/sop/kinds.js";
import { Router, type Request } from "express";
import { z } from "zod";
import type { Config } from "../../platform/config.js";
import { checkFiles } from "../cases/check-files.js";
import { JENIS_LABELS, routes as caseRoutes } from "../../core/case-data/schema.js";
import { dueState } from "../case-page/case-view.js";
import { soonLimit } from "../../core/calendar/holiday-service.js";
import { todayJakarta } from "../../core/calendar/calendar.js";
import { DOCUMENT_KINDS } from "../../core/documents/kinds.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { AppError } from "../../platform/errors.js";
import { flash } from "../../platform/http/flash.js";
import { searchText } from "../../platform/http/forms.js";
import { upload } from "../../platform/http/upload.js";
import { optionalChoice, optionalInt, pageNo, query, route, text } from "../../platform/http/validate.js";
import { allow, casePolicy, dashboard } from "../../core/policies/index.js";
import { userOf } from "../../platform/http/current-user.js";
import { actingRole, actsInBulk, expectationFor, heldAsActing } from "../../core/policies/task.js";
import { ROLE_LABELS } from "../../core/users/roles.js";
import { periodLabel } from "../../core/sop/periods.js";
import { actionRoles, ROW_NUMBERS, rowDef, rowDefFor, SOP, TKKSD_ROW } from "../../core/sop/sop.js";
import { applyBulk, checkBulk } from "./bulk-service.js";
import { evaluationsOfTasks, holderKey, inbox } from "./inbox-service.js";
import { activeSkpds } from "../../core/users/skpds.js";

const filterSchema = query({
  row: optionalInt(1, Math.max(...ROW_NUMBERS)).refine((n) => n === undefined || (ROW_NUMBERS as readonly number[]).includes(n), "langkah tidak ada"),
  skpd: optionalInt(1, 1e9),
  jenis: optionalChoice(KIND_IDS),
  terlambat: optionalChoice(["1"] as const),
  q: z.preprocess((v) => (v === undefined ? undefined : searchText(v)), text(200).optional()),
  hal: pageNo,
});
const s = { inbox: { query: filterSchema }, bulk: caseRoutes.bulk };

const inboxGuard = allow(dashboard.hasInbox);

export function inboxRoutes(prisma: PrismaClient, config: Config): Router {
  const r = Router();

  const render = async (req: Request, res: import("express").Response, raw: z.output<typeof filterSchema>) => {
    const f = { ...raw, hal: raw.hal ?? 1 };
    const user = userOf(req);
    const filter = { row: f.row, skpdId: f.skpd, jenis: f.jenis, overdue: !!f.terlambat, q: f.q || undefined, page: f.hal };
    const [data, evaluations] = await req.cached(`inbox:${holderKey(user)}:${JSON.stringify(filter)}`, async () => {
      const data = await inbox(prisma, user, filter);
      // Evaluation tasks open their form directly and are named by their period.
      const evaluationTasks = data.tasks.filter((t) => t.kind === "EVALUATION").map((t) => t.id);
      const found = evaluationTasks.length ? await evaluationsOfTasks(prisma, evaluationTasks) : [];
      // A task is either the P3ADK assessment's or the SKPD self-report's.
      const byTask = new Map<number | null, { id: number; period: string; self: boolean }>();
      for (const e of found) {
        byTask.set(e.taskId, { id: e.id, period: e.period, self: false });
        byTask.set(e.selfTaskId, { id: e.id, period: e.period, self: true });
      }
      return [data, byTask] as const;
    });
    const row = f.row ? rowDef(f.row) : undefined;
    const today = todayJakarta();
    const limit = await req.cached("soonLimit", () => soonLimit(prisma, today));
    const bulkActions = row?.collective && actsInBulk(user) ? row.actions.filter((a) => actingRole(user, actionRoles(row, a), -1)) : [];
    const skpds = await req.cached("skpds:active", () => activeSkpds(prisma));
    const qs = new URLSearchParams(
      Object.entries({ row: f.row, skpd: f.skpd, jenis: f.jenis, terlambat: f.terlambat, q: f.q })
        .filter(([, v]) => v !== undefined && v !== "")
        .map(([k, v]) => [k, String(v)]),
    );
    res.render("inbox/index", {
      title: "Kotak tugas",
      f,
      qs: qs.toString(),
      ...data,
      items: data.tasks.map((t) => {
        const ev = evaluations.get(t.id);
        const row = rowDefFor(t.case.jenis, t.rowNo);
        return {
          ...t,
          asActing: heldAsActing(user, t),
          due: dueState(t, today, limit),
          holders: t.roles.map((x) => ROLE_LABELS[x]).join(", "),
          link: ev ? `/evaluasi/${ev.id}` : `/kasus/${t.caseId}`,
          step: ev ? `${ev.self ? "Laporan mandiri evaluasi" : "Evaluasi"} ${periodLabel(ev.period)}` : `${t.rowNo}. ${row?.kegiatan ?? ""}`,
          todo: ev
            ? ev.self
              ? "Isi laporan mandiri"
              : "Isi formulir evaluasi"
            : t.part
              ? row?.parts?.find((p) => p.id === t.part)?.label
              : row?.actions
                  .filter((x) => x.tone === "primary" && actingRole(user, actionRoles(row, x), t.case.skpdId))
                  .map((x) => x.label)
                  .join(" / ") ||
                // A holder without an action here (the SKPD at rows 11, 16, 21): the first sentence of what the SOP expects.
                expectationFor(user, row?.expects)?.text.split(". ")[0] ||
                null,
        };
      }),
      rows: SOP.map((x) => ({ no: x.no, kegiatan: x.kegiatan })),
      skpds: casePolicy.onlySkpd(user) ? [] : skpds,
      jenisLabels: JENIS_LABELS,
      bulkRow: bulkActions.length ? row : null,
      bulkActions,
      docKinds: DOCUMENT_KINDS,
      canPropose: casePolicy.can(user, "propose"),
    });
  };

  r.get(
    "/inbox",
    inboxGuard,
    route(s.inbox, (req, res, { query }) => render(req, res, query)),
  );

  r.post(
    "/inbox/massal",
    inboxGuard,
    ...upload("/inbox/massal", config),
    route(s.bulk, async (req, res, { body: b }) => {
      const rowNo = Number(b.row);
      const row = rowDef(rowNo);
      if (!row?.collective)
        throw new AppError(
          400,
          `Tindakan massal hanya untuk langkah ${SOP.filter((x) => x.collective)
            .map((x) => x.no)
            .join(", ")}; langkah ${TKKSD_ROW} diputuskan dalam rapat TKKSD.`,
        );
      const items = b.pick
        .map((p) => /^(\d{1,9}):(\d{1,9})$/.exec(p))
        .filter((m): m is RegExpExecArray => !!m)
        .map((m) => ({ caseId: Number(m[1]), version: Number(m[2]) }));
      if (!items.length) {
        flash(req, "error", "Pilih minimal satu kasus terlebih dahulu.");
        res.redirect(`/inbox?row=${rowNo}`);
        return;
      }
      // The shared document is stored only when at least one case would take the action.
      const check = await checkBulk(prisma, { user: userOf(req), rowNo, actionId: b.action ?? "", items });
      if (!check.any) {
        res.status(422).render("inbox/bulk-result", { title: "Hasil tindakan massal", outcomes: check.outcomes, row });
        return;
      }
      let files: Awaited<ReturnType<typeof checkFiles>>;
      try {
        files = await checkFiles(req);
      } catch (e) {
        if (!(e instanceof AppError) || e.status >= 500) throw e;
        flash(req, "error", `${e.userMessage} Tidak ada kasus yang diproses.`);
        res.redirect(`/inbox?row=${rowNo}`);
        return;
      }
      const outcomes = await applyBulk(prisma, {
        user: userOf(req),
        rowNo,
        actionId: b.action ?? "",
        items,
        reason: b.reason,
        shared: files[0],
      });
      res.render("inbox/bulk-result", { title: "Hasil tindakan massal", outcomes, row });
    }),
  );

  return r;
}
