// Which provider signs: BSrE's signing API when BSRE_URL is set, else the local signer.
import type { PrismaClient } from "../../../generated/prisma/client.js";
import type { Config } from "../../../platform/config.js";
import type { Logger } from "../../../platform/logger.js";
import { BsreProvider } from "./bsre.js";
import { LocalProvider } from "./local.js";
import type { SignatureProvider } from "./provider.js";

export function makeProvider(prisma: PrismaClient, config: Config, log: Logger): SignatureProvider {
  if (!config.bsre) return new LocalProvider(prisma, config.sessionSecret);
  return new BsreProvider({
    baseUrl: config.bsre.url,
    username: config.bsre.username,
    password: config.bsre.password,
    identifyBy: config.bsre.identifyBy,
    logger: log.child({ component: "bsre" }),
  });
}
