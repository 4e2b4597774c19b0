// Email through SMTP when SMTP_URL is set (nodemailer). Without it, notifications stay in the app.
import nodemailer, { type Transporter } from "nodemailer";
import type { Config } from "../config.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { Logger } from "../logger.js";

let cached: { url: string; t: Transporter } | undefined;
const transport = (url: string) => {
  if (cached?.url !== url) cached = { url, t: nodemailer.createTransport(url) };
  return cached.t;
};

/** Sends every notification not yet emailed to users who have an address. Returns how many were sent. */
export async function deliverPending(prisma: PrismaClient, config: Pick<Config, "smtpUrl" | "mailFrom" | "appUrl">, log?: Logger): Promise<number> {
  if (!config.smtpUrl) return 0;
  const pending = await prisma.notification.findMany({
    where: { emailedAt: null, user: { email: { not: null }, active: true } },
    include: { user: { select: { email: true, fullName: true } } },
    take: 200,
    orderBy: { id: "asc" },
  });
  let sent = 0;
  for (const n of pending) {
    try {
      await transport(config.smtpUrl).sendMail({
        from: config.mailFrom,
        to: n.user.email!,
        subject: `[Kerjasama Daerah] ${n.title}`,
        text: `Yth. ${n.user.fullName},\n\n${n.title}\n${n.link ? `\nBuka: ${config.appUrl}${n.link}\n` : ""}\nPesan ini dikirim otomatis oleh aplikasi Kerjasama Daerah Pemerintah Kota Yogyakarta.`,
      });
      await prisma.notification.update({ where: { id: n.id }, data: { emailedAt: new Date() } });
      sent++;
    } catch (err) {
      log?.warn({ err, notificationId: n.id }, "email not sent");
      break; // the server is unreachable: try again later
    }
  }
  return sent;
}
