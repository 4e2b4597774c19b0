// Calendar feeds: the user's own page (turn on, new URL, turn off), the ICS URL a
// calendar program fetches without a session, and ADMIN's list of feeds.
import { Router } from "express";
import { z } from "zod";
import type { Config } from "../../platform/config.js";
import type { PlainSql } from "../../platform/db/client.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { notFound } from "../../platform/errors.js";
import { flash } from "../../platform/http/flash.js";
import { publicPage } from "../../platform/http/public-page.js";
import { idParams, route } from "../../platform/http/validate.js";
import { adminOnly, loggedIn } from "../../core/policies/index.js";
import { userOf } from "../../platform/http/current-user.js";
import { ROLE_LABELS } from "../../core/users/roles.js";
import { buildFeed, feedOf, feedOwner, feedUrl, listFeeds, turnOffFeed, turnOnFeed } from "./feed-service.js";

declare module "express-session" {
  interface SessionData {
    /** A feed token made on the last POST, shown once on the next page. */
    newFeedToken?: string;
  }
}

const s = {
  mine: {},
  turnOn: {},
  turnOff: {},
  feed: { params: z.object({ token: z.string().max(200) }) },
  list: {},
  revoke: { params: idParams },
};

export function calendarRoutes(prisma: PrismaClient, config: Config, sql: PlainSql): Router {
  const r = Router();

  r.get(
    "/akun/kalender",
    loggedIn,
    route(s.mine, async (req, res) => {
      const token = req.session.newFeedToken;
      delete req.session.newFeedToken;
      res.render("calendar/mine", { title: "Kalender saya", feed: await feedOf(prisma, userOf(req).id), url: token ? feedUrl(config.appUrl, token) : null });
    }),
  );
  r.post(
    "/akun/kalender",
    loggedIn,
    route(s.turnOn, async (req, res) => {
      const user = userOf(req);
      const had = await feedOf(prisma, user.id);
      req.session.newFeedToken = await turnOnFeed(prisma, user);
      flash(req, "success", had ? "Tautan kalender baru dibuat; tautan lama tidak berlaku lagi." : "Kalender diaktifkan.");
      res.redirect("/akun/kalender");
    }),
  );
  r.post(
    "/akun/kalender/matikan",
    loggedIn,
    route(s.turnOff, async (req, res) => {
      const user = userOf(req);
      const feed = await turnOffFeed(prisma, user, user.id);
      flash(req, feed ? "success" : "info", feed ? "Kalender dimatikan; tautannya tidak berlaku lagi." : "Kalender sudah tidak aktif.");
      res.redirect("/akun/kalender");
    }),
  );

  // Fetched by calendar programs: no session, no cookie; the token is the key. Google's and
  // Microsoft's servers fetch many users' feeds from few addresses, so the budget is the
  // public pages' own (PUBLIC_REQUESTS_PER_MINUTE), not a smaller one.
  r.get(
    "/kalender/:token.ics",
    publicPage({ perMinute: config.publicPerMinute, maxAge: 0 }),
    route(s.feed, async (req, res, { params }) => {
      const owner = await feedOwner(prisma, sql, params.token);
      if (!owner) throw notFound("Kalender ini tidak ada atau sudah dimatikan.");
      const ics = await buildFeed(prisma, owner, config.appUrl);
      res.setHeader("Cache-Control", "private, max-age=300");
      res.type("text/calendar; charset=utf-8").send(ics);
    }),
  );

  r.get(
    "/admin/kalender",
    adminOnly("calendarFeed"),
    route(s.list, async (req, res) => {
      res.render("calendar/admin", { title: "Langganan kalender", feeds: await listFeeds(prisma), roleLabels: ROLE_LABELS });
    }),
  );
  r.post(
    "/admin/kalender/:id/cabut",
    adminOnly("calendarFeed"),
    route(s.revoke, async (req, res, { params }) => {
      const feed = await turnOffFeed(prisma, userOf(req), params.id);
      flash(req, feed ? "success" : "info", feed ? `Kalender ${feed.user.username} dicabut.` : "Kalender itu sudah tidak aktif.");
      res.redirect("/admin/kalender");
    }),
  );
  return r;
}
