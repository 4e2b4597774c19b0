// The signed-in user of a route behind the login guard (policies' allow/loggedIn).
import type { Request } from "express";
import { must } from "../must.js";

/** `req.user` where the guard has already sent anyone signed out to the login page; its absence is a wiring bug (a logged 500). */
export function userOf(req: Request): Express.User {
  return must(req.user, "the signed-in user of a guarded route");
}
