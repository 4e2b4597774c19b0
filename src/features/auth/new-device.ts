// A sign-in from a browser that has not signed in to this account before (no valid
// device cookie of the user: device-cookie.ts) is told to the user, in the app and by
// e-mail when they have an address (notification rows are the outbox: mailer.ts).
import type { PrismaClient } from "../../generated/prisma/client.js";
import { formatDateTime } from "../../platform/time.js";
import { notify } from "../notifications/notification-service.js";
import type { SessionClient } from "./session-client.js";

export async function noticeNewDevice(prisma: PrismaClient, userId: number, client: SessionClient): Promise<void> {
  await notify(prisma, [userId], {
    kind: "SECURITY",
    title:
      `Akun Anda dipakai masuk dari perangkat baru: ${client.device}, alamat ${client.ip}, ${formatDateTime(new Date(client.at))}` +
      `${client.via === "sso" ? " (lewat SSO)" : ""}. Bila itu bukan Anda, akhiri sesinya di halaman Keamanan akun dan ganti kata sandi.`,
    link: "/akun/keamanan",
  });
}
