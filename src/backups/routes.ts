// ADMIN: the nightly backups of the embedded database, with their time and size, to download.
import path from "node:path";
import { Router } from "express";
import { z } from "zod";
import type { Config } from "../config.js";
import { notFound } from "../http/errors.js";
import { route } from "../http/validate.js";
import { isBackupName, listBackups } from "../ops/nightly-backup.js";
import { adminOnly } from "../policies/index.js";

const s = {
  list: {},
  download: { params: z.strictObject({ name: z.string().refine(isBackupName) }) },
};

export function backupRoutes(config: Config, embedded: boolean): Router {
  const r = Router();
  r.use("/admin/cadangan", adminOnly("backup"));
  r.get("/admin/cadangan", route(s.list, async (req, res) => {
    res.render("admin/backups", { title: "Cadangan basis data", backups: await listBackups(config), embedded, keep: config.backupKeep, dir: config.backupDir });
  }));
  r.get("/admin/cadangan/:name", route(s.download, async (req, res, { params }) => {
    const found = (await listBackups(config)).find((b) => b.name === params.name);
    if (!found) throw notFound("Cadangan itu tidak ada (mungkin sudah dihapus karena melebihi jumlah yang disimpan).");
    res.setHeader("Cache-Control", "no-store");
    res.download(path.join(config.backupDir, found.name), found.name);
  }));
  return r;
}
