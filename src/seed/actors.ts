// Who the seed driver acts as, and how it makes files: shared by the driver and the
// TKKSD meeting helper (a module of its own, so that neither imports the other).
import type { StoredFile } from "../documents/storage.js";
import type { CurrentUser, RoleName } from "../users/roles.js";

export type ActorFor = (role: RoleName) => CurrentUser;
export type FileMaker = (name: string) => Promise<StoredFile>;
