// What /admin/cadangan shows of the off-site copies: the folder, the newest copies, the
// last restore drill (read from the folder, where the drill records it) and the command.
import type { Config } from "../../platform/config.js";
import { listOffsiteCopies, readDrillResult, type DrillResult, type OffsiteCopy } from "./offsite-copy.js";

export type OffsiteStatus = {
  dir: string;
  keep: number;
  recipients: number;
  copies: OffsiteCopy[];
  /** The folder could not be read (a share not mounted): its error code. */
  unreadable: string | null;
  drill: DrillResult | null;
  drillCommand: string;
};

export async function offsiteStatus(config: Pick<Config, "offsite" | "backupIdentityFile">): Promise<OffsiteStatus | null> {
  const o = config.offsite;
  if (!o) return null;
  let copies: OffsiteCopy[] = [];
  let unreadable: string | null = null;
  try {
    copies = await listOffsiteCopies(o.dir);
  } catch (e) {
    unreadable = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  }
  return {
    dir: o.dir,
    keep: o.keep,
    recipients: o.recipients.length,
    copies,
    unreadable,
    drill: await readDrillResult(o.dir),
    drillCommand: `BACKUP_IDENTITY_FILE=${config.backupIdentityFile ?? "/lokasi/kunci-cadangan.txt"} npm run backup:drill`,
  };
}
