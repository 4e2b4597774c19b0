// E-mail through SMTP when SMTP_URL is set (nodemailer). Without it, notifications
// stay in the app. Notification rows are the outbox: they are written in the same
// transaction as the change they report, and this worker sends them afterwards. A
// batch is claimed with a lease (emailClaimedUntil, LEASES.outbox in platform/job-runtime.ts;
// FOR UPDATE SKIP LOCKED only keeps two instances from picking the same rows at once) so
// that several instances never send one twice; a failure is retried later with a
// growing delay.
import type { Transporter } from "nodemailer";
import type { Config } from "../../platform/config.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Logger } from "../../platform/logger.js";
import { LEASES } from "../../platform/job-runtime.js";

let cached: { url: string; t: Transporter } | undefined;
/** nodemailer is loaded the first time mail goes out, not at start (docs/architecture.md#memory). */
const transport = async (url: string) => {
  if (cached?.url !== url) cached = { url, t: (await import("nodemailer")).default.createTransport(url) };
  return cached.t;
};

const CLAIM_SECONDS = LEASES.outbox / 1000;
const BATCH = 50;
/** Minutes to wait after the n-th failed attempt: 1, 2, 4 … at most 6 hours. */
export const backoffMinutes = (attempts: number) => Math.min(360, 2 ** Math.max(0, attempts - 1));

/** Sends pending e-mails to users who have an address. Returns how many were sent. */
export async function deliverPending(prisma: PrismaClient, config: Pick<Config, "smtpUrl" | "mailFrom" | "appUrl">, log?: Logger): Promise<number> {
  if (!config.smtpUrl) return 0;
  const claimed = await prisma.$queryRaw<{ id: number }[]>`
    UPDATE "Notification" SET "emailClaimedUntil" = now() + make_interval(secs => ${CLAIM_SECONDS}), "emailAttempts" = "emailAttempts" + 1
      WHERE "id" IN (
        SELECT n."id" FROM "Notification" n JOIN "User" u ON u."id" = n."userId"
         WHERE n."emailedAt" IS NULL AND u."email" IS NOT NULL AND u."active"
           AND (n."emailNextAt" IS NULL OR n."emailNextAt" <= now())
           AND (n."emailClaimedUntil" IS NULL OR n."emailClaimedUntil" < now())
         ORDER BY n."id" LIMIT ${BATCH} FOR UPDATE OF n SKIP LOCKED)
      RETURNING "id"`;
  if (!claimed.length) return 0;
  const pending = await prisma.notification.findMany({
    where: { id: { in: claimed.map((c) => c.id) } },
    include: { user: { select: { email: true, fullName: true } } },
    orderBy: { id: "asc" },
  });
  let sent = 0;
  for (const [i, n] of pending.entries()) {
    try {
      // Claimed with an address; one removed since fails here as the mail server would refuse it.
      if (!n.user.email) throw new Error(`user of notification ${n.id} has no email address any more`);
      await (
        await transport(config.smtpUrl)
      ).sendMail({
        from: config.mailFrom,
        to: n.user.email,
        subject: `[Kerjasama Daerah] ${n.title}`,
        text: `Yth. ${n.user.fullName},\n\n${n.title}\n${n.link ? `\nBuka: ${config.appUrl}${n.link}\n` : ""}\nPesan ini dikirim otomatis oleh aplikasi Kerjasama Daerah Pemerintah Kota Yogyakarta.`,
      });
      await prisma.notification.update({ where: { id: n.id }, data: { emailedAt: new Date(), emailClaimedUntil: null } });
      sent++;
    } catch (err) {
      log?.warn({ err, notificationId: n.id, attempts: n.emailAttempts }, "email not sent; will retry");
      // The server is unreachable: this one waits its back-off, the rest of the batch is released untouched.
      await prisma.notification.update({
        where: { id: n.id },
        data: { emailNextAt: new Date(Date.now() + backoffMinutes(n.emailAttempts) * 60_000), emailClaimedUntil: null },
      });
      const rest = pending.slice(i + 1).map((x) => x.id);
      if (rest.length) {
        await prisma.notification.updateMany({ where: { id: { in: rest } }, data: { emailClaimedUntil: null, emailAttempts: { decrement: 1 } } });
      }
      break;
    }
  }
  return sent;
}
