// The case page as the features whose forms sit on it see it (approvals, progress
// reports, obligations): a failed form re-renders the page with its message and values.
// The page itself (cases/case-page.ts) shows every feature, so it sits above them; the
// composition root (app.ts) hands it to their routes, and no feature imports it.
import type { Request, Response } from "express";
import type { PrismaClient } from "../../generated/prisma/client.js";

export type RenderCasePage = (
  prisma: PrismaClient,
  req: Request,
  res: Response,
  id: number,
  status?: number,
  extra?: { actionError?: string; actionValues?: Record<string, unknown> },
) => Promise<void>;
