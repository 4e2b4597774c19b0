import { Router } from "express";
import { requireLogin } from "../auth/policy.js";
import { ROLE_LABELS } from "../users/roles.js";
import { menuFor } from "./menu.js";

export function homeRoutes(): Router {
  const r = Router();
  r.get("/", requireLogin, (req, res) => {
    const user = req.user!;
    res.render("home/index", {
      title: "Beranda",
      roleLabels: user.roles.map((role) => ROLE_LABELS[role]),
      links: menuFor(user).filter((m) => m.href !== "/"),
    });
  });
  return r;
}
