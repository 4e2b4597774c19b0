// Guards of the case routes that accept files, run before the body is read
// (http/upload.ts): the case exists for this user (else 404, as for any case they may
// not read) and they may send files to it now (else the refusal given). A refused
// request stores nothing.
import type { Request } from "express";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { type AppError, notFound } from "../../platform/errors.js";
import type { UploadGuard } from "../../platform/http/upload.js";
import { userOf } from "../../platform/http/current-user.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { loadCaseFor } from "./case-service.js";

type LoadedCase = Awaited<ReturnType<typeof loadCaseFor>>;

export function caseGuard(
  prisma: PrismaClient,
  may: (user: CurrentUser, c: LoadedCase, req: Request) => boolean | Promise<boolean>,
  refusal: () => AppError,
): UploadGuard {
  return async (req: Request) => {
    const id = Number(req.params.id);
    if (!Number.isInteger(id) || id < 1 || id > 2_147_483_647) throw notFound("Kasus tidak ditemukan.");
    const c = await loadCaseFor(prisma, userOf(req), id);
    if (!(await may(userOf(req), c, req))) throw refusal();
  };
}
