// Notifications belong to their recipient only.
import type { Prisma } from "../../generated/prisma/client.js";
import type { CurrentUser } from "../users/roles.js";

export const can = (user: CurrentUser, _action: "read" | "markRead", n: { userId: number }) => n.userId === user.id;
export const scope = (user: CurrentUser): Prisma.NotificationWhereInput => ({ userId: user.id });
