// ADMIN: the nightly backups of the embedded database, with their time and size, to download.
// A backup holds everything (password hashes, every document): each download is in the
// admin log, with who took which file and when.
import path from "node:path";
import { Router } from "express";
import { z } from "zod";
import type { Config } from "../../platform/config.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { notFound } from "../../platform/errors.js";
import { route } from "../../platform/http/validate.js";
import { backupRunState, isBackupName, listBackups, MAX_TRIES } from "../ops/nightly-backup.js";
import { todayJakarta } from "../../core/calendar/calendar.js";
import { adminOnly } from "../../core/policies/index.js";
import { userOf } from "../../platform/http/current-user.js";
import { logBackupDownload } from "./log-download.js";
import { offsiteStatus } from "../ops/offsite-status.js";

const s = {
  list: {},
  download: { params: z.strictObject({ name: z.string().refine(isBackupName) }) },
};

export function backupRoutes(prisma: PrismaClient, config: Config, embedded: boolean): Router {
  const r = Router();
  r.use("/admin/cadangan", adminOnly("backup"));
  r.get(
    "/admin/cadangan",
    route(s.list, async (req, res) => {
      res.render("admin/backups", {
        title: "Cadangan basis data",
        backups: await listBackups(config),
        embedded,
        keep: config.backupKeep,
        dir: config.backupDir,
        run: embedded ? await backupRunState(prisma, todayJakarta()) : null,
        maxTries: MAX_TRIES,
        offsite: await offsiteStatus(config),
      });
    }),
  );
  r.get(
    "/admin/cadangan/:name",
    route(s.download, async (req, res, { params }) => {
      const found = (await listBackups(config)).find((b) => b.name === params.name);
      if (!found) throw notFound("Cadangan itu tidak ada (mungkin sudah dihapus karena melebihi jumlah yang disimpan).");
      // Logged before the first byte leaves: a download cut off halfway is still a download.
      await logBackupDownload(prisma, userOf(req), found, req.ip);
      res.setHeader("Cache-Control", "no-store");
      res.download(path.join(config.backupDir, found.name), found.name);
    }),
  );
  return r;
}
